from django import forms

from leadwell.crm.importing.fields import KINDS
from leadwell.crm.importing.presets import PRESETS

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


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="What the file holds", choices=[(k, KIND_LABELS[k]) for k in KINDS]
    )
    file = forms.FileField(
        label="CSV or XLSX export", help_text="As your CRM exported it; no need to tidy it."
    )
    preset = forms.ChoiceField(
        label="Exported from",
        choices=[("auto", "Detect from the columns"), *[(p, p.capitalize()) for p in PRESETS]],
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

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith((".csv", ".txt", ".tsv", ".xlsx", ".xlsm")):
            raise forms.ValidationError("Upload a .csv or .xlsx file.")
        return upload

    def keys(self) -> list[str]:
        return [k.strip() for k in self.cleaned_data.get("key", "").split(",") if k.strip()]
