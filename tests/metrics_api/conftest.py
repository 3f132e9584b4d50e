"""A quarter of deals for the personas, summarised, and API clients that carry a token.

In FY2025-Q2 (April to June 2025, with the default January fiscal year):

Sam Ortiz     won 10,000 and 20,000, lost 5,000, has 30,000 open: bookings 30,000, win rate 2/3
Sofia Berg    won 15,000: bookings 15,000, win rate 100%
Omar Reyes    won 8,000 and lost 2,000 (the other team)

Boston Enterprise: bookings 45,000, 3 won of 4 decided (75%).
"""

import datetime

import pytest
from django.test import Client

from leadwell.crm.models import Opportunity
from leadwell.identity.services import token_create
from leadwell.metrics.compute import recompute

PERIOD = "2025-Q2"
PERIOD_NAME = "FY2025-Q2"
Q2 = datetime.date(2025, 4, 1)


def api(personas, key: str) -> Client:
    _, secret = token_create(user=personas.user(key), name="script")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def _deal(owner, external_id: str, outcome: str, amount: int, created: str, closed: str) -> None:
    Opportunity.objects.create(
        owner=owner,
        external_id=external_id,
        stage={"won": "Closed Won", "lost": "Closed Lost", "open": "Negotiation"}[outcome],
        outcome=outcome,
        amount=amount,
        created_date=datetime.date.fromisoformat(created),
        close_date=datetime.date.fromisoformat(closed),
    )


@pytest.fixture
def deals(personas):
    _deal(personas.seller, "S-1", "won", 10_000, "2025-02-01", "2025-04-20")
    _deal(personas.seller, "S-2", "won", 20_000, "2025-03-01", "2025-05-15")
    _deal(personas.seller, "S-3", "lost", 5_000, "2025-03-10", "2025-06-01")
    _deal(personas.seller, "S-4", "open", 30_000, "2025-04-01", "2025-06-25")
    _deal(personas.seller, "S-0", "won", 12_000, "2025-01-05", "2025-02-10")  # the quarter before
    _deal(personas.seller2, "F-1", "won", 15_000, "2025-01-15", "2025-05-02")
    _deal(personas.other_seller, "O-1", "won", 8_000, "2025-02-15", "2025-04-30")
    _deal(personas.other_seller, "O-2", "lost", 2_000, "2025-03-15", "2025-05-30")
    recompute(today=datetime.date(2025, 7, 15))
    return personas
