"""A quarter of deals for the personas, summarised, and API clients that carry a token.

In FY2025-Q2 (April to June 2025, with the default January fiscal year):

Sam Ortiz     won 10,000 and 20,000, lost 5,000, has 30,000 open: bookings 30,000, win rate 2/3
Sofia Berg    won 15,000: bookings 15,000, win rate 100%
Omar Reyes    won 8,000 and lost 2,000 (the other team)

Boston Enterprise: bookings 45,000, 3 won of 4 decided (75%).
"""

import datetime

import pytest

from leadwell.metrics.compute import recompute
from tests.conftest import deal

PERIOD = "2025-Q2"
PERIOD_NAME = "FY2025-Q2"
Q2 = datetime.date(2025, 4, 1)


@pytest.fixture
def deals(personas):
    deal(personas.seller, "won", 10_000, "2025-04-20", created="2025-02-01")
    deal(personas.seller, "won", 20_000, "2025-05-15", created="2025-03-01")
    deal(personas.seller, "lost", 5_000, "2025-06-01", created="2025-03-10")
    deal(personas.seller, "open", 30_000, "2025-06-25", created="2025-04-01", stage="Negotiation")
    deal(personas.seller, "won", 12_000, "2025-02-10", created="2025-01-05")  # the quarter before
    deal(personas.seller2, "won", 15_000, "2025-05-02", created="2025-01-15")
    deal(personas.other_seller, "won", 8_000, "2025-04-30", created="2025-02-15")
    deal(personas.other_seller, "lost", 2_000, "2025-05-30", created="2025-03-15")
    recompute(today=datetime.date(2025, 7, 15))
    return personas
