from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "leadwell.org"
    label = "org"
    verbose_name = "Organisation"

    def ready(self) -> None:
        from leadwell.org import receivers  # noqa: F401  (tells people of reporting-line changes)
