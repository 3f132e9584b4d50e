"""The balance pages as a leader and a director read them: the position in words with its
evidence, the running quarter's figures marked to date, the director's list linking each
leader, the Lead up hub linking the balance, and the API saying what the page says."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from leadwell.asks.models import Ask, AskedDeal
from leadwell.balance import selectors

from ..conftest import deal, text_of
from ..test_menu import current_items

pytestmark = pytest.mark.django_db


@pytest.fixture
def passing_asks_on(personas):
    """Two asks of Lena's last finished quarter, each accepted in full without an assessment
    and asked of a seller: two pressure-passer signals over their threshold."""
    last = selectors.quarters_shown(timezone.localdate())[-2]
    for seller in (personas.seller, personas.seller2):
        ask = Ask.objects.create(
            director=personas.director,
            leader=personas.leader,
            team=personas.boston,
            period_start=last.start,
            amount=Decimal(40_000),
            asked_on=last.start + datetime.timedelta(days=30),
            decision="accepted",
            decided_on=last.start + datetime.timedelta(days=31),
            without_assessment=True,
        )
        wanted = deal(seller, "open", 20_000, last.end - datetime.timedelta(days=4))
        AskedDeal.objects.create(
            ask=ask, opportunity=wanted, seller=seller, amount=20_000, close_date=wanted.close_date
        )


def get(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def section(page: str, element_id: str) -> str:
    found = re.search(rf'<section [^>]*id="{element_id}".*?</section>', page, re.S)
    assert found is not None, element_id
    return found.group(0)


def test_a_leader_drifting_reads_the_position_and_the_evidence_for_it(personas, passing_asks_on):
    page = get(personas.client("leader"), "/balance/")
    position = text_of(section(page, "position"))
    assert "Drifting toward passing the pressure on" in position
    # Of the pressure-passer signals with figures: the asks, and the conditioned customers.
    assert "2 of 3 pressure-passer signals" in " ".join(position.split())
    assert "2 extra asks accepted without an assessment" in position
    assert "2 of 2 decided asks passed to the sellers in full" in position
    assert "The better way" in position and "Assess every extra ask" in position
    # Each piece of evidence leads to its signal below.
    assert 'href="#signal-unassessed_asks"' in page and 'id="signal-unassessed_asks"' in page


def test_a_leader_in_balance_reads_that_no_signal_is_over_its_threshold(personas):
    position = text_of(section(get(personas.client("leader"), "/balance/"), "position"))
    assert "In balance" in position
    assert "No signal is over its threshold." in position
    assert "Drifting" not in position


def test_only_the_running_quarters_column_is_marked_to_date(personas, passing_asks_on):
    page = get(personas.client("leader"), "/balance/")
    running = selectors.quarters_shown(timezone.localdate())[-1]
    signal = re.search(r'id="signal-unassessed_asks".*?</article>', page, re.S)
    assert signal is not None
    headers = [
        " ".join(text_of(h).split())
        for h in re.findall(r"<th [^>]*>.*?</th>", signal.group(0), re.S)
    ]
    assert len(headers) == 9
    assert headers[-1] == f"{running.short_label} to date"
    assert not any("to date" in h for h in headers[:-1])
    # The asks of the quarter so far count already, and the evidence says so.
    assert "Last 4 quarters and this one so far: 2 extra asks" in " ".join(
        text_of(signal.group(0)).split()
    )
    conditioned = re.search(r'id="signal-conditioned_customers".*?</article>', page, re.S)
    assert conditioned is not None
    assert "Last 4 quarters: 0 customers conditioned, or nearly" in text_of(conditioned.group(0))
    # The cells say it too, for the phone's stacked table.
    assert f'data-label="{running.short_label} (to date)"' in signal.group(0)


def test_a_signal_with_nothing_measured_says_so_rather_than_within(personas):
    page = get(personas.client("leader"), "/balance/")
    coverage = re.search(r'id="signal-next_quarter_coverage".*?</article>', page, re.S)
    assert coverage is not None
    assert "No figures yet" in coverage.group(0) and "Within" not in coverage.group(0)


def test_the_leaders_own_page_says_who_else_reads_it(personas):
    page = text_of(get(personas.client("leader"), "/balance/"))
    assert "only you and the line above you see it" in page


def test_the_directors_list_links_each_leader_to_their_balance(personas, passing_asks_on):
    page = get(personas.client("director"), "/balance/")
    for leader in (personas.leader, personas.other_leader):
        assert f'<a href="/balance/leaders/{leader.pk}/">{leader.name}</a>' in page
    lena = re.search(r"<tr>\s*<th scope=\"row\"><a [^>]*>Lena Hart</a>.*?</tr>", page, re.S)
    assert lena is not None
    assert "Drifting toward passing the pressure on" in lena.group(0)
    assert "2 of 3 over" in lena.group(0)


def test_the_director_reading_a_leader_is_told_it_is_a_mirror_not_a_ranking(
    personas, passing_asks_on
):
    page = text_of(get(personas.client("director"), f"/balance/leaders/{personas.leader.pk}/"))
    assert "Balance: Lena Hart" in page
    assert "nobody below Lena Hart sees it" in page
    assert "Drifting toward passing the pressure on" in page
    assert "All your leaders' balance" in page


def test_the_lead_up_hub_links_the_balance_for_a_leader_and_a_director(personas):
    for viewer, words in (("leader", "Your balance"), ("director", "Your leaders' balance")):
        page = get(personas.client(viewer), "/lead-up/")
        link = re.search(r'<li id="lead-up-balance"><a href="/balance/">([^<]*)</a>', page)
        assert link is not None, viewer
        assert link.group(1) == words


@pytest.mark.parametrize("drifting", [False, True])
def test_the_api_gives_the_position_the_page_shows(personas, request, drifting):
    if drifting:
        request.getfixturevalue("passing_asks_on")
    page = text_of(get(personas.client("director"), f"/balance/leaders/{personas.leader.pk}/"))
    answer = personas.api("director").get(f"/api/v1/balance/leaders/{personas.leader.pk}").json()
    position = answer["position"]
    assert position["headline"] in page
    assert position["lean"] == ("pressure" if drifting else "balanced")
    said = f"{position['pressure_over']} of {position['pressure_measured']} pressure-passer"
    assert said in " ".join(page.split())
    over = {s["key"] for s in answer["signals"] if s["over_threshold"]}
    assert over == ({"unassessed_asks", "asks_passed_on"} if drifting else set())


def test_the_api_marks_the_running_quarter_of_each_signal(personas, passing_asks_on):
    answer = personas.api("leader").get("/api/v1/balance").json()
    running = selectors.quarters_shown(timezone.localdate())[-1]
    for signal in answer["signals"]:
        quarters = signal["quarters"]
        assert len(quarters) == 9
        assert [q["running"] for q in quarters] == [False] * 8 + [True]
        assert quarters[-1]["quarter"] == running.name
    (asks,) = [s for s in answer["signals"] if s["key"] == "unassessed_asks"]
    assert asks["value"] == 2 and asks["quarters"][-2]["value"] == 2
    assert asks["evidence"] == "2 extra asks accepted without an assessment"


def test_the_balance_pages_sit_under_lead_up_in_the_menu(personas):
    for viewer, path in (
        ("leader", "/balance/"),
        ("director", "/balance/"),
        ("director", f"/balance/leaders/{personas.leader.pk}/"),
    ):
        assert current_items(get(personas.client(viewer), path)) == ["Lead up"], (viewer, path)
