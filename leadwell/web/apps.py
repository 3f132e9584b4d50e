from django.apps import AppConfig


class WebConfig(AppConfig):
    """The layout, home pages, error pages and stylesheet shared by every domain app."""

    name = "leadwell.web"
    label = "web"
