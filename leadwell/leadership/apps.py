from django.apps import AppConfig


class LeadershipConfig(AppConfig):
    name = "leadwell.leadership"
    label = "leadership"
    verbose_name = "Leadership"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The team scorecard and standards pages show the team's vision and goals.
        from leadwell.leadership.vision import receivers  # noqa: F401

        # The monthly debrief shows the leader's aspirations and the month's feedback.
        from leadwell.leadership.yourself import receivers as yourself_receivers  # noqa: F401
