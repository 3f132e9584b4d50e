"""Nothing of visions and goals is in the Django admin: a leader's vision is read by their team
and their management line, never by administrators as administrators (see rules.py)."""
