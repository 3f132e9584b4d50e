"""Leading yourself: what the audit trail records."""

AUDITED: tuple = ()
