"""The audit trail: one record per change to the organisation, targets, quotas, plans, imports
and settings, with who, when, how and the old and new values; a confidential object is
recorded as changed, never with its content. Administrators and the management line read it
on a page and in the API, filtered by person and kind."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from leadwell.audit.acting import acting
from leadwell.audit.models import Change, Kind
from leadwell.coaching import services as coaching
from leadwell.metrics import services as metrics
from leadwell.org import services as org

from ..crm.helpers import import_file, write

pytestmark = pytest.mark.django_db

PLANTED = "Wants-Kestrel-5519"  # planted in every text of a confidential record


@pytest.fixture
def changes(personas):
    first = Change.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    return lambda: Change.objects.filter(pk__gt=first)


def as_(personas, key: str):
    return acting(via="page", user=personas.user(key))


def test_a_development_plan_is_recorded_as_changed_never_with_what_it_says(personas, changes):
    with as_(personas, "leader"):
        plan = coaching.plan_save(
            person=personas.seller,
            strengths=PLANTED,
            development_notes=PLANTED,
            aspiration=PLANTED,
        )
        coaching.plan_action_add(plan=plan, text=PLANTED)
        coaching.plan_review_add(plan=plan, by=personas.leader, progress=PLANTED)
    recorded = list(changes().filter(kind=Kind.PLAN))
    assert len(recorded) >= 3 and all(c.confidential for c in recorded)
    assert all(c.subject == personas.seller and c.actor_label == "Lena Hart" for c in recorded)
    written = changes().filter(kind=Kind.PLAN, object_type="coaching.developmentplan")
    fields = {name for change in written for name in change.changes}
    assert fields >= {"strengths", "development_notes", "aspiration"}
    assert all(value is None for change in recorded for value in change.changes.values())
    for change in recorded:
        assert PLANTED not in json.dumps(change.changes) + change.summary + str(change)


def test_a_personal_target_hides_its_value_and_a_team_standard_shows_it(personas, changes):
    with as_(personas, "leader"):
        metrics.target_set(
            metric="win_rate",
            value=0.3,
            person=personas.seller,
            valid_from=datetime.date(2025, 1, 1),
            set_by=personas.leader,
        )
        metrics.target_set(
            metric="win_rate",
            value=0.25,
            team=personas.boston,
            valid_from=datetime.date(2025, 1, 1),
            set_by=personas.leader,
        )
    personal = changes().get(kind=Kind.TARGET, subject=personas.seller)
    assert personal.confidential and personal.changes["value"] is None
    team = changes().get(kind=Kind.TARGET, team=personas.boston)
    assert team.changes["value"] == [None, 0.25] and not team.confidential


def test_a_quota_import_records_each_quota_with_its_old_and_new_amount(personas, changes, tmp_path):
    sheet = "Owner,Period,Quota\nSam Ortiz,FY2025-Q1,100000\nSofia Berg,FY2025-Q1,90000\n"
    first = import_file(write(tmp_path, sheet), "quotas")
    assert first.status == "succeeded"
    raised = sheet.replace("100000", "120000")
    second = import_file(write(tmp_path, raised, "raised.csv"), "quotas")
    quotas = changes().filter(kind=Kind.QUOTA)
    assert quotas.filter(action="created").count() == 2
    (raise_,) = quotas.filter(action="changed")
    assert raise_.subject == personas.seller and raise_.import_run_id == second.pk
    assert raise_.changes == {"amount": ["100000.00", "120000.00"]}
    assert raise_.via == "import" and "Q1 FY2025" in raise_.summary
    runs = changes().filter(kind=Kind.IMPORT).order_by("pk")
    assert [r.action for r in runs] == ["succeeded", "succeeded"]
    assert runs[1].changes["updated"] == [None, 1]


def test_changes_to_people_teams_accounts_and_settings_are_recorded(personas, changes):
    with as_(personas, "admin"):
        team = org.team_create(name="Austin Inside Sales")
        org.person_deactivate(person=personas.seller2)
    assert changes().filter(kind=Kind.TEAM, team=team, action="created").exists()
    deactivated = changes().get(kind=Kind.PERSON, subject=personas.seller2)
    assert deactivated.changes["is_active"] == [True, False]
    assert "deactivated" in deactivated.summary
    account = changes().get(kind=Kind.ACCOUNT)
    assert account.changes["is_active"] == [True, False]


def test_an_administrator_reads_every_change_and_a_leader_only_their_lines(personas, changes):
    with as_(personas, "admin"):
        org.person_join_team(
            person=personas.other_seller, team=personas.denver, on=datetime.date(2024, 1, 1)
        )
        org.person_deactivate(person=personas.other_seller)
        org.person_deactivate(person=personas.seller2)
    about = {
        key: {
            c["subject_id"] for c in personas.api(key).get("/api/v1/audit/changes").json()["items"]
        }
        for key in ("admin", "leader", "other_leader", "seller", "director")
    }
    assert {personas.other_seller.pk, personas.seller2.pk} <= about["admin"]
    assert (
        personas.seller2.pk in about["leader"] and personas.other_seller.pk not in about["leader"]
    )
    assert personas.other_seller.pk in about["other_leader"]
    assert personas.seller2.pk not in about["other_leader"]
    assert about["seller"] <= {personas.seller.pk}
    assert {personas.seller2.pk, personas.other_seller.pk} <= about["director"]


def test_the_page_filters_by_person_and_kind_and_paginates(personas, changes):
    with as_(personas, "admin"):
        org.person_deactivate(person=personas.seller2)
    admin = personas.client("admin")
    page = admin.get("/audit/", {"person": "Sofia", "kind": "person"}).content.decode()
    assert "Sofia Berg is deactivated" in page and "through a page" in page
    assert "Sam Ortiz" not in page
    other = admin.get("/audit/", {"person": "Sofia", "kind": "quota"}).content.decode()
    assert "No change matches these filters." in other
    lena = personas.client("leader").get("/audit/", {"person": "Omar"}).content.decode()
    assert "Omar Reyes" not in lena.split('<h2 id="changes-heading">')[1]


def test_the_page_runs_the_same_queries_however_many_changes_it_shows(personas, changes):
    admin = personas.client("admin")

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin.get("/audit/").status_code == 200
        return len(captured)

    before = count()
    with as_(personas, "admin"):
        for n in range(5):
            org.team_create(name=f"Team {n}")
    assert count() == before


def test_a_change_names_its_kind_and_number_only_wherever_it_is_printed(personas, changes):
    with as_(personas, "leader"):
        coaching.plan_save(person=personas.seller, strengths=PLANTED)
    change = changes().filter(kind=Kind.PLAN).first()
    assert str(change) == f"Change {change.pk} (plan, {change.action})"


def test_a_notice_is_read_by_the_person_told_alone(personas):
    from leadwell.audit.models import Notice

    notice = Notice.objects.create(person=personas.seller, text="Only-For-Sam-7741")
    for key in ("leader", "director", "admin", "seller2"):
        client = personas.client(key)
        assert "Only-For-Sam-7741" not in client.get("/").content.decode()
        assert "Only-For-Sam-7741" not in client.get("/notices/").content.decode()
        assert client.post(f"/notices/{notice.pk}/read/").status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None
    sam = personas.client("seller")
    assert "Only-For-Sam-7741" in sam.get("/").content.decode()
    assert sam.post(f"/notices/{notice.pk}/read/", {"next": "https://evil.example/"}).url == (
        "/notices/"
    )
    notice.refresh_from_db()
    assert notice.read_at is not None
