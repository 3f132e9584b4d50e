"""Issue 16: nobody reads a single answer, through a page, the API, an export or the admin. One
seller's comment is looked for everywhere each persona can reach while its group holds fewer
than ten answers, and while it is still held: it appears nowhere. Once ten answers are pooled,
the same search finds it on the leader's page (the search would see it if it were there)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from leadwell.pulse import services

from ..conftest import PERSONA_KEYS
from .conftest import answer_all

pytestmark = pytest.mark.django_db

TELLING = "Lena forwarded my divorce e-mail to the whole floor"


def today() -> datetime.date:
    return timezone.localdate()


def everywhere(personas, key: str) -> list[str]:
    """Every page, API answer and export of the pulse the persona can reach."""
    boston = personas.boston.pk
    client, api = personas.client(key), personas.api(key)
    pages = [
        reverse("home"),
        reverse("pulse:home"),
        reverse("pulse:team", args=[boston]),
        reverse("pulse:participation"),
        reverse("team", args=[boston]),
        reverse("personal-data"),
        "/admin/pulse/pulse/",
        "/admin/pulse/pulserules/",
        "/admin/",
    ]
    found = [client.get(path, follow=True).content.decode() for path in pages]
    for path in (
        "/api/v1/pulse/to-answer",
        f"/api/v1/pulse/teams/{boston}",
        "/api/v1/pulse/roll-up",
        "/api/v1/pulse/participation",
        "/api/v1/pulse/rules",
        "/api/v1/me/export",
    ):
        found.append(api.get(path).content.decode())
    return found


def seen_by(personas, text: str) -> set[str]:
    return {key for key in PERSONA_KEYS if any(text in body for body in everywhere(personas, key))}


def test_a_comment_in_a_group_of_fewer_than_ten_is_shown_to_nobody_anywhere(
    personas, boston_sellers
):
    pulse = services.pulse_open(by=personas.leader, team=personas.boston, on=today())
    answer_all(pulse, boston_sellers, today(), comments=[TELLING])
    # Held, sealed: nowhere.
    assert seen_by(personas, TELLING) == set()
    services.pulses_close_due(today() + datetime.timedelta(days=7))
    # Written as a group of six, scores shown, comments not yet: still nowhere.
    assert "Mean of 5" in personas.client("leader").get(reverse("pulse:home")).content.decode()
    assert seen_by(personas, TELLING) == set()

    # Six more answers pool the comments over twelve: the team and its leader's line read it.
    later = today() + datetime.timedelta(days=8)
    second = services.pulse_open(by=personas.leader, team=personas.boston, on=later)
    answer_all(second, boston_sellers, later)
    services.pulses_close_due(later + datetime.timedelta(days=7))
    assert seen_by(personas, TELLING) == {"leader", "director", "seller", "seller2"}


def test_the_api_has_no_schema_with_an_answers_fields(client):
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    for name, schema in schemas.items():
        fields = set(schema.get("properties", {}))
        if {"care", "help", "trust"} <= fields:
            # The one place the three scores travel is into the API, as an answer's input.
            assert name == "PulseAnswerIn", name
