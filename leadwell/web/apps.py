from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class WebConfig(AppConfig):
    """The layout, home pages, error pages and stylesheet shared by every domain app."""

    name = "leadwell.web"
    label = "web"

    def ready(self) -> None:
        # The policy collects every app's rules once all apps are loaded: a rule declared
        # twice, or badly, stops the start-up instead of surfacing on some later request.
        from leadwell import policy

        policy.declared()


class AdministrationConfig(admin_apps.AdminConfig):
    """Django's admin on Leadwell's own site: administrators only, 404 for everyone else."""

    default = False  # WebConfig stays this module's app; settings name this one explicitly
    default_site = "leadwell.web.admin_site.AdminSite"
