"""The imports pages: upload, review the columns and first rows, check, confirm, see the result."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from leadwell.crm.models import Activity, ImportRun, Opportunity

from .helpers import dataset

pytestmark = pytest.mark.django_db

CSV = (
    "Ref,Opportunity Owner,Stage,Amount,Close Date\n"
    'A1,Sam Ortiz,Prospecting,"$1,000.00",2017-03-01\n'
    "A2,Sofia Berg,Closed Won,2500,2017-03-15\n"
)


def upload(client, content: str | bytes = CSV, name: str = "deals.csv", **fields):
    data = {"kind": "opportunities", "preset": "auto", "key": "", **fields}
    data["file"] = SimpleUploadedFile(
        name, content.encode() if isinstance(content, str) else content
    )
    return client.post(reverse("import-new"), data)


def test_an_administrator_uploads_reviews_checks_and_imports_a_file(personas):
    client = personas.client("admin")
    response = upload(client)
    run = ImportRun.objects.get()
    assert response["Location"] == reverse("import-review", args=[run.pk])

    review = client.get(response["Location"]).content.decode()
    assert "Choose the column of your file that holds: Opportunity ID" in review

    fixed = client.post(
        reverse("import-review", args=[run.pk]),
        {
            "column-external_id": "Ref",
            "column-owner": "Opportunity Owner",
            "column-stage": "Stage",
            "column-amount": "Amount",
            "column-close_date": "Close Date",
        },
    ).content.decode()
    assert "The first rows, as Leadwell reads them" in fixed and "1000.00" in fixed

    client.post(reverse("import-start", args=[run.pk]), {"action": "check"})
    checked = client.get(reverse("import-review", args=[run.pk])).content.decode()
    assert (
        "Check result: nothing written yet" in checked
        and "Would create <strong>2</strong>" in checked
    )
    assert not Opportunity.objects.exists()

    client.post(reverse("import-start", args=[run.pk]), {"action": "import"})
    done = client.get(reverse("import-review", args=[run.pk])).content.decode()
    assert "Created <strong>2</strong>" in done
    assert Opportunity.objects.count() == 2
    records = client.get(reverse("import-records", args=[run.pk])).content.decode()
    assert "A1" in records and "Sofia Berg" in records


def test_the_maven_pipeline_is_recognised_on_upload(personas):
    client = personas.client("admin")
    pipeline = dataset("maven-crm", "sales_pipeline.csv")
    upload(client, pipeline.read_bytes(), "sales_pipeline.csv")
    run = ImportRun.objects.get()
    page = client.get(reverse("import-review", args=[run.pk])).content.decode()
    assert "read as Maven export" in page
    assert re.search(r'<option value="engage_date"\s+selected>', page)


def test_bad_rows_are_listed_and_downloadable_and_block_the_import(personas):
    client = personas.client("admin")
    content = 'Opportunity ID,Opportunity Owner,Stage\nA1,Sam Ortiz,Prospecting\nA2,=HYPERLINK("x"),Prospecting\n'
    upload(client, content)
    run = ImportRun.objects.get()
    client.post(reverse("import-start", args=[run.pk]), {"action": "check"})
    page = client.get(reverse("import-review", args=[run.pk])).content.decode()
    assert "1 problem" in page and "disabled" in page
    csv_text = client.get(reverse("import-errors", args=[run.pk])).content.decode()
    assert csv_text.splitlines()[0] == "line,column,value,reason"
    assert "'=HYPERLINK" in csv_text  # a formula is neutralised, never run by a spreadsheet
    refused = client.post(reverse("import-start", args=[run.pk]), {"action": "import"}, follow=True)
    assert "Refused: nothing was imported" in refused.content.decode()
    assert not Opportunity.objects.exists()


def test_the_progress_partial_asks_the_page_to_refresh_when_the_work_is_done(personas):
    client = personas.client("admin")
    upload(client, "Opportunity ID,Opportunity Owner,Stage\nA1,Sam Ortiz,Prospecting\n")
    run = ImportRun.objects.get()
    client.post(reverse("import-start", args=[run.pk]), {"action": "check"})
    response = client.get(reverse("import-progress", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert response["HX-Refresh"] == "true"


def test_only_csv_and_xlsx_files_are_accepted(personas):
    response = upload(personas.client("admin"), "hello", name="notes.pdf")
    assert "Upload a .csv or .xlsx file." in response.content.decode()
    assert not ImportRun.objects.exists()


@pytest.mark.parametrize("viewer", ["leader", "seller", "director"])
def test_imports_are_for_administrators_only(personas, viewer):
    upload(personas.client("admin"))
    run = ImportRun.objects.get()
    client = personas.client(viewer)
    for url in [
        reverse("imports"),
        reverse("import-new"),
        reverse("import-review", args=[run.pk]),
        reverse("import-errors", args=[run.pk]),
        reverse("import-records", args=[run.pk]),
        reverse("import-progress", args=[run.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    assert (
        client.post(reverse("import-start", args=[run.pk]), {"action": "import"}).status_code == 404
    )
    assert not Opportunity.objects.exists()
    assert ImportRun.objects.get(pk=run.pk).status == run.status
    assert "Imports</a>" not in client.get(reverse("home")).content.decode()


def test_the_imports_page_lists_every_import_with_its_counts(personas, tmp_path):
    from .helpers import import_file, write

    import_file(
        write(tmp_path, "Opportunity ID,Opportunity Owner,Stage\nA1,Sam Ortiz,Prospecting\n")
    )
    page = personas.client("admin").get(reverse("imports")).content.decode()
    assert "export.csv" in page and "command line" in page and "Imported" in page


def test_a_file_without_an_id_column_gets_its_key_on_the_review_page(personas):
    client = personas.client("admin")
    upload(client, "Customer,Deal Owner,Sales stage,Deal size\nAcme,Sam Ortiz,Identified,100\n")
    run = ImportRun.objects.get()
    page = client.get(reverse("import-review", args=[run.pk])).content.decode()
    assert "the columns that identify a row" in page
    client.post(
        reverse("import-review", args=[run.pk]),
        {
            "column-owner": "Deal Owner",
            "column-stage": "Sales stage",
            "column-account": "Customer",
            "key": ["Customer"],
        },
    )
    client.post(reverse("import-start", args=[run.pk]), {"action": "check"})
    client.post(reverse("import-start", args=[run.pk]), {"action": "import"})
    assert Opportunity.objects.get().external_id == "Acme"


def test_a_pipeline_without_an_owner_column_is_imported_with_the_owner_chosen_on_the_page(
    personas,
):
    client = personas.client("admin")
    content = "Opportunity ID,Stage,Amount,Close Date\nM1,Prospecting,100,2017-03-01\n"
    upload(client, content)
    run = ImportRun.objects.get()
    review = client.get(reverse("import-review", args=[run.pk])).content.decode()
    assert "Choose the column of your file that holds: Owner" in review
    assert "For rows the file leaves empty" in review and 'name="default_owner"' in review
    # Activities only: an opportunity has no activity type.
    assert 'name="default_type"' not in review

    chosen = client.post(
        reverse("import-review", args=[run.pk]),
        {"column-external_id": "Opportunity ID", "default_owner": "Sofia Berg"},
    ).content.decode()
    assert "Choose the column of your file that holds" not in chosen
    assert 'value="Sofia Berg"' in chosen
    client.post(reverse("import-start", args=[run.pk]), {"action": "import"})
    run.refresh_from_db()
    assert run.status == "succeeded", run.errors
    assert Opportunity.objects.get().owner == personas.seller2
    assert "its 1 row went to Sofia Berg" in run.warnings[-1]["reason"]


def test_a_calls_sheet_gets_its_type_from_the_upload_form(personas):
    client = personas.client("admin")
    content = "Activity ID,Owner,Date\nC1,Sam Ortiz,2017-03-01\n"
    upload(client, content, kind="activities", default_type="call", default_status="done")
    run = ImportRun.objects.get()
    review = client.get(reverse("import-review", args=[run.pk])).content.decode()
    assert '<option value="call" selected>Call</option>' in review
    client.post(reverse("import-start", args=[run.pk]), {"action": "import"})
    assert list(Activity.objects.values_list("type", "status")) == [("call", "done")]
