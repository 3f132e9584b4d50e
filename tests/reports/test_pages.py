"""The report pages: the leader prepares, is stopped below plan with the messages beside the
fields, sends; the director reads, asks and marks read; nobody else opens a report."""

import datetime
import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from leadwell.metrics.compute import recompute
from leadwell.reports import services
from leadwell.reports.models import Report, Strategy

from ..conftest import PERSONA_KEYS, deal, field_beside_message, text_of
from .conftest import OCTOBER_DAY, SEPTEMBER

pytestmark = pytest.mark.django_db

# Who opens a report of the leader: the leader and their management line.
OPENS_THE_LEADERS_REPORT = {"leader", "director"}
# Who has a reports page: leaders and directors.
HAS_A_REPORTS_PAGE = {"leader", "other_leader", "director"}


def september_draft(p) -> Report:
    return services.report_draft(leader=p.leader, period=SEPTEMBER, by=p.user("leader"))


def test_only_the_leader_and_their_line_open_the_leaders_report(below_plan):
    report = september_draft(below_plan)
    for key in PERSONA_KEYS:
        page = below_plan.client(key).get(reverse("reports:report", args=[report.pk]))
        assert page.status_code == (200 if key in OPENS_THE_LEADERS_REPORT else 404), key


def test_sellers_and_administrators_have_no_reports_page(personas):
    for key in PERSONA_KEYS:
        page = personas.client(key).get(reverse("reports:list"))
        assert page.status_code == (200 if key in HAS_A_REPORTS_PAGE else 404), key


def test_a_below_plan_draft_says_why_and_is_refused_with_the_messages_beside_the_fields(
    below_plan,
):
    p = below_plan
    report = september_draft(p)
    leader = p.client("leader")
    page = leader.get(reverse("reports:report", args=[report.pk])).content.decode()
    assert "Below plan" in page and "Attainment is 40% of quota (September 2026)" in text_of(page)
    assert "<svg" in page

    refused = leader.post(reverse("reports:send", args=[report.pk]))
    assert refused.status_code == 422
    page = refused.content.decode()
    field_beside_message(page, "explanation-text", "explain what happened")
    assert "add at least one strategy" in page
    assert not Report.objects.get(pk=report.pk).is_sent


def test_a_refused_strategy_keeps_what_was_typed(below_plan):
    p = below_plan
    report = september_draft(p)
    refused = p.client("leader").post(
        reverse("reports:strategy_add", args=[report.pk]),
        {"what": "Call every stalled deal", "owner": "", "due_on": "2026-10-31"},
    )
    assert refused.status_code == 422
    page = refused.content.decode()
    field_beside_message(page, "strategy-owner", "Choose who owns it.")
    tag = field_beside_message(page, "strategy-amount", "Give the effect expected")
    assert 'value=""' in tag
    assert 'value="Call every stalled deal"' in page


def test_the_leader_explains_adds_a_strategy_and_sends(below_plan):
    p = below_plan
    report = september_draft(p)
    leader = p.client("leader")
    leader.post(
        reverse("reports:explanation", args=[report.pk]),
        {"explanation": "Two large deals slipped to October.", "links": "Acme slipped"},
    )
    leader.post(
        reverse("reports:strategy_add", args=[report.pk]),
        {
            "what": "Call every stalled deal",
            "owner": str(p.seller.pk),
            "due_on": "2026-10-31",
            "effect_amount": "30,000",
        },
    )
    assert Strategy.objects.filter(report=report).count() == 1
    sent = leader.post(reverse("reports:send", args=[report.pk]))
    assert sent.status_code == 302
    report.refresh_from_db()
    assert report.is_sent and report.snapshot["team"]["bookings"] == 40_000


def test_the_director_reads_asks_and_marks_read_and_the_leader_answers(on_plan):
    p = on_plan
    report = services.report_send(
        report=september_draft(p), by=p.user("leader"), today=datetime.date(2026, 10, 2)
    )
    director = p.client("director")
    home = director.get(reverse("home")).content.decode()
    assert reverse("reports:report", args=[report.pk]) in home and "unread" in home
    director.post(
        reverse("reports:comment", args=[report.pk]),
        {"kind": "question", "text": "What will October bring?"},
    )
    p.client("leader").post(
        reverse("reports:comment", args=[report.pk]),
        {"kind": "answer", "text": "Two renewals."},
    )
    assert p.client("leader").post(reverse("reports:read", args=[report.pk])).status_code == 404
    director.post(reverse("reports:read", args=[report.pk]))
    page = director.get(reverse("reports:report", args=[report.pk])).content.decode()
    assert "What will October bring?" in page and "Two renewals." in page
    assert "Read " in text_of(page) and "Mark read" not in page
    assert (
        reverse("reports:report", args=[report.pk])
        not in director.get(reverse("home")).content.decode()
    )


def test_the_director_sets_the_cadence_from_the_reports_page(personas):
    p = personas
    p.client("director").post(
        reverse("reports:cadence", args=[p.leader.pk]), {"cadence": "quarterly"}
    )
    page = p.client("director").get(reverse("reports:list")).content.decode()
    assert 'value="quarterly" selected' in page
    refused = p.client("other_leader").post(
        reverse("reports:cadence", args=[p.leader.pk]), {"cadence": "weekly"}
    )
    assert refused.status_code == 404


def test_the_leader_links_the_deals_lost_in_the_period_by_ticking_them(below_plan):
    p = below_plan
    deal(p.seller2, "lost", 25_000, "2026-09-10")
    deal(p.seller2, "lost", 15_000, "2026-09-22")
    deal(p.seller2, "lost", 99_000, "2026-08-22")  # another month: not offered
    recompute(today=OCTOBER_DAY)
    report = september_draft(p)
    url = reverse("reports:report", args=[report.pk])
    lost = "Sofia Berg: 2 deals lost in September 2026 (40,000 USD)"

    page = p.client("leader").get(url).content.decode()
    assert lost in text_of(page)
    assert text_of(page).count("lost in") == 1
    assert p.client("director").get(url).content.decode().count('name="suggested"') == 0

    offered = [html.unescape(v.split('"')[0]) for v in page.split('name="suggested" value="')[1:]]
    assert any(o.startswith("Sofia Berg: gaps in bookings") for o in offered)
    line = next(line for line in offered if line.startswith(lost))
    p.client("leader").post(
        reverse("reports:explanation", args=[report.pk]),
        {"explanation": "Sofia lost two deals to a competitor.", "links": "", "suggested": line},
    )
    report.refresh_from_db()
    assert report.explanation_links == line
    assert line.endswith("metric=deals_decided")
    page = p.client("leader").get(url).content.decode()
    # Linked now: no longer offered.
    assert page.count('name="suggested"') == len(offered) - 1


def test_a_link_that_leaves_the_site_without_saying_so_is_refused(below_plan):
    report = september_draft(below_plan)
    with pytest.raises(ValidationError, match="Not a link"):
        services.report_update(
            report=report, by=below_plan.user("leader"), links="Lost | //elsewhere.example/x"
        )
