"""Trend charts are static pictures the strict content policy lets through: no script, no style
element or attribute in the SVG, and the styles pygal would have embedded served from the
stylesheet every chart page links, kept equal to what pygal writes. They read as a product's
charts: text no larger than the page's, amounts from zero, each period held against the target
it had, period labels that never overlap, and only the periods with figures."""

import datetime
import re
from xml.etree import ElementTree

import pytest
from django.core.management import CommandError, call_command

from leadwell.lib.periods import parse_period
from leadwell.metrics import catalog, charts
from leadwell.metrics.models import Scope, Target
from leadwell.metrics.selectors import Line, group_cards, person_card


def bookings_against_quota() -> tuple[Line, Line]:
    quarters = [parse_period(f"2025-Q{n}") for n in (1, 2, 3, 4)]
    bookings = Line(
        metric=catalog.get("bookings"),
        value=35_000,
        trend=list(zip(quarters, [80_000, 98_000, None, 35_000], strict=True)),
    )
    quota = Line(metric=catalog.get("quota"), value=60_000, trend=[(q, 60_000) for q in quarters])
    return bookings, quota


def test_a_trend_chart_carries_no_script_and_no_inline_style():
    svg = charts.trend_svg(*bookings_against_quota())
    assert svg.startswith("<svg") and "Bookings" in svg and "Quota" in svg
    assert not re.search(r"<script|<style|\sstyle=|\son[a-z]+=", svg)
    assert f'class="pygal-chart {charts.CHART_CLASS} size-regular"' in svg


def test_the_chart_stylesheet_styles_the_series_colours_and_the_dashed_plan():
    css = charts.stylesheet()
    assert "#chart-" not in css  # no one chart's id: every trend chart at once
    assert f"svg.{charts.CHART_CLASS} .color-0" in css and "#1f5fbf" in css
    assert f"svg.{charts.CHART_CLASS} .series.serie-1{{stroke-dasharray:4,3}}" in css
    assert "&gt;" not in css  # unescaped from the SVG's text


def test_the_shipped_chart_stylesheet_is_what_pygal_writes():
    call_command("chart_styles", "--check")


def test_the_chart_styles_command_writes_the_file_and_its_check_fails_when_stale(tmp_path):
    stale = tmp_path / "charts.css"
    stale.write_text("/* old */\n")
    with pytest.raises(CommandError, match="run chart_styles"):
        call_command("chart_styles", "--check", "--path", str(stale))
    call_command("chart_styles", "--path", str(stale))
    assert stale.read_text() == charts.stylesheet()


# -- Reading a chart ----------------------------------------------------------------------------

SVG = "{http://www.w3.org/2000/svg}"
QUARTERS = [parse_period(f"FY{year}-Q{n}") for year in (2025, 2026) for n in (1, 2, 3, 4)]
LONG_AGO_TODAY = datetime.date(2030, 1, 1)


def parsed(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)  # noqa: S314 (our own chart, not untrusted input)


def axis_labels(svg: str, axis: str) -> list[str]:
    root = parsed(svg)
    group = next(g for g in root.iter(f"{SVG}g") if g.get("class", "").startswith(f"axis {axis}"))
    return [text.text or "" for text in group.iter(f"{SVG}text")]


def series_points(svg: str, number: int) -> dict[str, str]:
    """{x label: value as drawn} of the n-th series' points."""
    root = parsed(svg)
    overlay = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "plot overlay")
    wanted = f"series serie-{number} "
    series = next(g for g in overlay if (g.get("class") or "").startswith(wanted))
    points = {}
    for dot in series.iter(f"{SVG}g"):
        descs = {d.get("class", "").strip(): d.text for d in dot.iter(f"{SVG}desc")}
        if "value" in descs:
            points[descs["x_label"]] = descs["value"]
    return points


def series_titles(svg: str) -> list[str]:
    root = parsed(svg)
    legends = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "legends")
    return [text.text or "" for text in legends.iter(f"{SVG}text")]


def plot_width(svg: str) -> float:
    root = parsed(svg)
    plot = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "plot")
    return float(plot.find(f"{SVG}rect").get("width"))  # type: ignore[union-attr,arg-type]


def a_line(key: str, values: list, periods=QUARTERS, targets=None) -> Line:
    return Line(
        metric=catalog.get(key),
        value=values[-1],
        trend=list(zip(periods, values, strict=True)),
        target_trend=list(zip(periods, targets, strict=True)) if targets else [],
    )


# -- Text no larger than the page's ----------------------------------------------------------------


def test_axis_and_legend_text_is_set_smaller_than_the_pages_body_text():
    css = charts.stylesheet()
    sizes = re.findall(r"\.(?:axis text|legend text|axis text\.major)\{[^}]*font-size:(\d+)px", css)
    assert sizes and all(int(size) <= 13 for size in sizes)


def test_each_chart_is_drawn_in_the_sizes_it_is_shown_at_and_shown_no_wider():
    svg = charts.trend_svg(*bookings_against_quota(), wide=True)
    assert re.findall(r'class="pygal-chart trend-chart size-(\w+)"', svg) == [
        "wide",
        "regular",
        "compact",
    ]
    assert 'viewBox="0 0 900 280" width="900"' in svg
    css = charts.stylesheet()
    assert ".chart svg.trend-chart { display: block; width: auto; max-width: 100%;" in css


# -- The value axis from zero ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "key, values",
    [
        ("bookings", [80_000, 98_000, 91_000, 85_000, 88_000, 90_000, 95_000, 97_000]),
        ("deals_won", [12, 14, 13, 15, 12, 13, 14, 15]),
        ("win_rate", [0.31, 0.35, 0.33, 0.36, 0.32, 0.34, 0.33, 0.35]),
        ("sales_cycle_days", [61, 64, 66, 63, 60, 62, 65, 67]),
    ],
)
def test_amounts_counts_rates_and_days_are_read_against_zero(key, values):
    labels = axis_labels(charts.trend_chart(a_line(key, values), today=LONG_AGO_TODAY), "y")
    assert labels[0] in ("0", "0.0%")
    assert len(labels) >= 3


def test_a_forecast_bias_below_zero_still_shows_below_zero():
    values = [-0.2, -0.1, 0.05, 0.1, -0.05, 0.0, 0.15, -0.1]
    labels = axis_labels(
        charts.trend_chart(a_line("forecast_bias", values), today=LONG_AGO_TODAY), "y"
    )
    assert labels[0].startswith("-") and "0.0%" in labels


# -- Targets and quotas period by period -----------------------------------------------------------


def test_a_target_is_drawn_only_over_the_periods_that_had_it_at_the_value_it_had_then():
    rates = [0.31, 0.35, 0.33, 0.36, 0.32, 0.34, 0.33, 0.35]
    targets = [None, None, None, 0.3, 0.3, 0.3, 0.4, 0.4]
    svg = charts.trend_chart(a_line("win_rate", rates, targets=targets), today=LONG_AGO_TODAY)
    assert series_titles(svg) == ["Win rate", "Target"]
    assert series_points(svg, 1) == {
        "Q4 FY25": "30.0%",
        "Q1 FY26": "30.0%",
        "Q2 FY26": "30.0%",
        "Q3 FY26": "40.0%",
        "Q4 FY26": "40.0%",
    }


def test_a_chart_with_no_target_in_any_period_has_no_target_line_and_no_legend():
    svg = charts.trend_chart(
        a_line("avg_deal_size", [1, 2, 3, 4, 5, 6, 7, 8]), today=LONG_AGO_TODAY
    )
    assert 'class="legends"' not in svg or series_titles(svg) == []
    assert "Target" not in svg


def test_a_quarter_without_quota_is_a_gap_in_the_quota_line_not_a_zero():
    bookings, quota = bookings_against_quota()
    quota.trend[1] = (quota.trend[1][0], None)
    svg = charts.trend_chart(bookings, quota, today=LONG_AGO_TODAY)
    assert series_points(svg, 1) == {"Q1 FY25": "60k", "Q3 FY25": "60k", "Q4 FY25": "60k"}
    quota_line = re.search(r'class="series serie-1 color-1"><path d="([^"]*)"', svg)
    assert quota_line is not None
    # Not joined across the gap: the line runs from Q3 to Q4 only (Q1 stands as its own dot).
    assert len(re.findall(r"[\d.]+ [\d.]+", quota_line.group(1))) == 2


# -- Period labels that never overlap --------------------------------------------------------------


MONTHS = [parse_period(f"{2025 + (m // 12)}-{m % 12 + 1:02d}") for m in range(24)]


@pytest.mark.parametrize("size", [charts.COMPACT, charts.REGULAR, charts.WIDE])
@pytest.mark.parametrize("periods", [MONTHS, QUARTERS], ids=["24 months", "8 quarters"])
def test_the_period_labels_shown_fit_side_by_side_on_the_plot(size, periods):
    line = a_line("bookings", [10_000 + i for i in range(len(periods))], periods)
    svg = charts.trend_chart(line, size=size, today=LONG_AGO_TODAY)
    shown = axis_labels(svg, "x")
    widest = max(charts.label_width(label) for label in shown)
    assert len(shown) * widest <= plot_width(svg)
    # The period the page is about is always named.
    assert shown[-1] == charts.short_label(periods[-1])
    assert len(shown) >= 2


def test_periods_are_named_short_as_a_sales_manager_reads_them():
    assert charts.short_label(parse_period("2026-10")) == "Oct 26"
    assert charts.short_label(parse_period("FY2026-Q3")) == "Q3 FY26"
    assert charts.short_label(parse_period("FY2026")) == "FY2026"


# -- Only the periods with figures -----------------------------------------------------------------


def test_a_yearly_chart_covers_only_the_years_with_figures():
    years = [parse_period(f"FY{year}") for year in range(2019, 2027)]
    bookings = a_line("bookings", [None, None, 0, None, None, 410_000, 520_000, 380_000], years)
    svg = charts.trend_chart(bookings, today=datetime.date(2026, 6, 1))
    assert axis_labels(svg, "x") == ["FY2024", "FY2025", "FY2026"]


def test_a_chart_ends_with_the_period_running_today_never_after_it():
    bookings = a_line("bookings", [5, 6, 7, 8, 9, 10, None, None])
    svg = charts.trend_chart(bookings, today=datetime.date(2026, 5, 1))
    assert axis_labels(svg, "x")[-1] == "Q2 FY26"


# -- Targets as they were in force, read from the database ----------------------------------------


@pytest.mark.django_db
def test_a_sellers_trend_holds_each_quarter_against_the_target_in_force_in_it(personas):
    q2, q3, q4 = (parse_period(f"FY2026-Q{n}") for n in (2, 3, 4))
    Target.objects.create(team=personas.boston, metric="win_rate", value=0.3, valid_from=q2.start)
    Target.objects.create(person=personas.seller, metric="win_rate", value=0.4, valid_from=q4.start)
    card = person_card(personas.seller, q4)
    targets = dict(card.line("win_rate").target_trend)
    assert targets[parse_period("FY2026-Q1")] is None
    assert (targets[q2], targets[q3], targets[q4]) == (0.3, 0.3, 0.4)


@pytest.mark.django_db
def test_a_teams_trend_holds_each_quarter_against_the_standard_and_quota_then(personas):
    q3, q4 = parse_period("FY2026-Q3"), parse_period("FY2026-Q4")
    Target.objects.create(team=personas.boston, metric="win_rate", value=0.25, valid_from=q4.start)
    card = group_cards(Scope.TEAM, [personas.boston], q4, with_trend=True)[0]
    targets = dict(card.line("win_rate").target_trend)
    assert (targets[q3], targets[q4]) == (None, 0.25)
    # No quota in either quarter: no bookings target, not a target of zero.
    assert dict(card.line("bookings").target_trend)[q4] is None


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (120_000, "120k"),
        (1_250_000, "1.25M"),
        (999_600, "1M"),
        (999_999_999, "1bn"),
        (2e12, "2000bn"),
    ],
)
def test_the_value_axis_writes_amounts_short_never_as_a_power_of_ten_below_a_billion(value, shown):
    from leadwell.metrics.charts import axis_value

    assert axis_value(value, "money") == shown
