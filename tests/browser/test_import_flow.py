"""Importing a file in a real browser: upload, fix a column, check, confirm, watch it finish."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from leadwell.crm.models import Opportunity

from .test_main_flows import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSV = (
    "Ref,Opportunity Owner,Stage,Amount,Close Date\n"
    'A1,Sam Ortiz,Prospecting,"$1,000.00",3/1/2017\n'
    "A2,Sofia Berg,Closed Won,2500,3/15/2017\n"
)


@pytest.fixture
def queued_tasks(settings):
    """Tasks wait in the database queue for a worker, as under `leadwell serve`."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


def test_an_administrator_imports_a_file_and_sees_the_records(
    page: Page, personas, tmp_path, queued_tasks
):
    path = tmp_path / "deals.csv"
    path.write_text(CSV)
    sign_in(page, "ada.ng@example.com")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Imports").click()
    page.get_by_role("link", name="Import a file").click()
    page.get_by_label("What the file holds").select_option("opportunities")
    page.get_by_label("CSV or XLSX export").set_input_files(str(path))
    page.get_by_role("button", name="Upload and review").click()

    expect(page.get_by_role("alert")).to_contain_text("Opportunity ID")
    page.get_by_label("Opportunity ID").select_option("Ref")
    # The file has no created date: said so, as the page asks.
    page.get_by_label("Created date", exact=True).select_option("-")
    page.get_by_role("button", name="Save columns").click()
    expect(page.locator("#preview")).to_contain_text("1000.00")

    page.get_by_role("button", name="Check every row").click()
    expect(page.get_by_text("Waiting for the worker")).to_be_visible()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    expect(page.get_by_role("heading", name="Check result: nothing written yet")).to_be_visible()
    assert not Opportunity.objects.exists()

    page.get_by_role("button", name=re.compile(r"^Import 2 changes")).click()
    expect(page.locator("progress")).to_be_visible()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    expect(page.get_by_role("heading", name="Imported")).to_be_visible()
    page.get_by_role("link", name="See the imported records").click()
    expect(page.locator("#records")).to_contain_text("Sofia Berg")
    assert Opportunity.objects.count() == 2


def test_an_administrator_answers_for_a_missing_amount_and_gives_unknown_stages_their_outcome(
    page: Page, personas, tmp_path, queued_tasks
):
    path = tmp_path / "sheet.csv"
    path.write_text(
        "Deal ID,rep,Opp Status,Closing Date,Created\n"
        "B1,Sam Ortiz,Dreaming,2017-03-01,2017-01-01\n"
        "B2,Sofia Berg,Signed,2017-03-15,2017-01-02\n"
        "B3,Sofia Berg,Signed,2017-03-16,2017-01-03\n"
    )
    sign_in(page, "ada.ng@example.com")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Imports").click()
    page.get_by_role("link", name="Import a file").click()
    page.get_by_label("What the file holds").select_option("opportunities")
    page.get_by_label("CSV or XLSX export").set_input_files(str(path))
    page.get_by_role("button", name="Upload and review").click()

    # Every column of the file is listed; the amount nobody found is asked about.
    expect(page.locator("#file-columns")).to_contain_text("Opp Status")
    expect(page.locator("#column-warnings")).to_contain_text("recognised as Amount")
    page.get_by_label("Amount", exact=True).select_option("-")
    page.get_by_role("button", name="Save columns").click()
    expect(page.locator("#column-warnings")).to_contain_text("(as you said)")

    page.get_by_role("button", name="Check every row").click()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    expect(page.get_by_role("heading", name="Stages Leadwell does not know yet")).to_be_visible()
    page.get_by_label("Outcome of Signed").select_option("won")
    page.get_by_role("button", name="Save the stages and check again").click()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    expect(page.get_by_role("heading", name="Check result: nothing written yet")).to_be_visible()

    page.get_by_role("button", name=re.compile(r"^Import 3 changes")).click()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    expect(page.get_by_role("heading", name="Imported")).to_be_visible()
    assert Opportunity.objects.filter(outcome="won").count() == 2
    assert not Opportunity.objects.exclude(amount=None).exists()
