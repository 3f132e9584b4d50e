"""Administrators' page of the mail that did not go out: refused by the mail server, or left
half-sent by a worker that stopped. Each can be sent again, after a confirmation."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from leadwell import policy
from leadwell.cadences.delivery import BACKOFF, undelivered
from leadwell.cadences.services.outbox import delivery_send_again

PER_PAGE = 25


def undelivered_page(request: HttpRequest) -> HttpResponse:
    policy.require_may(request.user, "cadences.view_undelivered")
    page = Paginator(undelivered(), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "cadences/undelivered.html", {"page": page})


def send_again_page(request: HttpRequest, delivery_id: int) -> HttpResponse:
    delivery = policy.get_or_404(request.user, "send_again", undelivered(), pk=delivery_id)
    if request.method == "POST":
        try:
            delivery_send_again(delivery=delivery)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request,
                f"The e-mail to {delivery.to_address} is queued: the worker sends it within "
                "a minute.",
            )
        return redirect("cadences:undelivered")
    context = {"delivery": delivery, "tries": len(BACKOFF) + 1}
    return render(request, "cadences/undelivered_send_again.html", context)
