"""Days and periods read in the reader's language; files for machines carry ISO 8601."""

import datetime
import json
import re

import pytest
from django.urls import reverse
from django.utils import translation

from leadwell.lib import dates
from leadwell.lib.periods import parse_period, period_of
from tests.conftest import one_on_one_held_last_week

US = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}
GB = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}
DASH = "\u2013"


# -- Period labels -------------------------------------------------------------------------------


def test_a_quarter_reads_with_its_days_in_the_readers_language():
    quarter = parse_period("FY2026-Q4")
    with translation.override("en-gb"):
        assert quarter.label == f"Q4 FY2026 (1 Oct {DASH} 31 Dec 2026)"
    with translation.override("en-us"):
        assert quarter.label == f"Q4 FY2026 (Oct 1 {DASH} Dec 31, 2026)"
    assert quarter.name == "FY2026-Q4" and quarter.short_label == "Q4 FY2026"


def test_with_a_january_start_a_month_is_its_calendar_month_and_a_year_the_calendar_year():
    with translation.override("en-gb"):
        assert parse_period("FY2026-M10").label == "October 2026"
        assert parse_period("FY2026").label == f"FY2026 (1 Jan {DASH} 31 Dec 2026)"


def test_with_a_february_start_a_month_shows_its_fiscal_number_and_its_calendar_month(settings):
    settings.FISCAL_YEAR_START_MONTH = 2
    with translation.override("en-gb"):
        assert parse_period("FY2026-M01").label == "M1 FY2026 (February 2025)"
        assert parse_period("FY2026-M12").label == "M12 FY2026 (January 2026)"
        # A quarter across the new year writes both years.
        assert parse_period("FY2026-Q4").label == f"Q4 FY2026 (1 Nov 2025 {DASH} 31 Jan 2026)"
        assert parse_period("FY2026").label == f"FY2026 (1 Feb 2025 {DASH} 31 Jan 2026)"
    with translation.override("en-us"):
        assert parse_period("FY2026").label == f"FY2026 (Feb 1, 2025 {DASH} Jan 31, 2026)"
    # The identifiers do not change: the label is for reading only.
    assert period_of(datetime.date(2025, 11, 3)).name == "FY2026-Q4"


def test_a_day_a_time_and_a_weekday_read_the_american_or_the_british_way():
    moment = datetime.datetime(2026, 12, 6, 21, 30)
    with translation.override("en-us"):
        assert dates.day(moment.date()) == "Dec 6, 2026"
        assert dates.day_time(moment) == "Dec 6, 2026, 9:30 PM"
        assert dates.weekday(moment.date()) == "Sun, Dec 6, 2026"
    with translation.override("en-gb"):
        assert dates.day(moment.date()) == "6 Dec 2026"
        assert dates.day_time(moment) == "6 Dec 2026, 21:30"
        assert dates.weekday(moment.date()) == "Sun 6 Dec 2026"


# -- Pages follow the browser ---------------------------------------------------------------------


@pytest.mark.django_db
def test_a_page_writes_days_the_way_the_browser_asks_and_says_it_varies_by_language(personas):
    series, _ = one_on_one_held_last_week(personas.leader, personas.seller)
    url = reverse("one_on_ones:series", args=[series.pk])
    started = series.started_on
    client = personas.client("leader")

    american, british = client.get(url, **US), client.get(url, **GB)

    iso = started.isoformat()
    us_day = f"{started:%b} {started.day}, {started.year}"
    gb_day = f"{started.day} {started:%b} {started.year}"
    assert f'<time datetime="{iso}">{us_day}</time>' in american.content.decode()
    assert f'<time datetime="{iso}">{gb_day}</time>' in british.content.decode()
    assert "Accept-Language" in american["Vary"] and american["Content-Language"] == "en-us"
    assert british["Content-Language"] == "en-gb"
    # Every other English writes the day first, as British English does.
    australian = client.get(url, HTTP_ACCEPT_LANGUAGE="en-AU,en;q=0.8")
    assert f'<time datetime="{iso}">{gb_day}</time>' in australian.content.decode()


def test_a_weekly_report_names_its_days_in_the_readers_language():
    from leadwell.reports.periods import period_for

    week = period_for("week", datetime.date(2026, 11, 30))
    with translation.override("en-us"):
        assert week.label == "Week of Nov 30 \u2013 Dec 6, 2026"
    with translation.override("en-gb"):
        assert week.label == "Week of 30 Nov \u2013 6 Dec 2026"


@pytest.mark.django_db
def test_the_period_picker_names_the_period_with_its_days_in_the_browsers_language(personas):
    url = reverse("metrics:person", args=[personas.seller.pk]) + "?period=FY2026-Q4"
    client = personas.client("seller")
    assert f"Q4 FY2026 (Oct 1 {DASH} Dec 31, 2026)" in client.get(url, **US).content.decode()
    british = client.get(url, **GB).content.decode()
    assert f"Q4 FY2026 (1 Oct {DASH} 31 Dec 2026)" in british
    # Links and the field keep the identifier.
    assert "?period=FY2026-Q3" in british and 'value="FY2026-Q4"' in british


# -- Files for machines are ISO 8601 whatever the language ----------------------------------------

ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
MONTH_NAME = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b")


def _dated_values(document, key=""):
    """Every (key, value) of a JSON document whose key names a day or a moment."""
    if isinstance(document, dict):
        for k, v in document.items():
            yield from _dated_values(v, k)
    elif isinstance(document, list):
        for v in document:
            yield from _dated_values(v, key)
    elif isinstance(document, str) and re.search(r"(_on|_at|_date|_from|_until|start|end)$", key):
        yield key, document


@pytest.mark.django_db
def test_the_personal_data_export_writes_days_and_moments_in_iso_8601(personas):
    one_on_one_held_last_week(personas.leader, personas.seller)
    response = personas.client("seller").get(reverse("personal-data"), **US)
    found = list(_dated_values(json.loads(response.content)))
    assert found, "the export holds dated values"
    for key, value in found:
        assert ISO_DAY.match(value) or ISO_MOMENT.match(value), (key, value)


@pytest.mark.django_db
def test_scorecard_exports_are_the_same_in_american_and_british_english(personas):
    url = reverse("metrics:export", args=["person", personas.seller.pk, "csv"])
    url += "?period=FY2026-Q4"
    client = personas.client("seller")
    american = client.get(url, **US).content.decode()
    assert american == client.get(url, **GB).content.decode()
    assert "FY2026-Q4" in american and not MONTH_NAME.search(american)


@pytest.mark.django_db
def test_the_api_gives_iso_days_and_a_label_in_the_language_asked_for(personas):
    client = personas.api("seller")
    url = f"/api/v1/scorecards/people/{personas.seller.pk}?period=FY2026-Q4"
    card = client.get(url, **US).json()
    assert card["period"] == "FY2026-Q4"
    assert (card["period_start"], card["period_end"]) == ("2026-10-01", "2027-01-01")
    assert card["period_label"] == f"Q4 FY2026 (Oct 1 {DASH} Dec 31, 2026)"
    assert card["trend"]["bookings"][-1]["period_label"] == card["period_label"]
