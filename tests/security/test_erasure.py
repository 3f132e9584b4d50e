"""Erasing a departed person's confidential content is a deliberate act: an administrator sees
how much there is of each kind (never a word of it), types the person's name to confirm, and
the audit trail records it. It removes exactly what the apps declare, never cascading into
anything else, and leaves the person, their reporting lines, CRM records and the 1:1s they led."""

import datetime

import pytest
from django.apps import apps

from leadwell.audit.models import Change, Kind
from leadwell.coaching import services as coaching
from leadwell.coaching.models import (
    AssignmentTemplate,
    CoachingItem,
    Meeting,
    OneOnOneSeries,
    PrivateNote,
    Skill,
    TalkingPoint,
)
from leadwell.debriefs.models import Department
from leadwell.leadership.vision.models import Goal, GoalVersion, Vision
from leadwell.org import services as org
from leadwell.org.models import Membership
from leadwell.reports.models import ReportComment
from leadwell.web import erasure

from ..conftest import deal

pytestmark = pytest.mark.django_db

SECRET = "Heron-2284"  # in every text written about Sam
DAY = datetime.date(2025, 6, 2)


@pytest.fixture
def departed(personas):
    """Sam's coaching, plan and 1:1 with Lena, each text holding the secret; Sofia's coaching
    beside it; then Sam leaves."""
    sam, lena = personas.seller, personas.leader
    goal = coaching.goal_save(person=sam, area="career", title=SECRET)
    item = coaching.item_open(person=sam, by=lena, title=SECRET)
    coaching.item_note(item=item, by=lena, text=SECRET)
    assignment = coaching.assignment_add(item=item, by=lena, title=SECRET, started_on=DAY)
    coaching.assignment_complete(assignment=assignment, by=sam, note=SECRET)
    plan = coaching.plan_save(person=sam, strengths=SECRET, aspiration=SECRET)
    coaching.plan_action_add(plan=plan, text=SECRET)
    coaching.plan_review_add(plan=plan, by=lena, progress=SECRET)
    coaching.plan_comment_add(plan=plan, by=sam, text=SECRET)
    series = coaching.series_start(leader=lena, report=sam)
    meeting = coaching.meeting_next(series=series)
    coaching.point_add(meeting=meeting, by=sam, text=SECRET)
    coaching.action_add(meeting=meeting, by=lena, text=SECRET, owner=sam)
    coaching.shared_notes_write(meeting=meeting, by=lena, text=SECRET)
    coaching.private_note_write(meeting=meeting, by=lena, text=SECRET)
    coaching.private_note_write(meeting=meeting, by=sam, text=SECRET)
    coaching.item_open(person=personas.seller2, by=lena, title="Sofia's own item")
    deal(sam, "won", 1000, "2025-05-30")
    org.person_deactivate(person=sam)
    return goal


def erase_page(personas, key: str = "admin"):
    return personas.client(key), f"/people/{personas.seller.pk}/erase/"


def test_every_confidential_kind_of_coaching_debriefs_agreements_challenges_asks_and_report_threads_is_erasable():
    coaching_kinds = set(apps.get_app_config("coaching").get_models()) - {Skill, AssignmentTemplate}
    debrief_kinds = set(apps.get_app_config("debriefs").get_models()) - {Department}
    agreement_kinds = set(apps.get_app_config("agreements").get_models())
    challenge_kinds = set(apps.get_app_config("challenges").get_models())
    ask_kinds = set(apps.get_app_config("asks").get_models())
    assert {what.model for what in erasure.erasable()} == (
        coaching_kinds
        | debrief_kinds
        | agreement_kinds
        | challenge_kinds
        | ask_kinds
        | {ReportComment}
        # A leader's vision and its goals (leadership/vision).
        | {Vision, Goal, GoalVersion}
    )


def test_the_confirmation_counts_each_kind_and_shows_no_content(personas, departed):
    client, address = erase_page(personas)
    page = client.get(address).content.decode()
    assert SECRET not in page
    assert "Coaching items (gap, diagnosis, evidence)" in page and "Type Sam Ortiz" in page
    counts = {c.what.key: c.rows for c in erasure.erasure_counts(personas.seller)}
    assert counts["private_notes"] == 2 and counts["one_on_ones"] == 1
    assert counts["personal_goals"] == 1 and counts["coaching_items"] == 1


def test_a_wrong_name_erases_nothing(personas, departed):
    client, address = erase_page(personas)
    answer = client.post(address, {"confirm": "Sam"})
    assert answer.status_code == 422 and "nothing was erased" in answer.content.decode()
    assert CoachingItem.objects.filter(person=personas.seller).exists()
    assert not Change.objects.filter(kind=Kind.ERASURE).exists()


def test_the_name_erases_exactly_the_declared_content_and_the_trail_says_how_much(
    personas, departed
):
    client, address = erase_page(personas)
    answer = client.post(address, {"confirm": "  sam ortiz "})
    assert answer.status_code == 302
    sam = personas.seller
    assert all(what.rows(sam).count() == 0 for what in erasure.erasable())
    assert not OneOnOneSeries.objects.filter(report=sam).exists()
    assert not PrivateNote.objects.exists() and not TalkingPoint.objects.exists()
    # What stays: Sam, his reporting lines and deals; Sofia's coaching.
    assert Membership.objects.filter(person=sam).exists() and sam.opportunities.exists()
    assert CoachingItem.objects.filter(person=personas.seller2).count() == 1
    (record,) = Change.objects.filter(kind=Kind.ERASURE)
    assert record.subject == sam and record.actor_label == "Ada Ng"
    assert record.changes["private_notes"] == [2, 0]
    assert SECRET not in str(record.changes) + record.summary


def test_an_active_person_cannot_be_erased(personas):
    client = personas.client("admin")
    page = client.get(f"/people/{personas.seller2.pk}/erase/").content.decode()
    assert "is still active" in page and 'name="confirm"' not in page
    answer = client.post(f"/people/{personas.seller2.pk}/erase/", {"confirm": "Sofia Berg"})
    assert answer.status_code == 422


@pytest.mark.parametrize("key", ["leader", "director", "seller2", "other_leader"])
def test_nobody_but_an_administrator_reaches_erasure(personas, departed, key):
    client, address = erase_page(personas, key)
    assert client.get(address).status_code == 404
    assert client.post(address, {"confirm": "Sam Ortiz"}).status_code == 404
    assert CoachingItem.objects.filter(person=personas.seller).exists()


def test_the_1_1s_a_departed_leader_led_stay_their_reports_history(personas):
    series = coaching.series_start(leader=personas.leader, report=personas.seller)
    meeting = coaching.meeting_next(series=series)
    coaching.private_note_write(meeting=meeting, by=personas.leader, text="Lena's own note")
    org.person_deactivate(person=personas.leader)
    erasure.person_erase_confidential(person=personas.leader, confirm="Lena Hart")
    assert Meeting.objects.filter(series=series).exists()
    assert not PrivateNote.objects.filter(author=personas.leader).exists()


def test_the_person_page_offers_erasure_to_administrators_once_the_person_has_left(
    personas, departed
):
    link = f"/people/{personas.seller.pk}/erase/"
    assert link in personas.client("admin").get(f"/people/{personas.seller.pk}/").content.decode()
    active = personas.client("admin").get(f"/people/{personas.seller2.pk}/").content.decode()
    assert f"/people/{personas.seller2.pk}/erase/" not in active
