"""Imports keep the summaries up to date: exactly the summaries an import affects change, they
end up as a full recompute would make them, and a refused import or a dry run changes nothing.

The org chart is the shared personas (tests/conftest.py): Sam Ortiz and Sofia Berg sell in
Boston Enterprise (Boston office, in North America), Omar Reyes in Denver Mid-Market (Denver
office, in North America), all from 2024-01-01.
"""

import datetime
from dataclasses import dataclass, replace

import pytest

from leadwell.crm.models import ImportRun, Opportunity
from leadwell.metrics.compute import recompute
from leadwell.metrics.models import ORG_ID
from tests.conftest import figure_of
from tests.crm.helpers import import_file, write
from tests.metrics.helpers import changed_keys, differences, figures, snapshot

pytestmark = pytest.mark.django_db

SAM, SOFIA, OMAR = "sam.ortiz@example.com", "sofia.berg@example.com", "omar.reyes@example.com"

Q1, Q2, Q3 = datetime.date(2024, 1, 1), datetime.date(2024, 4, 1), datetime.date(2024, 7, 1)
MARCH, APRIL, MAY = datetime.date(2024, 3, 1), datetime.date(2024, 4, 1), datetime.date(2024, 5, 1)
YEAR = datetime.date(2024, 1, 1)


@pytest.fixture(autouse=True)
def _calendar_quarters(settings):
    settings.FISCAL_YEAR_START_MONTH = 1


@dataclass(frozen=True)
class Deal:
    id: str
    owner: str
    stage: str
    amount: str
    created: str
    close: str
    account: str = "Acme"


DEALS = [
    Deal("S1", SAM, "Won", "30000", "2024-01-10", "2024-03-20", "Acme"),
    Deal("S2", SAM, "Lost", "12000", "2024-01-15", "2024-02-10", "Globex"),
    Deal("S3", SAM, "Won", "8000", "2024-04-02", "2024-05-05", "Initech"),
    Deal("F1", SOFIA, "Won", "20000", "2024-02-01", "2024-03-28", "Umbrella"),
    Deal("F2", SOFIA, "Proposal", "15000", "2024-03-01", "2024-06-30", "Hooli"),
    Deal("F3", SOFIA, "Qualified", "40000", "2024-05-01", "2025-03-31", "Stark"),
    Deal("O1", OMAR, "Won", "5000", "2024-01-05", "2024-02-20", "Wayne"),
    Deal("O2", OMAR, "Lost", "7000", "2024-02-05", "2024-04-15", "Wonka"),
]


def changed(deals: list[Deal], deal_id: str, **changes) -> list[Deal]:
    return [replace(d, **changes) if d.id == deal_id else d for d in deals]


def import_deals(tmp_path, deals: list[Deal], name: str = "deals.csv", **options) -> ImportRun:
    lines = ["ID,Name,Owner,Account,Stage,Amount,Created,Close Date"]
    lines += [
        f"{d.id},Deal {d.id},{d.owner},{d.account},{d.stage},{d.amount},{d.created},{d.close}"
        for d in deals
    ]
    path = write(tmp_path, "\n".join(lines) + "\n", name)
    return import_file(path, "opportunities", preset="generic", **options)


def import_rows(tmp_path, kind: str, header: str, rows: list[str], name: str) -> ImportRun:
    run = import_file(write(tmp_path, "\n".join([header, *rows]) + "\n", name), kind)
    assert run.status == "succeeded", (kind, run.errors, run.message)
    return run


def value(scope_kind: str, scope_id: int, period_kind: str, start, metric: str) -> float | None:
    return figure_of(scope_kind, scope_id, period_kind, start, metric)


def scopes_of_sam(personas) -> set[tuple[str, int]]:
    """Everywhere Sam counts: himself, his team, the leadership team his leader is a member of,
    his team's office and that office's business unit, and the organisation."""
    boston_office = personas.boston_office
    return {
        ("person", personas.seller.pk),
        ("team", personas.boston.pk),
        ("team", personas.leadership.pk),
        ("office", boston_office.pk),
        ("office", boston_office.parent_id),
        ("org", ORG_ID),
    }


def assert_same_as_recompute(step: str) -> None:
    kept_parts, kept_figures = snapshot()
    recompute()
    rebuilt_parts, rebuilt_figures = snapshot()
    assert differences(kept_parts, rebuilt_parts) == [], f"parts differ after {step}"
    assert differences(kept_figures, rebuilt_figures) == [], f"figures differ after {step}"


# -- (a) exactly the affected summaries change -----------------------------------------------------


def test_moving_a_deals_close_date_to_the_next_quarter_changes_only_that_sellers_summaries(
    personas, tmp_path
):
    assert import_deals(tmp_path, DEALS).status == "succeeded"
    before = figures()
    run = import_deals(tmp_path, changed(DEALS, "S1", close="2024-04-10"), "moved.csv")
    assert (run.status, run.updated) == ("succeeded", 1)
    after = figures()

    touched = changed_keys(before, after)
    # Only where Sam counts, and only the periods the old and the new close date fall in (the
    # year only through the sales cycle, which the later close date lengthens, and the share
    # of bookings in the last two weeks of a quarter, which the deal no longer is in).
    assert {(kind, scope_id) for kind, scope_id, *_ in touched} == scopes_of_sam(personas)
    assert {(period_kind, start) for _, _, period_kind, start, _ in touched} == {
        ("quarter", Q1),
        ("quarter", Q2),
        ("month", MARCH),
        ("month", APRIL),
        ("year", YEAR),
    }
    assert {metric for *_, period_kind, _, metric in touched if period_kind == "year"} == {
        "sales_cycle_days",
        "quarter_end_share",
    }
    for kind, scope_id in scopes_of_sam(personas):
        for start, delta in [(Q1, -30000), (Q2, +30000)]:
            key = (kind, scope_id, "quarter", start, "bookings")
            assert after[key] == pytest.approx(before[key] + delta), key
    # Sofia, Omar and the Denver team and office have exactly the rows they had.
    untouched = {
        ("person", personas.seller2.pk),
        ("person", personas.other_seller.pk),
        ("team", personas.denver.pk),
        ("office", personas.denver.office_id),
    }
    for scope in untouched:
        rows_before = {k: v for k, v in before.items() if k[:2] == scope}
        assert rows_before, scope
        assert {k: v for k, v in after.items() if k[:2] == scope} == rows_before
    assert value("person", personas.seller.pk, "quarter", Q1, "bookings") == 0
    assert value("person", personas.seller.pk, "quarter", Q2, "bookings") == 38000
    assert value("org", ORG_ID, "quarter", Q1, "bookings") == 25000


def test_reimporting_the_same_deals_changes_no_summary(personas, tmp_path):
    import_deals(tmp_path, DEALS)
    before_parts, before_figures = snapshot()
    run = import_deals(tmp_path, DEALS, "again.csv")
    assert (run.status, run.unchanged) == ("succeeded", len(DEALS))
    after_parts, after_figures = snapshot()
    assert differences(before_parts, after_parts) == []
    assert differences(before_figures, after_figures) == []


# -- (b) incremental upkeep equals a full recompute ------------------------------------------------


def test_after_every_import_in_a_sequence_the_summaries_equal_a_full_recompute(personas, tmp_path):
    deals = DEALS
    assert import_deals(tmp_path, deals, "1-created.csv").status == "succeeded"
    assert_same_as_recompute("creating the deals")

    deals = changed(deals, "S3", amount="9500.50")
    assert import_deals(tmp_path, deals, "2-amount.csv").updated == 1
    assert_same_as_recompute("changing an amount")

    deals = changed(deals, "S1", close="2024-04-10")
    assert import_deals(tmp_path, deals, "3-close-date.csv").updated == 1
    assert_same_as_recompute("changing a close date")

    # Across teams: Omar's won deal goes to Sam.
    deals = changed(deals, "O1", owner=SAM)
    assert import_deals(tmp_path, deals, "4-owner.csv").updated == 1
    assert_same_as_recompute("changing an owner")

    # A lost deal is reopened and won a quarter later, for more.
    deals = changed(deals, "O2", stage="Won", amount="7500", close="2024-07-02")
    assert import_deals(tmp_path, deals, "5-stage.csv").updated == 1
    assert_same_as_recompute("changing stage, amount and close date at once")

    import_rows(
        tmp_path,
        "activities",
        "ID,Owner,Type,Date,Status",
        [
            f"A1,{SAM},Call,2024-01-08,Done",
            f"A2,{SAM},Email,2024-01-09,Done",
            f"A3,{SAM},Meeting,2024-03-12,Done",
            f"A4,{SOFIA},Demo,2024-02-14,Done",
            f"A5,{SOFIA},Call,2024-04-03,Planned",
            f"A6,{OMAR},Meeting,2024-02-01,Done",
            f"A7,{OMAR},Other,2024-05-20,Done",
        ],
        "6-activities.csv",
    )
    assert_same_as_recompute("adding activities")

    import_rows(
        tmp_path,
        "quotas",
        "Person,Team,Period,Quota",
        [
            f"{SAM},,2024-Q1,100000",
            f"{SOFIA},,2024-Q1,50000",
            f"{OMAR},,2024-01,10000",
            f"{OMAR},,2024-02,10000",
            f"{OMAR},,2024-03,10000",
            ",Boston Enterprise,2024-Q2,200000",
        ],
        "7-quotas.csv",
    )
    assert_same_as_recompute("adding quotas")

    import_rows(
        tmp_path,
        "forecasts",
        "Person,Period,Submitted On,Commit",
        [
            f"{SAM},2024-Q1,2024-01-15,20000",
            f"{SAM},2024-Q1,2024-03-01,28000",
            f"{OMAR},2024-Q1,2024-02-01,6000",
            f"{SOFIA},2024-02,2024-02-01,10000",
        ],
        "8-forecasts.csv",
    )
    assert_same_as_recompute("adding forecasts")

    import_rows(
        tmp_path,
        "opportunity-history",
        "Opportunity ID,Date,Field,Old Value,New Value",
        ["F1,2024-02-15,Close Date,2024-02-20,2024-03-28"],
        "9-history.csv",
    )
    assert_same_as_recompute("adding close-date history")

    # A quota changed, and the team quota moved to the first quarter.
    import_rows(
        tmp_path,
        "quotas",
        "Person,Team,Period,Quota",
        [f"{SAM},,2024-Q1,120000", ",Boston Enterprise,2024-Q1,180000"],
        "10-quotas.csv",
    )
    assert_same_as_recompute("changing quotas")

    assert figures()  # the sequence left something to compare


def test_plans_and_activities_imported_before_the_deals_also_end_as_a_full_recompute(
    personas, tmp_path
):
    import_rows(
        tmp_path,
        "quotas",
        "Person,Team,Period,Quota",
        [f"{SAM},,2024-Q1,100000", ",Denver Mid-Market,2024-Q1,40000"],
        "quotas.csv",
    )
    import_rows(
        tmp_path,
        "forecasts",
        "Person,Period,Submitted On,Commit",
        [f"{SAM},2024-Q1,2024-01-15,20000"],
        "forecasts.csv",
    )
    import_rows(
        tmp_path,
        "activities",
        "ID,Owner,Type,Date,Status",
        [f"A1,{OMAR},Call,2024-03-08,Done"],
        "activities.csv",
    )
    assert_same_as_recompute("plans and activities without deals")
    import_deals(tmp_path, DEALS)
    assert_same_as_recompute("the deals after the plans")


# -- (c) a refused import and a dry run change nothing ---------------------------------------------


def test_a_refused_import_leaves_every_summary_as_it_was(personas, tmp_path):
    import_deals(tmp_path, DEALS)
    before_parts, before_figures = snapshot()
    bad = changed(DEALS, "S1", close="2024-04-10", amount="99999")
    bad = changed(bad, "O2", stage="No such stage")
    run = import_deals(tmp_path, bad, "bad.csv")
    assert run.status == "refused"
    assert [(e["line"], e["column"]) for e in run.errors] == [(9, "Stage")]
    after_parts, after_figures = snapshot()
    assert after_parts == before_parts
    assert after_figures == before_figures
    assert Opportunity.objects.get(external_id="S1").close_date == datetime.date(2024, 3, 20)


def test_a_dry_run_leaves_every_summary_as_it_was(personas, tmp_path):
    import_deals(tmp_path, DEALS)
    before_parts, before_figures = snapshot()
    run = import_deals(tmp_path, changed(DEALS, "S1", close="2024-04-10"), "dry.csv", dry_run=True)
    assert (run.status, run.updated) == ("dry_run", 1)
    after_parts, after_figures = snapshot()
    assert after_parts == before_parts
    assert after_figures == before_figures


def test_a_refused_quota_import_leaves_quota_attainment_as_it_was(personas, tmp_path):
    import_deals(tmp_path, DEALS)
    import_rows(tmp_path, "quotas", "Person,Team,Period,Quota", [f"{SAM},,2024-Q1,100000"], "q.csv")
    before = figures()
    path = write(
        tmp_path,
        f"Person,Team,Period,Quota\n{SAM},,2024-Q1,50000\n,No such team,2024-Q1,1\n",
        "bad-quotas.csv",
    )
    assert import_file(path, "quotas").status == "refused"
    assert figures() == before
    assert value("person", personas.seller.pk, "quarter", Q1, "quota_attainment") == 0.3


# -- (d) slipped and pulled-in deals ---------------------------------------------------------------


def test_a_slipped_deal_counts_in_the_quarter_it_left_and_a_pulled_in_deal_in_the_one_it_entered(
    personas, tmp_path
):
    deals = [
        Deal("A", SAM, "Proposal", "10000", "2024-01-10", "2024-03-20"),
        Deal("B", SAM, "Proposal", "20000", "2024-01-10", "2024-08-20"),
        Deal("C", SOFIA, "Proposal", "5000", "2024-01-10", "2024-03-25"),
    ]
    import_deals(tmp_path, deals, "1.csv")
    sam = personas.seller.pk
    for start in (Q1, Q2, Q3):
        assert not value("person", sam, "quarter", start, "slipped_deals")
        assert not value("person", sam, "quarter", start, "pulled_in_deals")

    # A slips from the first quarter to the second; B is pulled in from the third.
    deals = changed(deals, "A", close="2024-05-15")
    deals = changed(deals, "B", close="2024-05-20")
    import_deals(tmp_path, deals, "2.csv")
    for scope_kind, scope_id in scopes_of_sam(personas):
        assert value(scope_kind, scope_id, "quarter", Q1, "slipped_deals") == 1
        assert value(scope_kind, scope_id, "month", MARCH, "slipped_deals") == 1
        assert value(scope_kind, scope_id, "quarter", Q2, "pulled_in_deals") == 1
        assert value(scope_kind, scope_id, "month", MAY, "pulled_in_deals") == 1
        assert not value(scope_kind, scope_id, "quarter", Q2, "slipped_deals")
        assert not value(scope_kind, scope_id, "quarter", Q3, "slipped_deals")
        assert not value(scope_kind, scope_id, "quarter", Q1, "pulled_in_deals")
        assert not value(scope_kind, scope_id, "quarter", Q3, "pulled_in_deals")
        # Both moves stay inside the year.
        assert not value(scope_kind, scope_id, "year", YEAR, "slipped_deals")
        assert not value(scope_kind, scope_id, "year", YEAR, "pulled_in_deals")
    assert not value("person", personas.seller2.pk, "quarter", Q1, "slipped_deals")
    assert not value("team", personas.denver.pk, "quarter", Q1, "slipped_deals")

    # A slips again, out of the second quarter: the first still remembers its slip.
    deals = changed(deals, "A", close="2024-07-10")
    # C slips out of the first quarter and out of the year.
    deals = changed(deals, "C", close="2025-01-15")
    import_deals(tmp_path, deals, "3.csv")
    assert value("person", sam, "quarter", Q1, "slipped_deals") == 1
    assert value("person", sam, "quarter", Q2, "slipped_deals") == 1
    assert value("person", sam, "quarter", Q2, "pulled_in_deals") == 1
    assert value("team", personas.boston.pk, "quarter", Q1, "slipped_deals") == 2
    assert value("org", ORG_ID, "quarter", Q1, "slipped_deals") == 2
    assert value("person", personas.seller2.pk, "year", YEAR, "slipped_deals") == 1
    assert value("org", ORG_ID, "year", YEAR, "slipped_deals") == 1


def test_a_full_recompute_keeps_the_slip_of_a_month_in_which_nothing_else_happened(
    personas, tmp_path
):
    # The deal was the only thing in March; after it slips, March holds only the slip.
    deal = Deal("A", SAM, "Proposal", "10000", "2024-01-10", "2024-03-20")
    import_deals(tmp_path, [deal], "1.csv")
    import_deals(tmp_path, [replace(deal, close="2024-05-15")], "2.csv")
    assert value("person", personas.seller.pk, "month", MARCH, "slipped_deals") == 1
    assert_same_as_recompute("a slip out of an otherwise empty month")
    assert value("person", personas.seller.pk, "month", MARCH, "slipped_deals") == 1


# -- (e) quota attainment from imported quotas -----------------------------------------------------


def test_quota_attainment_divides_bookings_by_the_quotas_imported(personas, tmp_path):
    import_deals(tmp_path, DEALS)
    sam, sofia, omar = personas.seller.pk, personas.seller2.pk, personas.other_seller.pk
    assert value("person", sam, "quarter", Q1, "quota_attainment") is None

    import_rows(
        tmp_path,
        "quotas",
        "Person,Team,Period,Quota",
        [
            f"{SAM},,2024-Q1,100000",
            f"{SOFIA},,FY2024-Q1,50000",
            # Omar's quota is set per month: his quarter's is their sum.
            f"{OMAR},,2024-01,10000",
            f"{OMAR},,2024-02,10000",
            f"{OMAR},,2024-03,10000",
        ],
        "quotas.csv",
    )
    assert value("person", sam, "quarter", Q1, "quota") == 100000
    assert value("person", sam, "quarter", Q1, "quota_attainment") == pytest.approx(0.3)
    assert value("person", sofia, "quarter", Q1, "quota_attainment") == pytest.approx(0.4)
    assert value("person", omar, "quarter", Q1, "quota") == 30000
    assert value("person", omar, "quarter", Q1, "quota_attainment") == pytest.approx(5000 / 30000)
    assert value("person", omar, "month", datetime.date(2024, 2, 1), "quota_attainment") == (
        pytest.approx(0.5)
    )
    # The year's quota is the sum of its quarters': Sam booked 30,000 + 8,000 in 2024.
    assert value("person", sam, "year", YEAR, "quota_attainment") == pytest.approx(0.38)
    # A team without a quota of its own: its members' quotas added up.
    boston, denver = personas.boston.pk, personas.denver.pk
    assert value("team", boston, "quarter", Q1, "quota") == 150000
    assert value("team", boston, "quarter", Q1, "quota_attainment") == pytest.approx(50000 / 150000)
    assert value("team", denver, "quarter", Q1, "quota_attainment") == pytest.approx(5000 / 30000)
    assert value("org", ORG_ID, "quarter", Q1, "quota_attainment") == pytest.approx(55000 / 180000)
    # No quota for the second quarter: no attainment.
    assert value("person", sam, "quarter", Q2, "quota_attainment") is None

    # A team quota of its own replaces the sum, for the team only.
    import_rows(
        tmp_path,
        "quotas",
        "Person,Team,Period,Quota",
        [",Boston Enterprise,2024-Q1,200000"],
        "team-quota.csv",
    )
    assert value("team", boston, "quarter", Q1, "quota") == 200000
    assert value("team", boston, "quarter", Q1, "quota_attainment") == pytest.approx(0.25)
    assert value("person", sam, "quarter", Q1, "quota_attainment") == pytest.approx(0.3)
    assert value("org", ORG_ID, "quarter", Q1, "quota_attainment") == pytest.approx(55000 / 180000)

    # A later deals import moves the bookings, and attainment with them.
    import_deals(tmp_path, changed(DEALS, "S1", amount="40000"), "bigger.csv")
    assert value("person", sam, "quarter", Q1, "quota_attainment") == pytest.approx(0.4)
    assert value("team", boston, "quarter", Q1, "quota_attainment") == pytest.approx(0.3)
    assert_same_as_recompute("quotas and a later deals import")


def test_quotas_for_quarters_without_deals_show_and_survive_a_full_recompute(personas, tmp_path):
    # Only closed first-quarter deals: nothing of the team's stands in or closes later.
    import_deals(tmp_path, [d for d in DEALS if d.id in ("S1", "S2", "F1")])
    import_rows(
        tmp_path,
        "quotas",
        "Person,Team,Period,Quota",
        # A person's quota for the third quarter, the team's own for the fourth.
        [f"{SAM},,2024-Q3,30000", ",Boston Enterprise,2024-Q4,90000"],
        "quotas.csv",
    )
    sam, boston, q4 = personas.seller.pk, personas.boston.pk, datetime.date(2024, 10, 1)
    for step in ("the import", "a full recompute"):
        assert value("person", sam, "quarter", Q3, "quota") == 30000, step
        assert value("person", sam, "quarter", Q3, "quota_attainment") == 0, step
        assert value("team", boston, "quarter", Q3, "quota") == 30000, step
        assert value("team", boston, "quarter", q4, "quota") == 90000, step
        assert value("team", boston, "quarter", q4, "quota_attainment") == 0, step
        if step == "the import":
            assert_same_as_recompute("quotas for quarters without deals")


def test_a_teams_year_quota_is_the_sum_of_its_quarters_quotas(personas, tmp_path):
    import_rows(
        tmp_path,
        "quotas",
        "Person,Team,Period,Quota",
        # The team's own quota for the fourth quarter; its members' for the third.
        [f"{SAM},,2024-Q3,30000", ",Boston Enterprise,2024-Q4,90000"],
        "quotas.csv",
    )
    boston, q4 = personas.boston.pk, datetime.date(2024, 10, 1)
    assert value("team", boston, "quarter", Q3, "quota") == 30000
    assert value("team", boston, "quarter", q4, "quota") == 90000
    assert value("team", boston, "year", YEAR, "quota") == 30000 + 90000


# -- Rows that change owner, created date or activity date: their old place is refreshed too -------


def test_a_deal_handed_to_a_seller_on_another_team_moves_its_figures_with_it(personas, tmp_path):
    import_deals(tmp_path, DEALS)
    omar, sam = personas.other_seller.pk, personas.seller.pk
    denver, boston = personas.denver.pk, personas.boston.pk
    assert value("person", omar, "quarter", Q1, "bookings") == 5000
    # A partial export with only the deal that changed: Omar's won deal goes to Sam.
    run = import_deals(tmp_path, [replace(DEALS[6], owner=SAM)], "handed.csv")
    assert (run.status, run.updated) == ("succeeded", 1)
    assert value("person", omar, "quarter", Q1, "bookings") == 0
    assert value("team", denver, "quarter", Q1, "bookings") == 0
    assert value("person", sam, "quarter", Q1, "bookings") == 35000
    assert value("team", boston, "quarter", Q1, "bookings") == 55000
    assert value("org", ORG_ID, "quarter", Q1, "bookings") == 55000
    assert_same_as_recompute("handing a deal over")


def test_a_deal_handed_over_and_moved_to_another_quarter_at_once_leaves_nothing_behind(
    personas, tmp_path
):
    import_deals(tmp_path, DEALS)
    omar, sam = personas.other_seller.pk, personas.seller.pk
    # Omar's won deal goes to Sam and closes in May instead of February, in one partial export.
    run = import_deals(
        tmp_path, [replace(DEALS[6], owner=SAM, close="2024-05-10")], "handed-and-moved.csv"
    )
    assert (run.status, run.updated) == ("succeeded", 1)
    assert value("person", omar, "quarter", Q1, "bookings") == 0
    assert value("person", omar, "month", datetime.date(2024, 2, 1), "bookings") == 0
    assert value("team", personas.denver.pk, "quarter", Q1, "bookings") == 0
    assert value("person", sam, "quarter", Q2, "bookings") == 8000 + 5000
    assert value("org", ORG_ID, "quarter", Q1, "bookings") == 50000
    assert_same_as_recompute("handing a deal over and moving its close date")


def test_the_import_signal_names_where_rewritten_records_were_before_and_only_for_those(
    personas, tmp_path
):
    from django.db import connection

    from leadwell.crm.signals import import_written

    heard: list[tuple[str, str | None, list]] = []

    def listen(sender, run, previous=None, **kwargs):
        rows = []
        if previous is not None:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT DISTINCT person_id, day FROM {previous}")  # noqa: S608
                rows = sorted(cursor.fetchall(), key=repr)
        heard.append((run.kind, previous, rows))

    import_written.connect(listen)
    try:
        import_deals(tmp_path, DEALS)
        # Omar's won deal goes to Sam and closes in May instead of February.
        import_deals(tmp_path, [replace(DEALS[6], owner=SAM, close="2024-05-10")], "moved.csv")
        import_rows(tmp_path, "quotas", "Person,Team,Period,Quota", [f"{SAM},,2024-Q1,1"], "q.csv")
    finally:
        import_written.disconnect(listen)
    first, moved, quotas = heard
    assert first[2] == []  # nothing existed before: nothing was rewritten
    omar = personas.other_seller.pk
    assert [(pid, str(day)) for pid, day in moved[2]] == [
        (omar, "2024-01-05"),
        (omar, "2024-02-20"),
    ]  # his created and close dates, before the import
    assert quotas[1] is None


def test_a_corrected_created_date_moves_the_pipeline_created_to_its_new_month(personas, tmp_path):
    import_deals(tmp_path, DEALS)
    omar, january = personas.other_seller.pk, datetime.date(2024, 1, 1)
    assert value("person", omar, "month", january, "pipeline_created") == 5000
    # A partial export with only the corrected deal: created in February, not January.
    run = import_deals(tmp_path, [replace(DEALS[6], created="2024-02-03")], "created.csv")
    assert (run.status, run.updated) == ("succeeded", 1)
    assert value("person", omar, "month", datetime.date(2024, 2, 1), "pipeline_created") == 12000
    assert not value("person", omar, "month", january, "pipeline_created")
    assert_same_as_recompute("correcting a created date")


ACTIVITY_HEADER = "ID,Owner,Type,Date,Status"


def test_an_activity_moved_to_another_month_counts_only_in_its_new_month(personas, tmp_path):
    import_rows(
        tmp_path, "activities", ACTIVITY_HEADER, [f"A1,{SAM},Call,2024-01-08,Done"], "1.csv"
    )
    sam, january = personas.seller.pk, datetime.date(2024, 1, 1)
    assert value("person", sam, "month", january, "calls_per_week") == pytest.approx(7 / 31)
    import_rows(
        tmp_path, "activities", ACTIVITY_HEADER, [f"A1,{SAM},Call,2024-02-08,Done"], "2.csv"
    )
    assert value("person", sam, "month", datetime.date(2024, 2, 1), "calls_per_week") == (
        pytest.approx(7 / 29)
    )
    assert not value("person", sam, "month", january, "calls_per_week")
    assert_same_as_recompute("moving an activity to another month")


def test_an_activity_given_to_another_seller_counts_only_for_them(personas, tmp_path):
    import_rows(
        tmp_path, "activities", ACTIVITY_HEADER, [f"A1,{SAM},Call,2024-02-08,Done"], "1.csv"
    )
    sam, omar = personas.seller.pk, personas.other_seller.pk
    assert value("person", sam, "quarter", Q1, "calls_per_week") == pytest.approx(7 / 91)
    import_rows(
        tmp_path, "activities", ACTIVITY_HEADER, [f"A1,{OMAR},Call,2024-02-08,Done"], "2.csv"
    )
    assert value("person", omar, "quarter", Q1, "calls_per_week") == pytest.approx(7 / 91)
    assert not value("person", sam, "quarter", Q1, "calls_per_week")
    assert not value("team", personas.boston.pk, "quarter", Q1, "calls_per_week")
    assert_same_as_recompute("giving an activity to another seller")


# -- Amounts ---------------------------------------------------------------------------------------


def test_bookings_with_cents_are_kept_to_the_cent(personas, tmp_path):
    deals = [
        Deal("C1", SAM, "Won", "1234567.89", "2024-01-10", "2024-02-20"),
        Deal("C2", SOFIA, "Won", "2345678.91", "2024-01-10", "2024-03-20"),
    ]
    import_deals(tmp_path, deals)
    got = value("person", personas.seller.pk, "quarter", Q1, "bookings")
    assert abs(got - 1234567.89) < 0.005, got
    got = value("team", personas.boston.pk, "quarter", Q1, "bookings")
    assert abs(got - 3580246.80) < 0.005, got
