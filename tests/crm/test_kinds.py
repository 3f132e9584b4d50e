"""The other kinds of import: history reports, activities, quotas, forecasts, people."""

import datetime
import json
from decimal import Decimal

import pytest

from leadwell.crm.models import Activity, ForecastSubmission, OpportunityChange, Quota
from leadwell.lib.periods import parse_period
from leadwell.org import selectors
from leadwell.org.models import Person

from ..conftest import once_per_ci_run
from .helpers import error_reasons, import_file, write

pytestmark = pytest.mark.django_db

DEALS = "Opportunity ID,Opportunity Owner,Stage,Amount,Close Date\n006A,Sam Ortiz,Prospecting,100,2017-03-01\n"


def test_a_field_history_report_records_each_change_once(personas, tmp_path):
    import_file(write(tmp_path, DEALS, "deals.csv"))
    history = (
        "Opportunity ID,Edit Date,Field / Event,Old Value,New Value\n"
        "006A,2017-01-10,Stage,Prospecting,Qualification\n"
        "006A,2017-02-01,Close Date,1/31/2017,3/1/2017\n"
        '006A,2017-02-02,Amount,"$80.00","$100.00"\n'
        "006Z,2017-02-02,Stage,Prospecting,Qualification\n"
    )
    path = write(tmp_path, history, "history.csv")
    refused = import_file(path, "opportunity-history")
    assert error_reasons(refused) == [
        (5, "Opportunity ID", "unknown opportunity: import opportunities first")
    ]
    run = import_file(path, "opportunity-history", skip_bad_rows=True)
    assert run.created == 3
    changes = list(
        OpportunityChange.objects.values_list(
            "field", "old_value", "new_value", "changed_on", "source"
        )
    )
    assert changes == [
        ("stage", "Prospecting", "Qualification", datetime.date(2017, 1, 10), "history_report"),
        ("close_date", "2017-01-31", "2017-03-01", datetime.date(2017, 2, 1), "history_report"),
        ("amount", "80", "100", datetime.date(2017, 2, 2), "history_report"),
    ]
    again = import_file(path, "opportunity-history", skip_bad_rows=True)
    assert (again.created, again.unchanged) == (0, 3)


def test_activities_are_linked_to_owner_account_and_opportunity(personas, tmp_path):
    import_file(write(tmp_path, DEALS, "deals.csv"))
    content = (
        "Activity ID,Owner,Type,Date,Status,Subject,Account,Opportunity\n"
        "A1,sam.ortiz@example.com,Phone Call,2017-02-01,Completed,Discovery call,Acme,006A\n"
        "A2,Sam Ortiz,Demo,2099-01-01,,Product demo,Acme,\n"
        "A3,Sam Ortiz,Carrier pigeon,2017-02-01,,?,,\n"
    )
    run = import_file(write(tmp_path, content), "activities", skip_bad_rows=True)
    assert error_reasons(run)[0][:2] == (4, "Type")
    call, demo = Activity.objects.order_by("external_id")
    assert (call.type, call.status, call.opportunity.external_id, call.account.name) == (
        "call",
        "done",
        "006A",
        "Acme",
    )
    assert (demo.type, demo.status) == ("demo", "planned")  # dated in the future, no status given


def test_quotas_for_people_and_teams_by_quarter_or_month(personas, tmp_path):
    content = 'Person,Team,Period,Quota\nSam Ortiz,,FY2017-Q1,"$150,000"\n,Boston Enterprise,2017-Q1,400000\nSam Ortiz,,2017-02,50000\n'
    run = import_file(write(tmp_path, content), "quotas")
    assert run.status == "succeeded", run.errors
    q1 = parse_period("FY2017-Q1")
    assert Quota.objects.get(person=personas.seller, period_kind="quarter").amount == Decimal(
        "150000"
    )
    assert Quota.objects.get(team=personas.boston).period_start == q1.start
    assert Quota.objects.get(period_kind="month").period_start == datetime.date(2017, 2, 1)
    again = import_file(
        write(tmp_path, content.replace("150,000", "160,000"), "changed.csv"), "quotas"
    )
    assert (again.updated, again.unchanged) == (1, 2)


def test_forecast_submissions_are_kept_per_submission_day(personas, tmp_path):
    content = (
        "Person,Period,Submitted On,Commit,Best Case,Pipeline\n"
        "Sam Ortiz,2017-Q1,2017-01-05,100000,150000,300000\n"
        "Sam Ortiz,2017-Q1,2017-02-05,110000,140000,250000\n"
    )
    run = import_file(write(tmp_path, content), "forecasts")
    assert run.created == 2
    assert list(ForecastSubmission.objects.values_list("commit", flat=True)) == [
        Decimal("100000"),
        Decimal("110000"),
    ]


def test_a_generic_people_sheet_builds_teams_and_moves_a_seller_with_history(personas, tmp_path):
    content = "Name,Email,Title,Manager,Team\nNia Novak,nia@example.com,Account Executive,Lena Hart,Boston Enterprise\n"
    run = import_file(write(tmp_path, content), "people")
    assert run.created == 1
    nia = Person.objects.get(email="nia@example.com")
    assert selectors.manager_of(nia) == personas.leader
    moved = content.replace("Lena Hart,Boston Enterprise", "Owen Clarke,Denver Mid-Market")
    again = import_file(write(tmp_path, moved, "moved.csv"), "people")
    assert again.updated == 1
    assert selectors.team_of(nia) == personas.denver
    assert nia.memberships.count() == 2  # the Boston period is kept


@once_per_ci_run
def test_the_cli_prints_a_json_summary_and_exits_non_zero_when_refused(tmp_path):
    from ..test_cli import leadwell

    good = write(tmp_path, "Opportunity ID,Opportunity Owner,Stage\n006A,Sam Ortiz,Prospecting\n")
    result = leadwell("import", "opportunities", str(good), "--json", data_dir=tmp_path / "data")
    assert result.returncode == 1
    summary = json.loads(result.stdout)
    assert summary["status"] == "refused"
    assert (
        summary["errors"][0]["line"] == 2 and summary["errors"][0]["column"] == "Opportunity Owner"
    )
    assert set(summary["errors"][0]) == {"line", "column", "value", "reason"}
    created = leadwell(
        "import",
        "opportunities",
        str(good),
        "--json",
        "--create-people",
        data_dir=tmp_path / "data",
    )
    assert created.returncode == 0, created.stderr
    assert json.loads(created.stdout)["counts"] == {
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "skipped": 0,
        "people_created": 1,
    }
    plain = leadwell("import", "opportunities", str(good), data_dir=tmp_path / "data")
    assert "unchanged 1" in plain.stdout and "100%" in plain.stderr


def test_periods_are_named_in_the_fiscal_calendar(settings):
    settings.FISCAL_YEAR_START_MONTH = 2
    q1 = parse_period("FY2018-Q1")
    assert (q1.start, q1.end) == (datetime.date(2017, 2, 1), datetime.date(2017, 5, 1))
    assert parse_period("2018-Q1") == q1
    assert parse_period("FY2018").start == datetime.date(2017, 2, 1)
    settings.FISCAL_YEAR_START_MONTH = 1
    assert parse_period("2017-03").name == "FY2017-M03"
    with pytest.raises(ValueError, match="not a period"):
        parse_period("Q5 2017")


@once_per_ci_run
def test_an_unknown_kind_is_refused_by_the_cli(tmp_path):
    from ..test_cli import leadwell

    path = write(tmp_path, "x\n1\n")
    result = leadwell("import", "unicorns", str(path), data_dir=tmp_path / "data")
    assert result.returncode == 2 and "unicorns" in result.stderr


def test_a_team_quota_is_the_sum_of_its_members_unless_set_explicitly(personas, tmp_path):
    from leadwell.crm.selectors import team_quota

    content = "Person,Team,Period,Quota\nSam Ortiz,,2024-Q1,100000\nSofia Berg,,2024-Q1,150000\nOmar Reyes,,2024-Q1,90000\n"
    import_file(write(tmp_path, content), "quotas")
    q1 = parse_period("2024-Q1")
    assert team_quota(personas.boston, q1) == Decimal("250000")
    assert team_quota(personas.boston, parse_period("2024-Q2")) is None
    import_file(
        write(tmp_path, "Team,Period,Quota\nBoston Enterprise,2024-Q1,300000\n", "team.csv"),
        "quotas",
    )
    assert team_quota(personas.boston, q1) == Decimal("300000")
