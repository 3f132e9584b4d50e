"""The presets of Salesforce's weekly data export, Zoho CRM and Pipedrive.

Salesforce's data export (Setup > Data Export) writes one CSV per object with the API names of
the fields (`StageName`, `CloseDate`) and refers to other records by their 18-character ids
(`OwnerId`, `AccountId`, `WhatId`, `ManagerId`), never by name: those columns go to the `*_id`
fields, which find the records imported before by the id they kept.

Zoho CRM exports one module at a time, with the field labels as headers; its Calls, Tasks and
Meetings modules are three presets because a calls export says nowhere that its rows are calls.
Pipedrive prefixes every header with the record it comes from (`Deal - Value`) when the export
includes related records, and keeps what became of a deal in its status, not its stage.
"""

from leadwell.crm.importing.preset_types import Preset, StageDefault

SALESFORCE_EXPORT = Preset(
    "salesforce-export",
    {
        "opportunities": {
            "external_id": ["Id"],
            "name": ["Name"],
            "account_id": ["AccountId"],
            "owner_id": ["OwnerId"],
            "amount": ["Amount"],
            "currency": ["CurrencyIsoCode"],
            "type": ["Type"],
            "stage": ["StageName"],
            "probability": ["Probability"],
            "forecast_category": ["ForecastCategoryName", "ForecastCategory"],
            "created_date": ["CreatedDate"],
            "close_date": ["CloseDate"],
            "is_won": ["IsWon"],
            "is_closed": ["IsClosed"],
        },
        "accounts": {
            "external_id": ["Id"],
            "name": ["Name"],
            "parent_id": ["ParentId"],
            "segment": ["Type"],
            "industry": ["Industry"],
            "region": ["BillingCountry", "BillingState", "BillingCity"],
            "employees": ["NumberOfEmployees"],
            "annual_revenue": ["AnnualRevenue"],
        },
        "activities": {
            "external_id": ["Id"],
            "owner_id": ["OwnerId"],
            "type": ["Type"],
            "task_subtype": ["TaskSubtype", "EventSubtype"],
            "call_type": ["CallType"],
            "date": ["ActivityDate", "ActivityDateTime", "StartDateTime"],
            "completed_on": ["CompletedDateTime"],
            "created_on": ["CreatedDate"],
            "status": ["Status"],
            "is_closed": ["IsClosed"],
            "subject": ["Subject"],
            "related_id": ["WhatId"],
            "account_id": ["AccountId"],
        },
        "people": {
            "external_id": ["Id"],
            "name": ["Name"],
            "first_name": ["FirstName"],
            "last_name": ["LastName"],
            "email": ["Email"],
            "title": ["Title"],
            "manager_id": ["ManagerId"],
            "office": ["Division"],
        },
    },
)

ZOHO = Preset(
    "zoho",
    {
        "opportunities": {
            "external_id": ["Record Id", "Deal Id", "Potential Id"],
            "name": ["Deal Name", "Potential Name"],
            "account": ["Account Name"],
            "owner": ["Deal Owner", "Potential Owner"],
            "amount": ["Amount"],
            "currency": ["Currency"],
            "type": ["Type"],
            "stage": ["Stage"],
            "probability": ["Probability (%)", "Probability"],
            "forecast_category": ["Forecast Type", "Forecast Category"],
            "created_date": ["Created Time"],
            "close_date": ["Closing Date"],
            "lost_reason": ["Reason For Loss", "Loss Reason"],
        },
        "accounts": {
            "external_id": ["Record Id", "Account Id"],
            "name": ["Account Name"],
            "segment": ["Account Type"],
            "industry": ["Industry"],
            "region": ["Billing Country", "Billing State", "Billing City"],
            "employees": ["Employees"],
            "annual_revenue": ["Annual Revenue"],
            "parent": ["Parent Account"],
        },
        "people": {
            "external_id": ["User Id", "Record Id"],
            "name": ["Full Name", "User Name"],
            "first_name": ["First Name"],
            "last_name": ["Last Name"],
            "email": ["Email"],
            "title": ["Designation", "Title"],
            "manager": ["Reporting To"],
            "team": ["Role"],
        },
    },
    stages=[
        StageDefault("Qualification", 1, probability=10),
        StageDefault("Needs Analysis", 2, probability=20),
        StageDefault("Value Proposition", 3, probability=40),
        StageDefault("Identify Decision Makers", 4, probability=60),
        StageDefault("Proposal/Price Quote", 5, probability=75),
        StageDefault("Negotiation/Review", 6, probability=90),
        StageDefault("Closed Won", 7, "won", 100),
        StageDefault("Closed Lost", 8, "lost", 0),
        StageDefault("Closed-Lost to Competition", 9, "lost", 0),
    ],
)


def _zoho_activities(name: str, owner: str, date: list[str], **more: list[str]) -> Preset:
    columns = {
        "external_id": ["Record Id", f"{owner.split()[0]} Id"],
        "owner": [owner, "Owner"],
        "date": date,
        "subject": ["Subject", "Title"],
        "created_on": ["Created Time"],
        **more,
    }
    kind = {"zoho-calls": "call", "zoho-meetings": "meeting"}.get(name)
    return Preset(name, {"activities": columns}, activity_type=kind)


ZOHO_CALLS = _zoho_activities(
    "zoho-calls",
    "Call Owner",
    ["Call Start Time", "Call Start Date"],
    call_type=["Call Type"],
    status=["Call Status"],
)
ZOHO_TASKS = _zoho_activities(
    "zoho-tasks", "Task Owner", ["Due Date"], status=["Status"], completed_on=["Closed Time"]
)
ZOHO_MEETINGS = _zoho_activities(
    "zoho-meetings",
    "Host",
    ["From", "Start DateTime", "Start Date"],
    subject=["Title", "Event Title", "Meeting Title", "Subject"],
)

PIPEDRIVE = Preset(
    "pipedrive",
    {
        "opportunities": {
            "external_id": ["Deal - ID", "Deal ID"],
            "name": ["Deal - Title", "Title"],
            "account": ["Deal - Organization", "Organization", "Organization - Name"],
            "owner": ["Deal - Owner", "Owner"],
            "amount": ["Deal - Value", "Value"],
            "currency": ["Deal - Currency", "Deal - Currency of Value", "Currency"],
            "product": ["Deal - Product name", "Product name"],
            "stage": ["Deal - Stage", "Stage"],
            "status": ["Deal - Status", "Status"],
            "probability": ["Deal - Probability", "Probability"],
            "created_date": ["Deal - Deal created", "Deal created"],
            "close_date": ["Deal - Expected close date", "Expected close date"],
            "won_on": ["Deal - Won time", "Won time"],
            "lost_on": ["Deal - Lost time", "Lost time"],
            "lost_reason": ["Deal - Lost reason", "Lost reason"],
        },
    },
    # Pipedrive's stages are the steps of an open deal; its status says won or lost.
    stages=[
        StageDefault("Lead In", 1, probability=10),
        StageDefault("Contact Made", 2, probability=20),
        StageDefault("Needs Defined", 3, probability=40),
        StageDefault("Demo Scheduled", 3, probability=40),
        StageDefault("Proposal Made", 4, probability=60),
        StageDefault("Negotiations Started", 5, probability=80),
    ],
)
