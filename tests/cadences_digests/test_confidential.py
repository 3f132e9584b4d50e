"""Nothing confidential leaves the product by e-mail: a phrase planted in every private field
the digests sit next to (the Monday answer, notes, talking points, actions, coaching items and
assignments, the development plan, pulse comments, a challenge's description and ask, an
extra ask's reason) is in no subject, line, text or HTML of any digest for any persona, nor in
any notification or e-mail the schedule makes."""

import datetime
import importlib.util
from decimal import Decimal

import pytest

from leadwell.asks import services as asks
from leadwell.cadences import schedule
from leadwell.cadences.digests import compose, daily
from leadwell.cadences.models import Delivery, Kind, Notification
from leadwell.challenges import services as challenges
from leadwell.coaching import services as coaching
from leadwell.lib.periods import period_of
from leadwell.pulse.models import Answer, ResultGroup

from .conftest import at, monday

pytestmark = pytest.mark.django_db

SECRET = "zebra-marmalade-7731"
# The reminders' lines are the reminders module's (it comes with the calendar feed's branch):
# with it, they are searched too.
HAS_REMINDERS = importlib.util.find_spec("leadwell.cadences.reminders") is not None
KINDS = [k for k in Kind if HAS_REMINDERS or k != Kind.REMINDERS]


@pytest.fixture
def secrets_everywhere(week):
    p = week.personas
    meeting = week.sam_meeting
    secret = f"{SECRET} (private)"
    coaching.answer_write(meeting=meeting, by=p.seller, text=secret)
    coaching.shared_notes_write(meeting=meeting, by=p.leader, text=secret)
    coaching.private_note_write(meeting=meeting, by=p.leader, text=secret)
    coaching.point_add(meeting=meeting, by=p.seller, text=secret)
    coaching.action_add(meeting=meeting, by=p.leader, text=secret, owner=p.seller)
    item = coaching.item_open(person=p.seller, by=p.leader, title=secret)
    coaching.item_note(item=item, by=p.leader, text=secret)
    coaching.assignment_add(
        item=item, by=p.leader, title=secret, description=secret, due_on=meeting.scheduled_on
    )
    done = coaching.assignment_add(item=item, by=p.leader, title=secret, description=secret)
    coaching.assignment_complete(assignment=done, by=p.seller, note=secret)
    plan = coaching.plan_save(
        person=p.seller, strengths=secret, development_notes=secret, aspiration=secret
    )
    coaching.plan_comment_add(plan=plan, by=p.leader, text=secret)
    group = ResultGroup.objects.create(
        team=p.boston,
        leader=p.leader,
        first_opened_on=monday() - datetime.timedelta(days=10),
        last_closed_on=monday() - datetime.timedelta(days=3),
        answers_count=5,
        eligible=5,
    )
    Answer.objects.bulk_create(
        Answer(group=group, care=4, help=4, trust=4, comment=secret) for _ in range(5)
    )
    challenge = challenges.challenge_raise(
        by=p.seller, team=p.boston, description=secret, category="process"
    )
    challenges.challenge_escalate(
        challenge=challenge, by=p.leader, ask=secret, business_case=secret
    )
    asks.ask_record(
        by=p.director,
        leader=p.leader,
        period=period_of(monday(), "quarter"),
        amount=Decimal(50_000),
        reason=secret,
    )
    return week


def everything_said(composed) -> str:
    lines = " ".join(f"{line['text']} {line['link']} {line['section']}" for line in composed.lines)
    alts = " ".join(alt for _, _, alt in composed.images)
    return " ".join([composed.key, composed.subject, lines, composed.text, composed.html, alts])


def test_no_digest_of_any_kind_for_any_persona_carries_a_private_phrase(secrets_everywhere):
    personas = secrets_everywhere.personas
    composed = {
        (who, kind): compose(person, kind, at(monday(), 9))
        for who, person in personas.all().items()
        for kind in KINDS
    }
    made = {key: c for key, c in composed.items() if c is not None}
    # The digests beside the planted text are made: the leader's (with the answered question,
    # the pulse result), Sam's before his 1:1, and Dana's (the challenge, the ask).
    assert {("leader", Kind.LEADER_DIGEST), ("seller", Kind.PRE_ONE_ON_ONE)} <= set(made)
    assert ("director", Kind.DIRECTOR_DIGEST) in made
    said = {key: everything_said(c) for key, c in made.items()}
    assert "answered the Monday question" in said["leader", Kind.LEADER_DIGEST]
    assert "5 answers" in said["leader", Kind.LEADER_DIGEST]
    assert "Process challenge" in said["director", Kind.DIRECTOR_DIGEST]
    assert "Extra ask of Lena Hart" in said["director", Kind.DIRECTOR_DIGEST]
    assert "You have answered it" in said["seller", Kind.PRE_ONE_ON_ONE]
    for key, text in said.items():
        assert SECRET not in text, key


def test_no_notification_or_e_mail_the_schedule_makes_carries_a_private_phrase(
    secrets_everywhere, monkeypatch
):
    if not HAS_REMINDERS:
        monkeypatch.setattr(daily, "owed", lambda person, today: [])
    for hour in (7, 9, 12):
        schedule.digests_due(at(monday(), hour))
    notifications = list(Notification.objects.all())
    assert {n.kind for n in notifications} >= {
        Kind.LEADER_DIGEST,
        Kind.PRE_ONE_ON_ONE,
        Kind.DIRECTOR_DIGEST,
    }
    for n in notifications:
        assert SECRET not in f"{n.key} {n.subject} {n.lines}", n.key
    deliveries = list(Delivery.objects.all())
    assert len(deliveries) == len(notifications)
    for d in deliveries:
        assert SECRET not in f"{d.subject} {d.text} {d.html}"
        assert all(SECRET not in image.alt for image in d.images.all())
