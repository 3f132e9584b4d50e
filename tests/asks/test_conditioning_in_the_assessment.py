"""The assessment shows how used each candidate's customer is to the quarter-end ask, and
pre-fills the concession its pulled-in deals needed, for the leader to confirm."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from leadwell.asks import services
from leadwell.crm.models import Account, Opportunity, OpportunityChange

from ..conftest import deal, text_of
from .conftest import open_deal, quarters_from_now

pytestmark = pytest.mark.django_db


def pulled_in_each_quarter(seller, account: Account, quarters: int = 4) -> None:
    """A won deal with the customer in each of the last finished quarters, quoted for the next
    quarter at 10,000 and closed in the quarter's last days at 8,000: pulled in, 20% off."""
    for back in range(1, quarters + 1):
        quarter = quarters_from_now(-back)
        closed = quarter.end - datetime.timedelta(days=2)
        won = deal(seller, "won", 8_000, closed, account=account)
        was_due = quarter.end + datetime.timedelta(days=20)
        asked = closed - datetime.timedelta(days=15)
        for field, old, new in (
            ("close_date", was_due.isoformat(), closed.isoformat()),
            ("amount", "10000", "8000"),
        ):
            OpportunityChange.objects.create(
                opportunity=won,
                field=field,
                old_value=old,
                new_value=new,
                changed_on=asked,
                source="import",
            )


def test_a_conditioned_customer_is_flagged_and_its_usual_concession_pre_filled(personas):
    acme = Account.objects.create(name="Acme Conditioned")
    fresh = Account.objects.create(name="Fresh Customer")
    pulled_in_each_quarter(personas.seller, acme)
    after = quarters_from_now(1)
    C = Opportunity.ForecastCategory
    day = datetime.timedelta(days=10)
    again = open_deal(
        personas.seller, 50_000, after.start + day, stage=4, chance=80, category=C.COMMIT,
        account=acme,
    )  # fmt: skip
    open_deal(
        personas.seller2, 20_000, after.start + day, stage=3, chance=50, category=C.COMMIT,
        account=fresh,
    )  # fmt: skip
    ask = services.ask_record(
        by=personas.director,
        leader=personas.leader,
        period=quarters_from_now(0),
        amount=Decimal(50_000),
    )
    url = reverse("asks:ask", args=[ask.pk])

    page = personas.client("leader").get(url).content.decode()
    row = page.split(f'data-deal="{again.pk}"')[1].split("</tr>")[0]
    assert "conditioned" in text_of(row) and "4 pulled in before" in text_of(row)
    assert f'name="discount-{again.pk}"' in row and 'value="20"' in row
    assert "· low" in text_of(page.split("Fresh Customer")[1].split("</tr>")[0])

    services.ask_assess(
        ask=ask,
        by=personas.leader,
        ticked=[services.Ticked(again.pk, Decimal(20))],
        recommendation="Acme expects the ask; this teaches them again.",
    )
    page = personas.client("director").get(url).content.decode()
    assert "1 conditioned customer asked again" in text_of(page)
