"""History reports and exports: changes with the day they happened, read in one pass, and no
change where old and new values are equal."""

import datetime

import pytest

from leadwell.crm.models import OpportunityChange

from .helpers import error_reasons, import_file, write
from .test_checking import checked_then_imported, outcome
from .test_checking import small_batches as small_batches  # a fixture

pytestmark = pytest.mark.django_db

DEALS = (
    "Opportunity ID,Opportunity Owner,Stage,Amount,Close Date\n"
    "006A,Sam Ortiz,Prospecting,100,2017-03-01\n"
    "006B,Sam Ortiz,Prospecting,200,2017-03-01\n"
    "006C,Sofia Berg,Prospecting,300,2017-03-01\n"
)


def changes(opportunity: str | None = None) -> list[tuple]:
    found = OpportunityChange.objects.order_by("opportunity__external_id", "changed_on", "id")
    if opportunity:
        found = found.filter(opportunity__external_id=opportunity)
    return list(
        found.values_list(
            "opportunity__external_id", "field", "changed_on", "old_value", "new_value"
        )
    )


def reasons(run) -> list[str]:
    """What the run says about its history rows (not the order its dates are read in)."""
    return [w["reason"] for w in run.warnings]


@pytest.fixture
def deals(personas, tmp_path):
    run = import_file(write(tmp_path, DEALS, "deals.csv"))
    assert run.status == "succeeded", run.errors
    OpportunityChange.objects.all().delete()


def test_a_field_history_export_with_api_names_keeps_tracked_fields_and_explains_the_rest(
    deals, tmp_path
):
    content = (
        "Id,OpportunityId,CreatedById,CreatedDate,Field,OldValue,NewValue\n"
        "017A,006A,005X,2017-01-05T10:00:00.000Z,created,,\n"
        "017B,006A,005X,2017-01-10T10:00:00.000Z,StageName,Prospecting,Needs Analysis\n"
        "017C,006A,005X,2017-01-11T10:00:00.000Z,Amount,80,100.00\n"
        "017D,006A,005X,2017-01-12T10:00:00.000Z,CloseDate,2017-01-31,2017-03-01\n"
        "017E,006A,005X,2017-01-13T10:00:00.000Z,ForecastCategoryName,Pipeline,BestCase\n"
        "017F,006A,005X,2017-01-14T10:00:00.000Z,Probability,10,20\n"
        "017G,006A,005X,2017-01-15T10:00:00.000Z,NextStep,call,demo\n"
        "017H,006B,005X,2017-01-16T10:00:00.000Z,Amount,200,200.00\n"  # the same amount
    )
    run = import_file(write(tmp_path, content), "opportunity-history")
    assert run.status == "succeeded", run.errors
    assert run.preset == "salesforce"
    assert changes() == [
        ("006A", "stage", datetime.date(2017, 1, 10), "Prospecting", "Needs Analysis"),
        ("006A", "amount", datetime.date(2017, 1, 11), "80", "100"),
        ("006A", "close_date", datetime.date(2017, 1, 12), "2017-01-31", "2017-03-01"),
        ("006A", "forecast_category", datetime.date(2017, 1, 13), "pipeline", "best_case"),
    ]
    assert (run.created, run.skipped) == (4, 4)
    untracked, equal = run.warnings
    assert untracked["column"] == "Field"
    assert "3 rows change fields Leadwell keeps no history of" in untracked["reason"]
    assert "created (1), Probability (1), NextStep (1)" in untracked["reason"]
    assert equal["column"] == "NewValue"
    assert equal["reason"] == (
        "1 value equal to the value before: no change, not recorded (amount (1))."
    )


def test_a_change_row_whose_old_and_new_values_differ_only_in_spelling_is_no_change(
    deals, tmp_path
):
    content = (
        "Opportunity ID,Edit Date,Field / Event,Old Value,New Value\n"
        '006A,2017-01-10,Amount,"$1,000.00",1000\n'
        "006A,2017-01-11,Stage,prospecting,Prospecting\n"
        "006A,2017-01-12,Close Date,3/1/2017,2017-03-01\n"
        "006A,2017-01-13,Stage,Prospecting,Qualification\n"
    )
    run = import_file(write(tmp_path, content), "opportunity-history")
    assert run.status == "succeeded", run.errors
    assert changes() == [
        ("006A", "stage", datetime.date(2017, 1, 13), "Prospecting", "Qualification")
    ]
    assert (run.created, run.skipped) == (1, 3)


def test_a_bad_value_in_a_change_row_names_its_own_column(deals, tmp_path):
    content = (
        "Opportunity ID,Edit Date,Field / Event,Old Value,New Value\n"
        "006A,2017-01-10,Amount,eighty,100\n"
        "006A,2017-01-11,Forecast Category,Pipeline,Maybe\n"
    )
    run = import_file(write(tmp_path, content), "opportunity-history")
    assert run.status == "refused"
    assert [r[:2] for r in error_reasons(run)] == [(2, "Old Value"), (3, "New Value")]


SNAPSHOTS = (
    # Salesforce's OpportunityHistory as the data export has it: one snapshot of a deal a row,
    # the deals' rows far apart and out of date order.
    "Id,OpportunityId,CreatedDate,StageName,Amount,CloseDate,ForecastCategory\n"
    "008-1,006A,01/05/2017 09:00 AM,Prospecting,100,03/01/2017,Pipeline\n"
    "008-2,006B,01/06/2017 09:00 AM,Prospecting,200,03/01/2017,Pipeline\n"
    "008-3,006A,02/10/2017 09:00 AM,Closed Won,150,02/28/2017,Closed\n"
    "008-4,006C,01/07/2017 09:00 AM,Prospecting,300,03/01/2017,Pipeline\n"
    "008-5,006A,01/20/2017 09:00 AM,Needs Analysis,100,03/15/2017,BestCase\n"
    "008-6,006B,01/06/2017 05:00 PM,Prospecting,200,03/01/2017,Pipeline\n"  # the same again
    "008-7,006B,02/01/2017 09:00 AM,Closed Lost,,03/01/2017,Omitted\n"
)


@pytest.mark.usefixtures("small_batches")
def test_snapshots_without_the_values_before_are_compared_with_the_deals_previous_snapshot(
    deals, tmp_path
):
    path = write(tmp_path, SNAPSHOTS)
    checked, run = checked_then_imported(path, "opportunity-history")
    assert run.status == "succeeded", run.errors
    assert outcome(checked) == outcome(run)
    d = datetime.date
    assert changes() == [
        ("006A", "stage", d(2017, 1, 20), "Prospecting", "Needs Analysis"),
        ("006A", "close_date", d(2017, 1, 20), "2017-03-01", "2017-03-15"),
        ("006A", "forecast_category", d(2017, 1, 20), "pipeline", "best_case"),
        ("006A", "stage", d(2017, 2, 10), "Needs Analysis", "Closed Won"),
        ("006A", "amount", d(2017, 2, 10), "100", "150"),
        ("006A", "close_date", d(2017, 2, 10), "2017-03-15", "2017-02-28"),
        ("006A", "forecast_category", d(2017, 2, 10), "best_case", "closed"),
        ("006B", "stage", d(2017, 2, 1), "Prospecting", "Closed Lost"),
        ("006B", "amount", d(2017, 2, 1), "200", ""),
        ("006B", "forecast_category", d(2017, 2, 1), "pipeline", "omitted"),
    ]
    # Three deals start their history, one snapshot repeats the one before it.
    assert (run.created, run.skipped) == (10, 4)
    assert reasons(run) == [
        "The file holds 7 snapshots of deals (stage, amount, close date, forecast category), "
        "each compared with the deal's snapshot before it: 3 snapshots where a deal's history "
        "starts (no change before it), 1 the same as the snapshot before, skipped."
    ]
    again_checked, again = checked_then_imported(path, "opportunity-history")
    assert outcome(again_checked) == outcome(again)
    assert (again.created, again.unchanged, again.skipped) == (0, 10, 4)
    assert OpportunityChange.objects.count() == 10


def test_snapshots_with_the_values_before_are_each_read_as_their_own_changes(deals, tmp_path):
    content = (
        "OpportunityId,CreatedDate,FromOpportunityStageName,StageName,PrevAmount,Amount,"
        "PrevCloseDate,CloseDate,FromForecastCategory,ForecastCategory\n"
        "006A,2017-02-10,Needs Analysis,Closed Won,100,150,2017-03-15,2017-03-15,BestCase,Closed\n"
        "006A,2017-01-05,,Prospecting,,100,,2017-03-01,,Pipeline\n"  # the deal's start
        "006A,2017-01-20,Prospecting,Needs Analysis,100,100,2017-03-01,2017-03-15,Pipeline,"
        "BestCase\n"
        "006B,2017-01-20,Prospecting,Prospecting,200,200,2017-03-01,2017-03-01,Pipeline,Pipeline\n"
    )
    checked, run = checked_then_imported(write(tmp_path, content), "opportunity-history")
    assert run.status == "succeeded", run.errors
    assert outcome(checked) == outcome(run)
    d = datetime.date
    assert changes() == [
        ("006A", "stage", d(2017, 1, 20), "Prospecting", "Needs Analysis"),
        ("006A", "close_date", d(2017, 1, 20), "2017-03-01", "2017-03-15"),
        ("006A", "forecast_category", d(2017, 1, 20), "pipeline", "best_case"),
        ("006A", "stage", d(2017, 2, 10), "Needs Analysis", "Closed Won"),
        ("006A", "amount", d(2017, 2, 10), "100", "150"),
        ("006A", "forecast_category", d(2017, 2, 10), "best_case", "closed"),
    ]
    # The start and the row that changes nothing are skipped.
    assert (run.created, run.skipped) == (6, 2)
    equal, snapshots = run.warnings
    assert equal["reason"].startswith("6 values equal to the value before: no change")
    assert "1 snapshot where a deal's history starts" in snapshots["reason"]


def test_a_snapshot_stage_is_kept_under_the_stage_maps_own_name(deals, tmp_path):
    content = (
        "OpportunityId,CreatedDate,StageName\n"
        "006A,2017-01-05,prospecting\n"
        "006A,2017-01-06,PROSPECTING\n"  # the same stage, spelt otherwise: no change
        "006A,2017-01-07,closed won\n"
        "006A,2017-01-08,Stage Nobody Knows\n"  # kept as the file has it
    )
    run = import_file(write(tmp_path, content), "opportunity-history")
    assert run.status == "succeeded", run.errors
    assert [c[3:] for c in changes()] == [
        ("Prospecting", "Closed Won"),
        ("Closed Won", "Stage Nobody Knows"),
    ]


def test_a_history_file_with_neither_changes_nor_snapshots_says_what_it_needs(deals, tmp_path):
    run = import_file(
        write(tmp_path, "Opportunity ID,Date,Comment\n006A,2017-01-05,hello\n"),
        "opportunity-history",
    )
    assert run.status == "failed"
    assert run.message.startswith("A history file needs either the columns of one change a row")
    assert "Opportunity ID, Date, Comment" in run.message


def test_a_report_with_change_columns_and_the_deals_current_stage_reads_the_changes(
    deals, tmp_path
):
    content = (
        "Opportunity ID,Edit Date,Field / Event,Old Value,New Value,Stage,Amount\n"
        "006A,2017-01-10,Stage,Prospecting,Qualification,Closed Won,100\n"
    )
    run = import_file(write(tmp_path, content), "opportunity-history")
    assert run.status == "succeeded", run.errors
    assert [c[1:] for c in changes()] == [
        ("stage", datetime.date(2017, 1, 10), "Prospecting", "Qualification")
    ]
    (ignored,) = run.warnings
    assert ignored["column"] == "Stage, Amount"
    assert ignored["reason"].startswith("Not read: the file holds one change a row")


def test_snapshots_of_one_day_are_compared_in_the_order_of_their_time(deals, tmp_path):
    content = (
        "OpportunityId,CreatedDate,StageName\n"
        "006A,02/24/26 02:20 AM,Closed Won\n"
        "006A,02/24/26 02:18 AM,Prospecting\n"
        "006A,02/24/26 02:05 PM,Closed Lost\n"
        "006A,02/24/26 11:59 AM,Needs Analysis\n"
    )
    run = import_file(write(tmp_path, content), "opportunity-history")
    assert run.status == "succeeded", run.errors
    assert [c[3:] for c in changes()] == [
        ("Prospecting", "Closed Won"),
        ("Closed Won", "Needs Analysis"),
        ("Needs Analysis", "Closed Lost"),
    ]
    assert {c[2] for c in changes()} == {datetime.date(2026, 2, 24)}


def test_an_owner_change_is_read_from_the_names_row_not_its_salesforce_id_twin(
    personas, deals, tmp_path
):
    content = (
        "OpportunityId,CreatedDate,Field,OldValue,NewValue\n"
        "006A,2017-01-10,Owner,005bm00000NCJmQAAX,005bm00000NCJmRAAX\n"
        "006A,2017-01-10,Owner,Sam Ortiz,Sofia Berg\n"
        "006A,2017-01-11,Owner,Sofia Berg,Someone Who Left\n"
    )
    run = import_file(write(tmp_path, content), "opportunity-history")
    assert run.status == "succeeded", run.errors
    sam, sofia = str(personas.seller.pk), str(personas.seller2.pk)
    assert [c[1:] for c in changes()] == [
        ("owner", datetime.date(2017, 1, 10), sam, sofia),
        ("owner", datetime.date(2017, 1, 11), sofia, "Someone Who Left"),
    ]
    assert run.skipped == 1
    assert run.warnings[0]["reason"].startswith("1 owner change given as Salesforce user ids")


def test_checking_a_snapshot_history_or_a_correction_writes_nothing_but_the_import_record(
    deals, tmp_path
):
    from django.db import connection

    from .test_checking import Writes

    if connection.vendor != "sqlite":
        pytest.skip("the statements are traced on SQLite")
    for path, kind, options in [
        (write(tmp_path, SNAPSHOTS, "history.csv"), "opportunity-history", {}),
        (write(tmp_path, DEALS.replace(",100,", ",150,"), "d.csv"), "opportunities", {}),
        (
            write(tmp_path, DEALS.replace(",100,", ",150,"), "d.csv"),
            "opportunities",
            {"correction": True},
        ),
    ]:
        with Writes() as writes:
            run = import_file(path, kind, dry_run=True, **options)
        assert run.status == "dry_run", run.errors
        assert writes.tables() == {"crm_importrun"}
        assert writes.transactions() == []
    assert not OpportunityChange.objects.exists()
