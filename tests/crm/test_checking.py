"""An import checks the whole file before it writes: the check refuses the same rows and counts
the same changes as the write, and a dry run or a refused file never takes the write lock."""

import re

import pytest
from django.db import connection

from leadwell.crm.importing import engine
from leadwell.crm.models import Account, ImportRun, Opportunity
from leadwell.org.models import Person

from .helpers import import_file, write

pytestmark = pytest.mark.django_db

DEALS = "Opportunity ID,Opportunity Name,Account Name,Opportunity Owner,Amount,Close Date,Stage\n"


def outcome(run: ImportRun) -> tuple:
    return (
        run.created,
        run.updated,
        run.unchanged,
        run.skipped,
        run.people_created,
        run.error_count,
        run.errors,
        run.unknown_owners,
        run.rows_read,
    )


def checked_then_imported(path, kind: str, **options) -> tuple[ImportRun, ImportRun]:
    checked = import_file(path, kind, dry_run=True, **options)
    return checked, import_file(path, kind, **options)


@pytest.fixture
def small_batches(monkeypatch):
    """Two rows a batch, so what a file repeats is met again in a later batch."""
    monkeypatch.setattr(engine, "BATCH_ROWS", 2)


def test_a_dry_run_counts_new_changed_unchanged_and_repeated_deals_as_the_import_does(
    personas, tmp_path, small_batches
):
    import_file(
        write(
            tmp_path,
            DEALS
            + "D1,One,Acme,Sam Ortiz,100,2017-03-01,Prospecting\n"
            + "D2,Two,Acme,Sam Ortiz,200,2017-03-01,Prospecting\n",
            "first.csv",
        )
    )
    path = write(
        tmp_path,
        DEALS
        + "D1,One,Acme,Sam Ortiz,100,2017-03-01,Prospecting\n"  # unchanged
        + "D2,Two,New Account,Sam Ortiz,250,2017-04-01,Closed Won\n"  # changed, new account
        + "D3,Three,Other New,Nina Newcomer,300,2017-05-01,Prospecting\n"  # new owner
        + "D4,Four,Acme,Sam Ortiz,400,2017-05-01,Prospecting\n"
        + "D3,Three,Other New,Nina Newcomer,300,2017-05-01,Prospecting\n"  # repeated, later batch
        + "D1,One,Acme,Sam Ortiz,100,2017-03-01,Prospecting\n"  # repeated existing
        + "D2,Two,New Account,Sam Ortiz,250,2017-04-01,Closed Won\n",  # repeated change
    )
    checked, imported = checked_then_imported(path, "opportunities", create_people=True)
    assert (checked.status, imported.status) == ("dry_run", "succeeded")
    assert outcome(checked) == outcome(imported)
    assert (imported.created, imported.updated, imported.unchanged, imported.skipped) == (
        2,
        1,
        1,
        3,
    )
    assert imported.people_created == 1


def test_a_key_repeated_with_other_values_in_a_later_batch_is_refused_by_the_check(
    personas, tmp_path, small_batches
):
    path = write(
        tmp_path,
        DEALS
        + "D1,One,Acme,Sam Ortiz,100,2017-03-01,Prospecting\n"
        + "D2,Two,Acme,Sam Ortiz,200,2017-03-01,Prospecting\n"
        + "D3,Three,Acme,Sam Ortiz,300,2017-03-01,Prospecting\n"
        + "D1,One,Acme,Sam Ortiz,999,2017-03-01,Prospecting\n",
    )
    checked, refused = checked_then_imported(path, "opportunities")
    assert refused.status == "refused"
    # The same rows found bad; a refused import claims nothing created (it wrote nothing).
    assert outcome(checked)[5:] == outcome(refused)[5:]
    assert outcome(refused)[:5] == (0, 0, 0, 0, 0)
    assert [(e["line"], e["reason"]) for e in refused.errors] == [
        (5, "same key as line 2, with different values")
    ]
    assert not Opportunity.objects.exists() and not Account.objects.exists()


def test_accounts_named_as_parents_before_their_own_rows_are_counted_alike(
    personas, tmp_path, small_batches
):
    path = write(
        tmp_path,
        "Account Name,Parent Account,Industry\n"
        "Acme Europe,Acme Holdings,Retail\n"
        "Acme Asia,Acme Holdings,Retail\n"
        "Acme Holdings,,Retail\n"  # its own row comes after it was named as a parent
        "Globex,Initech,Energy\n"  # Initech never gets a row of its own
        "Acme Asia,Acme Holdings,Retail\n",
    )
    checked, imported = checked_then_imported(path, "accounts")
    assert imported.status == "succeeded" and outcome(checked) == outcome(imported)
    assert (imported.created, imported.skipped) == (5, 1)


def test_history_activities_quotas_and_forecasts_are_counted_alike(
    personas, tmp_path, small_batches
):
    import_file(
        write(
            tmp_path,
            "Opportunity ID,Opportunity Owner,Stage,Amount,Close Date\n"
            "006A,Sam Ortiz,Prospecting,100,2017-03-01\n",
            "deals.csv",
        )
    )
    history = (
        "Opportunity ID,Edit Date,Field / Event,Old Value,New Value\n"
        "006A,2017-01-10,Stage,Prospecting,Qualification\n"
        "006A,2017-02-01,Close Date,1/31/2017,3/1/2017\n"
        "006A,2017-02-02,Amount,80,100\n"
        "006A,2017-01-10,Stage,Prospecting,Qualification\n"
    )
    activities = (
        "Activity ID,Owner,Type,Date,Subject,Account,Opportunity\n"
        "A1,Sam Ortiz,Call,2017-02-01,Call,Acme,006A\n"
        "A2,Sam Ortiz,Demo,2017-02-02,Demo,Globex,\n"
        "A3,Sofia Berg,Email,2017-02-03,Mail,Acme,\n"
        "A1,Sam Ortiz,Call,2017-02-01,Call,Acme,006A\n"
    )
    quotas = (
        "Person,Team,Period,Quota\n"
        "Sam Ortiz,,2017-Q1,100\n"
        ",Boston Enterprise,2017-Q1,300\n"
        "Sofia Berg,,2017-Q1,200\n"
        "Sam Ortiz,,2017-Q1,100\n"
    )
    forecasts = (
        "Person,Period,Submitted On,Commit\n"
        "Sam Ortiz,2017-Q1,2017-01-05,100\n"
        "Sam Ortiz,2017-Q1,2017-02-05,110\n"
        "Sofia Berg,2017-Q1,2017-01-05,90\n"
        "Sam Ortiz,2017-Q1,2017-01-05,100\n"
    )
    for kind, content in [
        ("opportunity-history", history),
        ("activities", activities),
        ("quotas", quotas),
        ("forecasts", forecasts),
    ]:
        checked, imported = checked_then_imported(write(tmp_path, content, f"{kind}.csv"), kind)
        assert imported.status == "succeeded", (kind, imported.errors)
        assert outcome(checked) == outcome(imported), kind
        assert (imported.created, imported.skipped) == (3, 1), kind
        again_checked, again = checked_then_imported(write(tmp_path, content, f"{kind}.csv"), kind)
        assert outcome(again_checked) == outcome(again), kind


def test_a_people_sheet_is_counted_alike_with_new_teams_managers_and_moves(
    personas, tmp_path, small_batches
):
    path = write(
        tmp_path,
        "Name,Email,Title,Manager,Team\n"
        "Nia Novak,nia@example.com,Account Executive,Lena Hart,Boston Enterprise\n"
        "Sam Ortiz,sam.ortiz@example.com,Senior AE,Owen Clarke,Denver Mid-Market\n"
        "Ravi Rao,ravi@example.com,Account Executive,Mona Moss,Austin\n"
        "Mona Moss,mona@example.com,Sales Manager,,\n"
        "Nia Novak,nia@example.com,Account Executive,Lena Hart,Boston Enterprise\n"
        "Ravi Rao,ravi@example.com,Account Executive,Mona Moss,Austin\n",
    )
    checked, imported = checked_then_imported(path, "people")
    assert imported.status == "succeeded" and outcome(checked) == outcome(imported)
    assert (imported.created, imported.updated, imported.unchanged) == (3, 2, 2)
    assert Person.objects.filter(email="mona@example.com").count() == 1


class Writes:
    """Every statement SQLite runs on Leadwell's connection, and those that write to the
    database's own tables (temporary tables, which take no lock, are left out)."""

    WRITE = re.compile(
        r"^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO|ANALYZE|"
        r"CREATE\s+(?:UNIQUE\s+)?(?:INDEX|TABLE)|DROP\s+TABLE(?:\s+IF\s+EXISTS)?|ALTER\s+TABLE)"
        r'\s+"?(\w+)',
        re.IGNORECASE,
    )

    def __init__(self) -> None:
        self.statements: list[str] = []

    def __enter__(self) -> "Writes":
        connection.ensure_connection()
        connection.connection.set_trace_callback(self.statements.append)
        return self

    def __exit__(self, *exc) -> None:
        connection.connection.set_trace_callback(None)

    def tables(self) -> set[str]:
        return {self.WRITE.match(sql).group(1) for sql in self.statements if self.writes_to(sql)}

    def writes_to(self, sql: str) -> bool:
        match = self.WRITE.match(sql)
        return (
            bool(match)
            and not match.group(1).startswith("lw_")
            and (not sql.lstrip().upper().startswith("CREATE TEMPORARY"))
        )

    def transactions(self) -> list[str]:
        """The transactions and savepoints opened here that wrote to a table. (The test
        itself runs in a transaction, so a check that reads inside a savepoint of it is
        as harmless as one that reads in autocommit: neither holds the write lock.)"""
        opened: list[tuple[str, bool]] = []
        writing = []
        for sql in self.statements:
            if re.match(r"\s*(SAVEPOINT|BEGIN)", sql, re.I):
                opened.append((sql, False))
            elif re.match(r"\s*(RELEASE|COMMIT|ROLLBACK(?!\s+TO))", sql, re.I) and opened:
                statement, wrote = opened.pop()
                if wrote:
                    writing.append(statement)
            elif self.writes_to(sql) and opened:
                opened = [(statement, True) for statement, _ in opened]
        return writing + [statement for statement, wrote in opened if wrote]


@pytest.fixture
def on_sqlite():
    if connection.vendor != "sqlite":
        pytest.skip("the write lock that holds up every other writer is SQLite's")


def test_a_refused_file_and_a_dry_run_write_nothing_but_their_own_import_record(
    personas, tmp_path, on_sqlite
):
    bad = write(
        tmp_path,
        DEALS
        + "D1,One,Acme,Sam Ortiz,100,2017-03-01,Prospecting\n"
        + "D2,Two,Acme,Nobody Known,abc,2017-03-01,Dreaming\n",
        "bad.csv",
    )
    good = write(tmp_path, DEALS + "D1,One,Acme,Sam Ortiz,100,2017-03-01,Prospecting\n")
    for path, options in [(bad, {}), (good, {"dry_run": True})]:
        with Writes() as writes:
            run = import_file(path, **options)
        assert run.status in ("refused", "dry_run")
        # A refused import is in the audit trail; a dry run changes nothing to record.
        recorded = {"audit_change"} if run.status == "refused" else set()
        assert writes.tables() == {"crm_importrun"} | recorded, run.status
        assert writes.transactions() == [], run.status

    with Writes() as writes:
        imported = import_file(good)
    assert imported.status == "succeeded"
    assert {"crm_opportunity", "crm_account"} <= writes.tables()
    assert writes.transactions()
