"""An administrator cannot quietly make themselves a seller's manager: every change of a
reporting line is in the audit trail (who, when, how), the person whose manager changed sees it
on their page and is told by e-mail, and a change that lets whoever made it read someone's
coaching is flagged to that person and to the director of their line."""

import json

import pytest
from django.core import mail
from django.utils import timezone

from leadwell.audit.models import Change, Kind, Notice
from leadwell.org import selectors
from leadwell.org import services as org
from leadwell.org.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def changes(personas):
    """The changes recorded from here on (the personas' own reporting lines are recorded as
    the fixture builds them)."""
    first = Change.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    return lambda: Change.objects.filter(pk__gt=first)


def people_import_by(personas, key: str, records: list[dict]) -> dict:
    answer = personas.api(key).post(
        "/api/v1/records/people",
        data=json.dumps({"records": records}),
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    return answer.json()


def test_an_administrator_importing_one_people_row_to_manage_a_seller_is_flagged(
    personas, changes, django_capture_on_commit_callbacks
):
    ada, sam = personas.admin, personas.seller
    with django_capture_on_commit_callbacks(execute=True):
        run = people_import_by(
            personas, "admin", [{"name": sam.name, "email": sam.email, "manager": ada.name}]
        )
    assert selectors.manager_of(sam) == ada  # the import did what it says…

    recorded = changes().filter(kind=Kind.REPORTING_LINE, subject=sam, flagged=False)
    assert recorded.exists()
    assert {c.via for c in recorded} == {"import"}
    assert {c.import_run_id for c in recorded} == {run["id"]}
    assert {c.actor_label for c in recorded} == {ada.name}

    flag = changes().get(flagged=True, subject=sam)
    assert ada.name in flag.summary and flag.actor_person == ada

    (told,) = Notice.objects.filter(person=sam, is_warning=False)
    assert "your manager is Ada Ng (before: Lena Hart)" in told.text
    (warned,) = Notice.objects.filter(person=sam, is_warning=True)
    assert "Ada Ng" in warned.text and "can now read your coaching" in warned.text
    director = Notice.objects.get(person=personas.director, is_warning=True)
    assert "Sam Ortiz's confidential coaching" in director.text
    assert {m.to[0] for m in mail.outbox} >= {sam.email, personas.director.email}


def test_the_seller_sees_the_change_and_the_flag_on_her_page_and_home(
    personas, changes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        people_import_by(
            personas,
            "admin",
            [{"name": personas.seller.name, "email": personas.seller.email, "manager": "Ada Ng"}],
        )
    sam = personas.client("seller")
    page = sam.get(f"/people/{personas.seller.pk}/").content.decode()
    assert "Changes to the reporting line" in page
    assert "Ada Ng" in page and "through import #" in page and "Flagged" in page
    home = sam.get("/").content.decode()
    assert "Please check" in home and "can now read your coaching" in home


def test_a_move_by_a_leader_through_a_service_is_recorded_and_told_once(
    personas, changes, django_capture_on_commit_callbacks
):
    from leadwell.audit.acting import acting

    today = timezone.localdate()
    with (
        django_capture_on_commit_callbacks(execute=True),
        acting(via="page", user=personas.user("director")),
    ):
        org.person_join_team(person=personas.seller, team=personas.denver, on=today)
    moves = changes().filter(kind=Kind.REPORTING_LINE, subject=personas.seller)
    assert {c.actor_label for c in moves} == {"Dana Whitfield"}
    assert {c.action for c in moves} == {"created", "changed"}
    (notice,) = Notice.objects.filter(person=personas.seller)
    assert notice.text.startswith("From today your manager is Owen Clarke (before: Lena Hart).")
    assert "Changed by Dana Whitfield through a page." in notice.text
    # The director was above Sam before the move, and is after: nothing to flag.
    assert not changes().filter(flagged=True).exists()


def test_editing_a_membership_in_the_admin_to_lead_a_team_is_recorded_and_flagged(
    personas, changes, django_capture_on_commit_callbacks
):
    lena_leads = Membership.objects.get(person=personas.leader, team=personas.boston)
    admin = personas.client("admin")
    with django_capture_on_commit_callbacks(execute=True):
        answer = admin.post(
            f"/admin/org/membership/{lena_leads.pk}/change/",
            {
                "person": personas.admin.pk,
                "team": personas.boston.pk,
                "role": "leader",
                "valid_from": lena_leads.valid_from.isoformat(),
                "valid_until": "",
            },
        )
    assert answer.status_code == 302
    # The change of who holds the membership (a second entry about it may follow, recorded
    # by the reorganisation's own upkeep, depending on what ran before in the process).
    recorded = changes().filter(kind=Kind.REPORTING_LINE, object_id=str(lena_leads.pk))
    change = next(c for c in recorded if "person_id" in c.changes)
    assert change.via == "admin" and change.actor_label == "Ada Ng"
    assert change.changes["person_id"] == [
        f"Lena Hart (#{personas.leader.pk})",
        f"Ada Ng (#{personas.admin.pk})",
    ]
    flagged = set(changes().filter(flagged=True).values_list("subject__name", flat=True))
    assert flagged == {"Sam Ortiz", "Sofia Berg"}
    for seller in (personas.seller, personas.seller2):
        assert Notice.objects.filter(person=seller, is_warning=True).exists()


def test_a_refused_import_records_no_reporting_line_change_and_tells_nobody(
    personas, changes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answer = personas.api("admin").post(
            "/api/v1/records/people",
            data=json.dumps(
                {
                    "records": [
                        {
                            "name": personas.seller.name,
                            "email": personas.seller.email,
                            "manager": "Ada Ng",
                        },
                        {"name": "", "manager": "Ada Ng"},
                    ]
                }
            ),
            content_type="application/json",
        )
    assert answer.json()["status"] == "refused"
    assert selectors.manager_of(personas.seller) == personas.leader
    assert not changes().filter(kind=Kind.REPORTING_LINE).exists()
    assert not Notice.objects.exists() and mail.outbox == []
    # The refused import itself is in the trail.
    assert changes().get(kind=Kind.IMPORT).action == "refused"


def test_placing_a_new_person_on_a_team_tells_nobody_but_is_recorded(
    personas, changes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        newcomer = org.person_create(name="Nia Novak", email="nia@example.com")
        org.person_join_team(person=newcomer, team=personas.boston, on=timezone.localdate())
    assert changes().filter(kind=Kind.REPORTING_LINE, subject=newcomer).exists()
    assert not Notice.objects.exists()


# Committing for real empties the database after the test: the seeded rows are put back.
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("seed_rows_put_back")
def test_after_a_real_commit_the_seller_and_the_director_of_her_former_line_are_warned(personas):
    """The same as a committed request does it: Django runs the commit hooks itself."""
    people_import_by(
        personas,
        "admin",
        [{"name": personas.seller.name, "email": personas.seller.email, "manager": "Ada Ng"}],
    )
    assert Notice.objects.filter(person=personas.seller, is_warning=True).count() == 1
    assert Notice.objects.filter(person=personas.seller, is_warning=False).count() == 1
    (warned,) = Notice.objects.filter(person=personas.director, is_warning=True)
    assert "Sam Ortiz's confidential coaching" in warned.text
    assert Change.objects.filter(flagged=True).count() == 1
