"""Writers: how the parsed rows of each kind of import become records.

A writer receives batches of parsed rows, resolves references (owners, accounts, stages,
opportunities), upserts records by their key and returns the rows it refused. Everything it
needs besides the current batch is bounded by the size of the organisation (people, stages),
never by the size of the file. `base` holds what they share; this module picks one by kind.
"""

from leadwell.crm.importing.rows import ImportOptions, Plan
from leadwell.crm.importing.writers import accounts, deals, history, org, plans, rates
from leadwell.crm.importing.writers.base import Writer
from leadwell.crm.models import ImportRun

WRITERS: dict[str, type[Writer]] = {
    "people": org.PeopleWriter,
    "accounts": accounts.AccountWriter,
    "opportunities": deals.OpportunityWriter,
    "opportunity-history": history.HistoryWriter,
    "activities": deals.ActivityWriter,
    "quotas": plans.QuotaWriter,
    "forecasts": plans.ForecastWriter,
    "exchange-rates": rates.RateWriter,
}


def writer_for(
    plan: Plan, run: ImportRun, options: ImportOptions, *, writing: bool = True
) -> Writer:
    """The writer of the plan's kind; with `writing=False`, one that only checks."""
    return WRITERS[plan.kind](plan, run, options, writing=writing)
