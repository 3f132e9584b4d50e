"""Trend charts as a sales manager sees them, measured in a real browser at a laptop's and a
phone's width: their axis and legend text is no larger than the page's body text, and no two
period labels overlap. Each chart kind: a seller's metrics by month, quarter and year, a
team's bookings and the organisation's."""

import datetime
import itertools

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from leadwell.crm.models import Quota
from leadwell.lib.periods import period_of
from leadwell.metrics.compute import recompute
from leadwell.metrics.models import Target
from leadwell.metrics.selectors import recent_periods

from ..conftest import deal
from .test_main_flows import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [1366, 390]

# For each chart shown (a chart is drawn in several sizes, the page shows one): the body's
# font size, the tallest axis or legend text, and its x-axis labels' left and right edges.
MEASURE = """() => {
  const body = parseFloat(getComputedStyle(document.body).fontSize);
  const shown = [...document.querySelectorAll("figure.chart svg.trend-chart")]
    .filter((svg) => getComputedStyle(svg).display !== "none");
  return {
    body,
    pageWidth: document.documentElement.scrollWidth,
    charts: shown.map((svg) => ({
      tallest: Math.max(...[...svg.querySelectorAll(".axis text, .legend text")]
        .filter((t) => t.textContent.trim())
        .map((t) => t.getBoundingClientRect().height)),
      labels: [...svg.querySelectorAll(".axis.x text")]
        .filter((t) => t.textContent.trim())
        .map((t) => { const box = t.getBoundingClientRect(); return [box.left, box.right]; }),
    })),
  };
}"""


@pytest.fixture
def two_years_of_results(personas):
    """Sam wins and loses deals every month of the last two years, against a quarterly quota
    and the team's win-rate standard set a year ago."""
    today = timezone.localdate()
    quarters = recent_periods(period_of(today, "quarter"), 8)
    for quarter in quarters:
        Quota.objects.create(
            person=personas.seller,
            period_kind="quarter",
            period_start=quarter.start,
            amount=90_000,
        )
        for month in range(3):
            closed = quarter.start + datetime.timedelta(days=31 * month + 5)
            if closed <= today:
                deal(personas.seller, "won", 20_000 + 1_000 * month, closed)
                deal(personas.seller, "lost", 8_000, closed)
    Target.objects.create(
        team=personas.boston, metric="win_rate", value=0.4, valid_from=quarters[4].start
    )
    recompute()
    return personas


def side_by_side(labels: list[list[float]]) -> bool:
    """No label's box reaches into the next one's."""
    edges = sorted(labels)
    return all(left[1] <= right[0] for left, right in itertools.pairwise(edges))


def charts_at(page: Page, url: str, width: int) -> dict:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(url)
    return page.evaluate(MEASURE)


def test_chart_text_is_no_larger_than_the_body_text_and_period_labels_never_overlap(
    page: Page, two_years_of_results
):
    personas = two_years_of_results
    sign_in(page, "lena.hart@example.com")
    seller = f"/scorecards/people/{personas.seller.pk}/"
    pages = [
        f"{seller}?kind=month",
        f"{seller}?kind=quarter",
        f"{seller}?kind=year",
        f"/scorecards/teams/{personas.boston.pk}/",
    ]
    for url in pages:
        for width in WIDTHS:
            seen = charts_at(page, url, width)
            where = f"{url} at {width} px"
            assert seen["charts"], f"no chart shown on {where}"
            assert seen["pageWidth"] <= width, where
            for chart in seen["charts"]:
                assert chart["tallest"] <= seen["body"], where
                assert side_by_side(chart["labels"]), f"labels overlap on {where}: {chart}"


def test_the_organisations_chart_is_measured_the_same_way(page: Page, two_years_of_results):
    sign_in(page, "dana.whitfield@example.com")
    for width in WIDTHS:
        seen = charts_at(page, "/scorecards/organisation/", width)
        assert len(seen["charts"]) == 1
        (chart,) = seen["charts"]
        assert chart["tallest"] <= seen["body"]
        assert len(chart["labels"]) >= 2 and side_by_side(chart["labels"])
