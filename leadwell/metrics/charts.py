"""Trend charts, rendered on the server as SVG by pygal, so the same chart can appear in a page,
a PDF report or an e-mail. No script is embedded: the SVG is static."""

import re

import pygal
from pygal.style import Style

from leadwell.metrics.formatting import format_value
from leadwell.metrics.selectors import Line

SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)
STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#1d2433",
    foreground_strong="#1d2433",
    foreground_subtle="#dde2ea",
    colors=("#1f5fbf", "#b42318"),
    font_family="system-ui, sans-serif",
    label_font_size=14,
    major_label_font_size=14,
    legend_font_size=14,
    title_font_size=13,
)


def trend_svg(line: Line, plan: Line | None = None) -> str:
    """The metric over the trend's periods, with a second series to hold it against: `plan`'s
    values period by period (bookings against quota), else today's target as a flat line."""
    chart = pygal.Line(
        width=480,
        height=240,
        max_scale=6,
        truncate_label=-1,
        style=STYLE,
        show_legend=line.target is not None or plan is not None,
        legend_at_bottom=True,
        x_label_rotation=0,
        show_minor_x_labels=False,
        js=[],  # a static picture: no script from a CDN, none at all
        disable_xml_declaration=True,
        explicit_size=True,
        margin=8,
        dots_size=2.5,
        value_formatter=lambda v: format_value(v, line.metric.unit),
        allow_interruptions=True,
    )
    labels = [period.name.replace("FY", "") for period, _ in line.trend]
    chart.x_labels = labels
    chart.x_labels_major = labels[::2]
    chart.add(line.metric.name, [value for _, value in line.trend])
    dashed = {"dasharray": "4,3"}
    if plan is not None and any(value is not None for _, value in plan.trend):
        chart.add(plan.metric.name, [value for _, value in plan.trend], stroke_style=dashed)
    elif line.target is not None:
        chart.add(
            f"Target in {line.trend[-1][0].name}",
            [line.target] * len(line.trend),
            stroke_style=dashed,
        )
    # pygal writes its tooltip configuration as an inline script even without its script file;
    # the chart is a static picture, so drop it (pages keep a strict content policy).
    return SCRIPT.sub("", chart.render(is_unicode=True))
