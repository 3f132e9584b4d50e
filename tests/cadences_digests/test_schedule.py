"""The schedule: each digest falls due at the hour the person chose, in their own time zone,
once per period, and finding that nothing is due costs the same few queries for any number of
people."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from leadwell.cadences import schedule
from leadwell.cadences.digests import daily
from leadwell.cadences.models import Delivery, Kind, MailChoice, Notification
from leadwell.org import services as org

from .conftest import at, live_in, monday

pytestmark = pytest.mark.django_db

SUNDAY = datetime.timedelta(days=-1)


@pytest.fixture(autouse=True)
def nothing_owed(monkeypatch):
    """No reminders unless a test says what is owed."""
    monkeypatch.setattr(daily, "owed", lambda person, today: [])


def made(person, kind: Kind) -> list[Notification]:
    return list(Notification.objects.filter(person=person, kind=kind))


def test_a_leader_in_sydney_gets_the_monday_digest_at_seven_sydney_time_not_utc(week):
    personas = week.personas
    live_in(personas.leader, "Australia/Sydney")
    # 06:59 on Monday in Sydney is Sunday evening in UTC: not yet.
    schedule.digests_due(at(monday(), 6, 59, "Australia/Sydney"))
    assert made(personas.leader, Kind.LEADER_DIGEST) == []
    seven = at(monday(), 7, 0, "Australia/Sydney")
    assert seven.date() == monday() + SUNDAY  # still Sunday in UTC
    schedule.digests_due(seven)
    [digest] = made(personas.leader, Kind.LEADER_DIGEST)
    assert digest.key == f"leader_digest:{monday().isoformat()}"
    # Owen, in the organisation's zone (UTC), is still on Sunday: nothing for him.
    assert made(personas.other_leader, Kind.LEADER_DIGEST) == []


def test_running_the_schedule_twice_makes_one_notification_and_one_e_mail(week):
    personas = week.personas
    eight = at(monday(), 8)
    first = schedule.digests_due(eight)
    again = schedule.digests_due(eight + datetime.timedelta(minutes=1))
    assert [n.kind for n in first if n.person == personas.leader] == [Kind.LEADER_DIGEST]
    assert again == []
    assert len(made(personas.leader, Kind.LEADER_DIGEST)) == 1
    assert Delivery.objects.filter(notification__person=personas.leader).count() == 1


def test_the_chosen_weekday_and_hour_are_kept_and_a_late_worker_still_sends_that_day(week):
    personas = week.personas
    MailChoice.objects.create(
        person=personas.leader, kind=Kind.LEADER_DIGEST, weekday=2, hour=14, by_email=False
    )
    wednesday = monday() + datetime.timedelta(days=2)
    schedule.digests_due(at(wednesday, 13, 59))
    assert made(personas.leader, Kind.LEADER_DIGEST) == []
    # A worker down from 14:00 to Thursday 15:00 has missed it: a stale digest is not sent.
    schedule.digests_due(at(wednesday + datetime.timedelta(days=1), 15))
    assert made(personas.leader, Kind.LEADER_DIGEST) == []
    schedule.digests_due(at(wednesday + datetime.timedelta(days=1), 13, 59))
    [digest] = made(personas.leader, Kind.LEADER_DIGEST)
    # In the app only: this leader chose no e-mail for it.
    assert not Delivery.objects.filter(notification=digest).exists()


def test_the_e_mail_before_a_1_1_comes_two_days_ahead_at_the_sellers_hour(week):
    personas = week.personas
    live_in(personas.seller, "America/Los_Angeles")
    # Sam's 1:1 is on Wednesday; his hour is 09:00 (the default), in Los Angeles.
    schedule.digests_due(at(monday(), 8, 59, "America/Los_Angeles"))
    assert made(personas.seller, Kind.PRE_ONE_ON_ONE) == []
    schedule.digests_due(at(monday(), 9, 0, "America/Los_Angeles"))
    [before] = made(personas.seller, Kind.PRE_ONE_ON_ONE)
    assert before.key == f"pre_one_on_one:{week.sam_meeting.pk}"
    # Sofia's is on Thursday: hers comes on Tuesday.
    assert made(personas.seller2, Kind.PRE_ONE_ON_ONE) == []
    schedule.digests_due(at(monday() + datetime.timedelta(days=1), 9))
    [hers] = made(personas.seller2, Kind.PRE_ONE_ON_ONE)
    assert hers.key == f"pre_one_on_one:{week.sofia_meeting.pk}"


def test_reminders_come_once_a_day_from_the_persons_hour_when_something_is_owed(
    personas, monkeypatch
):
    asked = []

    def owed(person, today):
        asked.append(person)
        return [{"text": "Your report", "link": "/reports/", "section": "Due"}]

    monkeypatch.setattr(daily, "owed", owed)
    schedule.digests_due(at(monday(), 7, 59))
    assert Notification.objects.filter(kind=Kind.REMINDERS).count() == 0
    schedule.digests_due(at(monday(), 8))
    schedule.digests_due(at(monday(), 15))
    assert made(personas.seller, Kind.REMINDERS)[0].key == f"reminders:{monday().isoformat()}"
    assert len(made(personas.seller, Kind.REMINDERS)) == 1
    schedule.digests_due(at(monday() + datetime.timedelta(days=1), 8))
    assert len(made(personas.seller, Kind.REMINDERS)) == 2


def test_nothing_owed_is_composed_once_an_hour_not_every_minute(personas, monkeypatch):
    asked = []
    monkeypatch.setattr(daily, "owed", lambda person, today: asked.append(person) or [])
    schedule.digests_due(at(monday(), 9))
    first = len(asked)
    assert first >= 1
    schedule.digests_due(at(monday(), 9, 1))
    assert len(asked) == first
    assert Notification.objects.filter(kind=Kind.REMINDERS).count() == 0


def queries_when_nothing_is_due(now) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert schedule.keys_due(now) == []
    return len(queries)


def test_finding_nothing_due_costs_the_same_few_queries_for_many_people(personas):
    early = at(monday(), 3)  # before anybody's hour
    few = queries_when_nothing_is_due(early)
    for n in range(20):
        someone = org.person_create(name=f"Seller {n}", email=f"seller{n}@example.com")
        org.person_join_team(person=someone, team=personas.boston, on=monday())
    assert queries_when_nothing_is_due(early) == few <= 6


def test_the_workers_upkeep_makes_the_digests_due(week):
    from django.utils import timezone

    from leadwell.worker import upkeep

    personas = week.personas
    # Due from midnight today, in UTC, whatever the hour the test runs at.
    MailChoice.objects.create(
        person=personas.leader,
        kind=Kind.LEADER_DIGEST,
        weekday=timezone.now().weekday(),
        hour=0,
    )
    done = upkeep()
    assert [n.kind for n in done.digests_made if n.person == personas.leader] == [
        Kind.LEADER_DIGEST
    ]
    assert done.did_something
    assert upkeep().digests_made == []
