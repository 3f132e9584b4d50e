from django.apps import AppConfig


class PulseConfig(AppConfig):
    name = "leadwell.pulse"
    label = "pulse"
    verbose_name = "The trust pulse"
