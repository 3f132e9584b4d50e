from django.apps import AppConfig


class CrmConfig(AppConfig):
    """CRM data: accounts, opportunities and their history, activities, quotas, forecasts,
    and the importers that bring them in from real exports."""

    name = "leadwell.crm"
    label = "crm"
    verbose_name = "CRM data"
