from django.apps import AppConfig


class CadencesConfig(AppConfig):
    name = "leadwell.cadences"
    label = "cadences"
    verbose_name = "Cadences: the calendar feed, digests and reminders"

    def ready(self) -> None:
        from leadwell.cadences import receivers  # noqa: F401 (connects the profile's section)
