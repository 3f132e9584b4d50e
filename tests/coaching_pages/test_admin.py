"""Administrators configure the skills and assignment libraries, and nothing else of coaching:
goals, items, 1:1s and plans are not in Django's admin at all."""

import pytest
from django.apps import apps
from django.contrib import admin

from leadwell.coaching.models import AssignmentTemplate, Skill


def test_only_the_two_libraries_of_coaching_are_in_the_admin():
    registered = {m for m in admin.site._registry if m._meta.app_label == "coaching"}
    assert registered == {Skill, AssignmentTemplate}
    assert len(list(apps.get_app_config("coaching").get_models())) > len(registered)


@pytest.mark.django_db
def test_an_administrator_adds_an_assignment_to_the_library_mapped_to_a_skill(personas):
    client = personas.client("admin")
    negotiation = Skill.objects.get(name="Negotiation")
    answer = client.post(
        "/admin/coaching/assignmenttemplate/add/",
        {
            "title": "Price a deal with the deal desk",
            "description": "Walk one live deal through the deal desk before quoting.",
            "skills": [negotiation.pk],
            "days": 14,
            "is_active": "on",
        },
    )
    assert answer.status_code == 302
    added = AssignmentTemplate.objects.get(title="Price a deal with the deal desk")
    assert list(added.skills.all()) == [negotiation]


@pytest.mark.django_db
def test_a_leader_who_is_not_an_administrator_cannot_change_the_libraries(personas):
    answer = personas.client("leader").get("/admin/coaching/skill/")
    assert answer.status_code in (302, 403, 404)
    assert Skill.objects.filter(name="Prospecting").exists()
