"""The director's roll-up: a leadership team (its members lead the teams below) counts the sum of
the teams its members lead; a leader's own scorecard shows the team they lead; the office and
organisation drill-downs add up to the totals above them.

The shared personas (tests/conftest.py): Dana Whitfield leads Leadership, whose members are
Lena Hart (leads Boston Enterprise: Sam Ortiz, Sofia Berg) and Owen Clarke (leads Denver
Mid-Market: Omar Reyes). Ada Ng, the administrator, is on no team.
"""

import datetime
import re

import pytest
from django.urls import reverse

from leadwell.crm.models import Quota
from leadwell.lib.periods import PeriodKind, period_of
from leadwell.metrics import selectors
from leadwell.metrics.compute import recompute
from leadwell.metrics.models import NO_OFFICE_ID, ORG_ID, Scope
from leadwell.org.models import Office, Person
from tests.conftest import deal, stored_figure
from tests.crm.helpers import import_file, write

pytestmark = pytest.mark.django_db

Q2 = period_of(datetime.date(2025, 4, 1), PeriodKind.QUARTER)
DAY = datetime.date(2025, 5, 10)
PERIOD = f"?period={Q2.name}"


@pytest.fixture(autouse=True)
def _calendar_quarters(settings):
    settings.FISCAL_YEAR_START_MONTH = 1


@pytest.fixture
def results(personas):
    """Sam won 30,000 and Sofia 20,000 in Boston, Omar 5,000 in Denver, Owen (a leader who also
    sells) 7,000 of his own, and Ada, on no team, 1,000; Boston's sellers carry quotas."""
    deal(personas.seller, "won", 30_000, DAY)
    deal(personas.seller2, "won", 20_000, DAY)
    deal(personas.seller, "lost", 9_000, DAY)
    deal(personas.other_seller, "won", 5_000, DAY)
    deal(personas.other_leader, "won", 7_000, DAY)
    deal(personas.admin, "won", 1_000, DAY)
    for seller in (personas.seller, personas.seller2):
        Quota.objects.create(
            person=seller, period_kind="quarter", period_start=Q2.start, amount=50_000
        )
    recompute(today=datetime.date(2025, 11, 1))
    return personas


def value(kind: str, scope_id: int, metric: str = "bookings") -> float:
    return stored_figure(kind, scope_id, Q2, metric) or 0.0


def test_the_leadership_teams_bookings_are_the_sum_of_its_leaders_teams_and_their_own(results):
    p = results
    assert value(Scope.TEAM, p.boston.pk) == 50_000
    # Owen's own deal counts for Leadership (he is its member), not for the team he leads.
    assert value(Scope.TEAM, p.denver.pk) == 5_000
    assert value(Scope.TEAM, p.leadership.pk) == 50_000 + 5_000 + 7_000
    assert value(Scope.TEAM, p.leadership.pk, "deals_won") == 4
    assert value(Scope.TEAM, p.leadership.pk, "win_rate") == pytest.approx(4 / 5)
    # Each seller once: the offices and the organisation are not counted twice over.
    assert value(Scope.OFFICE, p.boston_office.parent_id) == 62_000
    assert value(Scope.ORG, ORG_ID) == 63_000


def test_the_leadership_team_page_lists_each_leaders_team_not_the_leaders_as_sellers(results):
    p = results
    client = p.client("director")
    html = client.get(reverse("metrics:team", args=[p.leadership.pk]) + PERIOD).content.decode()
    assert "Teams led by its members" in html
    for team, leader in [(p.boston, p.leader), (p.denver, p.other_leader)]:
        row = re.search(rf'<tr data-team="{team.pk}">.*?</tr>', html, re.S)
        assert row is not None
        assert reverse("metrics:team", args=[team.pk]) in row.group(0)
        assert leader.name in row.group(0)
    sellers = html.split("Members' own deals")[1]
    # Lena sold nothing herself: she is Boston's row, never a seller with zero. Owen sold.
    assert reverse("metrics:person", args=[p.leader.pk]) not in sellers
    assert reverse("metrics:person", args=[p.other_leader.pk]) in sellers

    scorecard = selectors.team_scorecard(p.user("director"), p.leadership, Q2)
    assert [led.team for led in scorecard.teams] == [p.boston, p.denver]
    assert [led.leader for led in scorecard.teams] == [p.leader, p.other_leader]
    assert [card.name for card in scorecard.sellers] == [p.other_leader.name]
    # The wins of the sellers of the teams below are recognised on the leadership team's page.
    assert {name for name, _, _ in scorecard.wins} == {
        p.seller.name,
        p.seller2.name,
        p.other_seller.name,
        p.other_leader.name,
    }


def test_a_leaders_own_scorecard_shows_the_team_they_lead(results):
    p = results
    for viewer in ("leader", "director"):
        html = (
            p.client(viewer)
            .get(reverse("metrics:person", args=[p.leader.pk]) + PERIOD)
            .content.decode()
        )
        assert "The team Lena Hart leads" in html
        row = re.search(rf'<tr data-team="{p.boston.pk}">.*?</tr>', html, re.S)
        assert row is not None
        assert reverse("metrics:team", args=[p.boston.pk]) in row.group(0)
        assert "50,000" in row.group(0)  # bookings, and the quota of 100,000
        assert "100,000" in row.group(0)
        assert "50.0%" in row.group(0)


def test_a_sellers_scorecard_shows_no_team_led(results):
    html = results.client("seller").get(
        reverse("metrics:person", args=[results.seller.pk]) + PERIOD
    )
    assert "leads</h2>" not in html.content.decode()


def drill_rows(client, url: str) -> list[tuple[str, str, str]]:
    html = client.get(url + PERIOD).content.decode()
    table = html.split("<h2>Drill down</h2>")[1].split("</table>")[0]
    return re.findall(r'<tr data-row="(\w+)">\s*<th scope="row">(.*?)</th>(.*?)</tr>', table, re.S)


def test_the_organisations_totals_are_the_sum_of_its_drill_down_rows(results):
    p = results
    rows = selectors.drill_down_rows(p.user("director"), None, Q2)
    summed = [row for row in rows if row.in_sum]
    assert [row.kind for row in summed] == ["office", "none"]
    org = selectors.group_cards(Scope.ORG, [None], Q2)[0]
    for metric in ("bookings", "deals_won"):
        assert sum(row.card.value(metric) or 0 for row in summed) == org.value(metric)
    # Ada's deal, on no team, is the "No office" row's, not dropped.
    assert value(Scope.OFFICE, NO_OFFICE_ID) == 1_000
    found = drill_rows(p.client("director"), reverse("metrics:org"))
    assert [kind for kind, _, _ in found] == ["office", "none"]
    assert "No office" in found[1][1]


def test_an_office_created_by_an_import_appears_in_the_organisations_drill_down(results, tmp_path):
    p = results
    people = "Name,Manager,Office\nNia Park,,Austin office\nTom Lee,Nia Park,Austin office\n"
    run = import_file(write(tmp_path, people), "people")
    assert run.status == "succeeded", run.errors
    austin = Office.objects.get(name="Austin office")
    deal(Person.objects.get(name="Tom Lee"), "won", 4_000, DAY)
    recompute(today=datetime.date(2025, 11, 1))

    rows = selectors.drill_down_rows(p.user("director"), None, Q2)
    (row,) = [row for row in rows if row.group == austin]
    assert row.card.value("bookings") == 4_000
    org = selectors.group_cards(Scope.ORG, [None], Q2)[0]
    assert sum(r.card.value("bookings") or 0 for r in rows if r.in_sum) == org.value("bookings")
    found = drill_rows(p.client("director"), reverse("metrics:org"))
    assert any("Austin office" in name for _, name, _ in found)


def test_the_directors_home_lists_each_leaders_team_with_its_figures(results):
    p = results
    html = p.client("director").get(reverse("home")).content.decode()
    for team in (p.boston, p.denver):
        table = re.search(
            rf'<table class="table team-figures" data-team="{team.pk}">.*?</table>', html, re.S
        )
        assert table is not None
        assert reverse("metrics:team", args=[team.pk]) in table.group(0)
    boston = re.search(rf'data-team="{p.boston.pk}">.*?</table>', html, re.S).group(0)  # type: ignore[union-attr]
    assert "Bookings" in boston and "Quota attainment" in boston
    assert "50,000" in boston and "100,000" in boston and "50.0%" in boston


def test_the_directors_home_judges_a_quarter_in_progress_against_pace(personas, monkeypatch):
    today = datetime.date(2025, 5, 15)  # halfway through the second quarter
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: today)
    deal(personas.seller, "won", 20_000, datetime.date(2025, 4, 20))
    Quota.objects.create(
        person=personas.seller, period_kind="quarter", period_start=Q2.start, amount=100_000
    )
    recompute(today=today)
    expected = selectors.group_cards(Scope.TEAM, [personas.boston], Q2, today=today)[0]
    bookings = expected.line("bookings")
    assert bookings.paced and bookings.target < 100_000

    html = personas.client("director").get(reverse("home")).content.decode()
    boston = re.search(rf'data-team="{personas.boston.pk}">.*?</table>', html, re.S).group(0)  # type: ignore[union-attr]
    assert "Against pace" in boston
    assert (
        f"{bookings.of_pace * 100:.1f}% of the {bookings.target:,.0f} expected by today" in boston
    )
