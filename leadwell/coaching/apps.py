from django.apps import AppConfig


class CoachingConfig(AppConfig):
    name = "leadwell.coaching"
    label = "coaching"
    verbose_name = "Coaching"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from leadwell.coaching import receivers  # noqa: F401  (connects the receivers)
