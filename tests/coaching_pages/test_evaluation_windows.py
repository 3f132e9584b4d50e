"""The evaluation page measures an assignment over whole months only, once a whole month has
passed since it started; an outcome that goes against the figures needs the leader's note; and
saved ratings show in the rating fields.

Today is fixed at Wednesday 18 June 2025. Sam's won deals, month by month (the sales cycle is
lower-is-better):

    Feb 2025  cycle 60 days     Mar 2025  cycle 60 days     (before an assignment of 10 April)
    Apr 2025  cycle 30 days     May 2025  cycle 20 days     (since it started)
    Jun 2025  cycle 200 days    (the running month: never counted)
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from leadwell.coaching import services
from leadwell.coaching.models import Assignment, Evaluation
from leadwell.metrics.compute import recompute
from tests.conftest import deal, text_of

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 6, 18)


@pytest.fixture
def fixed_today(monkeypatch):
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return TODAY if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)
    return TODAY


@pytest.fixture
def cycle(personas, fixed_today):
    """Sam's sales-cycle coaching item (as if opened from the gap)."""
    sam = personas.seller
    for day, days in [((2, 12), 60), ((3, 12), 60), ((4, 20), 30), ((5, 20), 20), ((6, 5), 200)]:
        deal(sam, "won", 10_000, datetime.date(2025, *day), cycle_days=days)
    recompute(today=TODAY)
    item = services.item_open(person=sam, by=personas.leader, title="Deals take too long")
    item.metric = "sales_cycle_days"
    item.save()
    personas.item = item  # type: ignore[attr-defined]
    return personas


def assign(personas, started_on: datetime.date) -> Assignment:
    return services.assignment_add(
        item=personas.item, by=personas.leader, title="Mutual close plans", started_on=started_on
    )


def page_of(client, assignment: Assignment) -> str:
    response = client.get(reverse("coaching:assignment_evaluate", args=[assignment.pk]))
    assert response.status_code == 200
    return response.content.decode()


def evaluate(client, assignment: Assignment, **fields):
    url = reverse("coaching:assignment_evaluate", args=[assignment.pk])
    return client.post(url, {"was_done": "yes", "outcome": "closed", **fields})


def test_an_assignment_started_on_the_10th_of_this_month_is_not_measured_yet(cycle):
    assignment = assign(cycle, datetime.date(2025, 6, 10))
    leader = cycle.client("leader")
    page = page_of(leader, assignment)
    assert (
        "This assignment will be measured from 10 Jul 2025 "
        "(one whole month after it started on 10 Jun 2025)." in text_of(page)
    )
    # No before/after comparison, and no verdict on the figures.
    assert "Before the assignment" not in page and "Improved" not in page
    assert "Not improved" not in page

    # The leader may still record their judgement and a note: it is kept without figures.
    response = evaluate(leader, assignment, outcome="continue", note="Too early to tell.")
    item_url = reverse("coaching:item", args=[cycle.item.pk])
    assert response["Location"] == item_url
    evaluation = Evaluation.objects.get(assignment=assignment)
    assert evaluation.metric == "" and evaluation.note == "Too early to tell."
    assert evaluation.before_value is None and evaluation.after_value is None
    assert evaluation.after_from is None
    page = leader.get(item_url).content.decode()
    assert "Evaluated before a whole month had passed since it started: not measured." in page


def test_an_assignment_started_two_months_ago_is_measured_over_the_whole_months_since(cycle):
    assignment = assign(cycle, datetime.date(2025, 4, 10))
    page = page_of(cycle.client("leader"), assignment)
    assert "will be measured from" not in page
    # April and May since; February and March before. June is still running: its 200-day
    # deal is not counted.
    assert "1 Apr 2025 \u2013 31 May 2025 (2 months)" in text_of(page)
    assert "1 Feb 2025 \u2013 31 Mar 2025 (2 months)" in text_of(page)
    # The cycle went down from 60 to 25 days: for a lower-is-better metric, an improvement.
    before, since = page.split("Before the assignment")[1], page.split("Since it started")[1]
    assert ">60 days<" in before.split("</tr>")[0] and ">25 days<" in since.split("</tr>")[0]
    assert '<strong class="ok">Improved</strong>' in page


def test_an_outcome_against_the_figures_without_a_note_is_refused_and_the_typed_values_kept(
    cycle,
):
    assignment = assign(cycle, datetime.date(2025, 4, 10))
    response = evaluate(
        cycle.client("leader"),
        assignment,
        was_done="no",
        outcome="new_cause",
        leader_rating_after="3",
    )
    assert response.status_code == 200
    page = response.content.decode()
    message = (
        "Sales cycle improved since the assignment started, yet the outcome is "
        "“New root cause”: say in the note why."
    )
    # The message is beside the note field (and in the summary above the form).
    beside = page.split('id="note"')[1].split("</div>")[0]
    assert message in beside and 'aria-invalid="true"' in page
    assert '<input type="radio" name="was_done" value="no" checked>' in page
    assert 'value="new_cause" checked' in page
    assert '<option value="3" selected>' in page
    assert not Evaluation.objects.filter(assignment=assignment).exists()


def test_an_outcome_against_the_figures_with_a_note_is_saved(cycle):
    assignment = assign(cycle, datetime.date(2025, 4, 10))
    note = "Shorter cycles came from two small renewals; the new deals still stall at legal."
    response = evaluate(cycle.client("leader"), assignment, outcome="new_cause", note=note)
    assert response.status_code == 302
    evaluation = Evaluation.objects.get(assignment=assignment)
    assert evaluation.outcome == "new_cause" and evaluation.note == note
    assert (evaluation.before_value, evaluation.after_value) == (60, 25)


def test_a_closed_gap_the_figures_agree_with_needs_no_note(cycle):
    assignment = assign(cycle, datetime.date(2025, 4, 10))
    assert evaluate(cycle.client("leader"), assignment).status_code == 302
    assert Evaluation.objects.get(assignment=assignment).outcome == "closed"


def test_saved_ratings_show_selected_when_the_forms_are_opened_again(cycle):
    assignment = assign(cycle, datetime.date(2025, 4, 10))
    leader, seller = cycle.client("leader"), cycle.client("seller")
    rate = reverse("coaching:assignment_rate", args=[assignment.pk])
    leader.post(rate, {"before": "2", "after": "4"})
    seller.post(rate, {"before": "3"})
    item_url = reverse("coaching:item", args=[cycle.item.pk])

    def selected(page: str, select_id: str) -> list[str]:
        options = page.split(f'id="{select_id}"')[1].split("</select>")[0]
        return [o.split('"')[0] for o in options.split('<option value="')[1:] if "selected" in o]

    page = leader.get(item_url).content.decode()
    assert selected(page, f"rate-before-{assignment.pk}") == ["2"]
    assert selected(page, f"rate-after-{assignment.pk}") == ["4"]
    # Each side sees their own ratings: Sam his before, and no after yet.
    page = seller.get(item_url).content.decode()
    assert selected(page, f"rate-before-{assignment.pk}") == ["3"]
    assert selected(page, f"rate-after-{assignment.pk}") == []
    # The evaluation form shows the leader's saved rating after.
    assert selected(page_of(leader, assignment), "rating") == ["4"]
