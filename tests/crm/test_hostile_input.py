"""Whatever a file holds, an import ends cleanly: a bad value on its line, or a stored value
that reads back; a run that stops on an error ends "failed" with nothing written, never
"running"; an empty file says so; a refused file claims nothing; a loop of managers is refused.
"""

import json
import os
import re
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection
from django.urls import reverse

from leadwell.crm import services
from leadwell.crm.importing import engine
from leadwell.crm.importing.bounds import model_field
from leadwell.crm.importing.fields import CHOICES, FIELDS
from leadwell.crm.importing.writers.deals import OpportunityWriter
from leadwell.crm.models import Account, Activity, ImportRun, Opportunity, Quota
from leadwell.org import selectors
from leadwell.org.models import Membership, Person

from ..conftest import once_per_ci_run
from .helpers import error_reasons, import_file, write
from .test_import_pages import answer_none, upload

pytestmark = pytest.mark.django_db

HEADER = "Opportunity ID,Opportunity Owner,Stage,Amount,Close Date,Opportunity Name\n"


def one_deal(amount: str = "100", close: str = "2017-03-01", name: str = "Big deal") -> str:
    cells = ["A1", "Sam Ortiz", "Closed Won", amount, close, name]
    return HEADER + ",".join(f'"{cell}"' for cell in cells) + "\n"


def pages_answer(personas, run: ImportRun) -> tuple[int, int]:
    """The import's records page and the seller's won deals of 2017-Q1, as status codes."""
    records = personas.client("admin").get(reverse("import-records", args=[run.pk]))
    deals = personas.client("seller").get(
        reverse("metrics:deals", args=[personas.seller.pk]) + "?period=2017-Q1&metric=bookings"
    )
    return records.status_code, deals.status_code


AMOUNTS_KEPT = "numbers here are kept between -9,999,999,999,999.99 and 9,999,999,999,999.99"


@pytest.mark.parametrize(
    ("amount", "reason"),
    [
        ("1e309", f"out of range: {AMOUNTS_KEPT}"),
        ("-1e309", f"out of range: {AMOUNTS_KEPT}"),
        ("1e20", f"out of range: {AMOUNTS_KEPT}"),
        ("12345678901234567890", f"out of range: {AMOUNTS_KEPT}"),
        ("10000000000000", f"out of range: {AMOUNTS_KEPT}"),
        ("9999999999999.995", f"out of range: {AMOUNTS_KEPT}"),
        ("1e99999999999999999999", "out of range"),
        ("NaN", "not a number"),
        ("Infinity", "not a number"),
        ("-Infinity", "not a number"),
    ],
)
def test_an_amount_out_of_range_is_a_bad_value_on_its_line_and_never_stored(
    personas, tmp_path, amount, reason
):
    run = import_file(write(tmp_path, one_deal(amount)))
    assert run.status == "refused"
    assert run.errors == [{"line": 2, "column": "Amount", "value": amount, "reason": reason}]
    assert not Opportunity.objects.exists()
    assert pages_answer(personas, run) == (200, 200)


@pytest.mark.parametrize("amount", ["9999999999999.99", "-9999999999999.99", "0.000001"])
def test_the_largest_and_smallest_amounts_kept_are_stored_and_read_back(personas, tmp_path, amount):
    run = import_file(write(tmp_path, one_deal(amount)))
    assert run.status == "succeeded", run.errors
    assert Opportunity.objects.get().amount == Decimal(amount).quantize(Decimal("0.01"))
    assert pages_answer(personas, run) == (200, 200)


def test_an_amount_is_rounded_to_the_cents_its_column_keeps_so_a_reimport_changes_nothing(
    personas, tmp_path
):
    path = write(tmp_path, one_deal("1234.565"))
    import_file(path)
    assert Opportunity.objects.get().amount == Decimal("1234.57")
    again = import_file(path)
    assert (again.updated, again.unchanged) == (0, 1)


def test_a_nul_byte_in_a_text_cell_is_a_bad_value_shown_safely(personas, tmp_path):
    run = import_file(write(tmp_path, one_deal(name="Big\x00deal")))
    assert run.status == "refused"
    assert run.errors == [
        {
            "line": 2,
            "column": "Opportunity Name",
            "value": "Big\\x00deal",
            "reason": "contains a NUL character (\\x00), which cannot be stored",
        }
    ]
    assert not Opportunity.objects.exists()
    run.refresh_from_db()  # the error itself was stored, on either database
    assert run.errors[0]["value"] == "Big\\x00deal"


def test_a_nul_byte_in_a_header_is_shown_safely_in_the_message(personas, tmp_path):
    run = import_file(write(tmp_path, "Owner\x00,Stage\nSam Ortiz,Prospecting\n"))
    run.refresh_from_db()
    assert run.status == "failed" and "Owner\\x00" in run.message


def test_text_longer_than_its_field_holds_is_a_bad_value_shown_cut_short(personas, tmp_path):
    name = "N" * 256
    run = import_file(write(tmp_path, one_deal(name=name)))
    assert error_reasons(run) == [(2, "Opportunity Name", "too long: at most 255 characters")]
    assert run.errors[0]["value"] == "N" * 200 + "…"
    assert not Opportunity.objects.exists()


def test_an_account_name_whose_key_grows_past_its_column_is_a_bad_value(personas, tmp_path):
    # "ß" is one character but its case-folded key is two ("ss").
    run = import_file(write(tmp_path, f"Account Name\n{'ß' * 200}\n"), "accounts")
    assert error_reasons(run) == [(2, "Account Name", "too long: at most 255 characters")]


def test_a_currency_longer_than_a_code_is_a_bad_value_not_cut(personas, tmp_path):
    content = (
        "Opportunity ID,Opportunity Owner,Stage,Currency\nA1,Sam Ortiz,Prospecting,US Dollar\n"
    )
    run = import_file(write(tmp_path, content))
    reason = "not a currency code: write the ISO 4217 code of the currency (USD, EUR, GBP, ...)"
    assert error_reasons(run) == [(2, "Currency", reason)]
    ok = import_file(write(tmp_path, content.replace("US Dollar", "eur"), "ok.csv"))
    assert ok.status == "succeeded" and Opportunity.objects.get().currency == "EUR"


def test_a_long_activity_subject_is_cut_to_fit_rather_than_refused(personas, tmp_path):
    content = f"Activity ID,Assigned,Date,Subject\nT1,Sam Ortiz,2017-03-01,{'s' * 300}\n"
    run = import_file(write(tmp_path, content), "activities")
    assert run.status == "succeeded", run.errors
    assert Activity.objects.get().subject == "s" * 255


@pytest.mark.parametrize(
    ("employees", "stored"),
    [("2147483647", 2147483647), ("2147483648", None), ("-2147483649", None), ("1e30", None)],
)
def test_employees_are_kept_within_the_range_of_their_integer_column(
    personas, tmp_path, employees, stored
):
    run = import_file(write(tmp_path, f"Account Name,Employees\nAcme,{employees}\n"), "accounts")
    if stored is None:
        assert error_reasons(run) == [
            (
                2,
                "Employees",
                "out of range: whole numbers here are kept between -2,147,483,648 and 2,147,483,647",
            )
        ]
        assert not Account.objects.exists()
    else:
        assert Account.objects.get().employees == stored


@pytest.mark.parametrize("close", ["1949-12-31", "2100-01-01", "0217-03-01", "9999-12-31"])
def test_a_date_outside_the_years_kept_is_a_bad_value(personas, tmp_path, close):
    run = import_file(write(tmp_path, one_deal(close=close)))
    assert error_reasons(run) == [
        (2, "Close Date", "out of range: dates are kept from 1950-01-01 to 2099-12-31")
    ]


@pytest.mark.parametrize("period", ["FY1949-Q4", "2100-Q1", "FY9999"])
def test_a_period_outside_the_years_kept_is_a_bad_value(personas, tmp_path, period):
    run = import_file(write(tmp_path, f"Person,Period,Quota\nSam Ortiz,{period},100\n"), "quotas")
    assert error_reasons(run) == [
        (2, "Period", "out of range: dates are kept from 1950-01-01 to 2099-12-31")
    ]
    assert not Quota.objects.exists()


def test_every_column_is_bounded_by_the_model_field_it_is_written_into():
    for kind, fields in FIELDS.items():
        for name, spec in fields.items():
            field = model_field(spec.into)  # names a field that exists
            if spec.type == "text":
                assert field.max_length, (kind, name)
            elif spec.type in ("decimal", "percent"):
                assert field.get_internal_type() == "DecimalField", (kind, name)
            elif spec.type in ("date", "period"):
                assert field.get_internal_type() == "DateField", (kind, name)
            elif spec.type == "integer":
                assert "IntegerField" in field.get_internal_type(), (kind, name)
            elif spec.type == "currency":
                assert field.max_length == 3, (kind, name)
            elif spec.type == "choice:yes_no":
                # Read to yes or no and turned into an outcome or a status, which are bounded.
                assert field.name in ("outcome", "status"), (kind, name)
            else:
                allowed = {value for value, _ in field.flatchoices}
                assert set(CHOICES[spec.type.removeprefix("choice:")]) <= allowed, (kind, name)


def test_the_api_refuses_infinite_list_or_object_values_naming_the_record(personas):
    client = personas.api("admin")
    body = '{"records": [{"external_id": "A1", "owner": "Sam Ortiz", "stage": "Prospecting", "amount": 1e400}, {"external_id": "A2", "owner": "Sam Ortiz", "stage": "Prospecting", "amount": [1, 2], "name": {"x": 1}}]}'
    response = client.post("/api/v1/records/opportunities", body, content_type="application/json")
    assert response.status_code == 422, response.content
    places = {tuple(e["loc"][:5]) for e in response.json()["detail"]}
    assert places == {
        ("body", "payload", "records", 0, "amount"),
        ("body", "payload", "records", 1, "amount"),
        ("body", "payload", "records", 1, "name"),
    }
    assert not Opportunity.objects.exists()


def test_a_lone_surrogate_sent_through_the_api_is_a_bad_value(personas):
    body = '{"records": [{"external_id": "A1", "owner": "Sam Ortiz", "stage": "Prospecting", "name": "x\\ud800y"}]}'
    response = personas.api("admin").post(
        "/api/v1/records/opportunities", body, content_type="application/json"
    )
    assert response.json()["errors"] == [
        {
            "line": 2,
            "column": "name",
            "value": "x\\ud800y",
            "reason": "contains an unpaired surrogate, which is not text that can be stored",
        }
    ]


@pytest.mark.parametrize(
    ("stage", "reason"),
    [
        (
            {"outcome": "open", "order": 70000},
            "out of range: whole numbers here are kept between 0 and 32,767",
        ),
        ({"outcome": "maybe"}, "outcome must be one of open, won, lost"),
        ({"outcome": "open", "probability": 150}, "probability must be a number from 0 to 100"),
    ],
)
def test_a_stage_a_mapping_file_adds_is_held_to_the_stage_map(personas, tmp_path, stage, reason):
    content = "Opportunity ID,Opportunity Owner,Stage\nA1,Sam Ortiz,Dreaming\n"
    run = import_file(write(tmp_path, content), mapping={"stages": {"Dreaming": stage}})
    assert (run.status, run.message) == ("failed", f"The mapping's stage 'Dreaming': {reason}")


def test_a_stage_name_longer_than_the_stage_map_keeps_is_refused(personas, tmp_path):
    content = "Opportunity ID,Opportunity Owner,Stage\nA1,Sam Ortiz,Prospecting\n"
    run = import_file(write(tmp_path, content), mapping={"stages": {"x" * 81: "open"}})
    assert run.status == "failed" and run.message.endswith("too long: at most 80 characters")


# --- ambiguous numbers ---------------------------------------------------------------------


@pytest.mark.parametrize("amount", ["1,2,3", "1,234,5", "1.2.3", "1,23,4"])
def test_an_amount_whose_separators_fit_no_style_is_a_bad_value(personas, tmp_path, amount):
    run = import_file(write(tmp_path, one_deal(amount)))
    assert error_reasons(run) == [
        (
            2,
            "Amount",
            "ambiguous number: this column writes numbers like 1,234,567.89"
            " (decimal_comma in a mapping file says which style a column uses)",
        )
    ]


@pytest.mark.parametrize(
    ("amount", "decimal_comma", "expected"),
    [
        ("1,234,567", False, "1234567"),
        ("12,34,567.50", False, "1234567.50"),
        ("1 234 567.5", False, "1234567.5"),
        ("1,5", True, "1.5"),
        ("1.234,5", True, "1234.5"),
        ("1,234", True, "1.234"),
    ],
)
def test_a_columns_style_makes_its_separators_unambiguous(
    personas, tmp_path, amount, decimal_comma, expected
):
    run = import_file(write(tmp_path, one_deal(amount)), mapping={"decimal_comma": decimal_comma})
    assert run.status == "succeeded", run.errors
    assert Opportunity.objects.get().amount == Decimal(expected).quantize(Decimal("0.01"))


def test_a_decimal_comma_read_from_the_column_settles_a_lone_comma(personas, tmp_path):
    content = (
        HEADER
        + 'A1,Sam Ortiz,Closed Won,"2,5",2017-03-01,x\nA2,Sam Ortiz,Closed Won,"1.000,25",2017-03-01,y\n'
    )
    run = import_file(write(tmp_path, content))
    assert run.status == "succeeded", run.errors
    assert Opportunity.objects.get(external_id="A1").amount == Decimal("2.50")


# --- unexpected errors ------------------------------------------------------------------------


def test_an_unexpected_database_error_ends_the_import_failed_with_nothing_written(
    personas, tmp_path, monkeypatch
):
    monkeypatch.setattr(engine, "BATCH_ROWS", 1)
    written = OpportunityWriter.write

    def write_then_break(self, rows):
        errors = written(self, rows)
        if rows[0].line == 3:
            with connection.cursor() as cursor:
                cursor.execute("SELECT * FROM no_such_table")
        return errors

    monkeypatch.setattr(OpportunityWriter, "write", write_then_break)
    content = one_deal() + "A2,Sam Ortiz,Closed Won,5,2017-03-01,x\n"
    run = import_file(write(tmp_path, content))
    run.refresh_from_db()
    assert run.status == "failed" and run.finished_at is not None
    assert run.message.startswith(
        "The import stopped on an unexpected error, so nothing was imported."
    )
    assert "no_such_table" in run.message
    assert (run.created, run.updated, run.unchanged) == (0, 0, 0)
    assert not Opportunity.objects.exists()  # the first row, written before, was undone


def test_an_unexpected_error_in_the_worker_ends_the_run_failed_not_running(personas, monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("the server closed the connection")

    monkeypatch.setattr("leadwell.crm.tasks.run_import", broken)
    upload(personas.client("admin"))
    run = services.import_start(run=ImportRun.objects.get(), dry_run=True)
    assert run.status == "failed" and run.finished_at is not None
    assert "DatabaseError: the server closed the connection" in run.message


def test_an_upload_gone_from_the_disk_ends_the_run_failed(personas):
    upload(personas.client("admin"))
    run = ImportRun.objects.get()
    os.remove(run.stored_file)
    run = services.import_start(run=run, dry_run=False)
    assert run.status == "failed"
    assert run.message == "The file cannot be read: No such file or directory"
    page = personas.client("admin").get(reverse("import-review", args=[run.pk])).content.decode()
    assert "The file could not be imported" in page and "Importing…" not in page


# --- no rows ------------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", ["", "\n\n", ",,,,,\n  ,\t,,,,\n"], ids=["none", "blank", "empty"])
def test_a_file_without_rows_says_no_rows_not_succeeded(personas, tmp_path, rows):
    run = import_file(write(tmp_path, HEADER + rows))
    assert run.status == "no_rows" and run.get_status_display() == "No rows: nothing to import"
    assert run.message == engine.NO_ROWS
    assert (run.rows_read, run.created) == (0, 0)


def test_a_file_without_rows_says_so_on_the_page_and_in_the_api(personas):
    client = personas.client("admin")
    upload(client, "Opportunity ID,Opportunity Owner,Stage\n")
    run = ImportRun.objects.get()
    client.post(reverse("import-start", args=[run.pk]), {"action": "check"})
    page = client.get(reverse("import-review", args=[run.pk])).content.decode()
    assert "No rows: nothing to import" in page and "Would create" not in page
    body = personas.api("admin").get(f"/api/v1/imports/{run.pk}").json()
    assert (body["status"], body["message"]) == ("no_rows", engine.NO_ROWS)


# --- a refused import claims nothing --------------------------------------------------------------


def test_a_refused_import_reports_nothing_created_or_updated(personas, tmp_path):
    content = one_deal() + "A2,Sam Ortiz,Closed Won,lots,2017-03-01,x\n"
    run = import_file(write(tmp_path, content))
    assert run.status == "refused" and run.rows_read == 2
    assert (run.created, run.updated, run.unchanged, run.skipped) == (0, 0, 0, 0)


def test_the_page_shows_no_counts_for_a_refused_import_and_labels_those_of_a_check(personas):
    client = personas.client("admin")
    content = (
        "Opportunity ID,Opportunity Owner,Stage,Amount\n"
        "A1,Sam Ortiz,Prospecting,1\nA2,Sam Ortiz,Prospecting,2\nA3,Sam Ortiz,Prospecting,lots\n"
    )
    upload(client, content)
    run = ImportRun.objects.get()
    answer_none(client, run, "created_date", "close_date")
    client.post(reverse("import-start", args=[run.pk]), {"action": "check"})
    checked = client.get(reverse("import-review", args=[run.pk])).content.decode()
    assert "Importing it now would be refused" in checked
    assert "With the bad rows skipped, it would create <strong>2</strong>" in checked
    client.post(reverse("import-start", args=[run.pk]), {"action": "import"})
    page = client.get(reverse("import-review", args=[run.pk])).content.decode()
    assert "Refused: nothing was imported" in page and "Created <strong>" not in page
    assert "Nothing was written. 3 rows read." in page
    assert "<td>\N{EN DASH}</td>" in client.get(reverse("imports")).content.decode()


@once_per_ci_run
def test_the_cli_says_no_rows_and_claims_nothing_for_a_refused_file(tmp_path):
    from ..test_cli import leadwell

    data = tmp_path / "data"
    empty = write(tmp_path, "Opportunity ID,Opportunity Owner,Stage\n", "empty.csv")
    result = leadwell("import", "opportunities", str(empty), "--json", data_dir=data)
    assert result.returncode == 1
    assert json.loads(result.stdout)["status"] == "no_rows"
    plain = leadwell("import", "opportunities", str(empty), data_dir=data)
    assert plain.returncode == 1 and "No rows: nothing to import" in plain.stdout

    bad = write(
        tmp_path,
        "Opportunity ID,Opportunity Owner,Stage,Amount\nA1,Nobody,Prospecting,1\nA2,Nobody,Prospecting,1e309\n",
        "bad.csv",
    )
    refused = leadwell("import", "opportunities", str(bad), data_dir=data)
    assert refused.returncode == 1 and "Refused" in refused.stdout
    assert not re.search(r"created \d", refused.stdout)  # no counts claimed
    assert "row 3, Amount: out of range" in refused.stdout
    checked = leadwell("import", "opportunities", str(bad), "--dry-run", data_dir=data)
    assert "with the bad rows skipped, it would create 0" in checked.stdout

    mapping = write(
        tmp_path, '[stages]\nDreaming = { outcome = "open", probability = inf }\n', "m.toml"
    )
    infinite = leadwell(
        "import", "opportunities", str(bad), "--mapping", str(mapping), data_dir=data
    )
    assert infinite.returncode == 1 and "holds a date, inf or nan" in infinite.stderr


# --- manager cycles ------------------------------------------------------------------------------


PEOPLE = "Name,Manager\n"


def test_two_people_managing_each_other_are_refused_naming_both_lines(personas, tmp_path):
    run = import_file(write(tmp_path, PEOPLE + "Ann Lee,Bob Kay\nBob Kay,Ann Lee\n"), "people")
    assert run.status == "refused"
    assert error_reasons(run) == [
        (
            3,
            "Manager",
            "manager cycle: Ann Lee → Bob Kay → Ann Lee (each reports to the next; lines 2 and 3)",
        )
    ]
    assert not Person.objects.filter(name__in=["Ann Lee", "Bob Kay"]).exists()


def test_a_longer_cycle_across_batches_is_refused_naming_every_line(
    personas, tmp_path, monkeypatch
):
    monkeypatch.setattr(engine, "BATCH_ROWS", 1)
    content = PEOPLE + "Ann Lee,Bob Kay\nBob Kay,Cy Moor\nDee Fox,Ann Lee\nCy Moor,Ann Lee\n"
    run = import_file(write(tmp_path, content), "people")
    (error,) = run.errors
    assert (error["line"], error["column"], error["value"]) == (5, "Manager", "Ann Lee")
    assert error["reason"] == (
        "manager cycle: Ann Lee → Bob Kay → Cy Moor → Ann Lee"
        " (each reports to the next; lines 2, 3 and 5)"
    )


def test_a_cycle_through_people_already_in_leadwell_is_refused(personas, tmp_path):
    # Sam Ortiz reports to Lena Hart already; the file would have Lena report to Sam.
    run = import_file(write(tmp_path, PEOPLE + "Lena Hart,Sam Ortiz\n"), "people")
    assert error_reasons(run) == [
        (
            2,
            "Manager",
            "manager cycle: Sam Ortiz → Lena Hart → Sam Ortiz (each reports to the next;"
            " line 2 and reporting lines already in Leadwell)",
        )
    ]
    assert selectors.manager_of(personas.leader) == personas.director


def test_a_person_cannot_be_their_own_manager(personas, tmp_path):
    run = import_file(write(tmp_path, PEOPLE + "Lena Hart,lena.hart@example.com\n"), "people")
    assert error_reasons(run) == [(2, "Manager", "a person cannot be their own manager")]


def test_a_skipped_cycle_row_leaves_nothing_behind(personas, tmp_path):
    before = Membership.objects.count()
    run = import_file(
        write(tmp_path, PEOPLE + "Ann Lee,Bob Kay\nBob Kay,Ann Lee\nCy Moor,Bob Kay\n"),
        "people",
        skip_bad_rows=True,
    )
    assert run.status == "succeeded" and run.skipped == 1
    ann, bob, cy = (Person.objects.get(name=n) for n in ("Ann Lee", "Bob Kay", "Cy Moor"))
    assert selectors.manager_of(ann) == bob and selectors.manager_of(cy) == bob
    assert selectors.manager_of(bob) is None
    # Ann's and Cy's lines, and Bob leading his team: nothing of line 3.
    assert Membership.objects.count() == before + 3


def test_a_cycle_made_through_a_named_team_is_refused(personas, tmp_path):
    # Lena leads Boston Enterprise and reports to Dana; putting Dana on Boston closes a loop.
    run = import_file(write(tmp_path, "Name,Team\nDana Whitfield,Boston Enterprise\n"), "people")
    (error,) = run.errors
    assert (error["line"], error["column"]) == (2, "Team")
    assert error["reason"].startswith("manager cycle: Dana Whitfield → Lena Hart → Dana Whitfield")
