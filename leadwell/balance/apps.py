from django.apps import AppConfig


class BalanceConfig(AppConfig):
    name = "leadwell.balance"
    label = "balance"
    verbose_name = "The balance of authority"
