"""Vision and goals: what the audit trail records."""

AUDITED: tuple = ()
