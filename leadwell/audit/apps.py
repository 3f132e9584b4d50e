from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "leadwell.audit"
    label = "audit"
    verbose_name = "Audit trail"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from leadwell.audit import tracking

        tracking.connect()
