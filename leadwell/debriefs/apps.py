from django.apps import AppConfig


class DebriefsConfig(AppConfig):
    name = "leadwell.debriefs"
    label = "debriefs"
    verbose_name = "Debriefs"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from leadwell.debriefs import receivers  # noqa: F401  (connects the receivers)
