"""The Django admin is no back door to the lead-up: an administrator crawling every admin page,
delete confirmations and history included, never reads a word of a leader's plan reasoning,
negotiations, upward report, its strategies and thread, a debrief or a department talk, and
none of those kinds is offered in the admin at all."""

import datetime
import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import models

from leadwell.debriefs.models import Debrief, DebriefAction, Department, DepartmentTalk
from leadwell.plans.models import PlanChange, PlanCycle, PlanFigure
from leadwell.reports.models import Report, ReportCadence, ReportComment, Strategy
from tests.security.test_admin_shows_no_coaching import SECRET, admin_pages

pytestmark = pytest.mark.django_db

LEAD_UP_APPS = ("plans", "reports", "debriefs")
# The organisation's list of departments is no one's content: everyone reads it.
LIBRARIES = {Department}
# Whose and which period: names the object without a word of what it says.
NEGOTIATED = 123_457
LABELLED = {PlanCycle, PlanFigure, PlanChange, Report, ReportCadence, ReportComment}


def lead_up_kinds() -> set[type[models.Model]]:
    found = {m for label in LEAD_UP_APPS for m in apps.get_app_config(label).get_models()}
    return found - LIBRARIES


def _plant_secret(record: models.Model) -> None:
    for field in record._meta.fields:
        if not isinstance(field, models.CharField | models.TextField) or field.choices:
            continue
        # Codes (a period kind, a metric key) hold no content, and no secret fits them.
        if field.max_length is not None and field.max_length < 40:
            continue
        setattr(record, field.name, f"{SECRET} {field.name}"[: field.max_length])
    record.save()


@pytest.fixture
def planted(personas) -> list[models.Model]:
    """One record of every lead-up kind about Lena's team, each text holding the secret."""
    lena, dana, sam = personas.leader, personas.director, personas.seller
    day = datetime.date(2025, 6, 2)
    cycle = PlanCycle.objects.create(team=personas.boston, leader=lena, fiscal_year=2025)
    report = Report.objects.create(
        leader=lena, team=personas.boston, period_kind="month", period_start=day,
        period_end=day + datetime.timedelta(days=30), due_on=day,
    )  # fmt: skip
    debrief = Debrief.objects.create(director=dana, leader=lena, month=day, held_on=day)
    records: list[models.Model] = [
        cycle,
        PlanFigure.objects.create(
            cycle=cycle, stage="input", quarter=1, person=sam, amount=NEGOTIATED
        ),
        PlanChange.objects.create(
            cycle=cycle,
            quarter=1,
            person=sam,
            from_amount=NEGOTIATED,
            to_amount=6,
            reason="x",
            asked_by=lena,
        ),
        ReportCadence.objects.create(leader=lena, set_by=dana),
        report,
        Strategy.objects.create(report=report, what="x", owner=sam, due_on=day, effect_amount=1),
        ReportComment.objects.create(report=report, author=dana, kind="question", text="x"),
        debrief,
        DebriefAction.objects.create(debrief=debrief, text="x", owner=lena),
        DepartmentTalk.objects.create(
            leader=lena, department=Department.objects.get(name="HR"), held_on=day, with_whom="x"
        ),
    ]
    for record in records:
        _plant_secret(record)
    assert {type(r) for r in records} == lead_up_kinds(), "plant every lead-up kind"
    return records


def test_no_lead_up_kind_is_offered_in_the_admin():
    offered = set(admin.site._registry) & (lead_up_kinds() | LIBRARIES)
    assert not offered, sorted(m.__name__ for m in offered)


def test_no_admin_page_shows_a_word_of_the_lead_up(personas, planted):
    client = personas.client("admin")
    pages = admin_pages()
    # The team's delete confirmation would list the plans and reports going with it.
    assert any("/org/team/" in url and url.endswith("/delete/") for url in pages)
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 403), (url, response.status_code)
        assert SECRET not in response.content.decode(), url


def test_a_lead_up_record_names_whose_it_is_never_what_it_says(planted):
    for record in planted:
        label = str(record)
        assert SECRET not in label, type(record).__name__
        if type(record) not in LABELLED:
            assert re.fullmatch(rf"{record._meta.verbose_name} #{record.pk}", label), label


def test_a_plan_figure_names_its_quarter_never_the_amount_negotiated(planted):
    figure = next(r for r in planted if isinstance(r, PlanFigure))
    assert "123457" not in str(figure) and "123,457" not in str(figure)
