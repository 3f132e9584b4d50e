"""Trend charts, rendered on the server as SVG by pygal.

A chart carries neither script nor style: pages keep a strict content policy (no inline script,
no inline style). pygal's tooltip script is optional and dropped; the styles pygal would embed
in every chart are the same for all trend charts, so they are written once into the static
stylesheet `metrics/charts.css` (`stylesheet()`, kept current by `leadwell manage chart_styles`),
which the pages that show charts link.

An SVG's text is sized in the picture's own units, so a chart stretched to a wide card would
blow its labels up. Each chart is therefore drawn in the sizes it is shown at (a phone's
column, a card of the two-column grid and, for a chart across the page, the page's width) and
the stylesheet shows the one that fits, never wider than it was drawn: its text stays at the
size it was set in, below the page's body text.
"""

import datetime
import html
import math
import re
from dataclasses import dataclass

import pygal
from django.utils import timezone
from pygal.style import Style

from leadwell.lib.periods import Period, PeriodKind
from leadwell.metrics.catalog import Unit
from leadwell.metrics.formatting import format_value
from leadwell.metrics.pace import Pace
from leadwell.metrics.selectors import PACED, Line

# The class every trend chart's <svg> carries, which the stylesheet's rules select.
CHART_CLASS = "trend-chart"
STYLESHEET = "metrics/charts.css"


@dataclass(frozen=True)
class Size:
    name: str
    width: int
    height: int
    legend_columns: int


# A phone's column (a card about 300 px wide), a card of the scorecards' two-column grid
# (about 440 px) and a card across the page (about 930 px): a chart is shown at most at the
# width it was drawn, so each is drawn about as wide as the card it fills.
COMPACT = Size("compact", 340, 220, 1)
REGULAR = Size("regular", 440, 250, 2)
WIDE = Size("wide", 900, 280, 4)
# Below this width the compact drawing is shown; from WIDE_FROM on, a wide one where drawn.
COMPACT_BELOW = "30rem"
WIDE_FROM = "60rem"

FONT_SIZE = 12
# An axis label's width per character, as a share of the font size: system-ui's digits and
# capitals run about 0.6 em, and reckoning generously keeps estimated labels from touching.
CHAR_WIDTH = 0.62
LABEL_GAP = 10

SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)
STYLE_ELEMENT = re.compile(r"<style\b[^>]*>(.*?)</style>", re.DOTALL)
STYLE_ATTRIBUTE = re.compile(r'\sstyle="[^"]*"')
STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#1d2433",
    foreground_strong="#1d2433",
    foreground_subtle="#dde2ea",
    # The metric, the plan or target it is held against, then a period in progress's projection
    # and its point to date, in the metric's colour.
    colors=("#1f5fbf", "#b42318", "#1f5fbf", "#1f5fbf"),
    font_family="system-ui, sans-serif",
    label_font_size=FONT_SIZE,
    major_label_font_size=FONT_SIZE,
    legend_font_size=FONT_SIZE,
    title_font_size=FONT_SIZE,
    value_font_size=FONT_SIZE,
    tooltip_font_size=FONT_SIZE,
    no_data_font_size=FONT_SIZE + 2,
)
# The second series (plan or target) is dashed; the stylesheet holds the dash for every chart.
DASHED = {"dasharray": "4,3"}
DASH = {"stroke_style": DASHED}
MARGIN = 8
LEGEND_ROW = 1.5 * FONT_SIZE


def _line_chart(
    *, size: Size, show_legend: bool, series: int = 2, value_formatter=str
) -> pygal.Line:
    # pygal leaves room for whole rows of the legend only (series // columns): a last row
    # that is not full would be cut off, so room for it is added to the bottom margin.
    rows = math.ceil(series / size.legend_columns) if show_legend else 0
    cut_off = rows - series // size.legend_columns if show_legend else 0
    return pygal.Line(
        width=size.width,
        # Each row of the legend past the first makes the chart taller, not its plot smaller.
        height=size.height + max(rows - 1, 0) * LEGEND_ROW,
        max_scale=6,
        truncate_label=-1,
        truncate_legend=-1,
        style=STYLE,
        classes=["pygal-chart", CHART_CLASS, f"size-{size.name}"],
        show_legend=show_legend,
        legend_at_bottom=True,
        legend_at_bottom_columns=size.legend_columns,
        x_label_rotation=0,
        show_minor_x_labels=False,
        # Amounts, counts, rates and days are read against zero: an axis starting at 80,000
        # makes 90,000 look like twice 85,000. A bias below zero still shows below it.
        include_x_axis=True,
        js=[],  # a static picture: no script from a CDN, none at all
        disable_xml_declaration=True,
        explicit_size=True,
        margin=MARGIN,
        margin_bottom=MARGIN + cut_off * LEGEND_ROW,
        no_data_text="No figures in these periods",
        # The last period's label is centred on the plot's right edge: room for its half.
        margin_right=MARGIN + label_width("Q4 FY26") / 2,
        dots_size=2.5,
        value_formatter=value_formatter,
        allow_interruptions=True,
    )


def label_width(label: str) -> float:
    """How wide an axis label is drawn, generously estimated."""
    return len(label) * FONT_SIZE * CHAR_WIDTH


def short_label(period: Period) -> str:
    """A period as an axis names it, short enough for eight to sit side by side: "Oct 25"
    (the calendar month), "Q3 FY26", "FY2026"."""
    if period.kind == PeriodKind.MONTH:
        return period.start.strftime("%b %y")
    if period.kind == PeriodKind.QUARTER:
        return f"Q{period.number} FY{period.fiscal_year % 100:02d}"
    return f"FY{period.fiscal_year}"


def label_step(labels: list[str], plot_width: float) -> int:
    """Show every n-th label, n the smallest that lets the shown labels sit apart: the points
    are spread evenly over the plot, so labels n apart are n spacings apart."""
    if len(labels) < 2:
        return 1
    spacing = plot_width / (len(labels) - 1)
    widest = max(label_width(label) for label in labels) + LABEL_GAP
    return max(1, math.ceil(widest / spacing))


AXIS_SUFFIXES = ((1e3, "k"), (1e6, "M"), (1e9, "bn"))


def axis_value(value: float, unit: str) -> str:
    """A value on the value axis, short: 120k rather than 120,000."""
    if Unit(unit) in (Unit.MONEY, Unit.COUNT) and abs(value) >= 1000:
        # The smallest suffix whose three significant digits stay below 1,000: 999,600 rounds
        # to "1M", never "1e+03k".
        for size, suffix in AXIS_SUFFIXES:
            scaled = float(f"{value / size:.3g}")
            if abs(scaled) < 1000 or suffix == AXIS_SUFFIXES[-1][1]:
                return f"{scaled:g}{suffix}"
    if Unit(unit) == Unit.DAYS:
        return f"{value:.0f}"
    return format_value(value, unit)


# The class of the hollow point of a period in progress (styled in `stylesheet()`).
TO_DATE_CLASS = "to-date"


def shown_periods(line: Line, plan: Line | None, today: datetime.date | None = None) -> slice:
    """The part of the trend a chart shows: from the first period with a figure (the line's or
    the plan's; a target alone is no figure), so a yearly chart does not open on empty years,
    to the last that has begun by today. At least the last period."""
    today = today or timezone.localdate()
    plans = dict(plan.trend) if plan is not None else {}
    periods = [period for period, _ in line.trend]
    values = dict(line.trend)
    with_figures = [i for i, p in enumerate(periods) if values.get(p) or plans.get(p)]
    begun = [i for i, p in enumerate(periods) if p.start <= today]
    last = begun[-1] if begun else len(periods) - 1
    first = min(with_figures[0], last) if with_figures else last
    return slice(first, last + 1)


def trend_svg(
    line: Line,
    plan: Line | None = None,
    pace: Pace | None = None,
    *,
    wide: bool = False,
    today: datetime.date | None = None,
) -> str:
    """The chart in each size it is shown at (`wide` adds one across the page), for the
    stylesheet to show the one that fits. See `trend_chart`."""
    sizes = [WIDE, REGULAR, COMPACT] if wide else [REGULAR, COMPACT]
    return "".join(trend_chart(line, plan, pace, size=size, today=today) for size in sizes)


def trend_chart(
    line: Line,
    plan: Line | None = None,
    pace: Pace | None = None,
    *,
    size: Size = REGULAR,
    today: datetime.date | None = None,
) -> str:
    """The metric over the trend's periods, with a second series to hold it against: `plan`'s
    values period by period (bookings against quota), else the target each period had (none
    where none was set). With `pace` the last period is in progress: its point is hollow and
    labelled "to date", apart from the line, which never dives to a part-period value; a
    quota-based metric also shows its projection at this pace, dashed. Styled by the
    stylesheet `metrics/charts.css`."""
    shown = shown_periods(line, plan, today)
    trend = line.trend[shown]
    periods = [period for period, _ in trend]
    values = [value for _, value in trend]
    plans = dict(plan.trend) if plan is not None else {}
    plan_values = [plans.get(period) for period in periods]
    targets = dict(line.target_trend)
    target_values = [targets.get(period) for period in periods]
    running = pace is not None and bool(trend) and trend[-1][0] == pace.period
    to_date = values[-1] if running else None
    series: list[tuple[str | None, list, dict]] = [
        (line.metric.name, [*values[:-1], None] if running else values, {})
    ]
    if plan is not None and any(value is not None for value in plan_values):
        series.append((plan.metric.name, plan_values, DASH))
    elif any(value is not None for value in target_values):
        series.append(("Target", target_values, DASH))
    held_against = len(series) > 1
    if running:
        if not held_against:
            # Colours go by a series' place (the second is the plan's red): an untitled,
            # empty series, left out of the legend, keeps the period's own in the metric's.
            series.append((None, [None] * len(values), {}))
        name = short_label(trend[-1][0])
        blank: list = [None] * (len(values) - 1)
        if line.metric.key in PACED and to_date is not None and pace and pace.share > 0:
            before = values[-2] if len(values) > 1 else None
            series.append(("Projected", [*blank[:-1], before, to_date / pace.share], DASH))
        point = {"value": to_date, "node": {"class": f"dot {TO_DATE_CLASS}", "r": 5}}
        series.append((f"{name} to date", [*blank, point], {}))
    chart = _line_chart(
        size=size,
        show_legend=held_against or running,
        series=len(series),
        value_formatter=lambda v: axis_value(v, line.metric.unit),
    )
    labels = [short_label(period) for period in periods]
    chart.x_labels = labels
    step = label_step(labels, _plot_width(size))
    # Counted back from the last, so the period the page is about is always named.
    chart.x_labels_major = labels[(len(labels) - 1) % step :: step]
    for title, points, options in series:
        chart.add(title, points, **options)
    return _without_script_and_style(chart.render(is_unicode=True))


# What the value axis's labels take from the left, generously: "1.25M" or "100.0%".
Y_LABELS_WIDTH = label_width("100.0%") + 10


def _plot_width(size: Size) -> float:
    return size.width - MARGIN - (MARGIN + label_width("Q4 FY26") / 2) - Y_LABELS_WIDTH


def _without_script_and_style(svg: str) -> str:
    # pygal writes its tooltip configuration as a script even without its script file, its
    # styles as a style element, and hides the (scriptless, empty) tooltip with a style
    # attribute; all three would be inline content the page's policy refuses.
    return STYLE_ATTRIBUTE.sub("", STYLE_ELEMENT.sub("", SCRIPT.sub("", svg)))


def stylesheet() -> str:
    """The CSS pygal embeds in a trend chart, for every trend chart at once: pygal's rules are
    scoped to one chart's id, which becomes the class all trend charts carry. Then which of a
    chart's drawings shows at which width."""
    chart = _line_chart(size=REGULAR, show_legend=True)
    chart.add("metric", [1, 2])
    chart.add("held against", [2, 2], stroke_style=DASHED)
    chart.add("projected", [1, 3], stroke_style=DASHED)
    chart.add("to date", [None, 1], stroke_style=DASHED)
    svg = chart.render(is_unicode=True)
    found = STYLE_ELEMENT.search(svg)
    if found is None:
        raise RuntimeError("pygal wrote no style element; the chart stylesheet cannot be made")
    css = html.unescape(found.group(1)).replace(f"#chart-{chart.uuid}", f"svg.{CHART_CLASS}")
    svg_ = f"svg.{CHART_CLASS}"
    return (
        "/* Trend charts' styles, as pygal writes them into each chart, for every chart at once.\n"
        "   Generated by `leadwell manage chart_styles` from leadwell/metrics/charts.py:\n"
        "   do not edit by hand. */\n"
        f"{css.strip()}\n"
        f"{svg_} .tooltip-overlay {{ display: none; }}\n"
        f"{svg_} .series .dot {{ stroke-dasharray: none; }}\n"
        f"{svg_} .series .dot.{TO_DATE_CLASS} "
        "{ fill: #fff; stroke: #1f5fbf; stroke-width: 2px; }\n"
        "/* Guides light and solid, apart from the dashed plan or target. */\n"
        f"{svg_} .axis .guide.line, {svg_} .axis .major.guide.line "
        "{ stroke: #dde2ea; stroke-dasharray: none; }\n"
        "/* Shown at most as wide as drawn (its width attribute), so its text never grows. */\n"
        f".chart {svg_} {{ display: block; width: auto; max-width: 100%; height: auto; }}\n"
        f".chart {svg_}.size-wide, .chart {svg_}.size-compact {{ display: none; }}\n"
        f"@media (max-width: {COMPACT_BELOW}) {{\n"
        f"  .chart {svg_}.size-regular {{ display: none; }}\n"
        f"  .chart {svg_}.size-compact {{ display: block; }}\n"
        "}\n"
        f"@media (min-width: {WIDE_FROM}) {{\n"
        f"  .chart {svg_}.size-wide {{ display: block; }}\n"
        f"  .chart {svg_}.size-wide ~ {svg_}.size-regular {{ display: none; }}\n"
        "}\n"
    )
