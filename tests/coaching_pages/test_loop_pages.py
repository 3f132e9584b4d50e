"""The coaching loop through its pages: a gap becomes a coaching item, is diagnosed together,
gets an assignment from the library, is marked done by the seller and evaluated by the leader
against the metric re-measured before and since; plus goals, plans and the home page flags."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from leadwell.coaching import services
from leadwell.coaching.models import (
    Assignment,
    AssignmentTemplate,
    CoachingItem,
    DevelopmentPlan,
    Evaluation,
    OneOnOneSeries,
    PersonalGoal,
    Skill,
)
from leadwell.org import services as org_services
from tests.coaching_pages.conftest import PERIOD, this_month
from tests.conftest import ORG_START, text_of

pytestmark = pytest.mark.django_db


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_gap_page_offers_the_line_to_open_a_coaching_item_and_the_seller_not(results):
    url = reverse("metrics:gaps", args=[results.seller.pk]) + f"?period={PERIOD}"
    action = reverse("coaching:item_open", args=[results.seller.pk])
    assert action in html_of(results.client("leader").get(url))
    assert action not in html_of(results.client("seller").get(url))


def test_the_whole_loop_through_the_pages(results, monkeypatch):
    leader, seller = results.client("leader"), results.client("seller")
    coaching = reverse("coaching:person", args=[results.seller.pk]) + f"?period={PERIOD}"

    # The win-rate gap has no item yet; the leader opens one from it.
    page = html_of(leader.get(coaching))
    untaken = page.split('id="untaken"')[1].split("</section>")[0]
    assert "Win rate" in untaken and "short by 13.3 pp" in untaken
    opened = leader.post(
        reverse("coaching:item_open", args=[results.seller.pk]),
        {"metric": "win_rate", "period": PERIOD},
    )
    item = CoachingItem.objects.get(person=results.seller, metric="win_rate")
    assert opened["Location"] == reverse("coaching:item", args=[item.pk])
    item_url = opened["Location"]
    page = html_of(leader.get(item_url))
    assert "Win rate in Q2 FY2025: <strong>66.7%</strong>" in page
    assert "target of <strong>80.0%</strong>" in page
    # Skills that often explain a win-rate gap come first.
    assert page.index("Discovery") < page.index("Time management")
    untaken = html_of(leader.get(coaching)).split('id="untaken"')[1].split("</section>")[0]
    assert "Win rate" not in untaken  # taken up now

    # Both diagnose: the seller gives their view, the leader the root cause and evidence.
    discovery = Skill.objects.get(name="Discovery")
    seller.post(
        reverse("coaching:item_diagnose", args=[item.pk]),
        {"seller_view": "I jump to the demo too early", "evidence": ""},
    )
    leader.post(
        reverse("coaching:item_diagnose", args=[item.pk]),
        {
            "skills": [discovery.pk],
            "evidence": "Lost deals had no pain identified",
            "seller_view": "I jump to the demo too early",
        },
    )
    item.refresh_from_db()
    assert list(item.skills.all()) == [discovery]
    assert item.seller_view == "I jump to the demo too early"

    # The leader assigns from the library: the assignments developing Discovery come first.
    page = html_of(leader.get(item_url))
    suggested = page.split('label="Develops the root cause"')[1].split("</optgroup>")[0]
    shadow = AssignmentTemplate.objects.get(title="Shadow a top performer's discovery calls")
    assert shadow.title.replace("'", "&#x27;") in suggested
    assert "Clean up close dates" not in suggested
    leader.post(
        reverse("coaching:assignment_add", args=[item.pk]),
        {"template": shadow.pk, "owner": "seller", "leader_rating_before": "2"},
    )
    assignment = Assignment.objects.get(item=item)
    assert assignment.due_on == timezone.localdate() + datetime.timedelta(days=shadow.days)
    assert assignment.skill == discovery and assignment.leader_rating_before == 2

    # The seller marks it done with a note and their own rating after.
    page = html_of(seller.get(item_url))
    assert "Mark done" in page and "Agree the assignment" not in page
    seller.post(
        reverse("coaching:assignment_complete", args=[assignment.pk]),
        {"note": "Shadowed Sofia on three calls", "seller_rating_after": "4"},
    )
    assignment.refresh_from_db()
    assert assignment.status == "done" and assignment.seller_rating_after == 4
    waiting = html_of(leader.get(coaching)).split('id="waiting"')[1].split("</section>")[0]
    assert "Shadow a top performer" in waiting

    # Started today: not a whole month has passed, so there is nothing to compare yet.
    evaluate = reverse("coaching:assignment_evaluate", args=[assignment.pk])
    page = html_of(leader.get(evaluate))
    assert "This assignment will be measured from" in page
    assert "25.0%" not in page and "75.0%" not in page

    # Two months on, this month and the next have passed: the leader evaluates, the live
    # measurement shows the two months before (last month's one win of four) against them
    # (this month's three of four).
    later = (this_month() + datetime.timedelta(days=62)).replace(day=1)
    real = timezone.localdate
    monkeypatch.setattr(
        "django.utils.timezone.localdate",
        lambda value=None, timezone=None: later if value is None else real(value, timezone),
    )
    page = html_of(leader.get(evaluate))
    assert "25.0%" in page and "75.0%" in page and "Improved" in page
    response = leader.post(
        evaluate,
        {
            "was_done": "yes",
            "outcome": "closed",
            "note": "Clear progress",
            "leader_rating_after": "4",
        },
    )
    assert response["Location"] == item_url
    evaluation = Evaluation.objects.get(assignment=assignment)
    assert (evaluation.before_value, evaluation.after_value) == (0.25, 0.75)

    # The item shows the stored before/after and its history; the seller's page the effect.
    page = html_of(seller.get(item_url))
    assert "<strong>25.0%</strong> before" in page and "<strong>75.0%</strong> since" in page
    assert "Gap closed" in page and "improved" in page
    for step in ["Opened", "Diagnosis", "Assignment agreed", "Marked done", "Evaluated"]:
        assert step in page
    closed = html_of(seller.get(coaching)).split('id="closed"')[1].split("</section>")[0]
    assert "25.0%" in closed and "75.0%" in closed and "improved" in closed


def test_opening_the_same_gap_twice_finds_the_first_item(results):
    url = reverse("coaching:item_open", args=[results.seller.pk])
    form = {"metric": "win_rate", "period": PERIOD}
    first = results.client("leader").post(url, form)["Location"]
    again = results.client("director").post(url, form, follow=True)
    assert again.redirect_chain[-1][0] == first
    assert "already has an open coaching item" in again.content.decode()
    assert CoachingItem.objects.count() == 1


def test_a_bad_period_or_empty_title_opens_nothing_and_says_why(results):
    url = reverse("coaching:item_open", args=[results.seller.pk])
    client = results.client("leader")
    bad = client.post(url, {"metric": "win_rate", "period": "someday"}, follow=True)
    assert "not a period" in bad.content.decode()
    empty = client.post(url, {"title": "  "}, follow=True)
    assert "Enter what the coaching is about." in empty.content.decode()
    assert not CoachingItem.objects.exists()


def test_htmx_forms_swap_the_item_body_and_keep_typed_text_on_errors(loop):
    url = reverse("coaching:assignment_add", args=[loop.item.pk])
    response = loop.client("leader").post(
        url,
        {"title": "", "description": "Keep this description", "due_on": "soon"},
        HTTP_HX_REQUEST="true",
    )
    body = html_of(response)
    assert body.startswith('<div id="item-body"')
    assert "Due on: enter a date like" in body
    assert "Keep this description" in body
    assert Assignment.objects.count() == 1
    saved = loop.client("seller").post(
        reverse("coaching:item_note", args=[loop.item.pk]),
        {"text": "Can we role-play first?"},
        HTTP_HX_REQUEST="true",
    )
    body = html_of(saved)
    assert "Note added." in body and "Can we role-play first?" in body
    assert "<html" not in body


def test_the_seller_rates_their_own_side_and_the_leader_theirs(loop):
    url = reverse("coaching:assignment_rate", args=[loop.assignment.pk])
    loop.client("seller").post(url, {"before": "2"})
    loop.client("leader").post(url, {"before": "3"})
    loop.assignment.refresh_from_db()
    assert (loop.assignment.seller_rating_before, loop.assignment.leader_rating_before) == (2, 3)
    refused = loop.client("seller").post(url, {"after": "9"}, follow=True)
    assert "Rate from 1 (weak) to 5 (strong)." in refused.content.decode()


def test_goals_are_written_by_the_seller_and_read_by_the_line(loop):
    url = reverse("coaching:goals", args=[loop.seller.pk])
    form = {"area": "income", "title": "Earn the accelerator", "horizon": "year", "detail": ""}
    assert loop.client("leader").post(url, form).status_code == 404
    assert not PersonalGoal.objects.filter(title="Earn the accelerator").exists()
    loop.client("seller").post(url, form)
    assert PersonalGoal.objects.filter(person=loop.seller, title="Earn the accelerator").exists()
    page = html_of(loop.client("director").get(url))
    assert "Earn the accelerator" in page and "Income" in page and "Career" in page
    assert "Write a goal" not in page and reverse("coaching:goal", args=[loop.goal.pk]) not in page
    assert "1 coaching item serves it" in page  # the item linked to the career goal
    mine = html_of(loop.client("seller").get(url))
    assert "My personal goals" in mine and "Write a goal" in mine
    no_title = loop.client("seller").post(url, {**form, "title": "", "detail": "Keep me"})
    assert "Enter the goal." in html_of(no_title) and "Keep me" in html_of(no_title)
    # The message stands beside the field it is about, which says it is refused.
    assert re.search(
        r'<input id="goal-title"[^>]*aria-invalid="true" aria-describedby="goal-title-error"',
        html_of(no_title),
    )
    assert '<p class="field-error" id="goal-title-error">Enter the goal.</p>' in html_of(no_title)
    assert '<option value="income" selected>' in html_of(no_title)  # the area typed is kept
    edit = reverse("coaching:goal", args=[loop.goal.pk])
    loop.client("seller").post(
        edit, {"area": "career", "title": "Lead a team", "horizon": "year", "status": "achieved"}
    )
    loop.goal.refresh_from_db()
    assert (loop.goal.title, loop.goal.status) == ("Lead a team", "achieved")


def test_the_plan_is_written_by_the_line_and_flags_an_overdue_monthly_review(personas):
    url = reverse("coaching:plan", args=[personas.seller.pk])
    assert "has not written your development plan yet" in html_of(
        personas.client("seller").get(url)
    )
    discovery = Skill.objects.get(name="Discovery")
    personas.client("leader").post(
        url,
        {
            "strengths": "Tenacious",
            "skills": [discovery.pk],
            "aspiration": "Team lead",
            "readiness": "one_to_two_years",
        },
    )
    plan = DevelopmentPlan.objects.get(person=personas.seller)
    assert list(plan.skills_to_develop.all()) == [discovery]
    started = timezone.localdate() - datetime.timedelta(days=40)
    DevelopmentPlan.objects.filter(pk=plan.pk).update(started_on=started)
    due = (started + datetime.timedelta(days=31)).strftime("%-d %b %Y")
    page = html_of(personas.client("leader").get(url))
    assert f"Review overdue since {due}" in text_of(page)
    assert "Ready in 1 to 2 years" in page and "Tenacious" in page
    personas.client("leader").post(
        reverse("coaching:plan_review_add", args=[personas.seller.pk]),
        {"progress": "Led two discovery workshops", "next_steps": "Run one alone"},
    )
    page = html_of(personas.client("seller").get(url))
    assert "Review overdue" not in page and "Led two discovery workshops" in page
    personas.client("seller").post(
        reverse("coaching:plan_comment_add", args=[personas.seller.pk]),
        {"text": "I would like to lead the next workshop"},
    )
    assert "I would like to lead the next workshop" in html_of(personas.client("leader").get(url))


def test_plan_actions_are_added_and_ticked_by_the_line(loop):
    loop.client("leader").post(
        reverse("coaching:plan_action_add", args=[loop.seller.pk]),
        {"text": "Mentor the new hire", "due_on": "2030-01-31"},
    )
    response = loop.client("leader").post(
        reverse("coaching:plan_action_done", args=[loop.action.pk]),
        {"done": "1"},
        HTTP_HX_REQUEST="true",
    )
    body = html_of(response)
    assert body.startswith('<section id="plan-actions"')
    assert "Mentor the new hire" in body and "<s>Lead the team&#x27;s win-loss review</s>" in body
    loop.action.refresh_from_db()
    assert loop.action.done_on == timezone.localdate()


def _late_one_on_one_and_overdue_review(personas) -> None:
    OneOnOneSeries.objects.create(
        leader=personas.leader,
        report=personas.seller,
        started_on=timezone.localdate() - datetime.timedelta(days=21),
    )
    plan = services.plan_save(person=personas.seller2, strengths="Calm")
    started = timezone.localdate() - datetime.timedelta(days=45)
    DevelopmentPlan.objects.filter(pk=plan.pk).update(started_on=started)


def test_the_leaders_home_page_flags_a_late_one_on_one_and_an_overdue_plan_review(personas):
    _late_one_on_one_and_overdue_review(personas)
    home = html_of(personas.client("leader").get(reverse("home")))
    catch_up = home.split("1:1s to catch up")[1].split("</ul>")[0]
    series = OneOnOneSeries.objects.get()
    assert reverse("one_on_ones:series", args=[series.pk]) in catch_up
    assert "Sam Ortiz" in catch_up
    reviews = home.split("Development plan reviews overdue")[1].split("</ul>")[0]
    assert "Sofia Berg" in reviews
    assert reverse("coaching:plan", args=[personas.seller2.pk]) in reviews
    team = html_of(
        personas.client("leader").get(reverse("coaching:team", args=[personas.boston.pk]))
    )
    assert "1:1 with Sam Ortiz" in team and "review overdue since" in team
    for other in ["seller", "seller2", "other_leader", "director"]:
        page = html_of(personas.client(other).get(reverse("home")))
        assert "1:1s to catch up" not in page, other
        assert "Development plan reviews overdue" not in page, other


def test_a_sellers_home_page_shows_their_open_assignments(loop):
    home = html_of(loop.client("seller").get(reverse("home")))
    box = home.split('id="your-coaching"')[1].split("</section>")[0]
    assert "Shadow a top performer" in box
    assert reverse("coaching:person", args=[loop.seller.pk]) in box
    other = html_of(loop.client("other_seller").get(reverse("home")))
    assert "Shadow a top performer" not in other


def test_coaching_takes_a_leader_to_their_team_and_a_seller_to_themselves(personas):
    def landing(viewer: str) -> str:
        return personas.client(viewer).get(reverse("coaching:home"))["Location"]

    assert landing("leader") == reverse("coaching:team", args=[personas.boston.pk])
    assert landing("seller") == reverse("coaching:person", args=[personas.seller.pk])
    assert landing("director") == reverse("coaching:team", args=[personas.leadership.pk])


def test_the_team_page_counts_each_sellers_coaching(results):
    bookings = services.item_open(
        person=results.seller, by=results.leader, metric="bookings", period=_q2()
    )
    assignment = services.assignment_add(item=bookings, by=results.leader, title="Pipeline block")
    services.assignment_complete(assignment=assignment, by=results.seller)
    url = reverse("coaching:team", args=[results.boston.pk]) + f"?period={PERIOD}"
    page = html_of(results.client("leader").get(url))
    sam = page.split(f'data-person="{results.seller.pk}"')[1].split("</tr>")[0]
    counts = dict(re.findall(r'data-count="(\w+)">([^<]*)<', sam))
    # Win rate and quota attainment are gaps without an item; bookings has one, waiting for
    # its evaluation.
    assert counts == {"gaps": "2", "open": "1", "waiting": "1", "closed": "0 (0 improved)"}
    assert "Quota attainment" in html_of(
        results.client("leader").get(
            reverse("coaching:person", args=[results.seller.pk]) + f"?period={PERIOD}"
        )
    )
    sofia = page.split(f'data-person="{results.seller2.pk}"')[1].split("</tr>")[0]
    assert "No plan yet" in sofia
    assert "Omar Reyes" not in page  # another team
    assert "Lena Hart" not in page.split("<h2>Sellers</h2>")[1]  # the viewer is not a row
    # The assignment waiting for evaluation is listed with its seller and a way to evaluate it.
    waiting = page.split('id="waiting"')[1].split("</section>")[0]
    assert "Sam Ortiz" in waiting and "Pipeline block" in waiting
    evaluate = reverse("coaching:assignment_evaluate", args=[assignment.pk])
    assert evaluate in waiting
    assert "No coaching item has been closed yet." in page


def _q2():
    from leadwell.lib.periods import parse_period

    return parse_period(PERIOD)


# -- Query counts ----------------------------------------------------------------------------------


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _coach(person, by, n: int, *, close: bool) -> None:
    """One more item by hand with a diagnosis, a done assignment and, if `close`, an
    evaluation that closes it."""
    goal = services.goal_save(person=person, area="skills", title=f"Goal {n}")
    item = services.item_open(person=person, by=by, title=f"Item {n}")
    services.item_diagnose(
        item=item, by=by, skills=list(Skill.objects.all()[:2]), evidence="e", goal=goal
    )
    assignment = services.assignment_add(item=item, by=by, title=f"Assignment {n}")
    services.assignment_complete(assignment=assignment, by=person, note="done")
    services.assignment_add(item=item, by=by, title=f"Second assignment {n}")
    if close:
        services.assignment_evaluate(assignment=assignment, by=by, was_done=True, outcome="closed")


def test_the_sellers_coaching_and_item_pages_query_counts_do_not_grow_with_items(loop):
    client = loop.client("leader")
    person = reverse("coaching:person", args=[loop.seller.pk]) + f"?period={PERIOD}"
    item_url = reverse("coaching:item", args=[loop.item.pk])

    def work_on_the_item(n: int) -> None:
        services.item_note(item=loop.item, by=loop.seller, text=f"note {n}")
        done = services.assignment_add(item=loop.item, by=loop.leader, title=f"More {n}")
        services.assignment_complete(assignment=done, by=loop.seller, note="done")
        services.assignment_evaluate(
            assignment=done, by=loop.leader, was_done=True, outcome="continue"
        )

    _coach(loop.seller, loop.leader, 0, close=True)
    work_on_the_item(0)
    before = [_queries(client, person), _queries(client, item_url)]
    for n in range(1, 6):
        _coach(loop.seller, loop.leader, n, close=n % 2 == 0)
        work_on_the_item(n)
    after = [_queries(client, person), _queries(client, item_url)]
    assert after == before
    assert "Item 5" in html_of(client.get(person)) and "More 5" in html_of(client.get(item_url))


def test_the_team_coaching_page_query_count_does_not_grow_with_sellers_or_items(loop):
    client = loop.client("leader")
    url = reverse("coaching:team", args=[loop.boston.pk]) + f"?period={PERIOD}"
    _coach(loop.seller2, loop.leader, 0, close=True)
    before = _queries(client, url)
    for n in range(1, 6):
        newcomer = org_services.person_create(name=f"New Seller {n}", title="AE")
        org_services.person_join_team(person=newcomer, team=loop.boston, on=ORG_START)
        _coach(newcomer, loop.leader, n, close=n % 2 == 0)
        services.plan_save(person=newcomer, strengths="x")
    assert _queries(client, url) == before
    assert "New Seller 5" in html_of(client.get(url))


def test_a_diagnosis_keeps_what_was_not_on_the_form_and_clears_what_was_unticked(loop):
    url = reverse("coaching:item_diagnose", args=[loop.item.pk])
    loop.client("seller").post(url, {"seller_view": "I need better questions"})
    loop.item.refresh_from_db()
    assert [s.name for s in loop.item.skills.all()] == ["Discovery"]
    assert loop.item.goal == loop.goal  # no goal field posted: the link stays
    loop.client("leader").post(url, {"skills_shown": "1", "goal": ""})
    loop.item.refresh_from_db()
    assert not loop.item.skills.exists() and loop.item.goal is None
    history = html_of(loop.client("seller").get(reverse("coaching:item", args=[loop.item.pk])))
    assert "seller&#x27;s view" in history and "root cause: none" in history


def test_the_leaders_home_page_lists_direct_reports_without_a_development_plan(personas):
    services.plan_save(person=personas.seller, strengths="Calm under pressure")
    home = html_of(personas.client("leader").get(reverse("home")))
    missing = home.split("No development plan yet")[1].split("</ul>")[0]
    assert "Sofia Berg" in missing and "Sam Ortiz" not in missing
    assert reverse("coaching:plan", args=[personas.seller2.pk]) in missing
    services.plan_save(person=personas.seller2, strengths="Deep product knowledge")
    home = html_of(personas.client("leader").get(reverse("home")))
    assert "No development plan yet" not in home
    assert "No development plan yet" not in html_of(personas.client("seller").get(reverse("home")))


def test_a_sellers_home_page_shows_the_next_one_on_one_and_asks_the_monday_question(personas):
    series = services.series_start(leader=personas.leader, report=personas.seller)
    meeting = services.meeting_next(series=series)
    box = html_of(personas.client("seller").get(reverse("home"))).split('id="your-coaching"')[1]
    assert "Next 1:1 with Lena Hart" in box
    assert reverse("one_on_ones:meeting", args=[meeting.pk]) in box
    assert "What else can I do to make you even more successful?" in box
    services.answer_write(meeting=meeting, by=personas.seller, text="Join my Acme call")
    box = html_of(personas.client("seller").get(reverse("home"))).split('id="your-coaching"')[1]
    assert "your answer to the Monday question is ready" in box
    assert "Next 1:1" not in html_of(personas.client("seller2").get(reverse("home")))
