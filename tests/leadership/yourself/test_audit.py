"""The audit trail records that a leading-yourself page, an action or feedback changed, and
which fields, about whom and by whom: never what they say."""

import json

import pytest

from leadwell.audit.acting import acting
from leadwell.audit.models import Change, Kind
from leadwell.leadership.yourself import services

from .conftest import SECRET, in_a_year

pytestmark = pytest.mark.django_db


def test_each_change_is_recorded_as_changed_never_with_what_it_says(personas):
    first = Change.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with acting(via="page", user=personas.user("leader")):
        lena = personas.leader
        services.own_page_write(person=lena, by=lena, why=SECRET, strengths=SECRET)
        goal = services.aspiration_save(person=lena, by=lena, horizon="year", title="Lead")
        services.aspiration_action_add(goal=goal, by=lena, text=SECRET, due_on=in_a_year())
    with acting(via="api", user=personas.user("director")):
        services.aspiration_feedback_give(person=lena, by=personas.director, text=SECRET)
    recorded = list(Change.objects.filter(pk__gt=first, kind=Kind.LEADERSHIP))
    assert {c.object_type for c in recorded} == {
        "leadership.ownpage",
        "leadership.aspirationaction",
        "leadership.aspirationfeedback",
    }
    assert all(c.confidential and c.subject == lena for c in recorded)
    for change in recorded:
        assert SECRET not in json.dumps(change.changes) + change.summary + str(change)
    page = next(c for c in recorded if c.object_type == "leadership.ownpage")
    assert {"why", "strengths"} <= set(page.changes)
    assert "Lena Hart's leading-yourself page" in page.summary
