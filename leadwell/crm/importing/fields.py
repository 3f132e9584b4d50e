"""The fields each kind of import reads, their types, and which are required."""

from dataclasses import dataclass

KINDS = [
    "people",
    "accounts",
    "opportunities",
    "opportunity-history",
    "activities",
    "quotas",
    "forecasts",
]


@dataclass(frozen=True)
class FieldSpec:
    type: str  # text, decimal, percent, date, integer, or choice:<name>
    required: bool = False
    label: str = ""


T, D, P, DATE = "text", "decimal", "percent", "date"

FIELDS: dict[str, dict[str, FieldSpec]] = {
    "people": {
        "name": FieldSpec(T, True, "Name"),
        "email": FieldSpec(T, False, "E-mail"),
        "title": FieldSpec(T, False, "Title"),
        "manager": FieldSpec(T, False, "Manager"),
        "team": FieldSpec(T, False, "Team"),
        "office": FieldSpec(T, False, "Office"),
    },
    "accounts": {
        "external_id": FieldSpec(T, False, "Account ID"),
        "name": FieldSpec(T, True, "Name"),
        "segment": FieldSpec(T, False, "Segment"),
        "industry": FieldSpec(T, False, "Industry"),
        "region": FieldSpec(T, False, "Region"),
        "employees": FieldSpec("integer", False, "Employees"),
        "annual_revenue": FieldSpec(D, False, "Annual revenue"),
        "parent": FieldSpec(T, False, "Parent account"),
    },
    "opportunities": {
        "external_id": FieldSpec(T, True, "Opportunity ID"),
        "name": FieldSpec(T, False, "Name"),
        "account": FieldSpec(T, False, "Account"),
        "owner": FieldSpec(T, True, "Owner"),
        "amount": FieldSpec(D, False, "Amount"),
        "currency": FieldSpec(T, False, "Currency"),
        "product": FieldSpec(T, False, "Product"),
        "type": FieldSpec("choice:type", False, "Type"),
        "stage": FieldSpec(T, True, "Stage"),
        "probability": FieldSpec(P, False, "Probability"),
        "forecast_category": FieldSpec("choice:forecast_category", False, "Forecast category"),
        "created_date": FieldSpec(DATE, False, "Created date"),
        "close_date": FieldSpec(DATE, False, "Close date"),
        "lost_reason": FieldSpec(T, False, "Lost reason"),
        "as_of": FieldSpec(DATE, False, "Reporting date"),
    },
    "opportunity-history": {
        "opportunity": FieldSpec(T, True, "Opportunity ID"),
        "changed_on": FieldSpec(DATE, True, "Date of change"),
        "field": FieldSpec("choice:history_field", False, "Field"),
        "old_value": FieldSpec(T, False, "Old value"),
        "new_value": FieldSpec(T, True, "New value"),
    },
    "activities": {
        "external_id": FieldSpec(T, True, "Activity ID"),
        "owner": FieldSpec(T, True, "Owner"),
        "type": FieldSpec("choice:activity_type", False, "Type"),
        "date": FieldSpec(DATE, True, "Date"),
        "status": FieldSpec("choice:activity_status", False, "Status"),
        "subject": FieldSpec(T, False, "Subject"),
        "account": FieldSpec(T, False, "Account"),
        "opportunity": FieldSpec(T, False, "Opportunity ID"),
    },
    "quotas": {
        "owner": FieldSpec(T, False, "Person"),
        "team": FieldSpec(T, False, "Team"),
        "period": FieldSpec("period", True, "Period"),
        "amount": FieldSpec(D, True, "Quota"),
    },
    "forecasts": {
        "owner": FieldSpec(T, True, "Person"),
        "period": FieldSpec("period", True, "Period"),
        "submitted_on": FieldSpec(DATE, True, "Submitted on"),
        "commit": FieldSpec(D, False, "Commit"),
        "best_case": FieldSpec(D, False, "Best case"),
        "pipeline": FieldSpec(D, False, "Pipeline"),
    },
}

# The spellings exports use for each choice value.
CHOICES: dict[str, dict[str, list[str]]] = {
    "type": {
        "new_business": ["New Business", "New", "New Customer", "newbusiness", "New Logo"],
        "expansion": [
            "Existing Business",
            "Upsell",
            "Upgrade",
            "Cross-sell",
            "Add-on",
            "Existing Customer - Upgrade",
        ],
        "renewal": ["Renewal", "Existing Customer - Renewal", "Contract Renewal"],
    },
    "forecast_category": {
        "pipeline": ["Pipeline", "Open"],
        "best_case": ["Best Case", "Upside", "Most Likely"],
        "commit": ["Commit", "Committed", "Forecast"],
        "closed": ["Closed", "Closed Won", "Won"],
        "omitted": ["Omitted", "Omit", "Closed Lost", "Lost"],
    },
    "history_field": {
        "stage": ["Stage", "StageName", "Deal Stage", "To Stage"],
        "amount": ["Amount", "Deal Size"],
        "close_date": ["Close Date", "CloseDate"],
        "owner": ["Owner", "Opportunity Owner", "Deal Owner"],
        "forecast_category": ["Forecast Category", "ForecastCategoryName"],
    },
    "activity_type": {
        "call": ["Call", "Phone", "Phone Call", "Logged Call"],
        "email": ["Email", "E-mail", "Mail", "Logged Email"],
        "meeting": ["Meeting", "Event", "Visit", "Appointment"],
        "demo": ["Demo", "Demonstration", "Product Demo"],
        "other": ["Other", "Task", "Note", "To-do", "Todo", "LinkedIn"],
    },
    "activity_status": {
        "done": ["Done", "Completed", "Complete", "Held", "Closed"],
        "planned": [
            "Planned",
            "Not Started",
            "Open",
            "Scheduled",
            "In Progress",
            "Deferred",
            "Waiting",
        ],
    },
}
