"""Keeping the summaries current: after every import, and after changes to the org chart."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from leadwell.audit import acting
from leadwell.audit.models import Via
from leadwell.crm.importing.fields import CHANGES_ORG, FEEDS_METRICS
from leadwell.crm.models import ForecastSubmission, ImportRun, Quota
from leadwell.crm.signals import forecasts_changed, import_written, quotas_changed
from leadwell.org.models import Membership, Office, Team

# Which imports feed the metrics and which change the org chart is declared with the kinds
# of import (crm/importing/fields.py, KIND_CHANGES).


@receiver(import_written, sender=ImportRun)
def refresh_after_import(sender, run: ImportRun, previous: str | None = None, **kwargs) -> None:
    """Refresh the summaries of what the import touched, `previous` included (the table of
    where the records it rewrote were before; the signal's contract is in crm/signals.py)."""
    if run.kind in FEEDS_METRICS:
        from leadwell.metrics.compute import refresh_for_import

        refresh_for_import(run.pk, previous=previous)
    elif run.kind in CHANGES_ORG:
        # In the import's own transaction, like the refresh above: when `leadwell import`
        # returns (or the import's task ends), the team, office and organisation scorecards
        # count the new reporting lines. A background task would wait for a worker the
        # command line does not run, leaving the team totals empty until `leadwell recompute`.
        from leadwell.metrics.compute import recompute

        recompute()


@receiver(quotas_changed, sender=Quota)
def refresh_after_quotas(sender, quotas, **kwargs) -> None:
    """A quota set by hand: refresh its person's (or its team's members') summaries in the same
    transaction, so the scorecard shows the new quota as soon as the page is saved."""
    from leadwell.metrics.compute import refresh_for_quotas

    refresh_for_quotas(quotas)


@receiver(forecasts_changed, sender=ForecastSubmission)
def refresh_after_forecasts(sender, forecasts, **kwargs) -> None:
    """A forecast call made by hand: its person's forecast accuracy and bias are read afresh,
    in the same transaction."""
    from leadwell.metrics.compute import refresh_for_quotas

    # A call marks its person's periods as a quota of theirs does (the quarter's start).
    refresh_for_quotas([(person_id, None, kind, start) for person_id, kind, start in forecasts])


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
@receiver(post_save, sender=Team)
@receiver(post_save, sender=Office)
def recompute_after_org_change(sender, **kwargs) -> None:
    """Who counts for which team changed: recompute in the background once the change is
    committed (once per transaction, however many reporting lines it changed). An import of
    people recomputes in its own transaction instead (refresh_after_import)."""
    if acting.current().via == Via.IMPORT:
        return
    pending = transaction.get_connection().run_on_commit
    if not any(func is _enqueue_recompute for _, func, _ in pending):
        transaction.on_commit(_enqueue_recompute)


def _enqueue_recompute() -> None:
    from leadwell.metrics.tasks import recompute_summaries

    recompute_summaries.enqueue()
