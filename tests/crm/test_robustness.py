"""Each robustness point of the importer, on a small file built in the test."""

import datetime
from decimal import Decimal

import pytest
from django.core import serializers

from leadwell.crm.models import Account, ImportRun, Opportunity, OpportunityChange
from leadwell.org.models import Person

from .helpers import error_reasons, import_file, write

pytestmark = pytest.mark.django_db

SALESFORCE_HEADER = "Opportunity ID,Opportunity Name,Account Name,Opportunity Owner,Amount,Close Date,Created Date,Stage,Probability (%),Forecast Category,Type"


def salesforce_rows(*rows: str, header: str = SALESFORCE_HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


ONE_DEAL = '006A,Big deal,Acme,Sam Ortiz,"$1,234.56",3/1/2017,1/15/2017,Prospecting,10,Pipeline,New Business'


def test_a_salesforce_export_is_recognised_and_read(personas, tmp_path):
    run = import_file(write(tmp_path, salesforce_rows(ONE_DEAL)))
    assert run.status == "succeeded" and run.preset == "salesforce"
    deal = Opportunity.objects.get(external_id="006A")
    assert deal.owner == personas.seller and deal.account.name == "Acme"
    assert deal.amount == Decimal("1234.56")
    assert deal.close_date == datetime.date(2017, 3, 1) and deal.created_date == datetime.date(
        2017, 1, 15
    )
    assert (deal.stage, deal.outcome, deal.forecast_category, deal.type) == (
        "Prospecting",
        "open",
        "pipeline",
        "new_business",
    )


def test_a_hubspot_export_is_recognised_and_read(personas, tmp_path):
    content = (
        "Record ID,Deal Name,Deal Stage,Close Date,Deal owner,Amount,Create Date,Pipeline,Associated Company,Forecast category,Deal probability\n"
        "9001,Renewal 2017,Closed Won,2017-06-30,sam.ortiz@example.com,5000,2017-01-02,Sales Pipeline,Globex,Commit,1\n"
    )
    run = import_file(write(tmp_path, content))
    assert run.status == "succeeded" and run.preset == "hubspot"
    deal = Opportunity.objects.get(external_id="9001")
    assert (
        deal.outcome == "won"
        and deal.owner == personas.seller
        and deal.probability == Decimal("100.00")
    )


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16", b""), ("cp1252", b"")],
    ids=["utf-8", "utf-8 with BOM", "utf-16", "windows-1252"],
)
def test_files_in_every_common_encoding_are_read(personas, tmp_path, encoding, prefix):
    content = salesforce_rows(
        "006A,Café Müller,Brasserie Zoë,Sam Ortiz,100,2017-03-01,2017-01-01,Prospecting,10,Pipeline,"
    )
    run = import_file(write(tmp_path, prefix + content.encode(encoding)))
    assert run.status == "succeeded", run.message
    deal = Opportunity.objects.get()
    assert deal.name == "Café Müller" and deal.account.name == "Brasserie Zoë"


@pytest.mark.parametrize("delimiter", [",", ";", "\t"], ids=["comma", "semicolon", "tab"])
def test_comma_semicolon_and_tab_separated_files_are_read(personas, tmp_path, delimiter):
    header = delimiter.join(
        ["Opportunity ID", "Opportunity Owner", "Stage", "Amount", "Close Date"]
    )
    row = delimiter.join(["006A", "Sam Ortiz", "Prospecting", "100", "2017-03-01"])
    run = import_file(write(tmp_path, f"{header}\n{row}\n"))
    assert run.status == "succeeded", run.message
    assert Opportunity.objects.get().amount == Decimal("100")


def test_quoted_newlines_stay_in_their_cell_and_rows_are_numbered_as_a_spreadsheet_shows(
    personas, tmp_path
):
    content = salesforce_rows(
        '006A,"Two\nline name",Acme,Sam Ortiz,100,2017-03-01,2017-01-01,Prospecting,10,Pipeline,',
        "006B,Bad,Acme,Sam Ortiz,lots,2017-03-01,2017-01-01,Prospecting,10,Pipeline,",
    )
    run = import_file(write(tmp_path, content))
    assert error_reasons(run) == [(3, "Amount", "not a number")]


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ('"$1,234.56"', "1234.56"),
        ('"USD 1,234.56"', "1234.56"),
        ('"1.234,56"', "1234.56"),
        ("1234", "1234"),
        ('"(1,234.00)"', "-1234.00"),
        ('"€ 2.500,00"', "2500.00"),
        ('"US$1,000"', "1000"),
        ('"1 000 €"', "1000"),
    ],
)
def test_amounts_are_read_in_the_ways_exports_write_them(personas, tmp_path, amount, expected):
    # A euro amount is in euros (its sign says so): it needs a rate to be counted.
    import_file(
        write(tmp_path, "Currency,Rate,Valid From\nEUR,1.10,2017-01-01\n", "r.csv"),
        "exchange-rates",
    )
    run = import_file(
        write(
            tmp_path,
            salesforce_rows(f"006A,x,Acme,Sam Ortiz,{amount},2017-03-01,,Prospecting,10,,"),
        )
    )
    assert run.status == "succeeded", run.errors
    assert Opportunity.objects.get().amount == Decimal(expected)


@pytest.mark.parametrize("cell", ["2017-03-01", "3/1/2017", "01-Mar-2017", "2017-03-01 14:30:00"])
def test_dates_are_read_in_the_ways_exports_write_them(personas, tmp_path, cell):
    run = import_file(
        write(tmp_path, salesforce_rows(f"006A,x,Acme,Sam Ortiz,1,{cell},,Prospecting,10,,"))
    )
    assert run.status == "succeeded", run.errors
    assert Opportunity.objects.get().close_date == datetime.date(2017, 3, 1)


def test_a_day_first_column_is_recognised_from_its_values(personas, tmp_path):
    content = salesforce_rows(
        "006A,x,Acme,Sam Ortiz,1,03/01/2017,,Prospecting,10,,",
        "006B,x,Acme,Sam Ortiz,1,25/01/2017,,Prospecting,10,,",
    )
    assert import_file(write(tmp_path, content)).status == "succeeded"
    assert Opportunity.objects.get(external_id="006A").close_date == datetime.date(2017, 1, 3)


def test_percentages_are_read_with_or_without_the_sign_and_as_fractions(personas, tmp_path):
    content = salesforce_rows("006A,x,Acme,Sam Ortiz,1,2017-03-01,,Prospecting,65.0%,,")
    import_file(write(tmp_path, content))
    assert Opportunity.objects.get().probability == Decimal("65.00")
    fractions = salesforce_rows(
        "006A,x,Acme,Sam Ortiz,1,2017-03-01,,Prospecting,0.65,,",
        "006B,x,Acme,Sam Ortiz,1,2017-03-01,,Prospecting,0.2,,",
    )
    import_file(write(tmp_path, fractions, "f.csv"))
    assert Opportunity.objects.get(external_id="006B").probability == Decimal("20.00")


def test_blank_lines_and_trailing_empty_columns_are_ignored(personas, tmp_path):
    content = SALESFORCE_HEADER + ",,\n\n" + ONE_DEAL + ",,\n,,,,,,,,,,,,\n\n"
    run = import_file(write(tmp_path, content))
    assert run.status == "succeeded" and run.created == 1 and run.rows_read == 1


def test_an_xlsx_file_with_excel_serial_dates_is_read(personas, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(
        ["Opportunity ID", "Opportunity Owner", "Stage", "Amount", "Close Date", "Created Date"]
    )
    sheet.append(
        ["006A", "Sam Ortiz", "Prospecting", 1234.5, 42795, datetime.datetime(2017, 1, 15)]
    )
    path = tmp_path / "export.xlsx"
    book.save(path)
    run = import_file(path)
    assert run.status == "succeeded", run.message
    deal = Opportunity.objects.get()
    assert deal.close_date == datetime.date(2017, 3, 1) and deal.created_date == datetime.date(
        2017, 1, 15
    )
    assert deal.amount == Decimal("1234.5")


def test_owners_are_found_by_email_or_by_name_whatever_the_case_and_spacing(personas, tmp_path):
    content = salesforce_rows(
        "006A,x,Acme,SAM.ORTIZ@EXAMPLE.COM,1,2017-03-01,,Prospecting,10,,",
        "006B,x,Acme,  sam   ortiz ,1,2017-03-01,,Prospecting,10,,",
    )
    assert import_file(write(tmp_path, content)).status == "succeeded"
    assert set(Opportunity.objects.values_list("owner", flat=True)) == {personas.seller.pk}


def test_identical_duplicate_rows_are_skipped_and_conflicting_ones_refused(personas, tmp_path):
    duplicate = import_file(write(tmp_path, salesforce_rows(ONE_DEAL, ONE_DEAL)))
    assert duplicate.status == "succeeded" and (duplicate.created, duplicate.skipped) == (1, 1)
    conflict = salesforce_rows(ONE_DEAL, ONE_DEAL.replace("Big deal", "Other name"))
    run = import_file(write(tmp_path, conflict, "conflict.csv"))
    assert run.status == "refused"
    assert error_reasons(run) == [
        (3, "Opportunity ID", "same key as line 2, with different values")
    ]


def snapshot() -> str:
    models = [Opportunity, OpportunityChange, Account, Person]
    return serializers.serialize("json", [obj for m in models for obj in m.objects.order_by("pk")])


def test_a_bad_row_means_nothing_is_written_and_every_bad_row_is_reported(personas, tmp_path):
    import_file(write(tmp_path, salesforce_rows(ONE_DEAL), "first.csv"))
    before = snapshot()
    content = salesforce_rows(
        ONE_DEAL.replace("3/1/2017", "4/1/2017"),
        "006B,x,New Co,Sam Ortiz,abc,2017-03-01,,Prospecting,10,,",
        "006C,x,New Co,Sam Ortiz,1,someday,,Nowhere,10,,",
        "006D,x,New Co,Nobody Known,1,2017-03-01,,Prospecting,10,,",
    )
    run = import_file(write(tmp_path, content))
    assert run.status == "refused"
    assert error_reasons(run) == [
        (3, "Amount", "not a number"),
        (4, "Close Date", "not a date (expected e.g. 2017-03-01, 3/1/2017 or 01-Jan-2015)"),
        (
            5,
            "Opportunity Owner",
            "unknown person (1 row): add them to the org chart, import people first, or use --create-people",
        ),
    ]
    assert run.errors[0]["value"] == "abc"
    assert snapshot() == before


def test_skip_bad_rows_imports_the_good_ones(personas, tmp_path):
    content = salesforce_rows(ONE_DEAL, "006B,x,Acme,Sam Ortiz,abc,2017-03-01,,Prospecting,10,,")
    run = import_file(write(tmp_path, content), skip_bad_rows=True)
    assert (
        run.status == "succeeded" and run.created == 1 and run.skipped == 1 and run.error_count == 1
    )
    assert list(Opportunity.objects.values_list("external_id", flat=True)) == ["006A"]


def test_a_mapping_file_can_add_stages_and_name_columns(personas, tmp_path):
    content = "Ref,Rep,Phase,Worth,Due\nX1,Sam Ortiz,Dreaming,10,2017-03-01\n"
    mapping = {
        "columns": {
            "external_id": "Ref",
            "owner": "Rep",
            "stage": "Phase",
            "amount": "Worth",
            "close_date": "Due",
        },
        "stages": {"Dreaming": {"outcome": "open", "order": 1}},
    }
    run = import_file(write(tmp_path, content), mapping=mapping)
    assert run.status == "succeeded", (run.message, run.errors)
    assert Opportunity.objects.get().stage == "Dreaming"


def test_dry_run_reports_what_would_happen_and_writes_nothing(personas, tmp_path):
    run = import_file(write(tmp_path, salesforce_rows(ONE_DEAL)), dry_run=True)
    assert run.status == "dry_run" and run.created == 1
    assert not Opportunity.objects.exists() and not Account.objects.exists()


def test_reimporting_the_same_file_changes_nothing(personas, tmp_path):
    path = write(tmp_path, salesforce_rows(ONE_DEAL))
    import_file(path)
    before = snapshot()
    again = import_file(path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert snapshot() == before  # not even a bookkeeping mark changes


def test_a_changed_close_date_updates_the_deal_and_writes_one_history_row(personas, tmp_path):
    import_file(write(tmp_path, salesforce_rows(ONE_DEAL)))
    run = import_file(
        write(tmp_path, salesforce_rows(ONE_DEAL.replace("3/1/2017", "6/30/2017")), "later.csv")
    )
    assert (run.created, run.updated) == (0, 1)
    deal = Opportunity.objects.get()
    assert deal.close_date == datetime.date(2017, 6, 30)
    (change,) = OpportunityChange.objects.all()
    assert (change.field, change.old_value, change.new_value, change.source) == (
        "close_date",
        "2017-03-01",
        "2017-06-30",
        "import",
    )


def test_a_file_without_an_id_column_needs_a_key(personas, tmp_path):
    content = "Customer,Deal Owner,Sales stage,Deal size\nAcme,Sam Ortiz,Identified,100\n"
    run = import_file(write(tmp_path, content))
    assert run.status == "failed" and "--key" in run.message
    keyed = import_file(write(tmp_path, content), key=["Customer"])
    assert keyed.status == "succeeded" and Opportunity.objects.get().external_id == "Acme"


def test_unknown_owners_are_listed_once_each_and_can_be_created(personas, tmp_path):
    content = salesforce_rows(
        "006A,x,Acme,Nina Newcomer,1,2017-03-01,,Prospecting,10,,",
        "006B,x,Acme,nina newcomer,1,2017-03-01,,Prospecting,10,,",
        "006C,x,Acme,pat.new@example.com,1,2017-03-01,,Prospecting,10,,",
    )
    run = import_file(write(tmp_path, content))
    assert run.unknown_owners == [
        {"name": "Nina Newcomer", "first_line": 2, "rows": 2},
        {"name": "pat.new@example.com", "first_line": 4, "rows": 1},
    ]
    created = import_file(write(tmp_path, content, "again.csv"), create_people=True)
    assert created.status == "succeeded" and created.people_created == 2
    assert Person.objects.get(email="pat.new@example.com").name == "Pat New"


def test_every_import_is_logged_with_file_hash_counts_and_errors(personas, tmp_path):
    import_file(write(tmp_path, salesforce_rows(ONE_DEAL)))
    import_file(write(tmp_path, "nonsense\n", "bad.csv"))
    ok, failed = ImportRun.objects.order_by("pk")
    assert ok.file_name == "export.csv" and len(ok.file_sha256) == 64 and ok.created == 1
    assert failed.status == "failed" and "Required column" in failed.message
