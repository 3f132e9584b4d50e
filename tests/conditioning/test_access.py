"""A customer's conditioning is for the leaders whose sellers sell to it and their line: in the
policy, on the pages and in the API, persona by persona. Sellers and administrators as such
never read it; another team's leader finds the customer as if it did not exist."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from leadwell.conditioning.measure import window
from leadwell.crm.models import Account

from ..conftest import PERSONA_KEYS, deal

READERS = {"leader", "director"}  # Sam Ortiz's management line


@pytest.fixture
def acme(personas) -> Account:
    """Sam Ortiz's customer, with a deal won inside the eight quarters."""
    account = Account.objects.create(name="Acme Confidential Works")
    last = window(timezone.localdate())[1]
    deal(
        personas.seller,
        "won",
        7_000,
        last.start + datetime.timedelta(days=20),
        account=account,
        name="Acme renewal",
    )
    return account


@pytest.mark.django_db
@pytest.mark.parametrize("viewer", PERSONA_KEYS)
def test_the_customers_page_opens_for_the_sellers_line_only(personas, acme, viewer):
    response = personas.client(viewer).get(reverse("conditioning:account", args=[acme.pk]))
    if viewer in READERS:
        assert response.status_code == 200
        assert "Acme renewal" in response.content.decode()
    else:
        assert response.status_code == 404
        assert "Acme" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("viewer", PERSONA_KEYS)
def test_the_list_shows_the_customer_to_the_sellers_line_only(personas, acme, viewer):
    response = personas.client(viewer).get(reverse("conditioning:list"))
    assert response.status_code == 200
    assert ("Acme Confidential Works" in response.content.decode()) is (viewer in READERS)


@pytest.mark.django_db
@pytest.mark.parametrize("viewer", PERSONA_KEYS)
def test_the_api_answers_the_sellers_line_and_404_to_anyone_else(personas, acme, viewer):
    api = personas.api(viewer)
    one = api.get(f"/api/v1/conditioning/accounts/{acme.pk}")
    listed = api.get("/api/v1/conditioning").json()
    names = [c["account"] for c in listed["customers"]]
    if viewer in READERS:
        assert one.status_code == 200
        assert one.json()["deals"][0]["name"] == "Acme renewal"
        assert names == ["Acme Confidential Works"]
    else:
        assert one.status_code == 404
        assert names == []


@pytest.mark.django_db
def test_a_leader_reads_the_whole_customers_index_but_only_their_sellers_deals(personas, acme):
    last = window(timezone.localdate())[1]
    deal(
        personas.other_seller,
        "won",
        5_000,
        last.start + datetime.timedelta(days=30),
        account=acme,
        name="Denver order",
    )
    shown = personas.api("leader").get(f"/api/v1/conditioning/accounts/{acme.pk}").json()
    assert shown["won_deals"] == 2
    assert [d["name"] for d in shown["deals"]] == ["Acme renewal"]
    other = personas.client("other_leader").get(reverse("conditioning:account", args=[acme.pk]))
    assert "Acme renewal" not in other.content.decode() and "Denver order" in other.content.decode()


@pytest.mark.django_db
def test_the_lead_up_hub_links_to_customers_conditioning(personas):
    page = personas.client("leader").get(reverse("lead-up")).content.decode()
    assert reverse("conditioning:list") in page
