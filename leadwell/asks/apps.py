from django.apps import AppConfig


class AsksConfig(AppConfig):
    name = "leadwell.asks"
    label = "asks"
    verbose_name = "Extra asks"
    default_auto_field = "django.db.models.BigAutoField"
