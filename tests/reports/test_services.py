"""The upward report's rules: refused below plan without an explanation and a strategy, frozen
when sent, strategies carried forward, overdue flagged, read and discussed."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from leadwell.metrics.compute import recompute
from leadwell.reports import selectors, services
from leadwell.reports.models import Report, ReportComment, Strategy

from ..conftest import deal
from .conftest import LATE_DAY, OCTOBER_DAY, SEPTEMBER

pytestmark = pytest.mark.django_db


def draft(p) -> Report:
    return services.report_draft(leader=p.leader, period=SEPTEMBER, by=p.user("leader"))


def add_strategy(p, report: Report, **overrides) -> Strategy:
    values = {
        "what": "Weekly pipeline review with each seller",
        "owner": p.seller,
        "due_on": datetime.date(2026, 10, 31),
        "effect_metric": "win_rate",
        "effect_value": "0.3",
    }
    return services.strategy_add(report=report, by=p.user("leader"), **(values | overrides))


def test_a_report_is_due_on_the_fifth_working_day_after_its_period():
    assert services.due_on(SEPTEMBER) == datetime.date(2026, 10, 7)


def test_the_figures_come_from_the_summaries_and_say_why_the_team_is_below_plan(below_plan):
    shown = selectors.report_figures(draft(below_plan), today=OCTOBER_DAY)
    assert shown["team"]["bookings"] == 40_000
    assert shown["team"]["quota"] == 100_000
    assert shown["team"]["attainment"] == pytest.approx(0.4)
    assert shown["below_plan"][0] == "Attainment is 40% of quota (September 2026)."
    assert [s["name"] for s in shown["sellers"]] == ["Sam Ortiz", "Sofia Berg"]
    assert shown["wins"] == [["Sam Ortiz", 1, 40_000.0]]
    assert set(shown["coaching"]) == {"open_gaps", "in_progress", "evaluated"}
    assert all("<svg" in chart["svg"] for chart in shown["charts"])


def test_below_plan_a_report_is_refused_without_an_explanation_and_a_strategy(below_plan):
    p = below_plan
    report = draft(p)
    with pytest.raises(ValidationError) as refused:
        services.report_send(report=report, by=p.user("leader"), today=OCTOBER_DAY)
    assert set(refused.value.message_dict) == {"explanation", "strategies"}

    services.report_update(report=report, by=p.user("leader"), explanation="Two deals slipped.")
    with pytest.raises(ValidationError) as still:
        services.report_send(report=report, by=p.user("leader"), today=OCTOBER_DAY)
    assert set(still.value.message_dict) == {"strategies"}

    add_strategy(p, report)
    sent = services.report_send(report=report, by=p.user("leader"), today=OCTOBER_DAY)
    assert sent.is_sent and sent.snapshot["team"]["bookings"] == 40_000


def test_on_plan_a_report_is_sent_without_explanation(on_plan):
    report = draft(on_plan)
    sent = services.report_send(report=report, by=on_plan.user("leader"), today=OCTOBER_DAY)
    assert sent.status == Report.Status.SENT and not sent.snapshot["below_plan"]


def test_a_strategy_needs_what_owner_due_date_and_an_expected_effect(below_plan):
    p = below_plan
    with pytest.raises(ValidationError) as refused:
        services.strategy_add(
            report=draft(p), by=p.user("leader"), what="", owner=None, due_on=None
        )
    assert set(refused.value.message_dict) == {"what", "owner", "due_on", "effect_amount"}
    with pytest.raises(ValidationError) as outsider:
        add_strategy(p, draft(p), owner=p.other_seller)
    assert "owner" in outsider.value.message_dict
    assert (
        add_strategy(p, draft(p), effect_metric="", effect_amount="25,000").effect_amount == 25_000
    )


def test_a_sent_report_keeps_its_figures_when_the_data_changes(below_plan):
    p = below_plan
    report = draft(p)
    services.report_update(report=report, by=p.user("leader"), explanation="Slipped deals.")
    add_strategy(p, report)
    services.report_send(report=report, by=p.user("leader"), today=OCTOBER_DAY)

    deal(p.seller2, "won", 500_000, "2026-09-28")  # a late correction of September
    recompute(today=OCTOBER_DAY)
    live = services.figures.build(
        leader=p.leader, team=p.boston, period=SEPTEMBER, today=OCTOBER_DAY
    )
    assert live["team"]["bookings"] == 540_000
    report.refresh_from_db()
    assert selectors.report_figures(report)["team"]["bookings"] == 40_000


def test_the_next_report_carries_the_strategies_forward_with_their_status_and_metric(below_plan):
    p = below_plan
    report = draft(p)
    services.report_update(report=report, by=p.user("leader"), explanation="Slipped deals.")
    strategy = add_strategy(p, report)
    services.report_send(report=report, by=p.user("leader"), today=OCTOBER_DAY)
    strategy.refresh_from_db()
    assert strategy.metric_then is not None
    services.strategy_follow_up(
        strategy=strategy, by=p.user("leader"), status="done", outcome="Reviews held weekly."
    )

    october = services.report_draft(leader=p.leader, period=SEPTEMBER.next(), by=p.user("leader"))
    shown = selectors.report_figures(october, today=datetime.date(2026, 11, 3))
    carried = selectors.carried_forward(october, shown)
    assert [(c.strategy.what, c.strategy.status) for c in carried] == [
        ("Weekly pipeline review with each seller", "done")
    ]
    assert carried[0].metric_name == "Win rate"
    assert carried[0].then == strategy.metric_then


def test_a_report_not_sent_by_its_due_date_is_flagged_to_the_leader_and_the_director(personas):
    p = personas
    for who in ("leader", "director"):
        before = selectors.overdue_reports(p.user(who), today=OCTOBER_DAY)
        assert all(o.period.start != SEPTEMBER.start for o in before), who
    for who in ("leader", "director"):
        late = selectors.overdue_reports(p.user(who), today=LATE_DAY)
        assert (p.leader, SEPTEMBER.start) in [(o.leader, o.period.start) for o in late], who
    assert selectors.overdue_reports(p.user("seller"), today=LATE_DAY) == []
    assert p.leader not in [
        o.leader for o in selectors.overdue_reports(p.user("other_leader"), today=LATE_DAY)
    ]


def test_a_sent_report_is_no_longer_overdue(on_plan):
    p = on_plan
    services.report_send(report=draft(p), by=p.user("leader"), today=OCTOBER_DAY)
    late = selectors.overdue_reports(p.user("director"), today=LATE_DAY)
    assert (p.leader, SEPTEMBER.start) not in [(o.leader, o.period.start) for o in late]


def test_the_director_asks_the_leader_answers_and_the_director_marks_it_read(on_plan):
    p = on_plan
    report = services.report_send(report=draft(p), by=p.user("leader"), today=OCTOBER_DAY)
    assert selectors.unread_reports(p.user("director")) == [report]
    services.report_comment(
        report=report, by=p.user("director"), kind="question", text="Which deals slipped?"
    )
    services.report_comment(
        report=report, by=p.user("leader"), kind="answer", text="Acme and Globex."
    )
    with pytest.raises(ValidationError):
        services.report_comment(report=report, by=p.user("leader"), kind="question", text="?")
    assert [(c.author, c.kind) for c in ReportComment.objects.filter(report=report)] == [
        (p.director, "question"),
        (p.leader, "answer"),
    ]
    services.report_mark_read(report=report, by=p.user("director"))
    report.refresh_from_db()
    assert report.read_by == p.director and report.read_at is not None
    assert selectors.unread_reports(p.user("director")) == []


def test_the_director_sets_how_often_a_leader_reports(personas):
    p = personas
    assert selectors.cadence_of(p.leader) == "monthly"
    services.report_cadence_set(leader=p.leader, by=p.user("director"), cadence="weekly")
    assert selectors.cadence_of(p.leader) == "weekly"
    with pytest.raises(ValidationError):
        services.report_cadence_set(leader=p.leader, by=p.user("director"), cadence="daily")
