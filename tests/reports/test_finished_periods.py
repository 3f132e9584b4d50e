"""A report reads a finished period as finished: a month whose quarter ended with it shows the
quarter's result, not a quarter "to date" at its pace with nothing left to cover; a month in a
running quarter is judged against the quarter's pace at the month's end."""

import datetime

import pytest

from leadwell.crm.models import Quota
from leadwell.metrics.compute import recompute
from leadwell.reports import selectors, services
from leadwell.reports.periods import period_for

from ..conftest import deal

pytestmark = pytest.mark.django_db

SEPTEMBER = period_for("month", datetime.date(2026, 9, 1))
OCTOBER = period_for("month", datetime.date(2026, 10, 1))


def quarter_quotas(p, start: datetime.date, amount: int = 100_000) -> None:
    """Quotas set by the quarter only, as most plans set them: the months have none."""
    for seller in (p.seller, p.seller2):
        Quota.objects.create(
            person=seller, period_kind="quarter", period_start=start, amount=amount // 2
        )


def figures(p, period, today):
    report = services.report_draft(leader=p.leader, period=period, by=p.user("leader"))
    return selectors.report_figures(report, today=today)


def test_the_last_month_of_a_quarter_reads_the_quarter_as_finished(personas):
    quarter_quotas(personas, datetime.date(2026, 7, 1))
    deal(personas.seller, "won", 30_000, "2026-08-12")
    deal(personas.seller, "won", 10_000, "2026-09-15")
    deal(personas.seller2, "open", 50_000, "2026-09-20")
    recompute(today=datetime.date(2026, 10, 5))

    team = figures(personas, SEPTEMBER, datetime.date(2026, 10, 5))["team"]

    assert team["bookings"] == 10_000
    assert team["attained"] == 40_000
    assert team["attainment"] == pytest.approx(0.4)
    assert team["attainment_basis"] == "Q3 FY2026, finished"
    assert team["basis_finished"] is True
    assert team["pace_share"] == 1.0 and team["in_progress"] is False
    assert team["coverage"] is None


def test_a_finished_quarter_is_below_plan_without_a_pace_and_charted_without_a_running_point(
    personas,
):
    quarter_quotas(personas, datetime.date(2026, 7, 1))
    deal(personas.seller, "won", 40_000, "2026-09-15")
    recompute(today=datetime.date(2026, 10, 5))

    shown = figures(personas, SEPTEMBER, datetime.date(2026, 10, 5))

    assert shown["below_plan"] == ["Attainment is 40% of quota (Q3 FY2026, finished)."]
    bookings_chart = shown["charts"][0]["svg"]
    assert "to date" not in bookings_chart and "Projected" not in bookings_chart


def test_a_month_in_a_running_quarter_is_judged_against_the_quarters_pace_at_its_end(personas):
    quarter_quotas(personas, datetime.date(2026, 10, 1))
    deal(personas.seller, "won", 20_000, "2026-10-14")
    deal(personas.seller2, "open", 60_000, "2026-12-10")
    recompute(today=datetime.date(2026, 11, 6))

    shown = figures(personas, OCTOBER, datetime.date(2026, 11, 6))
    team = shown["team"]

    assert team["attainment_basis"] == "Q4 FY2026 to 31 Oct 2026"
    assert team["basis_finished"] is False and team["in_progress"] is True
    # October's 22 working days of the quarter's 66.
    assert team["pace_share"] == pytest.approx(22 / 66)
    assert team["coverage"] == pytest.approx(60_000 / 80_000)
    assert "below the 33% the pace calls for" in shown["below_plan"][0]
