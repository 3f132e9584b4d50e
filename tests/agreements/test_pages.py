"""The agreements pages and the links to them: the seller's home asks for their
acknowledgement while a version waits for it, and the Lead up hub shows where the leader's
agreements stand."""

import pytest
from django.urls import reverse

from leadwell.agreements import services

pytestmark = pytest.mark.django_db

WAITING = "of your team's operating agreement"


def test_a_sellers_home_asks_for_the_acknowledgement_until_it_is_given(personas, team_agreement):
    assert WAITING in personas.client("seller").get("/").content.decode()
    assert WAITING not in personas.client("other_seller").get("/").content.decode()
    services.acknowledge(version=team_agreement.versions.get(), by=personas.seller)
    assert WAITING not in personas.client("seller").get("/").content.decode()


def test_a_new_version_puts_the_line_back_on_the_sellers_home(personas, team_agreement):
    services.acknowledge(version=team_agreement.versions.get(), by=personas.seller)
    services.draft_save(agreement=team_agreement, by=personas.leader, commitments="New promise")
    services.version_publish(agreement=team_agreement, by=personas.leader)
    home = personas.client("seller").get("/").content.decode()
    assert "published version 2 of your team" in home


def test_the_lead_up_hub_shows_the_leaders_agreements_and_what_to_start(personas, team_agreement):
    hub = personas.client("leader").get(reverse("lead-up")).content.decode()
    assert "Operating agreements" in hub and "0 of 2 acknowledged" in hub
    assert "No agreement with Dana Whitfield yet." in hub


def test_the_directors_hub_counts_the_agreements_waiting_for_them(personas, upward_agreement):
    hub = personas.client("director").get(reverse("lead-up")).content.decode()
    assert "1 to acknowledge" in hub


def test_a_leader_starts_from_the_template_on_the_page(personas):
    client = personas.client("leader")
    page = client.get(reverse("agreements:home")).content.decode()
    assert "No agreement with Boston Enterprise yet." in page
    started = client.post(
        reverse("agreements:start"), {"made_with": "team", "team": personas.boston.pk}
    )
    assert started.status_code == 302
    opened = client.get(started["Location"]).content.decode()
    assert "Draft of version 1" in opened and "bigger than the team" in opened


def test_a_refused_draft_comes_back_with_the_message_beside_the_field(personas, team_agreement):
    page = personas.client("leader").post(
        reverse("agreements:draft", args=[team_agreement.pk]), {"commitments": "  "}
    )
    assert page.status_code == 422
    assert "Write at least one commitment." in page.content.decode()


def test_publishing_the_words_in_force_again_says_so_and_leaves_no_draft(personas, team_agreement):
    current = team_agreement.versions.get()
    page = personas.client("leader").post(
        reverse("agreements:draft", args=[team_agreement.pk]),
        {"commitments": current.commitments, "publish": "1"},
    )
    assert page.status_code == 422
    assert "Nothing changed since version 1" in page.content.decode()
    assert list(team_agreement.versions.values_list("number", flat=True)) == [1]
