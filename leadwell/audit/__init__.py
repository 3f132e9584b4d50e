"""The audit trail: one record per change to the organisation, targets, quotas, plans, imports
and settings (who, when, how, and the old and new values; for confidential objects only that
they changed), and the notices that tell a person about a change that concerns them.

It sits just above `lib`, below every app whose changes it records: the apps declare what they
want recorded in their own `audited.py` (an `AUDITED` tuple of `tracked(...)`), and the audit
app collects those at start-up and records every save and delete of those models, however it
was made (a page, the API, an import, the admin, a command). Who made it, and how, comes from
the acting context (`leadwell.audit.acting`), set per request, per command and per import.
"""
