"""Nothing of debriefs is in the Django admin: debriefs and talks are confidential to their
people and line, and the list of departments is set on its own page, through the service that
records the change."""
