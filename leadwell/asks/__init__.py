"""Extra asks: a director asks a leader for more in a quarter; the leader weighs what pulling
deals forward would cost before deciding, and the CRM tells afterwards how it went."""
