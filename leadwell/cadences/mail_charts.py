"""Charts in e-mails: the page's own pygal chart, as a PNG a mail client shows.

Most mail clients block SVG, and none reads the site's stylesheet. So the chart is drawn by
the same function the page draws it with (leadwell.metrics.charts.trend_chart), its styles
(the rules the pages get from metrics/charts.css, without the rules that choose a drawing by
screen width) are put back into the picture, and cairosvg turns it into a PNG twice the drawn
size, sharp on a high-density screen.
"""

import datetime
import functools
import re
from dataclasses import dataclass

import cairosvg

from leadwell.metrics import charts
from leadwell.metrics.formatting import format_value
from leadwell.metrics.pace import Pace
from leadwell.metrics.selectors import Line

# The drawing of the scorecards' two-column card: about as wide as a mail's column of text.
SIZE = charts.REGULAR
SCALE = 2
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
# A picture has no page behind it: white, not transparent, so a dark-mode client still
# shows dark text on light.
BACKGROUND = "#ffffff"


@dataclass(frozen=True)
class MailChart:
    content_id: str
    png: bytes
    alt: str

    @property
    def as_image(self) -> tuple[str, bytes, str]:
        """As a notification's images carry it: (content id, PNG, alternative text)."""
        return (self.content_id, self.png, self.alt)


@functools.cache
def _standalone_styles() -> str:
    # The stylesheet's rules for every chart, up to the ones that pick a drawing by width:
    # a picture is one drawing, shown whole.
    css = charts.stylesheet()
    css = css.split("/* Shown at most as wide as drawn")[0]
    # cairosvg reads the stylesheet's "stroke-dasharray: none" on a point as no value, and
    # the point of a period in progress took its series' dashes: a dash with no gap is solid.
    css += f"svg.{charts.CHART_CLASS} .series .dot {{ stroke-dasharray: 1000, 0; }}\n"
    return re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)


def standalone_svg(svg: str) -> str:
    """The page's chart with its styles inside it, as a picture read on its own."""
    return svg.replace(">", f"><style>{_standalone_styles()}</style>", 1)


def trend_png(
    line: Line,
    plan: Line | None = None,
    pace: Pace | None = None,
    *,
    today: datetime.date | None = None,
) -> bytes:
    """The PNG of the chart the scorecard page shows for `line` (held against `plan`, with
    `pace` while the period runs)."""
    svg = charts.trend_chart(line, plan, pace, size=SIZE, today=today)
    return cairosvg.svg2png(
        bytestring=standalone_svg(svg).encode(), scale=SCALE, background_color=BACKGROUND
    )


def bookings_chart(
    content_id: str,
    name: str,
    bookings: Line,
    quota: Line | None,
    pace: Pace | None,
    *,
    period_label: str,
    today: datetime.date | None = None,
) -> MailChart:
    """A team's bookings against quota, the team page's chart, with an alternative text that
    says what the picture shows for a reader who sees no pictures (and as its caption)."""
    said = format_value(bookings.value or 0, bookings.metric.unit)
    alt = f"{name}, {period_label}: bookings {said}"
    if quota is not None and quota.value:
        share = (bookings.value or 0) / quota.value
        alt += f" of a {format_value(quota.value, quota.metric.unit)} quota ({share:.0%})"
    shown = bookings.trend[charts.shown_periods(bookings, quota, today)]
    alt += f". The chart shows the last {len(shown)} quarters."
    png = trend_png(bookings, quota, pace, today=today)
    return MailChart(content_id, png, alt[:200])
