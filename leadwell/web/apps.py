from django.apps import AppConfig


class WebConfig(AppConfig):
    """The layout, home pages, error pages and stylesheet shared by every domain app."""

    name = "leadwell.web"
    label = "web"

    def ready(self) -> None:
        # The policy collects every app's rules once all apps are loaded: a rule declared
        # twice, or badly, stops the start-up instead of surfacing on some later request.
        from leadwell import policy

        policy.declared()
