"""The "Lead up" hub: a leader sees what they owe the line above and what is due, a director
sees where each of their leaders stands, a director who also reports upward sees both; nobody
else has the page."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from leadwell.debriefs import services as debrief_services
from leadwell.debriefs.models import Department
from leadwell.org import services as org_services
from leadwell.plans import services as plan_services
from leadwell.plans.selectors import this_fiscal_year
from leadwell.reports import selectors as report_selectors
from leadwell.reports import services as report_services
from leadwell.reports.models import Report

from .conftest import ORG_START, PERSONA_KEYS, _person, text_of
from .debriefs.conftest import hold, months_ago
from .plans.conftest import committed, given

pytestmark = pytest.mark.django_db

HAS_A_LEAD_UP_PAGE = {"leader", "other_leader", "director"}


@pytest.fixture(autouse=True)
def _calendar_quarters(settings):
    settings.FISCAL_YEAR_START_MONTH = 1


def hub(p, key: str) -> str:
    page = p.client(key).get(reverse("lead-up"))
    assert page.status_code == 200
    return text_of(page.content.decode())


def section(p, key: str, element_id: str) -> str:
    page = p.client(key).get(reverse("lead-up")).content.decode()
    found = re.search(rf'id="{element_id}".*?</(section|tr)>', page, re.S)
    assert found is not None, element_id
    return text_of(found.group(0))


def _row(p, leader) -> str:
    page = p.client("director").get(reverse("lead-up")).content.decode()
    found = re.search(rf'<tr data-leader="{leader.pk}">.*?</tr>', page, re.S)
    assert found is not None, leader.name
    return text_of(found.group(0))


def this_months_report(p) -> Report:
    period = report_selectors.current_period(p.leader, timezone.localdate())
    return report_services.report_draft(leader=p.leader, period=period, by=p.user("leader"))


def test_only_leaders_and_directors_have_a_lead_up_page(personas):
    for key in PERSONA_KEYS:
        page = personas.client(key).get(reverse("lead-up"))
        assert page.status_code == (200 if key in HAS_A_LEAD_UP_PAGE else 404), key


def test_the_page_says_what_it_is_for(personas):
    assert "What you owe the line above, and what is due" in hub(personas, "leader")
    assert "What your leaders owe you, and what is due" in hub(personas, "director")


def test_a_leaders_plan_reads_from_no_cycle_to_committed_with_a_change_waiting(personas):
    p = personas
    year = this_fiscal_year()
    plan = section(p, "leader", "lead-up-plan")
    assert f"No plan cycle for FY{year} yet" in plan and "Waiting for your input" in plan

    given(p)
    assert "Waiting for the director" in section(p, "leader", "lead-up-plan")

    cycle = committed(p)
    plan_services.plan_change_request(
        by=p.user("leader"),
        cycle=cycle,
        quarter=2,
        person_id=p.seller.pk,
        to_amount="100000",
        reason="Two deals slipped.",
    )
    plan = section(p, "leader", "lead-up-plan")
    assert "Committed" in plan
    assert "1 change request waiting for the director's answer" in plan


def test_a_leaders_report_reads_as_draft_then_overdue(personas):
    p = personas
    report = this_months_report(p)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    Report.objects.filter(pk=report.pk).update(due_on=tomorrow)
    shown = section(p, "leader", "lead-up-report")
    assert f"Next: {report.period_label}" in shown and "Draft" in shown
    assert "Overdue" not in shown and "Last sent: none yet" in shown

    Report.objects.filter(pk=report.pk).update(due_on=timezone.localdate() - datetime.timedelta(1))
    shown = section(p, "leader", "lead-up-report")
    assert "Overdue the draft is not sent" in shown


def test_a_leader_sees_an_earlier_report_still_not_sent(personas):
    p = personas
    earlier = report_selectors.current_period(p.leader, timezone.localdate()).previous()
    draft = report_services.report_draft(leader=p.leader, period=earlier, by=p.user("leader"))
    shown = section(p, "leader", "lead-up-report")
    assert f"Overdue {earlier.label}, due" in shown and "the draft is not sent" in shown
    assert (
        reverse("reports:report", args=[draft.pk])
        in p.client("leader").get(reverse("lead-up")).content.decode()
    )


def test_a_leaders_debrief_and_talks_show_what_is_held_and_what_is_missing(personas):
    p = personas
    debrief = section(p, "leader", "lead-up-debrief")
    assert "Debrief with Dana Whitfield" in debrief and "Due by" in debrief

    held = hold(p.director, p.leader, months_ago(0))
    debrief_services.debrief_action_add(
        debrief=held, by=p.director, text="Call the CFO", owner=p.leader
    )
    debrief = section(p, "leader", "lead-up-debrief")
    assert "Held" in debrief and "1 open agreed action" in debrief

    debrief_services.talk_record(
        leader=p.leader,
        department=Department.objects.get(name="Finance"),
        held_on=timezone.localdate(),
        with_whom="The controller",
        thanked_for="Fast invoicing",
    )
    talks = section(p, "leader", "lead-up-talks")
    assert "Done: Finance" in talks and "Still to talk with HR, Legal" in talks


def test_a_director_sees_one_row_per_leader_with_plan_report_and_debrief(personas):
    p = personas
    given(p)
    lena = _row(p, p.leader)
    assert "Waiting for your plan" in lena and "Due by" in lena
    # No report sent: the one being written now is overdue once its day has passed (from the
    # 8th of the month after it on), and the row says so; until then, that none was sent yet.
    today = timezone.localdate()
    period = report_selectors.current_period(p.leader, today)
    if report_services.due_on(period) < today:
        assert f"overdue {period.label} not started" in lena
    else:
        assert "No report sent yet" in lena
    assert "Waiting for the leader's input" in _row(p, p.other_leader)

    # With no quota the team is not below plan: the report goes without an explanation.
    report = report_services.report_send(report=this_months_report(p), by=p.user("leader"))
    hold(p.director, p.leader, months_ago(0))
    lena = _row(p, p.leader)
    assert f"{report.period_label} · Unread" in lena and "Held" in lena

    report_services.report_mark_read(report=report, by=p.user("director"))
    assert "Read" in _row(p, p.leader) and "Unread" not in _row(p, p.leader)


def test_a_director_sees_change_requests_waiting_for_their_answer(personas):
    p = personas
    cycle = committed(p)
    plan_services.plan_change_request(
        by=p.user("leader"),
        cycle=cycle,
        quarter=2,
        person_id=None,
        to_amount="200000",
        reason="A large customer left.",
    )
    assert "1 change request for your answer" in _row(p, p.leader)


def test_a_director_who_reports_upward_sees_both_parts(personas):
    p = personas
    vp = _person("Victor Pike", "VP Sales")
    board = org_services.team_create(name="Sales Leadership", office=p.leadership.office)
    org_services.person_lead_team(person=vp, team=board, on=ORG_START)
    org_services.person_join_team(person=p.director, team=board, on=ORG_START)
    page = hub(p, "director")
    assert "What you owe the line above" in page
    assert "Debrief with Victor Pike" in page and "Your leaders" in page
    # The director's own team is a team of leaders: its members plan, it has no plan of its own.
    assert f"No team plan for you in FY{this_fiscal_year()}" in page


def test_a_report_page_leads_back_to_the_lead_up_and_marks_it_in_the_menu(personas):
    report = this_months_report(personas)
    for key in ("leader", "director"):
        page = personas.client(key).get(reverse("reports:report", args=[report.pk]))
        text = page.content.decode()
        assert f'<a href="{reverse("lead-up")}">Lead up</a> · ' in text
        assert re.search(r'<a href="/lead-up/" aria-current="page">Lead up</a>', text), key
