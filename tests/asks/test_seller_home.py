"""A seller's home page leads them to the deals their leader asked them to close sooner: the
menu has no extra asks for a seller, so the home page says how many deals, for which quarter and
for how much, and links to them; only while the quarter is still to be won."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from leadwell.asks import services
from leadwell.crm.models import Opportunity

from ..conftest import text_of
from .conftest import accepted_ask, open_deal, quarters_from_now

pytestmark = pytest.mark.django_db

ASKED_LINK = reverse("asks:home") + "#asked-of-me"


def home_of(personas, key: str) -> str:
    page = personas.client(key).get(reverse("home"))
    assert page.status_code == 200
    return page.content.decode()


def partly_accepted(personas, pipeline) -> None:
    """Lena asks Sam's 100,000 and his 30,000 of this quarter's ask; Sofia's deal stays hers."""
    services.ask_decide(
        ask=pipeline.ask,
        by=personas.leader,
        decision="partly",
        deal_ids=[pipeline.commit_next.pk, pipeline.later.pk],
    )


def test_the_seller_with_deals_asked_this_quarter_is_told_how_many_and_led_to_them(
    personas, pipeline
):
    partly_accepted(personas, pipeline)
    page = home_of(personas, "seller")
    assert ASKED_LINK in page
    assert "Your leader asked you to close 2 deals this quarter, 130,000" in text_of(page)
    # The link opens on the deals themselves.
    asks_page = personas.client("seller").get(reverse("asks:home")).content.decode()
    assert 'id="asked-of-me"' in asks_page and pipeline.commit_next.name in asks_page


@pytest.mark.parametrize("viewer", ["seller2", "other_seller"])
def test_a_seller_asked_nothing_sees_no_card(personas, pipeline, viewer):
    partly_accepted(personas, pipeline)
    page = home_of(personas, viewer)
    assert ASKED_LINK not in page
    assert "asked-of-me" not in page and "Your leader asked you" not in page


def test_deals_asked_in_a_finished_quarter_are_not_on_the_home_page(personas):
    accepted_ask(personas, quarters_back=1)
    page = home_of(personas, "seller")
    assert ASKED_LINK not in page and "Your leader asked you" not in page


def test_deals_asked_for_a_quarter_to_come_name_that_quarter(personas):
    after, beyond = quarters_from_now(1), quarters_from_now(2)
    sams = open_deal(
        personas.seller,
        45_000,
        beyond.start + datetime.timedelta(days=4),
        stage=4,
        chance=70,
        category=Opportunity.ForecastCategory.COMMIT,
    )
    ask = services.ask_record(
        by=personas.director, leader=personas.leader, period=after, amount=Decimal(50_000)
    )
    services.ask_decide(ask=ask, by=personas.leader, decision="accepted", deal_ids=[sams.pk])
    text = text_of(home_of(personas, "seller"))
    assert f"Your leader asked you to close 1 deal in {after.short_label}, 45,000" in text
    assert "this quarter" not in text
