"""The three parts of a customer's conditioning against a hand computation, the index and its
band, and the selector the extra-ask assessment calls."""

import datetime

import pytest

from leadwell.conditioning.measure import Band, band_of, window
from leadwell.conditioning.selectors import conditioning_of
from leadwell.crm.models import Account, OpportunityChange

from ..conftest import deal

TODAY = datetime.date(2026, 12, 7)


def moved(opportunity, field: str, old: str, new: str, on: str) -> None:
    OpportunityChange.objects.create(
        opportunity=opportunity,
        field=field,
        old_value=old,
        new_value=new,
        changed_on=datetime.date.fromisoformat(on),
        source="import",
    )


def hand_example(seller) -> Account:
    """Four deals won with Acme in the window, one lost, one won before it."""
    acme = Account.objects.create(name="Acme")
    # Quoted for October at 10,000, asked for in September at 8,000: pulled in, 20% off.
    first = deal(seller, "won", 8_000, "2026-09-25", account=acme)
    moved(first, "close_date", "2026-10-20", "2026-09-25", "2026-09-10")
    moved(first, "amount", "10000", "8000.00", "2026-09-12")
    # Pulled in from July into June, 10% off.
    second = deal(seller, "won", 9_000, "2026-06-28", account=acme)
    moved(second, "close_date", "2026-07-15", "2026-06-28", "2026-06-10")
    moved(second, "amount", "10000", "9000", "2026-06-11")
    # Closed mid-quarter on its own merits.
    deal(seller, "won", 3_000, "2026-05-10", account=acme)
    # Moved within its quarter to its last days: at quarter end, but not pulled in; no discount.
    late = deal(seller, "won", 10_000, "2026-03-30", account=acme)
    moved(late, "close_date", "2026-03-15", "2026-03-30", "2026-03-01")
    deal(seller, "lost", 50_000, "2026-09-29", account=acme)
    deal(seller, "won", 50_000, "2024-09-29", account=acme)  # before the eight quarters
    return acme


def test_the_window_is_the_eight_quarters_finished_before_today():
    first, last = window(TODAY)
    assert (first.name, last.name) == ("FY2024-Q4", "FY2026-Q3")


@pytest.mark.django_db
def test_the_three_parts_match_a_hand_computation(personas):
    acme = hand_example(personas.seller)
    found = conditioning_of([acme.pk], today=TODAY)[acme.pk]
    assert found.won_deals == 4
    assert (found.pulled_in_deals, found.pulled_in_quarters) == (2, 2)
    # 27,000 of the 30,000 booked closed in a quarter's last two weeks.
    assert found.quarter_end_share == pytest.approx(0.9)
    # Under pressure: 20%, 10% and the late deal's 0%; the pulled-in ones alone 15%.
    assert found.average_concession == pytest.approx(0.1)
    assert found.pulled_in_concession == pytest.approx(0.15)


@pytest.mark.django_db
def test_the_index_weighs_the_parts_and_bands_the_customer(personas):
    acme = hand_example(personas.seller)
    found = conditioning_of([acme.pk], today=TODAY)[acme.pk]
    # 50 x 2/4 quarters pulled in + 30 x (90% share, past the 60% that is full) + 20 x 10%/20%.
    assert found.index == 65
    assert found.band == Band.CONDITIONED


@pytest.mark.django_db
def test_one_pull_in_on_a_customers_only_deal_is_no_habit(personas):
    once = Account.objects.create(name="Once")
    only = deal(personas.seller, "won", 8_000, "2026-09-28", account=once)
    moved(only, "close_date", "2026-10-20", "2026-09-28", "2026-09-10")
    moved(only, "amount", "10000", "8000", "2026-09-12")
    found = conditioning_of([once.pk], today=TODAY)[once.pk]
    assert (found.pulled_in_deals, found.quarter_end_share) == (1, 1.0)
    assert found.band == Band.LOW, found.index


@pytest.mark.parametrize(
    ("index", "band"),
    [(0, Band.LOW), (29, Band.LOW), (30, Band.WATCH), (54, Band.WATCH), (55, Band.CONDITIONED)],
)
def test_the_bands_start_at_30_and_55(index, band):
    assert band_of(index) == band


@pytest.mark.django_db
def test_a_customer_without_won_deals_reads_zero_and_fifty_customers_take_two_queries(
    personas, django_assert_num_queries
):
    accounts = Account.objects.bulk_create(
        Account(name=f"Customer {i}", name_key=f"customer {i}") for i in range(50)
    )
    for account in accounts[:10]:
        deal(personas.seller, "won", 1_000, "2026-08-01", account=account)
    with django_assert_num_queries(2):
        found = conditioning_of([a.pk for a in accounts], today=TODAY)
    assert len(found) == 50
    quiet = found[accounts[-1].pk]
    assert (quiet.index, quiet.band, quiet.quarter_end_share) == (0, Band.LOW, None)
    assert found[accounts[0].pk].won_deals == 1
