"""Keeping an installation safe and movable: backups, restores, and the portable export that
moves a whole organisation between SQLite and PostgreSQL.

This package knows no domain. It works on every table Django knows through the migrations, so
a new app's tables are backed up and moved without a change here.
"""


class Refused(Exception):
    """An operation that did not start, or stopped before it changed anything, with the reason
    in words the operator can act on."""
