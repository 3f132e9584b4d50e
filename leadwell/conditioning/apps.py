from django.apps import AppConfig


class ConditioningConfig(AppConfig):
    name = "leadwell.conditioning"
    label = "conditioning"
    verbose_name = "Customers' conditioning"
    default_auto_field = "django.db.models.BigAutoField"
