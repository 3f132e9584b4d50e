"""An administrator on no team lands on the administration home (issue 13): imports, people and
the org chart, settings, the audit trail and the Django admin, each with where it stands."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from leadwell.crm.models import ImportRun

from .test_pages import hire_sellers, page

pytestmark = pytest.mark.django_db

ADMINISTRATION_LINKS = [
    "imports",
    "import-new",
    "directory",
    "org-chart",
    "settings",
    "audit-trail",
]


def an_import(personas, file_name: str, status: str = ImportRun.Status.SUCCEEDED) -> ImportRun:
    return ImportRun.objects.create(
        kind="people",
        file_name=file_name,
        file_sha256="0" * 64,
        status=status,
        started_by=personas.user("admin"),
    )


def test_the_administrator_lands_on_the_administration_home_with_its_links(personas):
    html = page(personas.client("admin"), reverse("home"))
    assert "<h1>Administration</h1>" in html
    for name in ADMINISTRATION_LINKS:
        assert f'href="{reverse(name)}"' in html, name
    assert f'href="{reverse("admin:index")}"' in html
    assert "7 people · 3 teams · 3 offices" in html
    assert "1 on no team" in html  # Ada herself, in sales operations
    assert "Reporting currency: <strong>USD</strong>" in html
    assert "7 sign-in accounts · 1 administrator" in html
    assert "My teams and people" not in html


def test_with_no_import_yet_the_administration_home_says_where_to_start(personas):
    html = page(personas.client("admin"), reverse("home"))
    assert "No import yet: start with people, then accounts, then opportunities." in html
    assert f'href="{reverse("import-new")}"' in html


def test_the_administration_home_shows_the_latest_import_and_its_status(personas):
    an_import(personas, "people-january.csv")
    latest = an_import(personas, "opportunities-march.csv", status=ImportRun.Status.REFUSED)
    html = page(personas.client("admin"), reverse("home"))
    assert "opportunities-march.csv" in html and "people-january.csv" not in html
    assert f'href="{reverse("import-review", args=[latest.pk])}"' in html
    assert "status-refused" in html
    assert "No import yet" not in html


def test_an_administrator_account_with_no_person_lands_on_the_administration_home(
    personas, django_user_model
):
    account = django_user_model.objects.create_user("ops@example.com", "x" * 20, is_staff=True)
    client = Client()
    client.force_login(account)
    html = page(client, reverse("home"))
    assert "<h1>Administration</h1>" in html and "not linked to a person" not in html


def test_a_leader_does_not_land_on_the_administration_home_and_is_not_offered_it(personas):
    html = page(personas.client("leader"), reverse("home"))
    assert "My teams and people" in html
    assert "<h1>Administration</h1>" not in html
    assert f'href="{reverse("administration")}"' not in html


def test_a_leader_who_also_administers_keeps_their_home_and_reaches_administration_from_the_menu(
    personas,
):
    account = personas.user("leader")
    account.is_staff = True
    account.save(update_fields=["is_staff"])
    client = personas.client("leader")
    home = page(client, reverse("home"))
    assert "My teams and people" in home and "<h1>Administration</h1>" not in home
    assert f'href="{reverse("administration")}"' in home  # in the menu
    administration = page(client, reverse("administration"))
    assert "<h1>Administration</h1>" in administration
    assert "Lena Hart · Sales Manager" in administration


@pytest.mark.parametrize("key", ["seller", "leader", "director"])
def test_people_who_do_not_administer_cannot_open_the_administration_home(personas, key):
    assert personas.client(key).get(reverse("administration")).status_code == 404


def test_a_seller_lands_on_their_own_home(personas):
    html = page(personas.client("seller"), reverse("home"))
    assert "My manager" in html and "<h1>Administration</h1>" not in html


def test_the_administration_home_costs_the_same_queries_however_large_the_organisation(
    personas,
):
    client = personas.client("admin")
    with CaptureQueriesContext(connection) as small:
        page(client, reverse("home"))
    hire_sellers(personas.boston, 20)
    for n in range(5):
        an_import(personas, f"file-{n}.csv")
    with CaptureQueriesContext(connection) as large:
        page(client, reverse("home"))
    assert len(large) == len(small)
