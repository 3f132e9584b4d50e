"""The week the digests are about: Lena's team with figures (Sam far behind his quota, Sofia
ahead of hers), a 1:1 with each this week, and the helpers the tests share."""

import datetime
import zoneinfo
from dataclasses import dataclass

import pytest
from click.testing import CliRunner, Result
from django.utils import timezone

from leadwell.cadences.digests import week_of
from leadwell.cadences.models import Preferences
from leadwell.coaching import services as coaching
from leadwell.coaching.models import Meeting, OneOnOneSeries
from leadwell.crm.models import Quota
from leadwell.lib.periods import period_of
from leadwell.metrics.compute import recompute
from leadwell.org.models import Person
from tests.conftest import deal

UTC = datetime.UTC


def today() -> datetime.date:
    return timezone.localdate()


def monday() -> datetime.date:
    return week_of(today())


def at(day: datetime.date, hour: int, minute: int = 0, zone: str = "UTC") -> datetime.datetime:
    """A moment in a zone, as the schedule is asked about it (in UTC, as the worker asks)."""
    local = datetime.datetime.combine(day, datetime.time(hour, minute), zoneinfo.ZoneInfo(zone))
    return local.astimezone(UTC)


def live_in(person: Person, zone: str) -> None:
    Preferences.objects.update_or_create(person=person, defaults={"time_zone": zone})


def meeting_on(leader: Person, report: Person, day: datetime.date) -> Meeting:
    series = coaching.series_start(leader=leader, report=report, weekday=min(day.weekday(), 4))
    OneOnOneSeries.objects.filter(pk=series.pk).update(started_on=day - datetime.timedelta(days=30))
    meeting, _ = Meeting.objects.get_or_create(series=series, scheduled_on=day)
    return meeting


@dataclass
class Week:
    personas: object
    sam_meeting: Meeting
    sofia_meeting: Meeting


@pytest.fixture
def week(personas) -> Week:
    """This quarter Sam has won 1,000 of a 100,000 quota and Sofia 180,000 of hers; Sam's 1:1
    is on Wednesday and Sofia's on Thursday of this week."""
    start = period_of(today(), "quarter").start
    deal(personas.seller, "won", 1_000, start)
    deal(personas.seller2, "won", 90_000, start)
    deal(personas.seller2, "won", 90_000, start)
    for who in (personas.seller, personas.seller2):
        Quota.objects.create(person=who, period_kind="quarter", period_start=start, amount=100_000)
    recompute(today=today())
    wednesday = monday() + datetime.timedelta(days=2)
    sam = meeting_on(personas.leader, personas.seller, wednesday)
    sofia = meeting_on(personas.leader, personas.seller2, wednesday + datetime.timedelta(days=1))
    return Week(personas, sam, sofia)


@pytest.fixture
def cli(monkeypatch, tmp_path):
    """Run `leadwell ...` in-process, on the test database."""
    from leadwell.cli import main

    monkeypatch.setenv("LEADWELL_DATA_DIR", str(tmp_path))

    def run(*args: str) -> Result:
        return CliRunner().invoke(main, list(args), prog_name="leadwell", catch_exceptions=False)

    return run
