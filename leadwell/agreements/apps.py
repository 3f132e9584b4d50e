from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "leadwell.agreements"
    label = "agreements"
    verbose_name = "Operating agreements"
    default_auto_field = "django.db.models.BigAutoField"
