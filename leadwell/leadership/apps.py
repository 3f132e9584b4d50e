from django.apps import AppConfig


class LeadershipConfig(AppConfig):
    name = "leadwell.leadership"
    label = "leadership"
    verbose_name = "Leadership"
    default_auto_field = "django.db.models.BigAutoField"
