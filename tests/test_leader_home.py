"""The leader's home says which seller needs them this week, and why; the person page links to
what the viewer may open about the person; the menu takes a seller to their team and a leader
to their own goals and plan."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from leadwell.coaching import services as coaching
from leadwell.coaching.models import AssignmentTemplate, Meeting
from leadwell.crm.models import Quota
from leadwell.lib.periods import period_of
from leadwell.metrics import selectors as metrics
from leadwell.metrics.compute import recompute
from leadwell.metrics.models import Target
from leadwell.org import services as org
from leadwell.web.leader_home import leader_home

from .conftest import ORG_START, deal, text_of

pytestmark = pytest.mark.django_db


def today() -> datetime.date:
    return timezone.localdate()


def quarter():
    return period_of(today(), "quarter")


def line_of(html: str, person) -> str:
    found = re.search(
        rf'<li class="report-line" data-person="{person.pk}">(.*?)</li>', html, re.DOTALL
    )
    assert found, f"no line for {person.name}"
    return found.group(1)


@pytest.fixture
def figures(personas):
    """This quarter: Sam is far behind his quota and below the team's win-rate standard (two
    gaps); Sofia has won more than her quota already."""
    start = quarter().start
    deal(personas.seller, "won", 1_000, start)
    deal(personas.seller, "lost", 1_000, start)
    deal(personas.seller, "lost", 1_000, start)
    deal(personas.seller2, "won", 90_000, start)
    deal(personas.seller2, "won", 90_000, start)
    for who in (personas.seller, personas.seller2):
        Quota.objects.create(person=who, period_kind="quarter", period_start=start, amount=100_000)
    Target.objects.create(team=personas.boston, metric="win_rate", value=0.8, valid_from=start)
    recompute(today=today())
    return personas


def test_the_leader_sees_one_line_per_direct_report_with_the_scorecard_figures(figures):
    html = figures.client("leader").get(reverse("home")).content.decode()
    assert "Who needs you this week" in html
    assert html.count('class="report-line"') == 2
    assert "Omar Reyes" not in line_of(html, figures.seller)  # another leader's seller
    card = metrics.person_card(figures.seller, quarter(), with_trend=False)
    sam = line_of(html, figures.seller)
    assert len(card.gaps) >= 2
    assert f"{len(card.gaps)} gaps" in sam
    assert "1 win this period" in sam
    assert "Attainment to date 1.0%" in sam or "Attainment 1.0%" in sam
    sofia = line_of(html, figures.seller2)
    assert "2 wins this period" in sofia


def test_the_seller_most_behind_pace_comes_first(figures):
    html = figures.client("leader").get(reverse("home")).content.decode()
    assert html.index(f'data-person="{figures.seller.pk}"') < html.index(
        f'data-person="{figures.seller2.pk}"'
    )
    assert "Most behind pace first" in html
    lines = leader_home(figures.user("leader"), figures.leader, today()).lines
    assert [line.person for line in lines] == [figures.seller, figures.seller2]


def test_each_line_links_to_the_sellers_scorecard_gaps_coaching_plan_and_1_1(figures):
    series = coaching.series_start(leader=figures.leader, report=figures.seller)
    html = figures.client("leader").get(reverse("home")).content.decode()
    sam = line_of(html, figures.seller)
    for url in [
        reverse("metrics:person", args=[figures.seller.pk]),
        reverse("metrics:gaps", args=[figures.seller.pk]),
        reverse("coaching:person", args=[figures.seller.pk]),
        reverse("coaching:plan", args=[figures.seller.pk]),
        reverse("one_on_ones:series", args=[series.pk]),
        reverse("person", args=[figures.seller.pk]),
    ]:
        assert f'href="{url}' in sam, url


def test_gaps_without_a_coaching_item_are_counted(figures):
    html = figures.client("leader").get(reverse("home")).content.decode()
    card = metrics.person_card(figures.seller, quarter(), with_trend=False)
    assert f"{len(card.gaps)} without a coaching item" in line_of(html, figures.seller)
    gap = card.line("win_rate")
    coaching.item_open(
        person=figures.seller, by=figures.leader, metric=gap.metric.key, period=quarter()
    )
    html = figures.client("leader").get(reverse("home")).content.decode()
    assert f"{len(card.gaps) - 1} without a coaching item" in line_of(html, figures.seller)


def test_assignments_waiting_for_evaluation_and_the_plans_next_review_show(figures):
    item = coaching.item_open(person=figures.seller, by=figures.leader, title="Discovery")
    assignment = coaching.assignment_add(
        item=item,
        by=figures.leader,
        template=AssignmentTemplate.objects.order_by("pk").first(),
    )
    coaching.assignment_complete(assignment=assignment, by=figures.seller)
    plan = coaching.plan_save(person=figures.seller, strengths="Persistent")
    html = figures.client("leader").get(reverse("home")).content.decode()
    sam = line_of(html, figures.seller)
    assert "1 assignment waiting for your evaluation" in sam
    due = plan.review_due_on(None)
    assert f"Plan review due {due.day} {due:%b} {due.year}" in text_of(sam)
    assert "no development plan yet" in line_of(html, figures.seller2)


def test_a_late_1_1_is_marked_and_a_missing_one_offers_to_plan_one(figures):
    series = coaching.series_start(leader=figures.leader, report=figures.seller)
    series.started_on = today() - datetime.timedelta(days=60)
    series.save(update_fields=["started_on"])
    Meeting.objects.create(
        series=series, scheduled_on=today() - datetime.timedelta(days=3), status="missed"
    )
    html = figures.client("leader").get(reverse("home")).content.decode()
    sam = line_of(html, figures.seller)
    assert '<span class="tag late">1 missed</span>' in sam
    assert "No 1:1 planned — plan one" in sam
    sofia = line_of(html, figures.seller2)
    assert f'<a href="{reverse("one_on_ones:list")}">No 1:1 planned — plan one</a>' in sofia
    planned = coaching.meeting_next(series=series, by=figures.leader)
    html = figures.client("leader").get(reverse("home")).content.decode()
    on = planned.scheduled_on
    assert f"Next 1:1 {on:%a} {on.day} {on:%b} {on.year}" in text_of(line_of(html, figures.seller))


def test_a_leader_without_direct_reports_is_told_so(personas):
    for membership in personas.boston.memberships.filter(role="member"):
        membership.valid_until = ORG_START + datetime.timedelta(days=1)
        membership.save()
    html = personas.client("leader").get(reverse("home")).content.decode()
    assert "Who needs you this week" in html
    assert "Nobody reports to you yet" in html


def home_queries(personas) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert personas.client("leader").get(reverse("home")).status_code == 200
    return len(captured)


def test_the_leaders_home_runs_as_many_queries_for_many_sellers_as_for_few(figures):
    for who in (figures.seller, figures.seller2):
        coaching.series_start(leader=figures.leader, report=who)
        coaching.plan_save(person=who, strengths="Persistent")
    few = home_queries(figures)
    for i in range(4):
        person = org.person_create(name=f"Extra Seller {i}", title="Account Executive")
        org.person_join_team(person=person, team=figures.boston, on=ORG_START)
        coaching.series_start(leader=figures.leader, report=person)
        coaching.plan_save(person=person, strengths="Persistent")
        item = coaching.item_open(person=person, by=figures.leader, title="Discovery")
        coaching.assignment_add(
            item=item, by=figures.leader, template=AssignmentTemplate.objects.first()
        )
        deal(person, "won", 5_000, quarter().start)
    recompute(today=today())
    many = home_queries(figures)
    html = figures.client("leader").get(reverse("home")).content.decode()
    assert html.count('class="report-line"') == 6
    assert many <= few


# -- The person page --------------------------------------------------------------------------


def person_links(personas, viewer: str, person) -> set[str]:
    response = personas.client(viewer).get(reverse("person", args=[person.pk]))
    assert response.status_code == 200
    found = re.search(r'<nav class="actions person-links".*?</nav>', response.content.decode())
    if not found:
        return set()
    return set(re.findall(r">([^<]+)</a>", found.group(0)))


EVERYTHING = {"Scorecard", "Gaps", "Coaching", "Goals", "Development plan", "Leading yourself"}


def test_the_person_page_links_the_leader_to_everything_about_their_seller(personas):
    series = coaching.series_start(leader=personas.leader, report=personas.seller)
    assert person_links(personas, "leader", personas.seller) == EVERYTHING | {"1:1s"}
    html = personas.client("leader").get(reverse("person", args=[personas.seller.pk]))
    assert reverse("one_on_ones:series", args=[series.pk]) in html.content.decode()


def test_the_person_page_links_a_seller_to_their_own_pages(personas):
    assert person_links(personas, "seller", personas.seller) == EVERYTHING | {"1:1s"}


def test_a_peer_finds_no_person_page_and_an_administrator_one_without_confidential_links(
    personas,
):
    coaching.series_start(leader=personas.leader, report=personas.seller)
    url = reverse("person", args=[personas.seller.pk])
    assert personas.client("seller2").get(url).status_code == 404
    assert personas.client("other_leader").get(url).status_code == 404
    assert person_links(personas, "admin", personas.seller) == set()
    text = personas.client("admin").get(url).content.decode()
    assert reverse("metrics:person", args=[personas.seller.pk]) not in text
    assert reverse("coaching:person", args=[personas.seller.pk]) not in text


def test_the_person_page_links_a_director_to_what_the_line_sees_but_not_a_leaders_1_1(
    personas,
):
    coaching.series_start(leader=personas.leader, report=personas.seller)
    assert person_links(personas, "director", personas.seller) == EVERYTHING


# -- The menu ---------------------------------------------------------------------------------


def test_a_seller_reaches_their_teams_totals_and_recognition_from_the_menu(personas):
    client = personas.client("seller")
    html = client.get(reverse("home")).content.decode()
    assert f'<a href="{reverse("my-team")}">My team</a>' in html
    response = client.get(reverse("my-team"))
    assert response.url == reverse("metrics:team", args=[personas.boston.pk])
    assert client.get(response.url).status_code == 200


def test_a_leader_reaches_their_own_goals_and_plan_from_the_menus_leadership_hub(personas):
    client = personas.client("leader")
    html = client.get(reverse("home")).content.decode()
    hub = reverse("leadership:home")
    assert f'<a href="{hub}">Leadership</a>' in html
    goals = reverse("coaching:goals", args=[personas.leader.pk])
    assert f'href="{goals}"' in client.get(hub).content.decode()
    page = client.get(goals).content.decode()
    assert reverse("coaching:plan", args=[personas.leader.pk]) in page
    assert "My team</a>" not in html


def test_the_scorecard_the_coaching_pages_and_the_home_count_sams_gaps_alike(figures):
    """Every gap counts on the team scorecard and the home; the coaching pages count those
    no coaching item works on yet, and say so, and the home gives that count too."""
    period = quarter()
    card = metrics.person_card(figures.seller, period, with_trend=False)
    gaps = len(card.gaps)
    client = figures.client("leader")

    def counts() -> tuple[str, str, str, str]:
        team = client.get(reverse("metrics:team", args=[figures.boston.pk])).content.decode()
        scorecard_row = team.split(f'?period={period.name}">Sam Ortiz</a>', 1)[1]
        coaching_team = client.get(reverse("coaching:team", args=[figures.boston.pk]))
        coaching_row = coaching_team.content.decode().split(f'data-person="{figures.seller.pk}"')
        person = client.get(reverse("coaching:person", args=[figures.seller.pk])).content
        home = line_of(client.get(reverse("home")).content.decode(), figures.seller)
        untaken = re.search(r'data-count="gaps">(\d+)<', coaching_row[1])
        assert untaken
        return scorecard_row.split("</tr>", 1)[0], untaken[1], person.decode(), home

    scorecard, untaken, person, home = counts()
    assert f"{gaps} gaps</a>" in scorecard
    assert untaken == str(gaps)
    assert f"{gaps} gaps on the scorecard in {period.short_label}" in person
    assert f'{gaps} gaps, <span class="gap">{gaps} without a coaching item</span>' in home

    coaching.item_open(
        person=figures.seller, by=figures.leader, metric=card.gaps[0].metric.key, period=period
    )

    scorecard, untaken, person, home = counts()
    assert f"{gaps} gaps</a>" in scorecard
    assert untaken == str(gaps - 1)
    assert f"{gaps} gaps on the scorecard in {period.short_label}" in person
    assert f'{gaps} gaps, <span class="gap">{gaps - 1} without a coaching item</span>' in home
