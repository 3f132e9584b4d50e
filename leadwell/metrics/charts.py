"""Trend charts, rendered on the server as SVG by pygal.

A chart carries neither script nor style: pages keep a strict content policy (no inline script,
no inline style). pygal's tooltip script is optional and dropped; the styles pygal would embed
in every chart are the same for all trend charts, so they are written once into the static
stylesheet `metrics/charts.css` (`stylesheet()`, kept current by `leadwell manage chart_styles`),
which the pages that show charts link.
"""

import html
import re

import pygal
from pygal.style import Style

from leadwell.metrics.formatting import format_value
from leadwell.metrics.pace import Pace
from leadwell.metrics.selectors import PACED, Line

# The class every trend chart's <svg> carries, which the stylesheet's rules select.
CHART_CLASS = "trend-chart"
STYLESHEET = "metrics/charts.css"

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
    label_font_size=14,
    major_label_font_size=14,
    legend_font_size=14,
    title_font_size=13,
)
# The second series (plan or target) is dashed; the stylesheet holds the dash for every chart.
DASHED = {"dasharray": "4,3"}
DASH = {"stroke_style": DASHED}


def _line_chart(*, show_legend: bool, value_formatter=str) -> pygal.Line:
    return pygal.Line(
        width=480,
        height=240,
        max_scale=6,
        truncate_label=-1,
        style=STYLE,
        classes=["pygal-chart", CHART_CLASS],
        show_legend=show_legend,
        legend_at_bottom=True,
        x_label_rotation=0,
        show_minor_x_labels=False,
        js=[],  # a static picture: no script from a CDN, none at all
        disable_xml_declaration=True,
        explicit_size=True,
        margin=8,
        dots_size=2.5,
        value_formatter=value_formatter,
        allow_interruptions=True,
    )


# The class of the hollow point of a period in progress (styled in `stylesheet()`).
TO_DATE_CLASS = "to-date"


def trend_svg(line: Line, plan: Line | None = None, pace: Pace | None = None) -> str:
    """The metric over the trend's periods, with a second series to hold it against: `plan`'s
    values period by period (bookings against quota), else the target as a flat line (the
    whole period's, not the pace). With `pace` the last period is in progress: its point is
    hollow and labelled "to date", apart from the line, which never dives to a part-period
    value; a quota-based metric also shows its projection at this pace, dashed. Styled by the
    stylesheet `metrics/charts.css`."""
    target = line.full_target if line.paced else line.target
    chart = _line_chart(
        show_legend=target is not None or plan is not None,
        value_formatter=lambda v: format_value(v, line.metric.unit),
    )
    labels = [period.name.replace("FY", "") for period, _ in line.trend]
    chart.x_labels = labels
    chart.x_labels_major = labels[::2]
    values = [value for _, value in line.trend]
    running = pace is not None and bool(line.trend) and line.trend[-1][0] == pace.period
    to_date = values[-1] if running else None
    chart.add(line.metric.name, [*values[:-1], None] if running else values)
    if plan is not None and any(value is not None for _, value in plan.trend):
        chart.add(plan.metric.name, [value for _, value in plan.trend], stroke_style=DASHED)
    elif target is not None:
        chart.add(f"Target in {line.trend[-1][0].name}", [target] * len(line.trend), **DASH)
    if running and pace is not None:
        name = line.trend[-1][0].name
        blank: list = [None] * (len(values) - 1)
        if line.metric.key in PACED and to_date is not None and pace.share > 0:
            projected = to_date / pace.share
            before = values[-2] if len(values) > 1 else None
            chart.add(f"Projected for {name}", [*blank[:-1], before, projected], **DASH)
        chart.add(
            f"{name} to date ({pace.elapsed:.0%} elapsed)",
            [*blank, {"value": to_date, "node": {"class": f"dot {TO_DATE_CLASS}", "r": 5}}],
        )
    return _without_script_and_style(chart.render(is_unicode=True))


def _without_script_and_style(svg: str) -> str:
    # pygal writes its tooltip configuration as a script even without its script file, its
    # styles as a style element, and hides the (scriptless, empty) tooltip with a style
    # attribute; all three would be inline content the page's policy refuses.
    return STYLE_ATTRIBUTE.sub("", STYLE_ELEMENT.sub("", SCRIPT.sub("", svg)))


def stylesheet() -> str:
    """The CSS pygal embeds in a trend chart, for every trend chart at once: pygal's rules are
    scoped to one chart's id, which becomes the class all trend charts carry."""
    chart = _line_chart(show_legend=True)
    chart.add("metric", [1, 2])
    chart.add("held against", [2, 2], stroke_style=DASHED)
    chart.add("projected", [1, 3], stroke_style=DASHED)
    chart.add("to date", [None, 1], stroke_style=DASHED)
    svg = chart.render(is_unicode=True)
    found = STYLE_ELEMENT.search(svg)
    if found is None:
        raise RuntimeError("pygal wrote no style element; the chart stylesheet cannot be made")
    css = html.unescape(found.group(1)).replace(f"#chart-{chart.uuid}", f"svg.{CHART_CLASS}")
    return (
        "/* Trend charts' styles, as pygal writes them into each chart, for every chart at once.\n"
        "   Generated by `leadwell manage chart_styles` from leadwell/metrics/charts.py:\n"
        "   do not edit by hand. */\n"
        f"{css.strip()}\n"
        f"svg.{CHART_CLASS} .tooltip-overlay {{ display: none; }}\n"
        f"svg.{CHART_CLASS} .series .dot {{ stroke-dasharray: none; }}\n"
        f"svg.{CHART_CLASS} .series .dot.{TO_DATE_CLASS} "
        "{ fill: #fff; stroke: #1f5fbf; stroke-width: 2px; }\n"
    )
