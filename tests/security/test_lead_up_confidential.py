"""The lead-up stays with the leader and their line everywhere, not only on its pages: Lena's
plan reasoning and negotiations, her September report with its strategy and thread, her debrief
with Dana and her talk with HR never reach a seller, a peer leader or an administrator through
the audit trail, a personal data export or a download, and no log line carries a word of them.

No lead-up workflow sends e-mail (the only mail is the notice of a reporting-line change), so
there is no mail to prove here."""

import datetime
import json
import logging

import pytest
from django.urls import reverse
from django.utils import timezone

from leadwell.audit.models import Change
from leadwell.debriefs import services as debriefs
from leadwell.debriefs.models import Department
from leadwell.plans import services as plans
from leadwell.plans.models import PlanChange, PlanCycle
from leadwell.plans.selectors import this_fiscal_year
from leadwell.reports import services as reports
from leadwell.reports.models import Report

from ..debriefs.conftest import hold, months_ago
from ..reports.conftest import OCTOBER_DAY, SEPTEMBER, month_with

pytestmark = pytest.mark.django_db

# Every text written below carries it; none of it may reach the wrong persona.
MARK = "Quill-5528"
LEAD_UP_APPS = ("plans.", "reports.", "debriefs.")


def said(what: str) -> str:
    return f"{MARK} {what}"


def each_quarter(amount: int) -> dict[int, object]:
    return {q: amount for q in plans.QUARTERS}


def lead_up_worked_through(p) -> dict[str, object]:
    """Every lead-up workflow, as the people in it do it: Lena's plan given, assigned by Dana,
    committed, a change asked and answered; Lena's September report drafted, explained, given
    a strategy, sent, questioned, answered, read and downloaded as PDF; Dana's debrief with Lena
    and its action; Lena's talk with HR."""
    lena, dana = p.user("leader"), p.user("director")
    sellers = {p.seller.pk: each_quarter(115_000), p.seller2.pk: each_quarter(125_000)}
    cycle = plans.plan_input_save(
        by=lena, team=p.boston, fiscal_year=this_fiscal_year(),
        team_amounts=each_quarter(240_000), people=sellers, pipeline=said("pipeline"),
        market=said("market"), capacity=said("capacity"),
    )  # fmt: skip
    cycle = plans.plan_assign(
        by=dana, cycle=cycle, team_amounts=each_quarter(250_000), people=sellers
    )
    cycle = plans.plan_commit(by=lena, cycle=cycle)
    change = plans.plan_change_request(
        by=lena, cycle=cycle, quarter=1, person_id=p.seller.pk, to_amount=100_000,
        reason=said("Sam's biggest account is leaving"),
    )  # fmt: skip
    plans.plan_change_answer(
        by=dana, change=change, answer=PlanChange.Answer.PARTLY, granted_amount=105_000,
        note=said("halfway, he has to refill it"),
    )  # fmt: skip

    month_with(p, booked=40_000)
    report = reports.report_draft(leader=p.leader, period=SEPTEMBER, by=lena)
    reports.report_update(
        report=report, by=lena, explanation=said("Sam lost focus"), links=said("gap")
    )
    reports.strategy_add(
        report=report, by=lena, what=said("daily calls with Sam"), owner=p.seller,
        due_on=datetime.date(2026, 10, 31), effect_metric="win_rate", effect_value="0.3",
    )  # fmt: skip
    report = reports.report_send(report=report, by=lena, today=OCTOBER_DAY)
    reports.report_comment(report=report, by=dana, kind="question", text=said("why Sam?"))
    reports.report_comment(report=report, by=lena, kind="answer", text=said("his divorce"))
    reports.report_mark_read(report=report, by=dana)
    pdf = p.client("director").get(reverse("reports:pdf", args=[report.pk]))
    assert pdf.status_code == 200

    debrief = hold(
        p.director, p.leader, months_ago(1), going_well=said("going well"),
        to_continue=said("to continue"), could_improve=said("could improve"),
    )  # fmt: skip
    action = debriefs.debrief_action_add(
        debrief=debrief, by=p.director, text=said("coach Sam weekly"), owner=p.leader
    )
    debriefs.debrief_action_done(action=action, by=p.leader)
    talk = debriefs.talk_record(
        leader=p.leader, department=Department.objects.get(name="HR"),
        held_on=timezone.localdate(), with_whom=said("Hannah"), thanked_for=said("thanks"),
        ideas=said("ideas"), follow_ups=said("follow-ups"),
    )  # fmt: skip
    return {"cycle": cycle, "report": report, "debrief": debrief, "talk": talk}


@pytest.fixture
def worked(personas, settings):
    settings.FISCAL_YEAR_START_MONTH = 1
    return personas, lead_up_worked_through(personas)


# -- Logs ----------------------------------------------------------------------------------------


def test_no_log_line_of_any_lead_up_workflow_holds_a_word_of_it(personas, settings, caplog):
    settings.FISCAL_YEAR_START_MONTH = 1
    caplog.set_level(logging.DEBUG, logger="leadwell")
    caplog.set_level(logging.DEBUG, logger="django")
    made = lead_up_worked_through(personas)
    # The wrong people knocking is logged too: with ids, never with what they were after.
    report, debrief = made["report"], made["debrief"]
    for key in ("seller", "other_leader", "admin"):
        assert personas.client(key).get(f"/reports/{report.pk}/").status_code == 404
        assert personas.api(key).get(f"/api/v1/debriefs/{debrief.pk}").status_code == 404
    assert caplog.records, "the workflows log"
    for record in caplog.records:
        assert MARK not in record.getMessage(), record.name
        assert MARK not in repr(record.args), record.name


# -- The audit trail -----------------------------------------------------------------------------


def trail_as(personas, key: str) -> tuple[str, list[dict]]:
    """Everything the persona reads of the trail: every page of it, and every change in the
    API."""
    pages, items = [], []
    for number in range(1, 20):
        page = personas.client(key).get(reverse("audit-trail"), {"page": number})
        assert page.status_code == 200
        pages.append(page.content.decode())
        answer = personas.api(key).get("/api/v1/audit/changes", {"page": number})
        if answer.status_code != 200 or not answer.json()["items"]:
            break
        items += answer.json()["items"]
    return "".join(pages), items


def test_the_administrator_reads_that_the_lead_up_changed_never_what_it_says(worked):
    personas, _ = worked
    page, items = trail_as(personas, "admin")
    lead_up = [c for c in items if c["summary"] and c["confidential"]]
    assert {c["kind"] for c in lead_up} >= {"report", "debrief", "quota"}
    assert MARK not in page
    assert MARK not in json.dumps(items)


def test_the_plan_reasoning_and_strategies_are_recorded_as_changed_only(worked):
    for kind in ("plans.plancycle", "plans.planchange", "reports.strategy"):
        changes = Change.objects.filter(object_type=kind)
        assert changes.exists(), kind
        for change in changes:
            assert change.confidential and MARK not in json.dumps(change.changes), kind
    answer = Change.objects.filter(object_type="plans.planchange", action="changed").first()
    assert answer is not None and "answer_note" in answer.changes


@pytest.mark.parametrize("key", ["other_leader", "seller", "other_seller"])
def test_a_peer_or_a_seller_finds_no_entry_about_lenas_lead_up_in_the_trail(worked, key):
    personas, _ = worked
    page, items = trail_as(personas, key)
    assert MARK not in page and MARK not in json.dumps(items)
    about_lead_up = [c["summary"] for c in items if "report" in c["summary"].lower()]
    assert about_lead_up == []
    assert not [c for c in items if c["kind"] in ("report", "debrief")]
    for entry in ("Lena Hart's report", "Lena Hart's debrief", "Lena Hart's talk"):
        assert entry not in page


# -- Exports -------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["seller", "seller2", "other_leader", "admin"])
def test_no_one_elses_personal_data_export_holds_lenas_lead_up(worked, key):
    personas, _ = worked
    answer = personas.client(key).get(reverse("personal-data"))
    assert answer.status_code == 200
    assert MARK not in answer.content.decode()


def test_lenas_own_export_holds_her_lead_up(worked):
    personas, _ = worked
    export = personas.client("leader").get(reverse("personal-data")).content.decode()
    for words in ("pipeline", "Sam lost focus", "daily calls with Sam", "his divorce", "ideas"):
        assert said(words) in export, words


def test_a_seller_sees_his_committed_quota_in_his_export_not_how_it_was_negotiated(worked):
    personas, made = worked
    data = json.loads(personas.client("seller").get(reverse("personal-data")).content)["data"]
    figures = data["plans"]["plan_figures"]["rows"]
    assert figures and {row["stage"] for row in figures} == {"assigned"}
    assert data["plans"]["plan_changes"]["rows"] == []
    cycle: PlanCycle = made["cycle"]  # type: ignore[assignment]
    assert {row["cycle"]["id"] for row in figures} == {cycle.pk}


@pytest.mark.parametrize("key", ["seller", "other_leader", "admin"])
def test_the_wrong_persona_downloads_no_report(worked, key):
    personas, made = worked
    report: Report = made["report"]  # type: ignore[assignment]
    for download in ("xlsx", "pdf"):
        page = personas.client(key).get(reverse(f"reports:{download}", args=[report.pk]))
        api = personas.api(key).get(f"/api/v1/reports/{report.pk}/{download}")
        assert (page.status_code, api.status_code) == (404, 404), download
        assert MARK.encode() not in page.content + api.content


def test_the_scorecard_exports_a_seller_reaches_hold_no_lead_up(worked):
    personas, _ = worked
    sam = personas.seller
    for fmt in ("csv", "xlsx"):
        address = reverse("metrics:export", args=["person", sam.pk, fmt])
        answer = personas.client("seller").get(address)
        assert answer.status_code == 200, fmt
        assert MARK.encode() not in answer.content
