"""API for customers' conditioning: the same reads as the pages, through the same selectors.
A customer's conditioning is for the leaders whose sellers sell to it and their line (rules.py);
anyone else gets 404 for a customer and an empty list."""

import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema

from leadwell.conditioning import selectors
from leadwell.conditioning.measure import Conditioning
from leadwell.lib.api_input import Id

router = Router(tags=["Customers' conditioning"])

FOR_THE_LINE = (
    "For the leaders whose sellers won deals with the customer, and their line; 404 otherwise."
)


class ConditioningOut(Schema):
    account_id: int
    account: str
    index: int = Field(description="0 to 100; docs/decisions.md gives the formula")
    band: str = Field(description="low, watch or conditioned")
    won_deals: int
    pulled_in_deals: int
    pulled_in_quarters: int
    quarter_end_share: float | None = Field(
        description="Share of bookings closed in a quarter's last two weeks, 0 to 1"
    )
    average_concession: float | None = Field(
        description="Average concession on the deals won under pressure, 0 to 1"
    )
    pulled_in_concession: float | None = Field(
        description="Average concession on the pulled-in deals, 0 to 1"
    )


class ConditionedListOut(Schema):
    first_quarter: str
    last_quarter: str
    counted: int
    customers: list[ConditioningOut]


class DealOut(Schema):
    id: int
    name: str
    seller: str
    close_date: datetime.date
    amount: float | None
    pulled_in: bool
    in_last_two_weeks: bool
    concession: float | None


class AccountOut(ConditioningOut):
    first_quarter: str
    last_quarter: str
    deals: list[DealOut] = Field(description="The viewer's sellers' won deals in the window")


def _out(name: str, found: Conditioning) -> dict:
    return {
        "account_id": found.account_id,
        "account": name,
        "index": found.index,
        "band": found.band.value,
        "won_deals": found.won_deals,
        "pulled_in_deals": found.pulled_in_deals,
        "pulled_in_quarters": found.pulled_in_quarters,
        "quarter_end_share": found.quarter_end_share,
        "average_concession": found.average_concession,
        "pulled_in_concession": found.pulled_in_concession,
    }


@router.get(
    "/conditioning",
    response=ConditionedListOut,
    summary="The most conditioned customers the viewer's sellers sell to",
)
def conditioning_list(request: HttpRequest):
    listed = selectors.most_conditioned(request.user)
    return {
        "first_quarter": listed.first.name,
        "last_quarter": listed.last.name,
        "counted": listed.counted,
        "customers": [_out(row.account.name, row.conditioning) for row in listed.customers],
    }


@router.get(
    "/conditioning/accounts/{account_id}",
    response=AccountOut,
    summary="One customer's conditioning",
    description=FOR_THE_LINE,
)
def account_conditioning(request: HttpRequest, account_id: Id):
    shown = selectors.account_conditioning(request.user, account_id)
    return _out(shown.account.name, shown.conditioning) | {
        "first_quarter": shown.first.name,
        "last_quarter": shown.last.name,
        "deals": [
            {
                "id": own.facts.deal_id,
                "name": own.facts.name,
                "seller": own.seller,
                "close_date": own.facts.close_date,
                "amount": own.facts.amount,
                "pulled_in": own.facts.pulled_in,
                "in_last_two_weeks": own.facts.in_last_two_weeks,
                "concession": own.facts.concession,
            }
            for own in shown.deals
        ],
    }
