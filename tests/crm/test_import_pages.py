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
            "column-created_date": "-",  # the file has none
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
    assert "read as Maven CRM sample" in page
    assert re.search(r'<option value="engage_date"\s+selected>', page)


def test_bad_rows_are_listed_and_downloadable_and_block_the_import(personas):
    client = personas.client("admin")
    content = 'Opportunity ID,Opportunity Owner,Stage\nA1,Sam Ortiz,Prospecting\nA2,=HYPERLINK("x"),Prospecting\n'
    upload(client, content)
    run = ImportRun.objects.get()
    answer_none(client, run, "amount", "created_date", "close_date")
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
            "column-amount": "Deal size",
            "column-created_date": "-",
            "column-close_date": "-",
            "key": ["Customer"],
        },
    )
    client.post(reverse("import-start", args=[run.pk]), {"action": "check"})
    client.post(reverse("import-start", args=[run.pk]), {"action": "import"})
    assert Opportunity.objects.get().external_id == "Acme"


def answer_none(client, run, *fields: str) -> None:
    """Say on the review page that the file has no column for these fields."""
    client.post(reverse("import-review", args=[run.pk]), {f"column-{name}": "-" for name in fields})


def review_of(client, run) -> str:
    return client.get(reverse("import-review", args=[run.pk])).content.decode()


def test_the_review_page_lists_every_column_of_the_file_with_what_became_of_it(personas):
    client = personas.client("admin")
    upload(
        client,
        "Opportunity ID,Opportunity Owner,Stage,Amount,Next Step\nA1,Sam Ortiz,Prospecting,1,Call\n",
    )
    run = ImportRun.objects.get()
    page = review_of(client, run)
    table = page[page.index('id="file-columns"') :]
    table = table[: table.index("</table>")]
    for header in ("Opportunity ID", "Opportunity Owner", "Stage", "Amount", "Next Step"):
        assert f"<td>{header}</td>" in table
    assert "<td>Next Step</td><td>not imported</td><td>no field has this name</td>" in table
    assert "Salesforce report\N{RIGHT SINGLE QUOTATION MARK}s name for it" in table
    assert "(the file has" in page and "of its" in page  # how well it fits the preset


def test_a_missing_amount_is_asked_about_and_the_import_waits_for_an_answer(personas):
    client = personas.client("admin")
    upload(client, "Opportunity ID,Opportunity Owner,Stage\nA1,Sam Ortiz,Prospecting\n")
    run = ImportRun.objects.get()
    client.post(reverse("import-start", args=[run.pk]), {"action": "check"})
    page = review_of(client, run)
    assert "no column of the file was recognised as Amount" in page
    assert re.search(
        r'<button type="submit" name="action" value="import" class="primary" disabled>', page
    )

    client.post(
        reverse("import-review", args=[run.pk]),
        {"column-amount": "-", "column-created_date": "-", "column-close_date": "-"},
    )
    client.post(reverse("import-start", args=[run.pk]), {"action": "check"})
    answered = review_of(client, run)
    assert "(as you said)" in answered
    assert re.search(
        r'<button type="submit" name="action" value="import" class="primary">', answered
    )
    client.post(reverse("import-start", args=[run.pk]), {"action": "import"})
    assert Opportunity.objects.get().amount is None


def test_an_import_posted_past_the_disabled_button_is_refused_until_the_fields_are_answered(
    personas,
):
    client = personas.client("admin")
    upload(client, "Opportunity ID,Opportunity Owner,Stage\nA1,Sam Ortiz,Prospecting\n")
    run = ImportRun.objects.get()
    client.post(reverse("import-start", args=[run.pk]), {"action": "check"})
    page = client.post(
        reverse("import-start", args=[run.pk]), {"action": "import"}, follow=True
    ).content.decode()
    assert "Not imported: choose the column that holds Amount, Close date, Created date" in page
    run.refresh_from_db()
    assert run.status == "dry_run" and not Opportunity.objects.exists()

    client.post(
        reverse("import-review", args=[run.pk]),
        {"column-amount": "-", "column-created_date": "-", "column-close_date": "-"},
    )
    client.post(reverse("import-start", args=[run.pk]), {"action": "import"})
    assert Opportunity.objects.get().amount is None


def test_the_command_line_imports_such_a_file_with_a_warning_only(personas, tmp_path):
    from .helpers import import_file, write

    run = import_file(write(tmp_path, "Opportunity ID,Opportunity Owner,Stage\nA1,Sam Ortiz,Won\n"))
    assert run.status == "succeeded" and Opportunity.objects.count() == 1
    assert any(
        w["reason"].startswith("no column of the file was recognised as Amount")
        for w in run.warnings
    )


def test_unknown_stages_get_a_table_that_adds_them_to_the_stage_map_and_checks_again(personas):
    from leadwell.audit.models import Change
    from leadwell.crm.models import Stage

    client = personas.client("admin")
    rows = "".join(f"A{i},Sam Ortiz,Dreaming,1\n" for i in range(3))
    upload(
        client, "Opportunity ID,Opportunity Owner,Stage,Amount\n" + rows + "B,Sam Ortiz,Signed,2\n"
    )
    run = ImportRun.objects.get()
    answer_none(client, run, "created_date", "close_date")
    client.post(reverse("import-start", args=[run.pk]), {"action": "check"})
    page = review_of(client, run)
    assert "Stages Leadwell does not know yet" in page and "<td>Dreaming" in page
    assert "[stages]\n&quot;Dreaming&quot; = { outcome = &quot;open&quot;" in page

    client.post(
        reverse("import-stages", args=[run.pk]),
        {
            "stage-name": ["Dreaming", "Signed"],
            "stage-outcome": ["open", "won"],
            "stage-order": ["2", "9"],
        },
    )
    assert Stage.objects.get(name="Signed").outcome == "won"
    assert Change.objects.filter(action="stage_added").count() == 2
    run.refresh_from_db()
    assert run.status == "dry_run" and run.unknown_stages == [] and run.created == 4
    client.post(reverse("import-start", args=[run.pk]), {"action": "import"})
    assert Opportunity.objects.filter(outcome="won").count() == 1


def test_the_stage_table_takes_only_the_file_s_unknown_stages_and_sound_values(personas):
    from leadwell.crm.models import Stage

    client = personas.client("admin")
    upload(client, "Opportunity ID,Opportunity Owner,Stage\nA1,Sam Ortiz,Dreaming\n")
    run = ImportRun.objects.get()
    client.post(reverse("import-start", args=[run.pk]), {"action": "check"})
    url = reverse("import-stages", args=[run.pk])
    for stages, message in [
        (
            {"stage-name": "Closed Won", "stage-outcome": "lost", "stage-order": "1"},
            "no unknown stage",
        ),
        (
            {"stage-name": "Dreaming", "stage-outcome": "maybe", "stage-order": "1"},
            "outcome must be one of open, won, lost",
        ),
        ({"stage-name": "Dreaming", "stage-outcome": "open", "stage-order": "x"}, "whole number"),
        (
            {"stage-name": "Dreaming", "stage-outcome": "open", "stage-order": "99999"},
            "kept between 0 and 32,767",
        ),
    ]:
        page = client.post(url, stages, follow=True).content.decode()
        assert message in page, message
    assert not Stage.objects.filter(name="Dreaming").exists()
    assert Stage.objects.get(name="Closed Won").outcome == "won"


@pytest.mark.parametrize(
    ("outcome", "order"), [("maybe", 1), ("open", 70000), ("open", -1), ("open", "1.5")]
)
def test_the_stage_table_holds_a_stage_to_what_a_mapping_file_is_held_to(
    personas, tmp_path, outcome, order
):
    from leadwell.crm.models import Stage

    from .helpers import import_file, write

    content = "Opportunity ID,Opportunity Owner,Stage\nA1,Sam Ortiz,Dreaming\n"
    mapped = import_file(
        write(tmp_path, content),
        mapping={"stages": {"Dreaming": {"outcome": outcome, "order": order}}},
    )
    reason = mapped.message.removeprefix("The mapping's stage 'Dreaming': ")
    assert mapped.status == "failed" and reason != mapped.message

    client = personas.client("admin")
    upload(client, content)
    run = ImportRun.objects.get(file_name="deals.csv")
    client.post(reverse("import-start", args=[run.pk]), {"action": "check"})
    page = client.post(
        reverse("import-stages", args=[run.pk]),
        {"stage-name": "Dreaming", "stage-outcome": outcome, "stage-order": str(order)},
        follow=True,
    ).content.decode()
    assert f"The stage Dreaming: {reason}" in page
    assert not Stage.objects.filter(name="Dreaming").exists()


@pytest.mark.parametrize("viewer", ["leader", "seller", "director"])
def test_only_administrators_add_stages(personas, viewer):
    from leadwell.crm.models import Stage

    admin = personas.client("admin")
    upload(admin, "Opportunity ID,Opportunity Owner,Stage\nA1,Sam Ortiz,Dreaming\n")
    run = ImportRun.objects.get()
    admin.post(reverse("import-start", args=[run.pk]), {"action": "check"})
    response = personas.client(viewer).post(
        reverse("import-stages", args=[run.pk]),
        {"stage-name": "Dreaming", "stage-outcome": "open", "stage-order": "1"},
    )
    assert response.status_code == 404
    assert not Stage.objects.filter(name="Dreaming").exists()


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
        {
            "column-external_id": "Opportunity ID",
            "column-created_date": "-",
            "default_owner": "Sofia Berg",
        },
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


def test_the_review_of_a_calls_file_asks_for_no_type_column_and_lets_it_be_imported(personas):
    client = personas.client("admin")
    content = "Activity ID,Owner,Date,Status\nk1,Sam Ortiz,2024-02-01,done\n"
    upload(client, content, name="calls.csv", kind="activities")
    upload(client, content, name="log.csv", kind="activities")
    calls, log = ImportRun.objects.order_by("pk")
    asked = 'id="column-warnings"'
    assert asked not in review_of(client, calls) and asked in review_of(client, log)
    assert "no column of the file was recognised as Type" in review_of(client, log)
    client.post(reverse("import-start", args=[calls.pk]), {"action": "check"})
    assert re.search(
        r'<button type="submit" name="action" value="import" class="primary">',
        review_of(client, calls),
    )
    client.post(reverse("import-start", args=[calls.pk]), {"action": "import"})
    assert Activity.objects.get().type == "call"
