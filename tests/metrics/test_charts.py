"""Trend charts are static pictures the strict content policy lets through: no script, no style
element or attribute in the SVG, and the styles pygal would have embedded served from the
stylesheet every chart page links, kept equal to what pygal writes."""

import re

import pytest
from django.core.management import CommandError, call_command

from leadwell.lib.periods import parse_period
from leadwell.metrics import catalog, charts
from leadwell.metrics.selectors import Line


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
    assert f'class="pygal-chart {charts.CHART_CLASS}"' in svg


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
