from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "leadwell.reports"
    label = "reports"
    verbose_name = "Upward reports"
    default_auto_field = "django.db.models.BigAutoField"
