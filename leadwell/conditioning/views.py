"""The conditioning pages: the most conditioned customers a leader's or director's sellers
sell to, and one customer's page with its conditioning and the viewer's sellers' deals with it.
Who reads which customer is decided by the policy through the selectors the API uses too."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from leadwell.conditioning import measure, selectors


def _formula() -> dict:
    return {
        "quarters_full": measure.PULLED_IN_QUARTERS_FULL,
        "watch_from": measure.WATCH_FROM,
        "conditioned_from": measure.CONDITIONED_FROM,
    }


def conditioning_list(request: HttpRequest) -> HttpResponse:
    listed = selectors.most_conditioned(request.user)
    return render(request, "conditioning/list.html", {"listed": listed, **_formula()})


def account_page(request: HttpRequest, account_id: int) -> HttpResponse:
    shown = selectors.account_conditioning(request.user, account_id)
    return render(request, "conditioning/account.html", {"shown": shown, **_formula()})
