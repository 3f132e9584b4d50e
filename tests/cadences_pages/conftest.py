"""Notifications to read, for the cadences pages' tests."""

import datetime

import pytest
from django.utils import timezone

from leadwell.cadences.models import Kind, Notification


def notify(person, number: int, *, kind: Kind = Kind.REMINDERS, read: bool = False, **fields):
    """The person's notification `number`, made `number` hours ago (a higher number is older)."""
    values = {
        "person": person,
        "kind": kind,
        "key": f"{kind}:{number}",
        "subject": f"Reminder {number} for {person.name}",
        "lines": [{"text": f"2 plan reviews due ({number})", "link": "/coaching/", "section": ""}],
        "created_at": timezone.now() - datetime.timedelta(hours=number),
        "read_at": timezone.now() if read else None,
    }
    return Notification.objects.create(**(values | fields))


@pytest.fixture
def notifications(personas):
    """Lena's three notifications (the newest unread, one of them read) and one of Owen's."""
    return {
        "newest": notify(
            personas.leader, 1, kind=Kind.LEADER_DIGEST, subject="Your team this week"
        ),
        "older": notify(personas.leader, 2),
        "read": notify(personas.leader, 3, read=True),
        "owens": notify(personas.other_leader, 1, subject="Owen's own reminder"),
    }
