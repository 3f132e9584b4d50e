from django import forms

from leadwell.crm.importing.fields import KINDS
from leadwell.crm.importing.presets import PRESETS
from leadwell.crm.models import Activity

KIND_LABELS = {
    "people": "People (org chart)",
    "accounts": "Accounts",
    "opportunities": "Opportunities",
    "opportunity-history": "Opportunity history report",
    "activities": "Activities",
    "quotas": "Quotas",
    "forecasts": "Forecast submissions",
    "exchange-rates": "Exchange rates (to the reporting currency)",
}


PRESET_LABELS = {
    "salesforce": "Salesforce report",
    "salesforce-export": "Salesforce data export (Opportunity.csv, User.csv, …)",
    "hubspot": "HubSpot",
    "zoho": "Zoho CRM (deals, accounts, users)",
    "zoho-calls": "Zoho CRM calls",
    "zoho-tasks": "Zoho CRM tasks",
    "zoho-meetings": "Zoho CRM meetings",
    "pipedrive": "Pipedrive",
    "maven": "Maven CRM sample",
    "generic": "Another CRM or my own sheet",
}


class DefaultsForm(forms.Form):
    """What the rows get where the file does not say: one person's pipeline has no owner
    column, a calls export may have no type column."""

    default_owner = forms.CharField(
        label="Owner of rows without one",
        required=False,
        max_length=200,
        help_text="Name, e-mail or CRM id of a person in the org chart. For a file with no "
        "owner column, or owners like “Unassigned”.",
    )
    default_type = forms.ChoiceField(
        label="Type of activities without one",
        required=False,
        choices=[("", "— from the file —"), *Activity.Type.choices],
    )
    default_status = forms.ChoiceField(
        label="Status of activities without one",
        required=False,
        choices=[("", "— from the date —"), *Activity.Status.choices],
    )

    def defaults(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name) or "" for name in self.fields}


class UploadForm(DefaultsForm):
    kind = forms.ChoiceField(
        label="What the file holds", choices=[(k, KIND_LABELS[k]) for k in KINDS]
    )
    file = forms.FileField(
        label="CSV or XLSX export", help_text="As your CRM exported it; no need to tidy it."
    )
    preset = forms.ChoiceField(
        label="Exported from",
        choices=[
            ("auto", "Detect from the columns"),
            *[(p, PRESET_LABELS.get(p, p.capitalize())) for p in PRESETS],
        ],
        initial="auto",
    )
    key = forms.CharField(
        label="Columns that identify a row",
        required=False,
        help_text="Only for files without an id column, e.g. “Customer”. Several: commas between.",
    )
    skip_bad_rows = forms.BooleanField(
        label="Import the good rows even if some are bad", required=False
    )
    create_people = forms.BooleanField(
        label="Create owners the org chart does not know", required=False
    )

    field_order = [
        "kind",
        "file",
        "preset",
        "key",
        "skip_bad_rows",
        "create_people",
        "default_owner",
        "default_type",
        "default_status",
    ]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith((".csv", ".txt", ".tsv", ".xlsx", ".xlsm")):
            raise forms.ValidationError("Upload a .csv or .xlsx file.")
        return upload

    def keys(self) -> list[str]:
        return [k.strip() for k in self.cleaned_data.get("key", "").split(",") if k.strip()]
