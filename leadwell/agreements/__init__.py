"""Operating agreements: how a leader will work with their team and with their director,
versioned and acknowledged by the people concerned."""
