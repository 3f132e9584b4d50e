from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "leadwell.org"
    label = "org"
    verbose_name = "Organisation"
