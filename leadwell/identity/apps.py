from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "leadwell.identity"
    label = "identity"
    verbose_name = "Sign-in accounts"

    def ready(self) -> None:
        from leadwell.identity import signals  # noqa: F401  (connects the sign-in loggers)
