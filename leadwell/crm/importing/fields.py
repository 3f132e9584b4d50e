"""The fields each kind of import reads, their types, and which are required."""

from dataclasses import dataclass

# Each kind of import, and what its import changes beyond its own records: "metrics" (its rows
# feed the figures, which are refreshed after it), "org" (it changes the org chart: who counts
# for which team, recomputed after it), or "" (nothing the figures read until another import
# names it: accounts). metrics/receivers.py reads it (crm.signals.import_written).
KIND_CHANGES: dict[str, str] = {
    "people": "org",
    "accounts": "",
    "opportunities": "metrics",
    "opportunity-history": "metrics",
    "activities": "metrics",
    "quotas": "metrics",
    "forecasts": "metrics",
    # New rates convert deals again (writers/rates.py): their figures change.
    "exchange-rates": "metrics",
}
KINDS = list(KIND_CHANGES)
FEEDS_METRICS = frozenset(kind for kind, changes in KIND_CHANGES.items() if changes == "metrics")
CHANGES_ORG = frozenset(kind for kind, changes in KIND_CHANGES.items() if changes == "org")


@dataclass(frozen=True)
class FieldSpec:
    type: str  # text, decimal, percent, date, integer, period, currency, or choice:<name>
    required: bool = False
    label: str = ""
    # The model field the value is written into (or looked up in), as "app.Model.field":
    # what a cell may hold is read from it (see bounds.py).
    into: str = ""
    # Text longer than that field holds is cut to fit (an e-mail's subject) rather than refused.
    cut: bool = False


T, D, P, DATE, CUR = "text", "decimal", "percent", "date", "currency"

FIELDS: dict[str, dict[str, FieldSpec]] = {
    "people": {
        "external_id": FieldSpec(T, False, "Person ID", "org.Person.external_id"),
        "name": FieldSpec(T, True, "Name", "org.Person.name"),
        "first_name": FieldSpec(T, False, "First name", "org.Person.name"),
        "last_name": FieldSpec(T, False, "Last name", "org.Person.name"),
        "email": FieldSpec(T, False, "E-mail", "org.Person.email"),
        "title": FieldSpec(T, False, "Title", "org.Person.title"),
        "manager": FieldSpec(T, False, "Manager", "org.Person.name"),
        "manager_id": FieldSpec(T, False, "Manager ID", "org.Person.external_id"),
        "team": FieldSpec(T, False, "Team", "org.Team.name"),
        "office": FieldSpec(T, False, "Office", "org.Office.name"),
    },
    "accounts": {
        "external_id": FieldSpec(T, False, "Account ID", "crm.Account.external_id"),
        "name": FieldSpec(T, True, "Name", "crm.Account.name"),
        "segment": FieldSpec(T, False, "Segment", "crm.Account.segment"),
        "industry": FieldSpec(T, False, "Industry", "crm.Account.industry"),
        "region": FieldSpec(T, False, "Region", "crm.Account.region"),
        "employees": FieldSpec("integer", False, "Employees", "crm.Account.employees"),
        "annual_revenue": FieldSpec(D, False, "Annual revenue", "crm.Account.annual_revenue"),
        "parent": FieldSpec(T, False, "Parent account", "crm.Account.name"),
        "parent_id": FieldSpec(T, False, "Parent account ID", "crm.Account.external_id"),
    },
    "opportunities": {
        "external_id": FieldSpec(T, True, "Opportunity ID", "crm.Opportunity.external_id"),
        "name": FieldSpec(T, False, "Name", "crm.Opportunity.name"),
        "account": FieldSpec(T, False, "Account", "crm.Account.name"),
        "account_id": FieldSpec(T, False, "Account ID", "crm.Account.external_id"),
        "owner": FieldSpec(T, True, "Owner", "org.Person.name"),
        "owner_id": FieldSpec(T, False, "Owner ID", "org.Person.external_id"),
        "amount": FieldSpec(D, False, "Amount", "crm.Opportunity.amount"),
        "currency": FieldSpec(CUR, False, "Currency", "crm.Opportunity.currency"),
        # The file's own amount in the reporting currency (Salesforce's `Amount (converted)`).
        "converted_amount": FieldSpec(
            D, False, "Converted amount", "crm.Opportunity.amount_in_reporting_currency"
        ),
        "converted_currency": FieldSpec(
            CUR, False, "Converted amount currency", "crm.Opportunity.currency"
        ),
        "product": FieldSpec(T, False, "Product", "crm.Opportunity.product"),
        "type": FieldSpec("choice:type", False, "Type", "crm.Opportunity.type"),
        "stage": FieldSpec(T, True, "Stage", "crm.Opportunity.stage"),
        "probability": FieldSpec(P, False, "Probability", "crm.Opportunity.probability"),
        "forecast_category": FieldSpec(
            "choice:forecast_category",
            False,
            "Forecast category",
            "crm.Opportunity.forecast_category",
        ),
        "created_date": FieldSpec(DATE, False, "Created date", "crm.Opportunity.created_date"),
        "close_date": FieldSpec(DATE, False, "Close date", "crm.Opportunity.close_date"),
        "lost_reason": FieldSpec(T, False, "Lost reason", "crm.Opportunity.lost_reason"),
        "as_of": FieldSpec(DATE, False, "Reporting date", "crm.OpportunityChange.changed_on"),
        # What the CRM says became of the deal, read when the stage alone does not say it.
        "status": FieldSpec("choice:outcome", False, "Status", "crm.Opportunity.outcome"),
        "is_won": FieldSpec("choice:yes_no", False, "Won?", "crm.Opportunity.outcome"),
        "is_closed": FieldSpec("choice:yes_no", False, "Closed?", "crm.Opportunity.outcome"),
        # A closed deal's close date, where the CRM keeps it apart from the expected one.
        "won_on": FieldSpec(DATE, False, "Won on", "crm.Opportunity.close_date"),
        "lost_on": FieldSpec(DATE, False, "Lost on", "crm.Opportunity.close_date"),
    },
    # Two shapes of history (see writers/history.py): one change a row (field, old and new
    # value), or one snapshot of the deal a row (its stage, amount, close date and forecast
    # category then, with the values before the change when the export has them).
    "opportunity-history": {
        "opportunity": FieldSpec(T, True, "Opportunity ID", "crm.Opportunity.external_id"),
        "changed_on": FieldSpec(DATE, True, "Date of change", "crm.OpportunityChange.changed_on"),
        # Any field name is read: rows about fields Leadwell keeps no history of are skipped
        # and counted, not refused (held to the length of a value, not of a field's code).
        "field": FieldSpec(T, False, "Field", "crm.OpportunityChange.old_value"),
        "old_value": FieldSpec(T, False, "Old value", "crm.OpportunityChange.old_value"),
        "new_value": FieldSpec(T, False, "New value", "crm.OpportunityChange.new_value"),
        "stage": FieldSpec(T, False, "Stage", "crm.Opportunity.stage"),
        "amount": FieldSpec(D, False, "Amount", "crm.Opportunity.amount"),
        "close_date": FieldSpec(DATE, False, "Close date", "crm.Opportunity.close_date"),
        "forecast_category": FieldSpec(
            "choice:forecast_category",
            False,
            "Forecast category",
            "crm.Opportunity.forecast_category",
        ),
        "from_stage": FieldSpec(T, False, "Previous stage", "crm.Opportunity.stage"),
        "prev_amount": FieldSpec(D, False, "Previous amount", "crm.Opportunity.amount"),
        "prev_close_date": FieldSpec(
            DATE, False, "Previous close date", "crm.Opportunity.close_date"
        ),
        "from_forecast_category": FieldSpec(
            "choice:forecast_category",
            False,
            "Previous forecast category",
            "crm.Opportunity.forecast_category",
        ),
    },
    "activities": {
        "external_id": FieldSpec(T, True, "Activity ID", "crm.Activity.external_id"),
        "owner": FieldSpec(T, True, "Owner", "org.Person.name"),
        "owner_id": FieldSpec(T, False, "Owner ID", "org.Person.external_id"),
        "type": FieldSpec("choice:activity_type", False, "Type", "crm.Activity.type"),
        # Where the type column is missing or blank, these tell what the activity was.
        "call_type": FieldSpec(T, False, "Call type", "crm.Activity.subject", cut=True),
        "task_subtype": FieldSpec(
            "choice:activity_type", False, "Task subtype", "crm.Activity.type"
        ),
        "date": FieldSpec(DATE, True, "Date", "crm.Activity.date"),
        # The date of an activity whose date (a task's due date) is blank.
        "completed_on": FieldSpec(DATE, False, "Completed on", "crm.Activity.date"),
        "created_on": FieldSpec(DATE, False, "Created on", "crm.Activity.date"),
        "status": FieldSpec("choice:activity_status", False, "Status", "crm.Activity.status"),
        "is_closed": FieldSpec("choice:yes_no", False, "Closed?", "crm.Activity.status"),
        "subject": FieldSpec(T, False, "Subject", "crm.Activity.subject", cut=True),
        "account": FieldSpec(T, False, "Account", "crm.Account.name"),
        "opportunity": FieldSpec(T, False, "Opportunity ID", "crm.Opportunity.external_id"),
        "account_id": FieldSpec(T, False, "Account ID", "crm.Account.external_id"),
        # Salesforce's WhatId: an opportunity's id or an account's.
        "related_id": FieldSpec(T, False, "Related to ID", "crm.Opportunity.external_id"),
    },
    "quotas": {
        "owner": FieldSpec(T, False, "Person", "org.Person.name"),
        "team": FieldSpec(T, False, "Team", "org.Team.name"),
        "period": FieldSpec("period", True, "Period", "crm.Quota.period_start"),
        "amount": FieldSpec(D, True, "Quota", "crm.Quota.amount"),
    },
    "forecasts": {
        "owner": FieldSpec(T, True, "Person", "org.Person.name"),
        "period": FieldSpec("period", True, "Period", "crm.ForecastSubmission.period_start"),
        "submitted_on": FieldSpec(
            DATE, True, "Submitted on", "crm.ForecastSubmission.submitted_on"
        ),
        "commit": FieldSpec(D, False, "Commit", "crm.ForecastSubmission.commit"),
        "best_case": FieldSpec(D, False, "Best case", "crm.ForecastSubmission.best_case"),
        "pipeline": FieldSpec(D, False, "Pipeline", "crm.ForecastSubmission.pipeline"),
    },
    # How much one unit of a currency is worth in the reporting currency, from a day on.
    "exchange-rates": {
        "currency": FieldSpec(CUR, True, "Currency", "crm.ExchangeRate.currency"),
        "rate": FieldSpec(D, True, "Rate", "crm.ExchangeRate.rate"),
        "valid_from": FieldSpec(DATE, True, "Valid from", "crm.ExchangeRate.valid_from"),
    },
}

# The fields a kind needs for its figures to be whole, though a row can be read without them:
# a file that fills none of them is warned about (and the import page asks for a column or a
# confirmation that the file has none), with what goes missing.
IMPORTANT: dict[str, dict[str, str]] = {
    "opportunities": {
        "owner": "deals would have no seller",
        "stage": "deals would have no stage",
        "amount": "deals would have no amount: bookings, pipeline and deal sizes read 0",
        "close_date": "deals would have no close date: they count in no period",
        "created_date": "deals would have no created date: no sales cycle or pipeline created",
    },
    "activities": {
        "owner": "activities would have no seller",
        "type": "every activity would be 'other': no calls, e-mails or meetings are counted",
        "date": "activities would have no date",
        "status": "the status would be guessed from the date (past: done, future: planned)",
    },
}

# A required field that other columns can stand in for: a person's name made of their first
# and last names, an owner named by their CRM id.
STAND_INS: dict[str, dict[str, tuple[str, ...]]] = {
    "people": {"name": ("first_name", "last_name")},
    "opportunities": {"owner": ("owner_id",)},
    "activities": {"owner": ("owner_id",), "date": ("completed_on", "created_on")},
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
        "stage": ["Stage", "StageName", "Stage Name", "Deal Stage", "To Stage", "Sales Stage"],
        "amount": ["Amount", "Deal Size", "Deal Value", "Value"],
        "close_date": ["Close Date", "CloseDate", "Expected Close Date", "Closing Date"],
        "owner": ["Owner", "OwnerId", "Opportunity Owner", "Deal Owner"],
        "forecast_category": ["Forecast Category", "ForecastCategoryName", "Forecast Type"],
    },
    "activity_type": {
        "call": ["Call", "Phone", "Phone Call", "Logged Call", "Calls"],
        "email": [
            "Email",
            "E-mail",
            "Mail",
            "Logged Email",
            "ListEmail",
            "Incoming Email",
            "Forwarded Email",
            "Sent Email",
            "Emails",
        ],
        "meeting": ["Meeting", "Event", "Visit", "Appointment", "Meetings"],
        "demo": ["Demo", "Demonstration", "Product Demo", "Demos"],
        "other": [
            "Other",
            "Task",
            "Note",
            "To-do",
            "Todo",
            "LinkedIn",
            "LinkedIn Message",
            "Cadence",
            "SMS",
            "WhatsApp",
            "Tasks",
            "Conversation Session",
            "Postal Mail",
        ],
    },
    "activity_status": {
        "done": ["Done", "Completed", "Complete", "Held", "Closed", "Finished"],
        "planned": [
            "Planned",
            "Not Started",
            "Open",
            "Scheduled",
            "In Progress",
            "Deferred",
            "Waiting",
            "Waiting on someone else",
            "Waiting for input",
            "Overdue",
            "To do",
            "Rescheduled",
        ],
    },
    "outcome": {
        "won": ["Won", "Closed Won", "Gewonnen", "Ganado", "Gagné"],
        "lost": ["Lost", "Closed Lost", "Verloren", "Perdido", "Perdu"],
        "open": ["Open", "Active", "In Progress", "Offen", "Abierto", "Ouvert"],
    },
    "yes_no": {
        "yes": [
            "True",
            "Yes",
            "Y",
            "1",
            "X",
            "Ja",
            "Sí",
            "Si",
            "Oui",
        ],
        "no": ["False", "No", "N", "0", "Nee", "Nein", "Non"],
    },
}
