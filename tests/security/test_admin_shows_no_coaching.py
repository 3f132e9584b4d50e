"""The Django admin is no back door to coaching: an administrator crawling every admin page,
delete confirmations included, never reads a word of a seller's goals, coaching, 1:1s or plans,
and cannot delete a person (which would take that content with them): people are deactivated."""

import datetime
import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import models
from django.urls import reverse

from leadwell.coaching.models import (
    ActionItem,
    Assignment,
    AssignmentTemplate,
    CoachingEvent,
    CoachingItem,
    DevelopmentPlan,
    Evaluation,
    Meeting,
    OneOnOneSeries,
    PersonalGoal,
    PlanAction,
    PlanComment,
    PlanReview,
    PrivateNote,
    Skill,
    TalkingPoint,
)
from leadwell.org.models import Person

pytestmark = pytest.mark.django_db

SECRET = "Zebra-7731"  # planted in every text of every confidential record
LIBRARIES = {Skill, AssignmentTemplate}


def confidential_kinds() -> set[type[models.Model]]:
    return set(apps.get_app_config("coaching").get_models()) - LIBRARIES


@pytest.fixture
def planted(personas) -> list[models.Model]:
    """One record of every confidential kind about Sam, each text field holding the secret."""
    sam, lena = personas.seller, personas.leader
    day = datetime.date(2025, 6, 2)
    goal = PersonalGoal.objects.create(person=sam, area="career", title="x")
    item = CoachingItem.objects.create(person=sam, title="x", goal=goal)
    assignment = Assignment.objects.create(
        item=item, title="x", owner=sam, started_on=day, due_on=day
    )
    plan = DevelopmentPlan.objects.create(person=sam)
    series = OneOnOneSeries.objects.create(leader=lena, report=sam)
    meeting = Meeting.objects.create(series=series, scheduled_on=day)
    records: list[models.Model] = [
        goal,
        item,
        CoachingEvent.objects.create(item=item, kind="opened"),
        assignment,
        Evaluation.objects.create(assignment=assignment, item=item, was_done=True),
        plan,
        PlanAction.objects.create(plan=plan, text="x"),
        PlanReview.objects.create(plan=plan, progress="x"),
        PlanComment.objects.create(plan=plan, author=sam, text="x"),
        series,
        meeting,
        TalkingPoint.objects.create(series=series, raised_for=meeting, added_by=sam, text="x"),
        ActionItem.objects.create(series=series, raised_in=meeting, text="x", owner=sam),
        PrivateNote.objects.create(meeting=meeting, author=sam, text="x"),
    ]
    for record in records:
        texts = [
            f.name
            for f in record._meta.fields
            if isinstance(f, models.CharField | models.TextField)
            and not f.choices
            # Codes (a kind of event, a few letters) hold no content, and no secret fits them.
            and (f.max_length is None or f.max_length >= 40)
        ]
        for name in texts:
            setattr(record, name, f"{SECRET} {name}")
        record.save()
    assert {type(r) for r in records} == confidential_kinds(), "plant every confidential kind"
    return records


def admin_pages() -> list[str]:
    """Every page of the admin: index, each app, and each registered model's list, add form
    (403 where adding is not offered), and change, history and delete pages of its records."""
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls.append(reverse("admin:app_list", args=[model._meta.app_label]))
        urls += [reverse(f"{name}_changelist"), reverse(f"{name}_add")]
        for pk in model._default_manager.values_list("pk", flat=True)[:50]:
            urls += [
                reverse(f"{name}_{view}", args=[pk]) for view in ("change", "history", "delete")
            ]
    return urls


def test_no_admin_page_shows_a_word_of_confidential_content(personas, planted):
    client = personas.client("admin")
    pages = admin_pages()
    assert any("/org/person/" in url and url.endswith("/delete/") for url in pages)
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 403), (url, response.status_code)
        assert SECRET not in response.content.decode(), url


def test_a_confidential_record_names_its_kind_and_number_never_its_content(planted):
    for record in planted:
        label = str(record)
        assert SECRET not in label, type(record).__name__
        assert re.fullmatch(rf"{record._meta.verbose_name} #{record.pk}", label), label


def test_a_person_cannot_be_deleted_from_the_admin_only_deactivated(personas, planted):
    client = personas.client("admin")
    sam = personas.seller
    delete = reverse("admin:org_person_delete", args=[sam.pk])
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:org_person_changelist")
    offered = client.get(changelist).content.decode()
    assert 'value="delete_selected"' not in offered
    assert 'value="deactivate"' in offered

    answer = client.post(
        changelist, {"action": "deactivate", "_selected_action": [sam.pk]}, follow=True
    )
    assert "Deactivated 1 people; nothing was deleted." in answer.content.decode()
    sam = Person.objects.get(pk=sam.pk)
    assert not sam.is_active and not sam.user.is_active
    for record in planted:
        assert type(record).objects.filter(pk=record.pk).exists(), type(record).__name__
