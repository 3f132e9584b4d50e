"""Issue 16: the trust pulse's pages for every persona. A seller answers once from their home
page; the leader sees "waiting for more answers" until k people have answered, then the
result; the director sees each of their leaders' teams and the roll-up; another leader, another
team's seller and the administrator see no result; the administrator sees participation only."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from leadwell.org import services as org
from leadwell.pulse import services
from leadwell.pulse.models import HeldAnswers, Participation, Pulse, Response, ResultGroup

from ..conftest import ORG_START, _person, text_of
from .conftest import answer_all

pytestmark = pytest.mark.django_db

ANSWER = {"care": "4", "help": "3", "trust": "2", "comment": ""}


def today() -> datetime.date:
    return timezone.localdate()


def week_later() -> datetime.date:
    return today() + datetime.timedelta(days=7)


def open_now(personas, team=None, by=None) -> Pulse:
    return services.pulse_open(
        by=by or personas.leader, team=team or personas.boston, on=today(), days_open=7
    )


def page(client, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code)
    return response.content.decode()


def a_result_of_boston(personas, sellers, comments=()) -> ResultGroup:
    pulse = open_now(personas)
    answer_all(pulse, sellers, today(), comments=comments)
    (group,) = services.pulses_close_due(week_later())
    return group


def test_a_seller_finds_the_open_pulse_on_their_home_page_and_the_questions_behind_it(
    personas, boston_sellers
):
    pulse = open_now(personas)
    client = personas.client("seller")
    home = page(client, reverse("home"))
    assert reverse("pulse:answer", args=[pulse.pk]) in home
    asked = page(client, reverse("pulse:answer", args=[pulse.pk]))
    for question in (
        "Do you believe your manager cares about you?",
        "Do you believe your manager can help you?",
        "Do you believe you can trust your manager?",
        "What could your manager do to earn more of your trust?",
    ):
        assert question in asked
    assert asked.count('type="radio"') == 15
    assert "1 not at all" in asked and "5 fully" in asked
    assert "until at least 5 people have answered" in asked
    assert "never shown alone" in asked and "Nobody sees your answer" in asked
    assert "cannot be changed" in asked


def test_a_seller_answers_once_is_thanked_without_their_answer_and_a_second_answer_is_refused(
    personas, boston_sellers
):
    pulse = open_now(personas)
    client = personas.client("seller")
    path = reverse("pulse:answer", args=[pulse.pk])
    given = {**ANSWER, "comment": "Stop reading my e-mails aloud"}
    response = client.post(path, given)
    assert response.status_code == 302
    thanks = page(client, path)
    assert "Thank you" in thanks
    assert "Stop reading my e-mails aloud" not in thanks and 'type="radio"' not in thanks
    assert reverse("pulse:answer", args=[pulse.pk]) not in page(client, reverse("home"))

    again = client.post(path, {**ANSWER, "care": "1"})
    assert again.status_code == 422
    assert "answered this pulse already" in again.content.decode()
    assert Participation.objects.filter(pulse=pulse).count() == 1
    assert HeldAnswers.objects.get(team=personas.boston).count == 1


def test_an_answer_is_posted_as_sensitive_so_no_error_report_holds_it(personas, boston_sellers):
    pulse = open_now(personas)
    response = personas.client("seller").post(reverse("pulse:answer", args=[pulse.pk]), ANSWER)
    assert set(response.wsgi_request.sensitive_post_parameters) == {
        "care",
        "help",
        "trust",
        "comment",
    }


def test_an_answer_without_a_score_comes_back_with_the_reason_and_nothing_is_recorded(
    personas, boston_sellers
):
    pulse = open_now(personas)
    response = personas.client("seller").post(
        reverse("pulse:answer", args=[pulse.pk]), {"care": "4", "help": "", "trust": "9"}
    )
    assert response.status_code == 422
    assert "Choose from 1 (not at all) to 5 (fully)." in response.content.decode()
    assert not Participation.objects.exists()


def test_only_the_teams_sellers_open_the_answer_page(personas, boston_sellers):
    pulse = open_now(personas)
    for key in ("leader", "director", "other_seller", "other_leader", "admin"):
        assert personas.client(key).get(reverse("pulse:answer", args=[pulse.pk])).status_code == (
            404
        ), key


def test_the_leader_sees_waiting_for_more_answers_until_k_people_have_answered_then_the_result(
    personas, boston_sellers
):
    client = personas.client("leader")
    first = open_now(personas)
    for seller in boston_sellers[:3]:
        seller_client = Client()
        seller_client.force_login(seller.user)
        assert (
            seller_client.post(reverse("pulse:answer", args=[first.pk]), ANSWER).status_code == 302
        )
    services.pulses_close_due(week_later())
    waiting = text_of(page(client, reverse("pulse:home")))
    assert "Waiting for more answers: 3 answers from 3 people to the closed pulse" in waiting
    assert "A result shows when 5 different people have answered" in waiting
    assert "Mean of 5" not in waiting

    # The next pulse brings two more people: five, pooled over both pulses.
    later = week_later() + datetime.timedelta(days=1)
    second = services.pulse_open(by=personas.leader, team=personas.boston, on=later)
    answer_all(second, boston_sellers[3:5], later, score=5)
    services.pulses_close_due(later + datetime.timedelta(days=7))
    shown = page(client, reverse("pulse:home"))
    assert "Waiting for more answers" not in shown
    assert "5 answers" in shown and "Mean of 5" in shown
    # Three answered 4 and two answered 5 to "cares": a mean of 4.4.
    assert "4.4" in shown
    assert "Participation: 5 of 12 asked answered" in shown


def test_a_team_of_six_pools_its_pulses_and_the_trend_shows_each_result(personas, boston_sellers):
    for month in range(2):
        on = today() + datetime.timedelta(days=10 * month)
        pulse = services.pulse_open(by=personas.leader, team=personas.boston, on=on)
        answer_all(pulse, boston_sellers, on, score=3 + month)
        services.pulses_close_due(on + datetime.timedelta(days=7))
    shown = text_of(page(personas.client("leader"), reverse("pulse:home")))
    trend = shown.split("Trend", 1)[1].split("Responses", 1)[0]
    # Each result a row of the trend: the first at 3, the second at 4.
    assert trend.count("6 answers") == 2 and "3.0" in trend and "4.0" in trend


def test_the_director_sees_each_of_their_leaders_teams_and_the_roll_up(personas, boston_sellers):
    a_result_of_boston(personas, boston_sellers)
    denver_sellers = [personas.other_seller]
    for name in ("Pia Lund", "Rui Sato", "Tom Abel", "Uma Dorn"):
        person = _person(name, "Account Executive")
        org.person_join_team(person=person, team=personas.denver, on=ORG_START)
        denver_sellers.append(person)
    denver = services.pulse_open(by=personas.other_leader, team=personas.denver, on=today())
    answer_all(denver, denver_sellers, today(), score=2)
    services.pulses_close_due(week_later())

    shown = page(personas.client("director"), reverse("pulse:home"))
    assert "Boston Enterprise" in shown and "Denver Mid-Market" in shown
    assert "Your teams together" in shown
    assert "11 answers in 2 results of 3 teams" in shown
    # The roll-up of six 4s and five 2s: 34 / 11.
    assert "3.1" in shown


def test_another_leader_another_teams_seller_and_the_administrator_read_no_result(
    personas, boston_sellers
):
    a_result_of_boston(personas, boston_sellers)
    team_path = reverse("pulse:team", args=[personas.boston.pk])
    for key in ("other_leader", "other_seller", "admin"):
        client = personas.client(key)
        assert client.get(team_path).status_code == 404, key
        home = client.get(reverse("pulse:home"), follow=True).content.decode()
        # The administrator lands on participation, which names every team: never a score.
        assert key == "admin" or "Boston Enterprise" not in home, key
        assert "Mean of 5" not in home, key
    for key in ("seller", "seller2", "leader", "director"):
        assert "Mean of 5" in page(personas.client(key), team_path), key


def test_the_administrator_sees_participation_and_the_rules_only(personas, boston_sellers):
    a_result_of_boston(personas, boston_sellers)
    client = personas.client("admin")
    response = client.get(reverse("pulse:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("pulse:participation")
    shown = page(client, reverse("pulse:participation"))
    assert "Boston Enterprise" in shown and "6 of 6" in shown and "100%" in shown
    for score_word in ("Mean", "cares about you", "can help you", "4.0"):
        assert score_word not in shown
    assert reverse("pulse:participation") in page(client, reverse("administration"))

    saved = client.post(
        reverse("pulse:participation"), {"min_answers": 7, "monthly_on_day": 3, "days_open": 5}
    )
    assert saved.status_code == 302
    assert services.rules().min_answers == 7
    refused = client.post(
        reverse("pulse:participation"), {"min_answers": 2, "monthly_on_day": 3, "days_open": 5}
    )
    assert refused.status_code == 422
    for key in ("leader", "director", "seller"):
        assert personas.client(key).get(reverse("pulse:participation")).status_code == 404, key


def test_a_leader_opens_a_pulse_from_the_page_and_a_second_one_while_it_is_open_is_refused(
    personas, boston_sellers
):
    client = personas.client("leader")
    shown = page(client, reverse("pulse:home"))
    assert "Open the pulse of Boston Enterprise" in shown
    opened = client.post(reverse("pulse:open"), {"team": personas.boston.pk, "days_open": 7})
    assert opened.status_code == 302
    pulse = Pulse.objects.get(team=personas.boston)
    assert pulse.closes_on - pulse.opens_on == datetime.timedelta(days=7)
    assert pulse.eligible == 6
    again = client.post(reverse("pulse:open"), {"team": personas.boston.pk, "days_open": 7})
    assert again.status_code == 422
    assert Pulse.objects.count() == 1
    # Another leader's team is no choice of Lena's.
    denver = client.post(reverse("pulse:open"), {"team": personas.denver.pk, "days_open": 7})
    assert denver.status_code == 422
    assert not Pulse.objects.filter(team=personas.denver).exists()


def test_a_director_opens_a_pulse_for_any_team_of_their_leaders(personas):
    client = personas.client("director")
    shown = page(client, reverse("pulse:home"))
    assert f'<option value="{personas.denver.pk}">Denver Mid-Market</option>' in shown
    assert (
        client.post(reverse("pulse:open"), {"team": personas.denver.pk, "days_open": 5}).status_code
        == 302
    )
    assert Pulse.objects.get(team=personas.denver).opened_by == personas.director


def test_the_leaders_response_shows_to_the_team_once_shared_and_never_otherwise(
    personas, boston_sellers
):
    group = a_result_of_boston(personas, boston_sellers)
    leader = personas.client("leader")
    path = reverse("pulse:respond", args=[group.pk])
    assert (
        leader.post(path, {"heard": "You want more of my time", "actions": ""}).status_code == 302
    )
    assert (
        leader.post(
            path,
            {"heard": "You want me to keep confidences", "actions": "Weekly 1:1s", "share": "on"},
        ).status_code
        == 302
    )
    team_path = reverse("pulse:team", args=[personas.boston.pk])
    mine = page(leader, team_path)
    assert "You want more of my time" in mine and "You want me to keep confidences" in mine
    seen = page(personas.client("seller"), team_path)
    assert "You want me to keep confidences" in seen and "Weekly 1:1s" in seen
    assert "You want more of my time" not in seen
    assert "Record the response" not in seen
    # The director reads the leader's responses; the form is the leader's own.
    assert "Record the response" in mine
    above = page(personas.client("director"), team_path)
    assert "You want more of my time" in above and "Record the response" not in above
    assert personas.client("seller").post(path, {"heard": "x"}).status_code == 404
    assert personas.client("other_leader").post(path, {"heard": "x"}).status_code == 404
    assert Response.objects.count() == 2


def test_an_empty_response_comes_back_with_the_reason(personas, boston_sellers):
    group = a_result_of_boston(personas, boston_sellers)
    response = personas.client("leader").post(
        reverse("pulse:respond", args=[group.pk]), {"heard": "  "}
    )
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()


def test_the_teams_page_links_to_its_pulse_for_its_readers_only(personas):
    link = reverse("pulse:team", args=[personas.boston.pk])
    team_page = reverse("team", args=[personas.boston.pk])
    for key in ("seller", "leader", "director"):
        assert link in page(personas.client(key), team_page), key
    for key in ("other_seller", "other_leader", "admin"):
        assert link not in page(personas.client(key), team_page), key


@pytest.mark.parametrize("key", ["leader", "director", "seller"])
def test_the_pulse_is_reached_from_home_and_its_pages_belong_there(personas, key):
    from tests.test_menu import current_items

    home = page(personas.client(key), reverse("home"))
    assert reverse("pulse:home") in home or reverse("pulse:team", args=[personas.boston.pk]) in home
    assert current_items(page(personas.client(key), reverse("pulse:home"))) == ["Home"]


def test_the_participation_page_belongs_to_the_administration(personas):
    from tests.test_menu import current_items

    shown = page(personas.client("admin"), reverse("pulse:participation"))
    assert current_items(shown) == ["Administration"]
