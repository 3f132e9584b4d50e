"""No e-mail and no calendar event carries confidential text.

The demo organisation is generated, then every free-text field of the apps that hold
coaching, 1:1s, the pulse, leadership, challenges, asks, debriefs, reports, plans and
agreements is overwritten with a phrase unique to that field and row. Every kind of digest and
reminder is composed for every person, and every person's calendar feed is read: none of the
phrases may be in any subject, line, text part, HTML part or feed.
"""

import datetime
import re

import pytest
from django.apps import apps
from django.db import models, transaction
from django.test import override_settings
from django.utils import timezone

from leadwell import demo
from leadwell.cadences import feed
from leadwell.cadences.digests import compose
from leadwell.cadences.models import Kind
from leadwell.org.models import Person
from tests.conftest import TEST_SETTINGS

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)
# A Monday morning, when the weekly digests are made, and the Saturday before it, two days
# before the 1:1s planned for that Monday, when the e-mails before them are made.
NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.UTC)
SATURDAY = datetime.datetime(2026, 11, 21, 9, 0, tzinfo=datetime.UTC)

PRIVATE_APPS = (
    "coaching",
    "pulse",
    "leadership",
    "challenges",
    "asks",
    "debriefs",
    "reports",
    "plans",
    "agreements",
)
# Free text that is a name of what is due, not content: it may be shown.
NAMES_NOT_CONTENT: dict[tuple[str, str], str] = {}

PLANTED = re.compile(r"SECRET\d+X\d+")


def free_text_fields(model: type[models.Model]) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.TextField | models.CharField)
        and not field.choices
        and (field.max_length or 100) >= 16
        and (model._meta.label, field.name) not in NAMES_NOT_CONTENT
    ]


def plant_phrases() -> int:
    """Overwrite every free-text field of every row in the private apps; the count planted."""
    planted = 0
    number = 0
    for label in PRIVATE_APPS:
        for model in apps.get_app_config(label).get_models():
            for field in free_text_fields(model):
                number += 1
                for pk in model._default_manager.values_list("pk", flat=True):
                    model._default_manager.filter(pk=pk).update(
                        **{field.name: f"SECRET{number}X{pk}"}
                    )
                    planted += 1
    return planted


@pytest.fixture(scope="module")
def planted(django_db_setup, django_db_blocker, tmp_path_factory):
    with (
        override_settings(**TEST_SETTINGS, UPLOAD_DIR=tmp_path_factory.mktemp("uploads")),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        demo.generate(today=TODAY)
        count = plant_phrases()
        yield count
        transaction.set_rollback(True)


def everything_sent(now: datetime.datetime) -> tuple[list[str], dict[Kind, int]]:
    texts: list[str] = []
    composed = dict.fromkeys(Kind, 0)
    for person in Person.objects.filter(is_active=True):
        for kind in Kind:
            made = compose(person, kind, now)
            if made is None:
                continue
            composed[kind] += 1
            texts += [made.subject, made.text, made.html]
            texts += [str(line) for line in made.lines]
        texts.append(feed.calendar_of(person, now).decode())
    return texts, composed


def test_the_demo_has_confidential_text_planted_in_every_private_field(planted):
    assert planted > 1000


def test_no_email_or_calendar_event_carries_confidential_text(planted):
    with timezone.override(datetime.UTC):
        monday, made_monday = everything_sent(NOW)
        saturday, made_saturday = everything_sent(SATURDAY)
    # Every kind is really made for someone, so the search covers each of them.
    assert made_monday[Kind.LEADER_DIGEST] and made_monday[Kind.DIRECTOR_DIGEST]
    assert made_monday[Kind.REMINDERS]
    assert made_saturday[Kind.PRE_ONE_ON_ONE]
    leaks = sorted({match for text in monday + saturday for match in PLANTED.findall(text)})
    assert leaks == []


def test_the_search_finds_a_phrase_where_one_may_be_shown(planted):
    """A person's name is shown (a 1:1 is "1:1 with <name>"): planted there, it is found, so
    the search above would have found a confidential phrase too."""
    seller = Person.objects.filter(series_attended__isnull=False).first()
    seller.name = "SECRET0X0 Control"
    seller.save()
    with timezone.override(datetime.UTC):
        texts, _ = everything_sent(NOW)
    assert "SECRET0X0" in {
        match.split("X")[0] + "X0" for t in texts for match in PLANTED.findall(t)
    }
