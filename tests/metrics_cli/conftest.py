"""A small quarter of CRM data for the personas, summarised: what the metrics CLI and exports
tests read.

In FY2024-Q2 (April to June 2024):
  Sam Ortiz    won 10,000 and 25,000, lost 5,000, an open 40,000; quota 100,000; a personal
               win-rate target of 90%; and a 99,999 win in the next quarter
  Sofia Berg   won 30,000
  Omar Reyes   lost 8,000
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from click.testing import CliRunner, Result

from leadwell.cli import main
from leadwell.crm.models import Quota
from leadwell.metrics.compute import recompute
from leadwell.metrics.models import Target
from leadwell.org.models import Person
from tests.conftest import deal

PERIOD = "2024-Q2"
PERIOD_NAME = "FY2024-Q2"
Q2 = datetime.date(2024, 4, 1)

# Every deal in the quarter was created before it, in February.
CREATED = datetime.date(2024, 2, 1)


@dataclass
class Quarter:
    personas: object
    seller: Person
    seller2: Person
    other_seller: Person


@pytest.fixture
def quarter(personas) -> Quarter:
    seller, seller2, other = personas.seller, personas.seller2, personas.other_seller
    deal(seller, "won", 10_000, "2024-04-15", created=CREATED)
    deal(seller, "won", 25_000, "2024-05-20", created="2024-03-01")
    deal(seller, "lost", 5_000, "2024-06-10", created=CREATED)
    deal(seller, "open", 40_000, "2024-06-25", created=CREATED)
    deal(seller, "won", 99_999, "2024-07-10", created=CREATED)  # the next quarter
    deal(seller2, "won", 30_000, "2024-05-05", created=CREATED)
    deal(other, "lost", 8_000, "2024-05-30", created=CREATED)
    Quota.objects.create(
        person=seller, period_kind="quarter", period_start=Q2, amount=Decimal(100_000)
    )
    Target.objects.create(
        person=seller, metric="win_rate", value=0.9, valid_from=datetime.date(2024, 1, 1)
    )
    recompute()
    return Quarter(personas, seller, seller2, other)


@pytest.fixture
def cli(monkeypatch, tmp_path):
    """Run `leadwell ...` in-process (on the test database) and return click's Result."""
    monkeypatch.setenv("LEADWELL_DATA_DIR", str(tmp_path))

    def run(*args: str) -> Result:
        return CliRunner().invoke(main, list(args), prog_name="leadwell", catch_exceptions=False)

    return run
