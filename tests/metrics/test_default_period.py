"""Which period a scorecard shows when none is asked for, and scorecards kept current by the
command line's imports of people."""

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from leadwell.lib.periods import PeriodKind, period_of
from leadwell.metrics.compute import recompute
from leadwell.metrics.models import Scope
from leadwell.metrics.selectors import current_period, default_period
from tests.conftest import deal

from ..conftest import once_per_ci_run

REPO = Path(__file__).resolve().parents[2]


def previous_quarter():
    return period_of(
        current_period(PeriodKind.QUARTER).start - datetime.timedelta(days=1), "quarter"
    )


@pytest.fixture
def last_quarter_only(personas):
    """A deal won last quarter and nothing this quarter."""
    last = previous_quarter()
    deal(personas.seller, "won", 1000, last.start)
    recompute()
    return last


@pytest.mark.django_db
def test_the_current_quarter_is_shown_when_it_has_results(personas):
    now = current_period(PeriodKind.QUARTER)
    deal(personas.seller, "won", 500, now.start)
    recompute()
    assert default_period(Scope.PERSON, [personas.seller.pk]) == (now, "")


@pytest.mark.django_db
def test_without_results_this_quarter_the_latest_quarter_with_data_is_shown_and_said(
    personas, last_quarter_only
):
    now = current_period(PeriodKind.QUARTER)
    shown, note = default_period(Scope.TEAM, [personas.boston.pk])
    assert shown == last_quarter_only
    assert note == (
        f"No results yet for {now.short_label}: showing {last_quarter_only.label}, "
        "the latest quarter with data."
    )


@pytest.mark.django_db
def test_with_no_data_at_all_the_current_quarter_is_shown_without_a_note(personas):
    assert default_period(Scope.PERSON, None) == (current_period(PeriodKind.QUARTER), "")


@pytest.mark.django_db
def test_the_team_page_and_the_api_show_the_latest_quarter_with_data_and_say_so(
    personas, last_quarter_only
):
    client = personas.client("leader")
    page = client.get(reverse("metrics:team", args=[personas.boston.pk]))
    text = page.content.decode()
    assert "No results yet for" in text and last_quarter_only.short_label in text
    # A period asked for is shown as asked, with no note.
    now = current_period(PeriodKind.QUARTER)
    asked = client.get(reverse("metrics:team", args=[personas.boston.pk]), {"period": now.name})
    assert "No results yet for" not in asked.content.decode()

    api = personas.api("leader")
    body = api.get(f"/api/v1/scorecards/teams/{personas.boston.pk}").json()
    assert body["team"]["period"] == last_quarter_only.name
    assert body["team"]["period_note"].startswith("No results yet for")
    body = api.get(f"/api/v1/scorecards/people/{personas.seller.pk}").json()
    assert body["period"] == last_quarter_only.name and body["period_note"]


# --- the command line --------------------------------------------------------------------


def leadwell(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEADWELL_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-m", "leadwell.cli", *args, "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=300,
    )


@once_per_ci_run
def test_a_people_import_from_the_command_line_leaves_the_team_scorecard_current(tmp_path):
    data = tmp_path / "data"
    deals = tmp_path / "deals.csv"
    deals.write_text(
        "Opportunity ID,Opportunity Owner,Stage,Amount,Close Date\n"
        "006A,Nina Patel,Closed Won,100,2017-02-01\n"
        "006B,Omar Diaz,Closed Won,50,2017-02-02\n"
        "006C,Omar Diaz,Closed Lost,70,2017-02-03\n"
    )
    people = tmp_path / "people.csv"
    people.write_text(
        "Name,Manager,Team\nLena Hart,,Boston\nNina Patel,Lena Hart,Boston\n"
        "Omar Diaz,Lena Hart,Boston\n"
    )
    first = leadwell(data, "import", "opportunities", str(deals), "--create-people")
    assert first.returncode == 0, first.stderr
    second = leadwell(data, "import", "people", str(people))
    assert second.returncode == 0, second.stderr
    card = leadwell(
        data, "scorecard", "--team", "Boston", "--period", "2017-Q1", "--format", "json"
    )
    assert card.returncode == 0, card.stderr
    [team, *_] = json.loads(card.stdout)
    assert team["who"]["kind"] == "team"
    # Computed from the file: the won amounts of the team's sellers.
    assert team["metrics"]["bookings"]["value"] == 100 + 50
    assert team["metrics"]["deals_won"]["value"] == 2

    # No --period: the current quarter has no results, so the latest with data is shown.
    latest = leadwell(data, "scorecard", "--team", "Boston", "--metric", "bookings")
    assert latest.returncode == 0, latest.stderr
    assert (
        "showing Q1 FY2017 (1 Jan \u2013 31 Mar 2017), the latest quarter with data"
        in latest.stderr
    )
    assert "Q1 FY2017 (1 Jan \u2013 31 Mar 2017)" in latest.stdout and "150" in latest.stdout
