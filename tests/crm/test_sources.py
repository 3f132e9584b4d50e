"""Exports as CRMs write them: Salesforce's data export (API names, records named by id), Zoho,
Pipedrive and HubSpot activities; per-file defaults; owners that name nobody; the outcome a
file states beside its stage."""

import datetime
import json
from decimal import Decimal

import pytest

from leadwell.crm.models import Account, Activity, Opportunity, Stage
from leadwell.org import selectors
from leadwell.org.models import Person

from ..conftest import once_per_ci_run
from .helpers import error_reasons, import_file, write

pytestmark = pytest.mark.django_db

USERS = (
    "Id,FirstName,LastName,Email,Title,ManagerId,Division,Department\n"
    "005A,Rita,Moreno,rita@corp.example,Account Executive,005M,West,Sales\n"
    "005B,Bo,Diaz,bo@corp.example,Account Executive,005M,West,Sales\n"
    "005M,Mia,Lopez,mia@corp.example,Sales Manager,,West,Sales\n"
)


def said(warnings: list[dict]) -> list[dict]:
    """A run's warnings but those every file of these tests earns alike: the columns the
    figures need that it lacks (amount, dates) and the currency its amounts are taken in."""
    common = ("no column of the file was recognised as", "the file has no currency column")
    return [w for w in warnings if not w["reason"].startswith(common)]


def test_a_salesforce_user_export_builds_the_org_chart_from_manager_ids(db, tmp_path):
    run = import_file(write(tmp_path, USERS, "User.csv"), "people")
    assert run.status == "succeeded" and run.preset == "salesforce-export", run.errors
    assert (run.created, run.updated) == (3, 0)
    rita = Person.objects.get(external_id="005A")
    assert (rita.name, rita.email, rita.title) == (
        "Rita Moreno",
        "rita@corp.example",
        "Account Executive",
    )
    # The manager's row comes after her reports' rows, and still leads their team.
    assert selectors.manager_of(rita).name == "Mia Lopez"
    assert selectors.manager_of(Person.objects.get(external_id="005B")).name == "Mia Lopez"
    assert selectors.team_of(rita).office.name == "West"
    columns = {c["header"]: c["field"] for c in run.columns}
    assert columns["ManagerId"] == "manager_id" and columns["Department"] is None

    again = import_file(write(tmp_path, USERS, "User.csv"), "people")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_a_check_of_a_user_export_writes_nothing_and_counts_as_the_import_would(db, tmp_path):
    checked = import_file(write(tmp_path, USERS, "User.csv"), "people", dry_run=True)
    assert checked.status == "dry_run" and checked.created == 3 and not checked.errors
    assert not Person.objects.exists()


def test_a_manager_id_nobody_has_is_reported_once_with_its_rows(db, tmp_path):
    users = USERS.replace(",005M,West", ",005X,West")
    run = import_file(write(tmp_path, users, "User.csv"), "people")
    assert run.status == "refused"
    assert error_reasons(run) == [
        (
            2,
            "ManagerId",
            "unknown person id (2 rows, first on line 2): import people first (their file's id "
            "column)",
        )
    ]


def test_a_person_renamed_in_the_crm_keeps_their_record_by_id(db, tmp_path):
    import_file(write(tmp_path, USERS, "User.csv"), "people")
    renamed = USERS.replace("Rita,Moreno", "Rita,Moreno-Hale")
    run = import_file(write(tmp_path, renamed, "User.csv"), "people")
    assert (run.created, run.updated) == (0, 1)
    assert Person.objects.get(external_id="005A").name == "Rita Moreno-Hale"


@pytest.fixture
def euro_rate(db, tmp_path):
    """A rate for the euro deals of these files: without one they would be bad rows."""
    rates = write(tmp_path, "Currency,Rate,Valid From\nEUR,1.10,2000-01-01\n", "rates.csv")
    assert import_file(rates, "exchange-rates").status == "succeeded"


OPPORTUNITIES = (
    "Id,AccountId,OwnerId,Name,StageName,Amount,CurrencyIsoCode,CloseDate,CreatedDate,"
    "IsClosed,IsWon,ForecastCategoryName,Probability,Type,LeadSource\n"
    "006A,001A,005A,Acme expansion,Closed Won,1200.50,EUR,2024-03-01,2024-01-10T09:30:00.000Z,"
    "true,true,Closed,100,Existing Business,Web\n"
    "006B,001A,005B,Acme pilot,Prospecting,300,USD,2024-05-01,2024-02-01T10:00:00.000Z,"
    "false,false,Pipeline,10,New Business,Partner\n"
    "006C,,005B,Globex,Closed Lost,50,USD,2024-04-01,2024-02-01T10:00:00.000Z,"
    "true,false,Omitted,0,,\n"
)
ACCOUNTS = "Id,Name,Industry,ParentId,Type\n001A,Acme,Energy,,Customer - Direct\n"


def test_a_salesforce_opportunity_export_finds_owner_and_account_by_their_ids(
    db, tmp_path, euro_rate
):
    import_file(write(tmp_path, USERS, "User.csv"), "people")
    import_file(write(tmp_path, ACCOUNTS, "Account.csv"), "accounts")
    run = import_file(write(tmp_path, OPPORTUNITIES, "Opportunity.csv"))
    assert run.status == "succeeded" and run.preset == "salesforce-export", run.errors
    deals = {o.external_id: o for o in Opportunity.objects.select_related("owner", "account")}
    won = deals["006A"]
    assert (won.owner.name, won.account.name, won.amount, won.currency) == (
        "Rita Moreno",
        "Acme",
        Decimal("1200.50"),
        "EUR",
    )
    assert (won.stage, won.outcome, won.type, won.forecast_category) == (
        "Closed Won",
        "won",
        "expansion",
        "closed",
    )
    assert (won.created_date, won.close_date) == (
        datetime.date(2024, 1, 10),
        datetime.date(2024, 3, 1),
    )
    assert deals["006B"].owner.name == "Bo Diaz" and deals["006B"].outcome == "open"
    assert deals["006C"].account is None and deals["006C"].outcome == "lost"
    ignored = [c["header"] for c in run.columns if c["field"] is None]
    assert ignored == ["LeadSource"]


def test_unknown_ids_are_reported_once_each_and_an_id_of_another_kind_says_whose(db, tmp_path):
    import_file(write(tmp_path, USERS, "User.csv"), "people")
    import_file(write(tmp_path, ACCOUNTS, "Account.csv"), "accounts")
    content = OPPORTUNITIES.replace(",005B,", ",005Z,").replace("006A,001A,005A", "006A,001A,001A")
    run = import_file(write(tmp_path, content, "Opportunity.csv"))
    assert run.status == "refused"
    assert sorted(error_reasons(run)) == [
        (
            2,
            "OwnerId",
            "unknown person id (1 row, first on line 2): it is the id of the account "
            "'Acme', not of a person",
        ),
        (
            3,
            "OwnerId",
            "unknown person id (2 rows, first on line 3): import people first (their "
            "file's id column)",
        ),
    ]
    assert run.error_count == 2 and not Opportunity.objects.exists()


def test_an_unknown_account_id_is_a_bad_row_named_once(personas, tmp_path):
    content = "Id,AccountId,StageName,CloseDate\n006A,001Q,Prospecting,2024-01-01\n" * 1
    content += "006B,001Q,Prospecting,2024-01-01\n"
    run = import_file(write(tmp_path, content), default_owner="Sam Ortiz")
    assert error_reasons(run) == [
        (2, "AccountId", "unknown account id (2 rows, first on line 2): import accounts first")
    ]


def test_a_salesforce_account_export_links_parents_by_id_even_when_the_parent_comes_later(
    db, tmp_path
):
    content = (
        "Id,IsDeleted,Name,Type,ParentId,BillingState,Industry,AnnualRevenue,NumberOfEmployees\n"
        "001B,FALSE,Acme West,Customer - Direct,001A,CA,Energy,1000000,50\n"
        "001A,FALSE,Acme,Customer - Direct,,TX,Energy,9000000,900\n"
    )
    checked = import_file(write(tmp_path, content, "Account.csv"), "accounts", dry_run=True)
    assert checked.preset == "salesforce-export" and checked.created == 2 and not checked.errors
    assert not Account.objects.exists()
    run = import_file(write(tmp_path, content, "Account.csv"), "accounts")
    assert run.status == "succeeded", run.errors
    west = Account.objects.get(external_id="001B")
    assert (west.parent.name, west.region, west.segment, west.employees) == (
        "Acme",
        "CA",
        "Customer - Direct",
        50,
    )
    again = import_file(write(tmp_path, content, "Account.csv"), "accounts")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


TASKS = (
    "Id,OwnerId,WhatId,AccountId,Subject,ActivityDate,Status,Type,TaskSubtype,CallType,IsClosed\n"
    "00TA,005A,006A,,Call with the buyer,2024-02-01,Completed,,Call,Outbound,true\n"
    "00TB,005A,001A,,Email: pricing,2024-02-02,Not Started,,Email,,false\n"
    "00TC,005B,,001A,Demo of the new plan,2024-02-03,Waiting on someone else,,Task,,false\n"
    "00TD,005B,,,Send contract,2024-02-04,,Other,Task,,true\n"
    "00TE,005B,,,Prepare,2024-02-05,Deferred,,Task,Inbound,false\n"
)


def test_a_salesforce_task_export_links_activities_and_reads_their_type_and_status(
    db, tmp_path, euro_rate
):
    import_file(write(tmp_path, USERS, "User.csv"), "people")
    import_file(write(tmp_path, ACCOUNTS, "Account.csv"), "accounts")
    import_file(write(tmp_path, OPPORTUNITIES, "Opportunity.csv"))
    run = import_file(write(tmp_path, TASKS, "Task.csv"), "activities")
    assert run.status == "succeeded" and run.preset == "salesforce-export", run.errors
    got = {
        a.external_id: (a.owner.name, a.type, a.status, a.opportunity_id, a.account_id)
        for a in Activity.objects.select_related("owner")
    }
    deal = Opportunity.objects.get(external_id="006A").pk
    acme = Account.objects.get(external_id="001A").pk
    assert got == {
        "00TA": ("Rita Moreno", "call", "done", deal, None),
        "00TB": ("Rita Moreno", "email", "planned", None, acme),
        # A plain task says nothing of its type: the subject's first word does.
        "00TC": ("Bo Diaz", "demo", "planned", None, acme),
        "00TD": ("Bo Diaz", "other", "done", None, None),
        # A call type says a call whatever the subtype.
        "00TE": ("Bo Diaz", "call", "planned", None, None),
    }


def test_a_what_id_of_a_kind_leadwell_does_not_import_keeps_the_activity_without_the_link(
    db, tmp_path
):
    import_file(write(tmp_path, USERS, "User.csv"), "people")
    content = (
        "Id,OwnerId,WhatId,Subject,ActivityDate,Status\n"
        "00TA,005A,500bm000001AbCdEAA,Call about the case,2024-02-01,Completed\n"
        "00TB,005A,500bm000001AbCdEAA,Call again,2024-02-02,Completed\n"
        "00TC,005A,500bm000002XyZwVAA,Email,2024-02-03,Completed\n"
    )
    run = import_file(write(tmp_path, content, "Task.csv"), "activities")
    assert run.status == "succeeded", run.errors
    assert Activity.objects.filter(opportunity=None, account=None).count() == 3
    assert said(run.warnings) == [
        {
            "column": "WhatId",
            "reason": "3 rows related to 2 records that are neither an account nor an "
            "opportunity (ids beginning 500, e.g. 500bm000001AbCdEAA on line 2): imported "
            "without that link",
        }
    ]
    missing = content.replace("500bm000002XyZwVAA", "006bm000009QqQqQAA")
    refused = import_file(write(tmp_path, missing, "Task.csv"), "activities")
    assert error_reasons(refused) == [
        (
            4,
            "WhatId",
            "unknown record id (1 row, first on line 4): import the accounts and "
            "opportunities first",
        )
    ]


def test_a_task_with_no_due_date_is_dated_when_it_was_completed_or_created(db, tmp_path):
    import_file(write(tmp_path, USERS, "User.csv"), "people")
    content = (
        "Id,OwnerId,Subject,ActivityDate,Status,CompletedDateTime,CreatedDate\n"
        "00TA,005A,Call,2024-02-01,Completed,2024-02-01T10:00:00.000Z,2024-01-20T10:00:00.000Z\n"
        "00TB,005A,Call,,Completed,2024-02-05T10:00:00.000Z,2024-01-21T10:00:00.000Z\n"
        "00TC,005A,Email,,Not Started,,2024-01-22T10:00:00.000Z\n"
        "00TD,005A,Email,,Not Started,,\n"
    )
    run = import_file(write(tmp_path, content, "Task.csv"), "activities", skip_bad_rows=True)
    assert error_reasons(run) == [(5, "ActivityDate", "Date is required")]
    assert dict(Activity.objects.values_list("external_id", "date")) == {
        "00TA": datetime.date(2024, 2, 1),
        "00TB": datetime.date(2024, 2, 5),
        "00TC": datetime.date(2024, 1, 22),
    }
    assert said(run.warnings) == [
        {
            "column": "ActivityDate",
            "reason": "1 row with no date is dated by their CompletedDateTime column",
        },
        {
            "column": "ActivityDate",
            "reason": "1 row with no date is dated by their CreatedDate column",
        },
    ]


def test_an_event_export_counts_its_rows_as_meetings(db, tmp_path):
    import_file(write(tmp_path, USERS, "User.csv"), "people")
    content = (
        "Id,OwnerId,WhatId,Subject,ActivityDateTime,ActivityDate,EventSubtype,DurationInMinutes\n"
        "00UA,005A,,Quarterly review,2024-02-01T15:00:00.000Z,2024-02-01,Event,60\n"
    )
    run = import_file(write(tmp_path, content, "Event.csv"), "activities")
    assert run.status == "succeeded", run.errors
    assert Activity.objects.get().type == "meeting"


ZOHO_DEALS = (
    "Record Id,Deal Owner,Deal Name,Account Name,Amount,Closing Date,Stage,Type,"
    "Probability (%),Created Time,Forecast Type,Reason For Loss\n"
    "zcrm_1,Sam Ortiz,Big deal,Acme,1000,2024-03-01,Identify Decision Makers,New Business,60,"
    "2024-01-02 10:00:00,Pipeline,\n"
    "zcrm_2,Sam Ortiz,Lost deal,Acme,500,2024-02-01,Closed-Lost to Competition,,0,"
    "2024-01-03 11:00:00,Omitted,Price\n"
)


def test_a_zoho_deals_export_is_read_by_its_preset_with_its_stages(personas, tmp_path):
    run = import_file(write(tmp_path, ZOHO_DEALS, "Deals.csv"))
    assert run.status == "succeeded" and run.preset == "zoho", run.errors
    deals = {o.external_id: o for o in Opportunity.objects.all()}
    assert (deals["zcrm_1"].stage, deals["zcrm_1"].outcome, deals["zcrm_1"].probability) == (
        "Identify Decision Makers",
        "open",
        Decimal("60.00"),
    )
    assert (deals["zcrm_2"].outcome, deals["zcrm_2"].lost_reason) == ("lost", "Price")
    assert deals["zcrm_1"].created_date == datetime.date(2024, 1, 2)
    old_names = ZOHO_DEALS.replace("Deal Owner", "Potential Owner").replace(
        "Deal Name", "Potential Name"
    )
    assert import_file(write(tmp_path, old_names, "Potentials.csv")).preset == "zoho"


def test_a_zoho_users_export_builds_the_org_chart_from_reporting_to(db, tmp_path):
    content = (
        "User Id,First Name,Last Name,Email,Role,Profile,Reporting To,Status\n"
        "zu1,Ana,Kim,ana@corp.example,Sales,Standard,Joe Park,Active\n"
        "zu2,Joe,Park,joe@corp.example,Manager,Administrator,,Active\n"
    )
    run = import_file(write(tmp_path, content, "Users.csv"), "people")
    assert run.status == "succeeded" and run.preset == "zoho", run.errors
    ana = Person.objects.get(external_id="zu1")
    assert (ana.name, selectors.manager_of(ana).name) == ("Ana Kim", "Joe Park")
    assert Person.objects.get(email="joe@corp.example").external_id == "zu2"


ZOHO_CALLS = (
    "Record Id,Subject,Call Type,Call Purpose,Call Start Time,Call Duration,Call Owner,"
    "Related To,Call Status\n"
    "zc1,Follow up,Outbound,Negotiation,2024-02-01 10:00:00,05:00,Sam Ortiz,Acme,Completed\n"
    "zc2,Meeting recap,Inbound,,2024-02-02 11:00:00,02:00,Sam Ortiz,Acme,Completed\n"
    "zc3,Check in,,,2024-02-03 11:00:00,,Sam Ortiz,,Scheduled\n"
)


def test_a_zoho_calls_export_never_counts_zero_calls(personas, tmp_path):
    run = import_file(write(tmp_path, ZOHO_CALLS, "Calls.csv"), "activities")
    assert run.status == "succeeded" and run.preset == "zoho-calls", run.errors
    assert sorted(Activity.objects.values_list("external_id", "type", "status")) == [
        ("zc1", "call", "done"),
        ("zc2", "call", "done"),
        ("zc3", "call", "planned"),
    ]
    assert said(run.warnings) == [
        {
            "column": "Type",
            "reason": "the file has no type column: its kind (zoho-calls) says it holds calls "
            "only; --default-type sets another type",
        }
    ]


def test_a_sheet_named_for_calls_with_no_type_column_is_a_sheet_of_calls(personas, tmp_path):
    content = "ID,Owner,Date,Subject\nk1,Sam Ortiz,2024-02-01,Meeting recap\n"
    run = import_file(write(tmp_path, content, "call_log_2024.csv"), "activities")
    assert run.status == "succeeded", run.errors
    assert Activity.objects.get().type == "call"
    assert (
        "its name (call_log_2024.csv) says it holds calls only" in said(run.warnings)[0]["reason"]
    )
    other = import_file(write(tmp_path, content.replace("k1", "k2"), "log.csv"), "activities")
    assert said(other.warnings) == [] and Activity.objects.get(external_id="k2").type == "meeting"


def test_a_calls_sheet_without_type_or_subject_is_never_said_to_lack_a_type(personas, tmp_path):
    content = "ID,Owner,Date,Status\nk1,Sam Ortiz,2024-02-01,done\n"
    run = import_file(write(tmp_path, content, "calls.csv"), "activities")
    assert run.status == "succeeded", run.errors
    assert Activity.objects.get().type == "call"
    assert [w["reason"] for w in run.warnings if w["column"] == "Type"] == [
        "the file has no type column: its name (calls.csv) says it holds calls only; "
        "--default-type sets another type"
    ]
    other = import_file(write(tmp_path, content.replace("k1", "k2"), "log.csv"), "activities")
    (lacking,) = [w["reason"] for w in other.warnings if w["column"] == "Type"]
    assert lacking.startswith("no column of the file was recognised as Type")


def test_the_plan_of_a_file_knows_the_type_its_name_says(db):
    from leadwell.crm.importing.columns import plan_columns
    from leadwell.crm.importing.rows import ImportOptions

    header, options = ["ID", "Owner", "Date", "Status"], ImportOptions(kind="activities")
    calls = plan_columns("activities", header, options, file_name="Calls 2024.csv")
    assert (calls.activity_type, calls.activity_type_from) == ("call", "its name (Calls 2024.csv)")
    assert calls.unanswered == [] and not [w for w in calls.warnings if w["column"] == "Type"]
    plain = plan_columns("activities", header, options, file_name="log.csv")
    assert (plain.activity_type, plain.unanswered) == ("", ["type"])


def test_zoho_tasks_are_read_with_their_status(personas, tmp_path):
    content = (
        "Record Id,Task Owner,Subject,Due Date,Status,Priority,Related To\n"
        "zt1,Sam Ortiz,Email the proposal,2024-02-01,Completed,High,Acme\n"
        "zt2,Sam Ortiz,Prepare the QBR,2024-02-02,Waiting for input,High,Acme\n"
    )
    run = import_file(write(tmp_path, content, "Tasks.csv"), "activities")
    assert run.status == "succeeded" and run.preset == "zoho-tasks", run.errors
    assert sorted(Activity.objects.values_list("external_id", "type", "status")) == [
        ("zt1", "email", "done"),
        ("zt2", "other", "planned"),
    ]


PIPEDRIVE = (
    "Deal - ID,Deal - Title,Deal - Value,Deal - Currency,Deal - Owner,Deal - Stage,Deal - Status,"
    "Deal - Deal created,Deal - Expected close date,Deal - Won time,Deal - Lost time,"
    "Deal - Organization,Deal - Lost reason\n"
    "17,Acme renewal,1000,EUR,Sam Ortiz,Negotiations Started,won,2024-01-05 10:00:00,"
    "2024-03-31,2024-03-12 16:20:00,,Acme,\n"
    "18,Globex,800,USD,Sam Ortiz,Proposal Made,lost,2024-01-06 10:00:00,2024-04-30,,"
    "2024-02-20 09:00:00,Globex,Budget\n"
    "19,Initech,600,USD,Sam Ortiz,Contact Made,open,2024-01-07 10:00:00,2024-05-31,,,Initech,\n"
)


def test_a_pipedrive_export_takes_the_outcome_from_the_status_and_the_close_from_its_time(
    personas, tmp_path, euro_rate
):
    run = import_file(write(tmp_path, PIPEDRIVE, "deals.csv"))
    assert run.status == "succeeded" and run.preset == "pipedrive", run.errors
    got = {
        o.external_id: (o.stage, o.outcome, o.close_date, o.currency, o.account.name)
        for o in Opportunity.objects.select_related("account")
    }
    assert got == {
        "17": ("Negotiations Started", "won", datetime.date(2024, 3, 12), "EUR", "Acme"),
        "18": ("Proposal Made", "lost", datetime.date(2024, 2, 20), "USD", "Globex"),
        "19": ("Contact Made", "open", datetime.date(2024, 5, 31), "USD", "Initech"),
    }


def test_a_hubspot_activity_export_reads_calls_from_their_outcome(personas, tmp_path):
    content = (
        "Activity ID,Activity Type,Activity Date,Activity Owner,Task Status,Call Outcome,"
        "Meeting Outcome,Associated Company\n"
        "h1,,2024-02-01 10:00,Sam Ortiz,,Connected,,Acme\n"
        "h2,Meeting,2024-02-02 10:00,Sam Ortiz,,,Completed,Acme\n"
        "h3,Task,2024-02-03 10:00,Sam Ortiz,Not started,,,Acme\n"
    )
    run = import_file(write(tmp_path, content, "activities.csv"), "activities")
    assert run.status == "succeeded" and run.preset == "hubspot", run.errors
    assert sorted(Activity.objects.values_list("external_id", "type", "status")) == [
        ("h1", "call", "done"),
        ("h2", "meeting", "done"),
        ("h3", "other", "planned"),
    ]


CALLS_SHEET = (
    "ID,Owner,Date,Notes\nc1,Sam Ortiz,2024-02-01,Left a message\nc2,,2024-02-02,Reached\n"
)


def test_per_file_defaults_fill_the_type_status_and_owner_a_file_leaves_empty(personas, tmp_path):
    run = import_file(
        write(tmp_path, CALLS_SHEET),
        "activities",
        default_type="Call",
        default_status="planned",
        default_owner="sofia.berg@example.com",
    )
    assert run.status == "succeeded", run.errors
    assert sorted(Activity.objects.values_list("external_id", "owner__name", "type", "status")) == [
        ("c1", "Sam Ortiz", "call", "planned"),
        ("c2", "Sofia Berg", "call", "planned"),
    ]
    assert said(run.warnings)[-1] == {
        "column": "Owner",
        "reason": "1 row with owner '(blank)' went to the default owner, Sofia Berg",
    }


def test_a_default_that_is_not_a_type_or_not_a_person_stops_the_import_saying_why(
    personas, tmp_path
):
    bad_type = import_file(write(tmp_path, CALLS_SHEET), "activities", default_type="Fax")
    assert bad_type.status == "failed" and "--default-type 'Fax': not a known type" in (
        bad_type.message
    )
    nobody = import_file(write(tmp_path, CALLS_SHEET), "activities", default_owner="Zed Zero")
    assert nobody.status == "failed" and "The default owner 'Zed Zero' is not in the org chart" in (
        nobody.message
    )


ONE_PIPELINE = (
    "Deal,Stage,Amount,Close Date\nD1,Prospecting,100,2024-03-01\nD2,Closed Won,200,2024-02-01\n"
)


def test_a_file_without_an_owner_column_imports_with_a_default_owner(personas, tmp_path):
    refused = import_file(write(tmp_path, ONE_PIPELINE), key=["Deal"])
    assert refused.status == "failed" and "with --default-owner" in refused.message
    run = import_file(write(tmp_path, ONE_PIPELINE), key=["Deal"], default_owner="Sam Ortiz")
    assert run.status == "succeeded", run.errors
    assert set(Opportunity.objects.values_list("owner__name", flat=True)) == {"Sam Ortiz"}
    assert said(run.warnings) == [
        {"column": "Owner", "reason": "the file has no owner column: its 2 rows went to Sam Ortiz"}
    ]


PLACEHOLDERS = (
    "Opportunity ID,Owner,Stage,Close Date\n"
    "P1,Unassigned,Prospecting,2024-03-01\n"
    "P2,No owner,Prospecting,2024-03-01\n"
    "P3,unassigned,Prospecting,2024-03-01\n"
    "P4,,Prospecting,2024-03-01\n"
    "P5,Inactive User,Prospecting,2024-03-01\n"
    "P6,Sam Ortiz,Prospecting,2024-03-01\n"
)


def test_owners_that_name_nobody_are_not_created_as_sellers(personas, tmp_path):
    people = Person.objects.count()
    run = import_file(write(tmp_path, PLACEHOLDERS), create_people=True)
    assert run.status == "refused" and Person.objects.count() == people
    fix = "name who owns them with --default-owner (on the page: Owner of rows without one), or fill the owner in the file"
    assert sorted(error_reasons(run)) == [
        (2, "Owner", f"no owner (2 rows with Unassigned): {fix}"),
        (3, "Owner", f"no owner (1 row with No owner): {fix}"),
        (5, "Owner", f"no owner (1 row with (blank)): {fix}"),
        (6, "Owner", f"no owner (1 row with Inactive User): {fix}"),
    ]


def test_owners_that_name_nobody_go_to_the_default_owner_and_say_so(personas, tmp_path):
    run = import_file(write(tmp_path, PLACEHOLDERS), create_people=True, default_owner="Sofia Berg")
    assert run.status == "succeeded" and run.people_created == 0, run.errors
    owners = dict(Opportunity.objects.values_list("external_id", "owner__name"))
    assert owners == {f"P{i}": "Sofia Berg" for i in range(1, 6)} | {"P6": "Sam Ortiz"}
    assert [w["reason"] for w in said(run.warnings)] == [
        "2 rows with owner 'Unassigned' went to the default owner, Sofia Berg",
        "1 row with owner 'No owner' went to the default owner, Sofia Berg",
        "1 row with owner '(blank)' went to the default owner, Sofia Berg",
        "1 row with owner 'Inactive User' went to the default owner, Sofia Berg",
    ]


STATUS_SHEET = (
    "Opportunity ID,Owner,Stage,Deal Status,Close Date\n"
    "S1,Sam Ortiz,Signed by legal,Won,2024-03-01\n"
    "S2,Sam Ortiz,Signed by legal,Won,2024-03-02\n"
    "S3,Sam Ortiz,Ghosted,Lost,2024-03-01\n"
    "S4,Sam Ortiz,Prospecting,Open,2024-03-01\n"
)


def test_an_unknown_stage_whose_file_says_the_outcome_joins_the_stage_map(personas, tmp_path):
    mapping = {"columns": {"status": "Deal Status"}}
    checked = import_file(write(tmp_path, STATUS_SHEET), mapping=mapping, dry_run=True)
    assert checked.status == "dry_run" and not checked.errors and checked.created == 4
    assert not Stage.objects.filter(name="Signed by legal").exists()
    run = import_file(write(tmp_path, STATUS_SHEET), mapping=mapping)
    assert run.status == "succeeded", run.errors
    assert Stage.objects.get(name="Signed by legal").outcome == "won"
    assert Stage.objects.get(name="Ghosted").outcome == "lost"
    assert dict(Opportunity.objects.values_list("external_id", "outcome")) == {
        "S1": "won",
        "S2": "won",
        "S3": "lost",
        "S4": "open",
    }
    assert [w["reason"] for w in said(run.warnings)] == [
        "the stage 'Signed by legal' was not in the stage map: added to it as won (from the "
        "Deal Status column), after the known stages; a [stages] section in a mapping file "
        "sets its order",
        "the stage 'Ghosted' was not in the stage map: added to it as lost (from the Deal "
        "Status column), after the known stages; a [stages] section in a mapping file sets "
        "its order",
    ]


def test_is_won_and_is_closed_decide_the_outcome_of_an_unknown_stage(personas, tmp_path):
    content = (
        "Id,OwnerId,StageName,CloseDate,IsClosed,IsWon\n"
        "W1,,Signed,2024-03-01,TRUE,TRUE\n"
        "W2,,Walked away,2024-03-01,TRUE,FALSE\n"
        "W3,,Talking,2024-03-01,FALSE,FALSE\n"
    )
    run = import_file(write(tmp_path, content), default_owner="Sam Ortiz")
    assert run.status == "succeeded", run.errors
    assert dict(Opportunity.objects.values_list("external_id", "outcome")) == {
        "W1": "won",
        "W2": "lost",
        "W3": "open",
    }
    assert [Stage.objects.get(name=n).outcome for n in ("Signed", "Walked away", "Talking")] == [
        "won",
        "lost",
        "open",
    ]


@once_per_ci_run
def test_the_cli_takes_per_file_defaults(tmp_path):
    from ..test_cli import leadwell

    data = tmp_path / "data"
    users = write(tmp_path, USERS, "User.csv")
    assert leadwell("import", "people", str(users), data_dir=data).returncode == 0
    deals = write(tmp_path, ONE_PIPELINE, "mine.csv")
    result = leadwell(
        "import",
        "opportunities",
        str(deals),
        "--key",
        "Deal",
        "--default-owner",
        "005M",
        "--json",
        data_dir=data,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    summary = json.loads(result.stdout)
    assert summary["counts"]["created"] == 2 and summary["defaults"]["default_owner"] == "005M"
    assert said(summary["warnings"]) == [
        {"column": "Owner", "reason": "the file has no owner column: its 2 rows went to Mia Lopez"}
    ]
    calls = write(tmp_path, "ID,Owner,Date\nc1,Mia Lopez,2024-02-01\n", "log.csv")
    typed = leadwell(
        "import", "activities", str(calls), "--default-type", "call", "--json", data_dir=data
    )
    assert typed.returncode == 0 and json.loads(typed.stdout)["counts"]["created"] == 1
    refused = leadwell("import", "activities", str(calls), "--default-type", "fax", data_dir=data)
    assert refused.returncode == 1 and "--default-type 'fax': not a known type" in refused.stdout


@pytest.mark.parametrize(
    ("kind", "content", "options"),
    [
        ("people", USERS + "005C,Cy,Young,cy@corp.example,AE,005A,East,Sales\n", {}),
        (
            "accounts",
            "Id,Name,ParentId\n001C,Child,001P\n001D,Other,001Q\n001P,Parent,\n",
            {"skip_bad_rows": True},
        ),
        ("opportunities", STATUS_SHEET, {"mapping": {"columns": {"status": "Deal Status"}}}),
        ("opportunities", PLACEHOLDERS, {"default_owner": "Sofia Berg"}),
        ("activities", TASKS.replace("005A", "005Q"), {"skip_bad_rows": True}),
    ],
)
def test_the_check_counts_refuses_and_warns_as_the_import_does(
    personas, tmp_path, monkeypatch, kind, content, options
):
    """Two rows a batch, so what a row names comes from an earlier batch or a later one."""
    from leadwell.crm.importing import engine

    monkeypatch.setattr(engine, "BATCH_ROWS", 2)
    import_file(write(tmp_path, USERS, "User.csv"), "people")
    import_file(write(tmp_path, ACCOUNTS, "Account.csv"), "accounts")
    path = write(tmp_path, content)
    checked = import_file(path, kind, dry_run=True, **options)
    imported = import_file(path, kind, **options)
    assert imported.status == "succeeded"

    def outcome(run):
        counts = (run.created, run.updated, run.unchanged, run.skipped, run.people_created)
        return counts, run.errors, said(run.warnings)

    assert outcome(checked) == outcome(imported)
