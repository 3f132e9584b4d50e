"""The pivot to leadership: what the audit trail records."""

AUDITED: tuple = ()
