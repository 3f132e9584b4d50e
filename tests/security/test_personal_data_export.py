"""A person downloads everything Leadwell holds about them, and nothing of anybody else's that
they may not see.

Every link from any model to a person or a sign-in account is declared by its app as exported
(a Holding) or not, with a reason (a NotExported): a new model that points at people fails here
until its app says what becomes of it. Sam's export holds a row of every kind declared; each
record planted below carries a label in its text, and each export holds exactly the labels its
person may read: their own coaching with what their leader wrote in it, both sides of their 1:1s,
their own private notes and never the other person's, never a peer's or a report's coaching."""

import datetime
import json
import logging
from decimal import Decimal

import pytest
from axes.models import AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from leadwell.agreements.models import Acknowledgement, Agreement, AgreementVersion
from leadwell.asks.models import Ask, AskedDeal, AssessedDeal, Assessment
from leadwell.audit.models import Change, Notice
from leadwell.cadences.models import CalendarFeed, Delivery, MailChoice, Notification, Preferences
from leadwell.cadences.services.feeds import feed_create
from leadwell.challenges.models import Challenge, ChallengeAction
from leadwell.coaching.models import (
    ActionItem,
    Assignment,
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
    TalkingPoint,
)
from leadwell.crm.models import (
    Activity,
    ForecastSubmission,
    ImportRun,
    OpportunityChange,
    Quota,
    TeamForecast,
)
from leadwell.debriefs.models import Debrief, DebriefAction, Department, DepartmentTalk
from leadwell.identity.models import ApiToken, User
from leadwell.identity.services import token_create
from leadwell.leadership.pivot.models import (
    PivotAnswer,
    PivotAssessment,
    PivotChallenge,
    PivotResponse,
)
from leadwell.leadership.vision.models import Goal, GoalVersion, Vision
from leadwell.leadership.yourself.models import AspirationAction, AspirationFeedback, OwnPage
from leadwell.lib.personal_data import Holding, NotExported, export_rows
from leadwell.metrics.models import Target
from leadwell.org.models import Person
from leadwell.plans.models import PlanChange, PlanCycle, PlanFigure
from leadwell.pulse import services as pulse_services
from leadwell.pulse.models import Response, ResultGroup
from leadwell.reports.models import Report, ReportCadence, ReportComment, Strategy
from leadwell.web import data_export
from tests.conftest import PASSWORD, deal

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 6, 2)


def links_to_people() -> set[tuple[type[models.Model], str]]:
    """Every field of every installed model that points at a person or a sign-in account."""
    return {
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.concrete and field.is_relation and field.related_model in (Person, User)
    }


def declarations() -> list:
    return [one.declaration for one in data_export.declared()]


def test_every_link_to_a_person_is_exported_or_excluded_with_a_reason():
    declared = {(h.model, via) for h in declarations() if isinstance(h, Holding) for via in h.via}
    declared |= {(n.model, n.field) for n in declarations() if isinstance(n, NotExported)}
    missing = sorted(f"{m._meta.label}.{f}" for m, f in links_to_people() - declared)
    assert not missing, (
        "declare these in their app's personal_data.py, as a Holding's `via` or a NotExported "
        f"with the reason: {missing}"
    )
    stale = sorted(f"{m._meta.label}.{f}" for m, f in declared - links_to_people())
    assert not stale, f"declared, but not a link to a person or account: {stale}"
    for one in declarations():
        if isinstance(one, NotExported):
            assert len(one.reason) > 40, f"{one.model.__name__}.{one.field} needs a real reason"


def test_a_holding_never_exports_a_password_or_a_token_digest():
    for holding in declarations():
        if isinstance(holding, Holding):
            assert not {"password", "digest"} & set(holding.fields), holding.key


def test_a_holding_that_names_a_field_its_model_lacks_fails_loudly(personas):
    wrong = Holding("x", "x", Person, lambda p: Person.objects.all(), fields=("nickname",))
    with pytest.raises(LookupError, match="Person has no field nickname"):
        export_rows(wrong, personas.seller)


@pytest.fixture
def planted(personas):
    """Records of every kind about Sam (the seller), Sofia (his peer) and Lena (their leader),
    each text labelled with whose it is."""
    sam, sofia, lena, dana = personas.seller, personas.seller2, personas.leader, personas.director
    for person in (sam, sofia, lena):
        goal = PersonalGoal.objects.create(person=person, area="career", title=f"{person} goal")
    goal = PersonalGoal.objects.get(person=sam)
    item = CoachingItem.objects.create(
        person=sam, opened_by=lena, title="SAM-ITEM", evidence="LENA-EVIDENCE-ON-SAM", goal=goal
    )
    CoachingEvent.objects.create(item=item, by=lena, kind="note", text="LENA-NOTE-IN-SAM-ITEM")
    assignment = Assignment.objects.create(
        item=item, title="SAM-ASSIGNMENT", owner=sam, started_on=DAY, due_on=DAY
    )
    Evaluation.objects.create(
        assignment=assignment,
        item=item,
        evaluated_by=lena,
        was_done=True,
        outcome="closed",
        note="LENA-EVALUATION-OF-SAM",
    )
    plan = DevelopmentPlan.objects.create(person=sam, strengths="SAM-STRENGTHS")
    PlanAction.objects.create(plan=plan, text="SAM-PLAN-ACTION")
    PlanReview.objects.create(plan=plan, by=lena, progress="LENA-REVIEW-OF-SAM")
    PlanComment.objects.create(plan=plan, author=lena, text="LENA-COMMENT-ON-SAM-PLAN")
    PlanComment.objects.create(plan=plan, author=sam, text="SAM-COMMENT-ON-SAM-PLAN")
    series = OneOnOneSeries.objects.create(leader=lena, report=sam)
    meeting = Meeting.objects.create(
        series=series, scheduled_on=DAY, answer="SAM-ANSWER", shared_notes="SAM-LENA-SHARED"
    )
    TalkingPoint.objects.create(series=series, raised_for=meeting, added_by=sam, text="SAM-POINT")
    TalkingPoint.objects.create(series=series, raised_for=meeting, added_by=lena, text="LENA-POINT")
    ActionItem.objects.create(series=series, raised_in=meeting, owner=lena, text="LENA-ACTION")
    PrivateNote.objects.create(meeting=meeting, author=sam, text="SAM-PRIVATE")
    PrivateNote.objects.create(meeting=meeting, author=lena, text="LENA-PRIVATE-ON-SAM")

    # Sofia, Sam's peer: her coaching and her 1:1 with Lena are hers.
    CoachingItem.objects.create(person=sofia, opened_by=lena, title="SOFIA-ITEM")
    DevelopmentPlan.objects.create(person=sofia, strengths="SOFIA-STRENGTHS")
    sofia_series = OneOnOneSeries.objects.create(leader=lena, report=sofia)
    Meeting.objects.create(series=sofia_series, scheduled_on=DAY, shared_notes="SOFIA-SHARED")
    # Lena's own coaching, by Dana, her director.
    CoachingItem.objects.create(person=lena, opened_by=dana, title="LENA-ITEM")
    lena_series = OneOnOneSeries.objects.create(leader=dana, report=lena)
    lena_meeting = Meeting.objects.create(
        series=lena_series, scheduled_on=DAY, shared_notes="LENA-DANA-SHARED"
    )
    PrivateNote.objects.create(meeting=lena_meeting, author=dana, text="DANA-PRIVATE-ON-LENA")

    # Sam's CRM records, quota, forecast and targets; an import and an admin change he made
    # when he was an administrator; his tokens and sign-ins.
    opportunity = deal(sam, "won", 12_500, DAY, name="SAM-DEAL")
    deal(sofia, "won", 9_000, DAY, name="SOFIA-DEAL")
    OpportunityChange.objects.create(
        opportunity=opportunity, field="stage", old_value="Proposal", new_value="Closed Won",
        changed_on=DAY, source="import",
    )  # fmt: skip
    Activity.objects.create(external_id="act-1", owner=sam, date=DAY, subject="SAM-CALL")
    Quota.objects.create(person=sam, period_kind="quarter", period_start=DAY, amount=Decimal(9))
    ForecastSubmission.objects.create(
        person=sam, period_kind="quarter", period_start=DAY, submitted_on=DAY, commit=Decimal(5)
    )
    # The call Sam made for a team while he stood in as its leader.
    TeamForecast.objects.create(
        team=personas.boston, person=sam, period_kind="quarter", period_start=DAY, submitted_on=DAY,
        commit=Decimal(5), best_case=Decimal(6), pipeline=Decimal(7),
    )  # fmt: skip
    # The report he sent while he stood in as its leader, its strategy, thread and cadence.
    report = Report.objects.create(
        leader=sam, team=personas.boston, period_kind="month", period_start=DAY,
        period_end=DAY + datetime.timedelta(days=30), due_on=DAY, explanation="Slipped",
    )  # fmt: skip
    Strategy.objects.create(report=report, what="Call", owner=sam, due_on=DAY, effect_amount=1)
    ReportComment.objects.create(report=report, author=dana, kind="question", text="Why?")
    ReportCadence.objects.create(leader=sam, set_by=dana)
    Target.objects.create(person=sam, metric="win_rate", value=0.3, valid_from=DAY, set_by=lena)
    # The plan Sam agreed for the year he stood in as Boston's leader and the change he asked
    # of it; his quota in Lena's committed plan, and the change she asked of it (hers to know).
    sams = PlanCycle.objects.create(
        team=personas.boston, leader=sam, fiscal_year=2024, market="SAM-PLAN"
    )
    PlanChange.objects.create(
        cycle=sams, quarter=2, person=sofia, from_amount=9, to_amount=8, reason="SAM-ASKED",
        asked_by=sam,
    )  # fmt: skip
    lenas = PlanCycle.objects.create(
        team=personas.boston, leader=lena, fiscal_year=2025, status="committed"
    )
    PlanFigure.objects.create(cycle=lenas, stage="assigned", quarter=2, person=sam, amount=9)
    PlanChange.objects.create(
        cycle=lenas, quarter=2, person=sam, from_amount=9, to_amount=8,
        reason="LENA-REASON-ON-SAM", asked_by=lena,
    )  # fmt: skip
    sam_account = sam.user
    ImportRun.objects.create(kind="activities", file_name="SAM-IMPORT.csv", started_by=sam_account)
    LogEntry.objects.create(
        user=sam_account,
        content_type=ContentType.objects.get_for_model(Person),
        object_id=str(sofia.pk),
        object_repr="SAM-ADMIN-CHANGE",
        action_flag=ADDITION,
    )
    token_create(user=sam_account, name="SAM-TOKEN")
    Change.objects.create(
        actor=sam_account,
        actor_person=sam,
        actor_label=sam.name,
        via="page",
        kind="setting",
        action="changed",
        summary="SAM-AUDIT-MADE",
    )
    Notice.objects.create(person=sam, text="SAM-NOTICE")
    # A debrief with Lena and a talk with HR from when Sam stood in as a leader.
    stand_in = Debrief.objects.create(
        director=lena, leader=sam, month=DAY.replace(day=1), held_on=DAY
    )
    DebriefAction.objects.create(debrief=stand_in, text="Call the deal desk", owner=sam)
    DepartmentTalk.objects.create(
        leader=sam, department=Department.objects.get(name="HR"), held_on=DAY, with_whom="HR"
    )
    # An agreement with Lena from the same time, which Sam acknowledged himself to try it.
    agreement = Agreement.objects.create(leader=sam, made_with="director", director=lena)
    version = AgreementVersion.objects.create(agreement=agreement, number=1, commitments="Plan")
    Acknowledgement.objects.create(version=version, person=sam, acknowledged_at=timezone.now())
    # A challenge Sam raised, with an action he owns.
    raised = Challenge.objects.create(
        team=personas.boston,
        raised_by=sam,
        raised_on=DAY,
        description="SAM-CHALLENGE",
        category="pricing",
    )
    ChallengeAction.objects.create(challenge=raised, text="SAM-ACTION", owner=sam, due_on=DAY)
    # An extra ask Lena's director made of Sam as the stand-in leader, assessed and accepted:
    # Sam's own deal asked of him.
    ask = Ask.objects.create(
        director=dana, leader=sam, team=personas.boston, period_start=DAY.replace(day=1),
        amount=1, asked_on=DAY, decision="accepted", decided_on=DAY,
    )  # fmt: skip
    assessed = Assessment.objects.create(ask=ask, assessed_on=DAY, next_pipeline=0, next_forecast=0)
    AssessedDeal.objects.create(
        assessment=assessed, opportunity=opportunity, amount=1, close_date=DAY
    )
    AskedDeal.objects.create(ask=ask, opportunity=opportunity, seller=sam, amount=1, close_date=DAY)
    # Sam answers a trust pulse: that he answered is his, what he answered is nobody's.
    pulse = pulse_services.pulse_open(by=personas.leader, team=personas.boston, on=DAY)
    pulse_services.pulse_answer(
        by=sam, pulse=pulse, care=4, help=4, trust=2, comment="SAM-PULSE-COMMENT", on=DAY
    )
    group = ResultGroup.objects.create(
        team=personas.boston, first_opened_on=DAY, last_closed_on=DAY, answers_count=5, eligible=6
    )
    Response.objects.create(group=group, leader=sam, heard="Heard", written_on=DAY)
    # Sam's own vision, as the stand-in leader, with one goal.
    vision = Vision.objects.create(owner=sam, value="Value", published_at=timezone.now())
    GoalVersion.objects.create(
        goal=Goal.objects.create(vision=vision, position=1),
        number=1,
        title="Goal",
        written_at=timezone.now(),
    )
    # Sam's leading-yourself page, an action towards his one-year aspiration (his career goal
    # above) and Lena's feedback on it: his, not hers.
    OwnPage.objects.create(person=sam, why="SAM-PURPOSE")
    AspirationAction.objects.create(goal=goal, text="SAM-ASPIRATION-ACTION", due_on=DAY)
    AspirationFeedback.objects.create(
        person=sam, author=lena, goal=goal, text="LENA-FEEDBACK-ON-SAM"
    )
    # Sam's pivot self-assessment, Lena's response to it, and a challenge from when he stood in.
    PivotChallenge.objects.create(
        issuer=sam, quarter_start=DAY.replace(month=4, day=1), issued_on=DAY
    )
    challenge = PivotChallenge.objects.create(
        issuer=lena, quarter_start=DAY.replace(month=4, day=1), issued_on=DAY
    )
    assessment = PivotAssessment.objects.create(
        challenge=challenge, person=sam, quarter_start=challenge.quarter_start, started_on=DAY
    )
    answer = PivotAnswer.objects.create(assessment=assessment, standard=1, rating=3)
    PivotResponse.objects.create(answer=answer, by=lena, text="Well done", responded_on=DAY)
    # Sam's time zone, e-mail choice, calendar feed and a reminder sent to him by e-mail.
    Preferences.objects.create(person=sam, time_zone="Europe/Dublin")
    MailChoice.objects.create(person=sam, kind="reminders", hour=7)
    feed_create(person=sam)
    reminder = Notification.objects.create(
        person=sam, kind="reminders", key="reminders:2025-06-02", subject="2 things due"
    )
    Delivery.objects.create(notification=reminder, to_address=sam.email, subject="2 things due")
    signin = reverse("signin")
    Client().post(signin, {"username": sam.email, "password": "not-the-password-1"})
    Client().post(signin, {"username": sam.email, "password": PASSWORD})
    assert AccessLog.objects.filter(username=sam.email).exists()
    assert AccessFailureLog.objects.filter(username=sam.email).exists()
    return personas


def export_of(personas, key: str) -> dict:
    response = personas.client(key).get(reverse("personal-data"))
    assert response.status_code == 200
    return json.loads(response.content)


LABELS = [
    "SAM-ITEM", "LENA-EVIDENCE-ON-SAM", "LENA-NOTE-IN-SAM-ITEM", "SAM-ASSIGNMENT",
    "LENA-EVALUATION-OF-SAM", "SAM-STRENGTHS", "SAM-PLAN-ACTION", "LENA-REVIEW-OF-SAM",
    "LENA-COMMENT-ON-SAM-PLAN", "SAM-COMMENT-ON-SAM-PLAN", "SAM-ANSWER", "SAM-LENA-SHARED",
    "SAM-POINT", "LENA-POINT", "LENA-ACTION", "SAM-PRIVATE", "LENA-PRIVATE-ON-SAM",
    "SOFIA-ITEM", "SOFIA-STRENGTHS", "SOFIA-SHARED", "LENA-ITEM", "LENA-DANA-SHARED",
    "DANA-PRIVATE-ON-LENA", "SAM-DEAL", "SOFIA-DEAL", "SAM-CALL", "SAM-IMPORT",
    "SAM-ADMIN-CHANGE", "SAM-TOKEN", "SAM-AUDIT-MADE", "SAM-NOTICE", "SAM-ASKED",
    "LENA-REASON-ON-SAM", "SAM-PULSE-COMMENT", "SAM-PURPOSE", "SAM-ASPIRATION-ACTION",
    "LENA-FEEDBACK-ON-SAM",
]  # fmt: skip


def labels_in(document: dict) -> set[str]:
    text = json.dumps(document)
    return {label for label in LABELS if label in text}


def test_a_sellers_export_holds_their_coaching_1on1s_and_records_and_only_their_private_note(
    planted,
):
    assert labels_in(export_of(planted, "seller")) == {
        "SAM-ITEM", "LENA-EVIDENCE-ON-SAM", "LENA-NOTE-IN-SAM-ITEM", "SAM-ASSIGNMENT",
        "LENA-EVALUATION-OF-SAM", "SAM-STRENGTHS", "SAM-PLAN-ACTION", "LENA-REVIEW-OF-SAM",
        "LENA-COMMENT-ON-SAM-PLAN", "SAM-COMMENT-ON-SAM-PLAN", "SAM-ANSWER", "SAM-LENA-SHARED",
        "SAM-POINT", "LENA-POINT", "LENA-ACTION", "SAM-PRIVATE", "SAM-DEAL", "SAM-CALL",
        "SAM-IMPORT", "SAM-ADMIN-CHANGE", "SAM-TOKEN", "SAM-AUDIT-MADE", "SAM-NOTICE",
        "SAM-ASKED", "SAM-PURPOSE", "SAM-ASPIRATION-ACTION", "LENA-FEEDBACK-ON-SAM",
    }  # fmt: skip


def test_a_leaders_export_holds_their_own_coaching_and_1on1s_never_their_sellers_coaching(
    planted,
):
    assert labels_in(export_of(planted, "leader")) == {
        # Both sides of Lena's 1:1s with her sellers, her own private note only ...
        "SAM-ANSWER", "SAM-LENA-SHARED", "SAM-POINT", "LENA-POINT", "LENA-ACTION",
        "LENA-PRIVATE-ON-SAM", "SOFIA-SHARED",
        # ... her own coaching and her 1:1 with her director, without his private note.
        "LENA-ITEM", "LENA-DANA-SHARED",
        # ... and the change she asked of Sam's quota in her plan.
        "LENA-REASON-ON-SAM",
    }  # fmt: skip


def test_a_peer_and_the_director_find_nothing_of_sams_in_their_exports(planted):
    sofia = {"SOFIA-ITEM", "SOFIA-STRENGTHS", "SOFIA-SHARED", "SOFIA-DEAL"}
    assert labels_in(export_of(planted, "seller2")) == sofia
    assert labels_in(export_of(planted, "director")) == {"LENA-DANA-SHARED", "DANA-PRIVATE-ON-LENA"}


def test_a_sellers_export_has_rows_of_every_kind_any_app_declares(planted):
    data = export_of(planted, "seller")["data"]
    holdings = [one for one in data_export.declared() if isinstance(one.declaration, Holding)]
    empty = [
        f"{one.app}.{one.declaration.key}"
        for one in holdings
        if not data[one.app][one.declaration.key]["rows"]
    ]
    assert not empty, f"plant a row of these kinds about Sam in the fixture: {empty}"


def test_the_export_never_holds_the_password_hash_or_a_tokens_secret(planted):
    sam = planted.seller.user
    token = ApiToken.objects.get(user=sam)
    text = json.dumps(export_of(planted, "seller"))
    assert sam.password and sam.password not in text
    assert token.digest not in text
    assert CalendarFeed.objects.get(person=planted.seller).digest not in text
    account = export_of(planted, "seller")["data"]["identity"]
    assert account["account"]["rows"] == [
        {
            "id": sam.pk,
            "email": "sam.ortiz@example.com",
            "is_active": True,
            "is_staff": False,
            "date_joined": account["account"]["rows"][0]["date_joined"],
            "last_login": account["account"]["rows"][0]["last_login"],
        }
    ]
    assert account["api_tokens"]["rows"][0]["hint"] == token.hint


def test_the_export_is_a_json_download_and_is_logged_with_ids_only(planted, caplog):
    caplog.set_level(logging.INFO, logger="leadwell.security")
    sam = planted.seller
    response = planted.client("seller").get(reverse("personal-data"))
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="leadwell-data-sam-ortiz-'
    )
    assert "no-store" in response["Cache-Control"]
    document = json.loads(response.content)
    assert document["format"] == "leadwell-personal-data" and document["version"] == 1
    assert document["person_id"] == sam.pk and document["account_id"] == sam.user.pk
    deal_row = document["data"]["crm"]["opportunities"]["rows"][0]
    assert deal_row["amount"] == "12500.00" and deal_row["close_date"] == "2025-06-02"
    (line,) = [r.getMessage() for r in caplog.records if "personal data exported" in r.message]
    assert line.startswith(f"personal data exported: user={sam.user.pk} person={sam.pk} rows=")
    assert line.endswith("channel=page")
    assert "Sam" not in line and "sam.ortiz" not in line


def test_the_profile_page_offers_the_download(planted):
    html = planted.client("seller").get(reverse("profile")).content.decode()
    assert f'href="{reverse("personal-data")}"' in html
    assert "Download my data (JSON)" in html


def test_a_script_gets_the_same_export_from_the_api(planted, caplog):
    caplog.set_level(logging.INFO, logger="leadwell.security")
    response = planted.api("seller").get("/api/v1/me/export")
    assert response.status_code == 200
    document = json.loads(response.content)
    page = export_of(planted, "seller")
    assert document["data"]["coaching"] == page["data"]["coaching"]
    assert "LENA-PRIVATE-ON-SAM" not in response.content.decode()
    assert "channel=api" in caplog.text
    assert Client().get("/api/v1/me/export").status_code == 401


def test_an_account_with_no_person_gets_its_account_and_nothing_else(planted):
    # As `leadwell manage createsuperuser` makes one: an account outside the org chart.
    engineer = User.objects.create_superuser("ops@example.com", PASSWORD)
    client = Client()
    client.force_login(engineer)
    document = json.loads(client.get(reverse("personal-data")).content)
    assert document["person_id"] is None
    assert document["data"]["identity"]["account"]["rows"][0]["email"] == "ops@example.com"
    assert all(not section["rows"] for section in document["data"]["coaching"].values())
    assert not labels_in(document)
