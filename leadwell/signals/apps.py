from django.apps import AppConfig


class SignalsConfig(AppConfig):
    name = "leadwell.signals"
    label = "signals"
    verbose_name = "Forecast and renegotiation signals"
