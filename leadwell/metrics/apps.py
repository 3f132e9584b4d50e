from django.apps import AppConfig


class MetricsConfig(AppConfig):
    """The numbers a leader coaches to: metrics declared once, summaries kept current by every
    import, targets, scorecards and gap analysis."""

    name = "leadwell.metrics"
    label = "metrics"
    verbose_name = "Metrics and scorecards"

    def ready(self) -> None:
        from leadwell.metrics import receivers  # noqa: F401  (connects the import hook)
