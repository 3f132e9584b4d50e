"""Background work of the metrics app."""

from django_tasks import task

from leadwell.metrics.compute import recompute


@task()
def recompute_summaries() -> int:
    """Rebuild every summary (after the org chart changed); returns the scope-periods
    written."""
    return recompute().scopes
