"""What the columns of known exports are called, and their default stage names.

Each preset maps Leadwell's field names to the header spellings of one CRM's export; `auto`
picks the preset whose spellings match the header best. Headers are compared without case,
spaces or punctuation, so `Probability (%)` matches `probability`.
"""

import re
import unicodedata
from dataclasses import dataclass

from leadwell.crm.importing.exports import (
    PIPEDRIVE,
    SALESFORCE_EXPORT,
    ZOHO,
    ZOHO_CALLS,
    ZOHO_MEETINGS,
    ZOHO_TASKS,
)
from leadwell.crm.importing.preset_types import Preset, StageDefault

PRESETS = [
    "salesforce",
    "salesforce-export",
    "hubspot",
    "zoho",
    "zoho-calls",
    "zoho-tasks",
    "zoho-meetings",
    "pipedrive",
    "maven",
    "generic",
]


def header_key(header: str) -> str:
    """A header (or a stage name) as it is compared: without case, accents, spaces,
    underscores, punctuation or currency signs, so `Deal_Value ($)` is `dealvalue` and
    `Négociation` is `negociation`."""
    folded = unicodedata.normalize("NFKD", str(header).casefold())
    return re.sub(r"[^a-z0-9]", "", folded)


SALESFORCE = Preset(
    "salesforce",
    {
        "opportunities": {
            "external_id": ["Opportunity ID", "Opportunity Id", "Id"],
            "name": ["Opportunity Name"],
            "account": ["Account Name"],
            "owner": ["Opportunity Owner", "Owner Email", "Opportunity Owner Email", "Owner"],
            "amount": ["Amount"],
            "currency": ["Opportunity Currency", "Amount Currency", "Currency"],
            "converted_amount": ["Amount (converted)"],
            "converted_currency": ["Amount (converted) Currency"],
            "product": ["Product Name", "Product"],
            "type": ["Type", "Opportunity Type"],
            "stage": ["Stage", "Stage Name"],
            "probability": ["Probability (%)", "Probability"],
            "forecast_category": ["Forecast Category", "Forecast Category Name"],
            "created_date": ["Created Date", "Opportunity Created Date"],
            "close_date": ["Close Date"],
            "lost_reason": ["Loss Reason", "Closed Lost Reason", "Lost Reason"],
        },
        # Reports (Field / Event, Old Value, New Value) and the data export's objects:
        # OpportunityFieldHistory (OpportunityId, CreatedDate, Field, OldValue, NewValue) and
        # OpportunityHistory (a snapshot a row: StageName, Amount, CloseDate, ForecastCategory,
        # and in full exports PrevAmount, PrevCloseDate, FromOpportunityStageName, ...).
        "opportunity-history": {
            "opportunity": ["Opportunity ID", "Opportunity Id"],
            "changed_on": [
                "Edit Date",
                "Last Modified",
                "Last Modified Date",
                "Date",
                "Created Date",
            ],
            "field": ["Field / Event", "Field/Event", "Field"],
            "old_value": ["Old Value", "From Stage"],
            "new_value": ["New Value", "To Stage"],
            "stage": ["Stage Name", "Stage"],
            "amount": ["Amount"],
            "close_date": ["Close Date"],
            "forecast_category": ["Forecast Category", "Forecast Category Name"],
            "from_stage": ["From Opportunity Stage Name"],
            "prev_amount": ["Prev Amount", "Previous Amount"],
            "prev_close_date": ["Prev Close Date", "Previous Close Date"],
            "from_forecast_category": ["From Forecast Category", "Previous Forecast Category"],
        },
        "accounts": {
            "external_id": ["Account ID", "Account Id"],
            "name": ["Account Name"],
            "segment": ["Segment", "Customer Segment"],
            "industry": ["Industry"],
            "region": ["Billing Country", "Billing State/Province", "Region"],
            "employees": ["Employees"],
            "annual_revenue": ["Annual Revenue"],
            "parent": ["Parent Account", "Parent Account Name"],
        },
        "activities": {
            "external_id": ["Activity ID", "Task ID", "Event ID"],
            "owner": ["Assigned", "Assigned To", "Activity Owner"],
            "type": ["Task Subtype", "Activity Type", "Type", "Event Subtype"],
            "date": ["Date", "Due Date", "Activity Date"],
            "status": ["Status"],
            "subject": ["Subject"],
            "account": ["Account Name", "Company / Account", "Company/Account"],
            "opportunity": ["Opportunity ID", "Related To ID"],
        },
        "people": {
            "name": ["Full Name", "Name"],
            "email": ["Email"],
            "title": ["Title"],
            "manager": ["Manager", "Manager: Full Name", "Manager Email"],
            "team": ["Role", "Team"],
            "office": ["Division", "Office"],
        },
    },
    stages=[
        StageDefault("Prospecting", 1, probability=10),
        StageDefault("Qualification", 2, probability=10),
        StageDefault("Needs Analysis", 3, probability=20),
        StageDefault("Value Proposition", 4, probability=50),
        StageDefault("Id. Decision Makers", 5, probability=60),
        StageDefault("Perception Analysis", 6, probability=70),
        StageDefault("Proposal/Price Quote", 7, probability=75),
        StageDefault("Negotiation/Review", 8, probability=90),
        StageDefault("Closed Won", 9, "won", 100),
        StageDefault("Closed Lost", 10, "lost", 0),
    ],
)

HUBSPOT = Preset(
    "hubspot",
    {
        "opportunities": {
            "external_id": ["Record ID", "Deal ID"],
            "name": ["Deal Name"],
            "account": ["Associated Company", "Associated Company (Primary)", "Company name"],
            "owner": ["Deal owner", "Deal Owner", "HubSpot Owner"],
            "amount": ["Amount"],
            "currency": ["Currency"],
            "product": ["Product", "Line items"],
            "type": ["Deal Type"],
            "stage": ["Deal Stage"],
            "probability": ["Deal probability"],
            "forecast_category": ["Forecast category"],
            "created_date": ["Create Date"],
            "close_date": ["Close Date"],
            "lost_reason": ["Closed lost reason"],
        },
        "accounts": {
            "external_id": ["Record ID", "Company ID"],
            "name": ["Company name", "Name"],
            "industry": ["Industry"],
            "region": ["Country/Region", "Country", "State/Region"],
            "employees": ["Number of Employees"],
            "annual_revenue": ["Annual Revenue"],
            "parent": ["Parent Company"],
            "segment": ["Type", "Lifecycle Stage"],
        },
        "activities": {
            "external_id": ["Record ID", "Activity ID"],
            "owner": ["Activity assigned to", "Activity Owner", "Assigned to", "Owner"],
            "type": ["Activity type", "Type"],
            # Only calls have an outcome of their own: a row with one is a call.
            "call_type": ["Call Outcome", "Call direction"],
            "date": ["Activity date", "Due date", "Date"],
            "status": ["Task status", "Status"],
            "subject": ["Subject", "Task title", "Title"],
            "account": ["Associated Company", "Company name"],
            "opportunity": ["Associated Deal", "Associated Deal IDs", "Deal ID"],
        },
    },
    stages=[
        StageDefault("Appointment Scheduled", 1, probability=20),
        StageDefault("Qualified To Buy", 2, probability=40),
        StageDefault("Presentation Scheduled", 3, probability=60),
        StageDefault("Decision Maker Bought-In", 4, probability=80),
        StageDefault("Contract Sent", 5, probability=90),
        StageDefault("Closed Won", 6, "won", 100),
        StageDefault("Closed Lost", 7, "lost", 0),
    ],
)

MAVEN = Preset(
    "maven",
    {
        "opportunities": {
            "external_id": ["opportunity_id"],
            "owner": ["sales_agent"],
            "product": ["product"],
            "account": ["account"],
            "stage": ["deal_stage"],
            # Maven records when a deal entered Engaging: the nearest thing to its creation.
            "created_date": ["engage_date"],
            "close_date": ["close_date"],
            "amount": ["close_value"],
        },
        "people": {"name": ["sales_agent"], "manager": ["manager"], "office": ["regional_office"]},
        "accounts": {
            "name": ["account"],
            "industry": ["sector"],
            "employees": ["employees"],
            "annual_revenue": ["revenue"],
            "region": ["office_location"],
            "parent": ["subsidiary_of"],
        },
    },
    stages=[
        StageDefault("Prospecting", 1, probability=10),
        StageDefault("Engaging", 2, probability=40),
        StageDefault("Won", 3, "won", 100),
        StageDefault("Lost", 4, "lost", 0),
    ],
    scale={("accounts", "annual_revenue"): 1_000_000},
)

# Stage names of exports in Spanish, German, French and Dutch (accents do not matter).
PROPOSAL_WORDS = ["Propuesta", "Angebot", "Proposition", "Offre", "Voorstel", "Offerte"]
NEGOTIATION_WORDS = ["Negociación", "Verhandlung", "Négociation", "Onderhandeling"]
WON_WORDS = ["Ganado", "Ganada", "Gewonnen", "Gagné", "Gagnée", "Cerrado ganado", "Conclu"]
LOST_WORDS = ["Perdido", "Perdida", "Verloren", "Perdu", "Perdue", "Cerrado perdido"]

# Generic spreadsheets: the common ways people name these columns themselves.
GENERIC = Preset(
    "generic",
    {
        "opportunities": {
            "external_id": [
                "ID",
                "Deal ID",
                "Opportunity ID",
                "Opportunity",
                "Record ID",
                "Opp ID",
            ],
            "name": [
                "Name",
                "Deal",
                "Deal Name",
                "Opportunity Name",
                "Title",
                "Deal Title",
                "Opp Name",
                "Potential Name",
            ],
            "account": [
                "Account",
                "Customer",
                "Company",
                "Client",
                "Account Name",
                "Organization",
                "Organisation",
                "Company Name",
                "Customer Name",
            ],
            "owner": [
                "Owner",
                "Deal Owner",
                "Sales Rep",
                "Seller",
                "Rep",
                "Salesperson",
                "Owner Email",
                "Opportunity Owner",
                "Opp Owner",
                "Potential Owner",
                "Account Executive",
                "AE",
                "Sales Agent",
                "Rep Name",
            ],
            "amount": [
                "Amount",
                "Deal Size",
                "Value",
                "Deal Value",
                "Revenue",
                "Amount USD",
                "ARR",
                "Estimated",
                "Estimated Value",
                "Opportunity Amount",
                "Opp Amount",
                "Contract Value",
                "ACV",
                "Total Value",
            ],
            "currency": ["Currency", "Currency Code", "Deal Currency"],
            "product": ["Product", "Product Name"],
            "type": ["Type", "Deal Type", "Opportunity Type", "Opp Type"],
            "stage": [
                "Stage",
                "Sales Stage",
                "Deal Stage",
                "Status",
                "Opp Status",
                "Opportunity Stage",
                "Opp Stage",
                "Pipeline Stage",
                "Stage Name",
            ],
            "probability": ["Probability", "Win Probability", "Probability (%)", "Win %"],
            "forecast_category": ["Forecast Category", "Forecast", "Forecast Type"],
            "created_date": [
                "Created",
                "Created Date",
                "Create Date",
                "Created On",
                "Created Time",
                "Deal Created Date",
                "Deal Created",
                "Opp Created",
                "Opp Created Date",
                "Opportunity Created Date",
                "Date Created",
                "Creation Date",
            ],
            "close_date": [
                "Close Date",
                "Expected Close Date",
                "Close Date/Expected Close Date",
                "Closing Date",
                "Expected Close",
                "Target Close Date",
                "Closed Date",
                "Close",
            ],
            "lost_reason": ["Lost Reason", "Loss Reason", "Reason Lost", "Closed Lost Reason"],
            "as_of": ["Reporting Date", "Snapshot Date", "As Of"],
        },
        "opportunity-history": {
            "opportunity": ["Opportunity ID", "Deal ID", "Opportunity", "ID"],
            "changed_on": [
                "Date",
                "Changed On",
                "Edit Date",
                "Changed",
                "Snapshot Date",
                "Reporting Date",
                "As Of",
            ],
            "field": ["Field"],
            "old_value": ["Old Value", "From", "Old"],
            "new_value": ["New Value", "To", "New"],
            "stage": ["Stage", "Deal Stage", "Sales Stage"],
            "amount": ["Amount", "Deal Value", "Deal Size", "Value"],
            "close_date": ["Close Date", "Expected Close Date"],
            "forecast_category": ["Forecast Category"],
            "from_stage": ["From Stage Name", "Previous Stage"],
            "prev_amount": ["Previous Amount", "Prev Amount"],
            "prev_close_date": ["Previous Close Date", "Prev Close Date"],
            "from_forecast_category": ["Previous Forecast Category"],
        },
        "accounts": {
            "external_id": ["ID", "Account ID"],
            "name": ["Name", "Account", "Account Name", "Company", "Customer"],
            "segment": ["Segment"],
            "industry": ["Industry", "Sector"],
            "region": ["Region", "Country", "Territory"],
            "employees": ["Employees", "Headcount"],
            "annual_revenue": ["Annual Revenue", "Revenue"],
            "parent": ["Parent", "Parent Account"],
        },
        "activities": {
            "external_id": ["ID", "Activity ID"],
            "owner": ["Owner", "Assigned To", "Rep", "Seller", "Activity Owner", "Sales Rep"],
            "type": ["Type", "Activity Type", "Task Type", "Call Type"],
            "date": ["Date", "Activity Date", "Due Date", "Start Date", "Completed Date"],
            "status": ["Status", "Task Status", "Activity Status"],
            "subject": ["Subject", "Title", "Description"],
            "account": ["Account", "Company", "Customer"],
            "opportunity": ["Opportunity", "Opportunity ID", "Deal ID"],
        },
        "people": {
            "name": ["Name", "Full Name", "Person", "Seller", "Sales Rep", "Rep", "Sales Agent"],
            "email": ["Email", "E-mail", "Email Address"],
            "title": ["Title", "Job Title", "Role"],
            "manager": ["Manager", "Reports To", "Manager Email", "Sales Manager", "Manager Name"],
            "team": ["Team"],
            "office": ["Office", "Region", "Regional Office", "Business Unit"],
        },
        "quotas": {
            "owner": ["Person", "Owner", "Seller", "Sales Rep", "Email", "Name"],
            "team": ["Team"],
            "period": ["Period", "Quarter", "Month"],
            "amount": ["Quota", "Amount", "Target"],
        },
        "forecasts": {
            "owner": ["Person", "Owner", "Seller", "Sales Rep", "Email", "Name"],
            "period": ["Period", "Quarter", "Month"],
            "submitted_on": ["Submitted On", "Submitted", "Date", "Submission Date"],
            "commit": ["Commit"],
            "best_case": ["Best Case", "Best case"],
            "pipeline": ["Pipeline"],
        },
        "exchange-rates": {
            "currency": ["Currency", "Currency Code", "ISO Code", "From Currency"],
            "rate": [
                "Rate",
                "Exchange Rate",
                "Conversion Rate",
                "Rate to Reporting Currency",
                "Rate to USD",
                "Rate to EUR",
                "Rate to GBP",
            ],
            "valid_from": ["Valid From", "Start Date", "Effective Date", "From", "Date"],
        },
    },
    stages=[
        StageDefault("Identified", 1, probability=10),
        StageDefault("Prospect", 1, probability=10),
        StageDefault("Contacted", 1, probability=10),
        StageDefault("Qualified", 2, probability=30),
        StageDefault("Discovery", 2, probability=20),
        StageDefault("Validated", 3, probability=50),
        StageDefault("Proposal", 4, probability=70),
        StageDefault("Proposal Sent", 4, probability=70),
        StageDefault("Initial Offer", 4, probability=60),
        StageDefault("Negotiation", 5, probability=80),
        StageDefault("Contract", 6, probability=90),
        StageDefault("Verbal", 6, probability=90),
        StageDefault("Won", 7, "won", 100),
        StageDefault("Lost", 8, "lost", 0),
        # The same steps as Spanish, German, French and Dutch exports name them.
        *[StageDefault(name, 4, probability=70) for name in PROPOSAL_WORDS],
        *[StageDefault(name, 5, probability=80) for name in NEGOTIATION_WORDS],
        *[StageDefault(name, 7, "won", 100) for name in WON_WORDS],
        *[StageDefault(name, 8, "lost", 0) for name in LOST_WORDS],
    ],
)

# The presets that `auto` chooses from (generic is what is left when none fits).
CRM_PRESETS = (
    SALESFORCE,
    SALESFORCE_EXPORT,
    HUBSPOT,
    ZOHO,
    ZOHO_CALLS,
    ZOHO_TASKS,
    ZOHO_MEETINGS,
    PIPEDRIVE,
    MAVEN,
)
BY_NAME = {p.name: p for p in [*CRM_PRESETS, GENERIC]}


# A preset is chosen only when at least this share of the columns it could have are its
# own, at least MIN_MATCHED of them, and it reads at least as many of the file's columns as
# the common spellings alone do: a file that shares a few names with an export (Owner,
# Stage, Value) is read with the common spellings, not as that export.
GOOD_FIT = 0.5
MIN_MATCHED = 3


@dataclass(frozen=True)
class Fit:
    """How well a header fits a preset: how many of the preset's columns it carries, out of
    the preset's (`of`) and out of the file's own (`columns`), and how many fields the
    common spellings alone would find (`common`)."""

    preset: str
    matched: int
    of: int
    columns: int
    common: int = 0

    @property
    def score(self) -> float:
        """The matched share of what could match: a report of five Salesforce columns fits
        Salesforce as well as a full export does; a file of forty columns that names three
        of Maven's eight does not fit Maven."""
        could = min(self.of, self.columns)
        return self.matched / could if could else 0.0

    @property
    def good(self) -> bool:
        return (
            self.score >= GOOD_FIT
            and self.matched >= min(MIN_MATCHED, self.of)
            and self.matched >= self.common
        )

    def as_json(self) -> dict[str, object]:
        return {
            "preset": self.preset,
            "matched": self.matched,
            "of": self.of,
            "score": round(self.score, 2),
        }


def _found(spellings: dict[str, list[str]], keys: set[str]) -> int:
    """How many of the fields these spellings name the header has a column for."""
    return sum(1 for names in spellings.values() if any(header_key(n) in keys for n in names))


def fits(kind: str, header: list[str]) -> list[Fit]:
    """Every preset (but generic) that knows the kind, best fit first."""
    keys = {header_key(h) for h in header} - {""}
    common = _found(GENERIC.columns.get(kind, {}), keys)
    found = []
    for preset in BY_NAME.values():
        spellings = preset.columns.get(kind, {})
        if preset is GENERIC or not spellings:
            continue
        found.append(Fit(preset.name, _found(spellings, keys), len(spellings), len(keys), common))
    return sorted(found, key=lambda fit: (-fit.score, -fit.matched, fit.preset))


def detect_preset(kind: str, header: list[str]) -> str:
    """The preset the header fits best, when it fits it well; generic otherwise."""
    good = [fit for fit in fits(kind, header) if fit.good]
    return good[0].preset if good else GENERIC.name


# How a column came to be read as a field, as the mapping step and the summary say it.
FROM_PRESET, FROM_SPELLING, FROM_MAPPING, FROM_KEY = (
    "preset",
    "recognised spelling",
    "mapping file",
    "key",
)


def match_columns(kind: str, preset: str, header: list[str]) -> dict[str, tuple[int, str]]:
    """Field name -> (column index, how it was decided) for the header: the preset's own
    spellings first, then the spellings people commonly use."""
    index: dict[str, int] = {}
    for position, name in enumerate(header):
        index.setdefault(header_key(name), position)
    found: dict[str, tuple[int, str]] = {}
    taken: set[int] = set()
    # The chosen preset's own names, then the common ones, then any other export's names:
    # a sheet someone made from an export keeps some of its headers.
    sources = [(BY_NAME[preset], FROM_PRESET)] if preset != GENERIC.name else []
    sources.append((GENERIC, FROM_SPELLING))
    sources.extend(
        (p, FROM_SPELLING) for p in BY_NAME.values() if p.name not in (preset, "generic")
    )
    for source, how in sources:
        for field_name, names in source.columns.get(kind, {}).items():
            if field_name in found:
                continue
            for spelling in names:
                at = index.get(header_key(spelling))
                if at is not None and at not in taken:
                    found[field_name] = (at, how)
                    taken.add(at)
                    break
    return found


def all_stage_defaults() -> list[StageDefault]:
    """Every preset's stages, each name once (the first preset to name a stage wins)."""
    seen: set[str] = set()
    result = []
    for preset in (*CRM_PRESETS, GENERIC):
        for stage in preset.stages:
            if header_key(stage.name) not in seen:
                seen.add(header_key(stage.name))
                result.append(stage)
    return result
