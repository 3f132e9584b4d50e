import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from leadwell.identity.models import ApiToken
from leadwell.identity.services import token_create
from leadwell.org import services

from .conftest import ORG_START

pytestmark = pytest.mark.django_db


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_a_token_made_on_the_profile_page_is_shown_once_and_stored_hashed(personas):
    client = personas.client("leader")
    response = client.post(reverse("profile"), {"name": "weekly export"})
    html = response.content.decode()
    secret = re.search(r'<code id="new-token">(lw_[^<]+)</code>', html).group(1)
    token = ApiToken.objects.get(user=personas.user("leader"))
    assert token.digest != secret and secret not in token.digest and token.hint == secret[:10]
    assert secret not in client.get(reverse("profile")).content.decode()  # never shown again
    assert Client().get("/api/v1/me", **bearer(secret)).json()["email"] == "lena.hart@example.com"


def test_a_token_needs_a_name(personas):
    response = personas.client("leader").post(reverse("profile"), {"name": "  "})
    assert "This field is required" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_revoked_token_is_refused_from_then_on(personas):
    token, secret = token_create(user=personas.user("seller"), name="script")
    client = personas.client("seller")
    confirm = client.get(reverse("token-revoke", args=[token.pk]))
    assert "cannot be undone" in confirm.content.decode()
    assert Client().get("/api/v1/me", **bearer(secret)).status_code == 200
    client.post(reverse("token-revoke", args=[token.pk]))
    assert Client().get("/api/v1/me", **bearer(secret)).status_code == 401


def test_a_revoked_token_answers_401_to_a_write_and_writes_nothing(personas):
    from leadwell.coaching.models import PersonalGoal
    from leadwell.identity.services import token_revoke

    token, secret = token_create(user=personas.user("seller"), name="script")
    token_revoke(token=token)
    signed_in = Client(enforce_csrf_checks=True)
    signed_in.force_login(personas.user("seller"))
    # A script's call, and the same call from a browser that is also signed in: neither falls
    # back to the session (whose CSRF check would answer 403, or whose cookie would let it in).
    for client in (Client(enforce_csrf_checks=True), signed_in):
        answer = client.post(
            f"/api/v1/people/{personas.seller.pk}/goals",
            {"area": "career", "title": "Lead a team", "horizon": "year"},
            content_type="application/json",
            **bearer(secret),
        )
        assert answer.status_code == 401, answer.content
    assert not PersonalGoal.objects.exists()


def test_a_made_up_token_and_a_switched_off_account_are_refused(personas):
    assert Client().get("/api/v1/me", **bearer("lw_made-up")).status_code == 401
    _, secret = token_create(user=personas.user("seller"), name="script")
    user = personas.user("seller")
    user.is_active = False
    user.save()
    assert Client().get("/api/v1/me", **bearer(secret)).status_code == 401


def test_me_tells_who_i_am_and_where_i_sit(personas):
    _, secret = token_create(user=personas.user("seller"), name="script")
    me = Client().get("/api/v1/me", **bearer(secret)).json()
    assert me["person"]["name"] == "Sam Ortiz"
    assert me["role"] == "seller"
    assert me["team"]["name"] == "Boston Enterprise"
    assert me["manager"]["name"] == "Lena Hart"
    assert me["is_administrator"] is False


def test_the_browser_session_also_works_for_the_api(personas):
    assert personas.client("director").get("/api/v1/me").json()["role"] == "director"


def test_the_people_list_is_paginated_and_searchable(personas):
    for i in range(55):
        person = services.person_create(name=f"Paged Seller {i:02d}")
        services.person_join_team(person=person, team=personas.denver, on=ORG_START)
    client = personas.client("leader")
    first = client.get("/api/v1/people/").json()
    assert first["count"] == 62 and len(first["items"]) == 50
    assert len(client.get("/api/v1/people/?page=2").json()["items"]) == 12
    found = client.get("/api/v1/people/?q=ortiz").json()
    assert [p["name"] for p in found["items"]] == ["Sam Ortiz"]
    assert found["items"][0]["team"] == {"id": personas.boston.pk, "name": "Boston Enterprise"}


def test_the_people_list_query_count_does_not_grow_with_the_people(personas):
    client = personas.client("leader")

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/people/").status_code == 200
        return len(captured)

    small = count()
    for i in range(30):
        services.person_join_team(
            person=services.person_create(name=f"More {i}"), team=personas.boston, on=ORG_START
        )
    assert count() == small


def test_a_person_in_my_line_comes_with_reporting_line_and_history(personas):
    body = personas.client("director").get(f"/api/v1/people/{personas.leader.pk}").json()
    assert body["role"] == "leader"
    assert [p["name"] for p in body["management_line"]] == ["Dana Whitfield"]
    assert sorted(p["name"] for p in body["direct_reports"]) == ["Sam Ortiz", "Sofia Berg"]
    assert {m["team"]["name"] for m in body["reporting_history"]} == {
        "Boston Enterprise",
        "Leadership",
    }


def test_the_openapi_schema_and_docs_are_served_without_a_cdn(personas):
    schema = Client().get("/api/v1/openapi.json").json()
    assert {"/api/v1/me", "/api/v1/people/", "/api/v1/people/{person_id}"} <= set(schema["paths"])
    docs = Client().get("/api/v1/docs").content.decode()
    # Every script and stylesheet comes from Leadwell itself (a CSRF token may by chance
    # spell "cdn", so the test reads the addresses, not the page's text).
    addresses = re.findall(r'(?:src|href)="([^"]*)"', docs)
    assert any(a.startswith("/static/ninja/") for a in addresses)
    assert all(a.startswith("/") and not a.startswith("//") for a in addresses), addresses


def test_a_refused_token_is_logged_without_any_part_of_it(personas, caplog):
    import logging

    caplog.set_level(logging.WARNING, logger="leadwell.security")
    Client().get("/api/v1/me", **bearer("lw_secretvalue123"))
    assert "api token refused" in caplog.text
    assert "lw_secret" not in caplog.text
