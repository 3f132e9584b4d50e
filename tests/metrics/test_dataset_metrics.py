"""The summaries of the maven-crm data set, checked against sums made from its CSV files.

The data set is imported once for the module (people, accounts, opportunities, exactly as
tests/crm/test_datasets.py does) inside a transaction that is rolled back at the end; each
test runs in a savepoint of its own. The expected values are computed here with plain Python
from the files, independently of the product's SQL: bookings and deals won are counted in the
period of the close date, win rate by count over the deals decided (won or lost), average deal
size over the deals won, sales cycle as the median of close date minus engage date (the maven
preset imports engage_date as the created date) over the deals won.
"""

import datetime
import statistics
from collections import defaultdict

import pytest
from django.db import transaction
from django.test import override_settings

from leadwell.metrics.compute import recompute
from leadwell.metrics.models import ORG_ID
from leadwell.org import selectors
from leadwell.org.models import Office, Person, Team
from tests.conftest import figure_of
from tests.crm.helpers import dataset
from tests.crm.test_datasets import MAVEN, import_maven, read_csv
from tests.metrics.helpers import differences, figures, snapshot

pytestmark = pytest.mark.django_db

METRICS = [
    "bookings",
    "deals_won",
    "win_rate",
    "avg_deal_size",
    "sales_cycle_days",
    # Also supported by the file: computed from raw won deals for every scope (not summed).
    "accounts_won",
    "new_accounts",
    "top_account_share",
    "quarter_end_share",
]
# A missing figure of an amount or a count reads as zero; a missing ratio or median is "no
# figure", expected exactly when the file has nothing to divide by.
ZERO_WHEN_MISSING = {"bookings", "deals_won", "accounts_won", "new_accounts"}
RUSH = datetime.timedelta(days=14)  # the last two weeks of a quarter


def _day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def _starts(day: datetime.date) -> dict[str, datetime.date]:
    """The month, quarter and year a day falls in, for a fiscal year starting in January."""
    return {
        "month": day.replace(day=1),
        "quarter": datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1),
        "year": datetime.date(day.year, 1, 1),
    }


def _quarter_end(day: datetime.date) -> datetime.date:
    """The first day after the quarter a day falls in."""
    start = _starts(day)["quarter"]
    if start.month == 10:
        return datetime.date(start.year + 1, 1, 1)
    return start.replace(month=start.month + 3)


def _months(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months, day = [], first.replace(day=1)
    while day <= last:
        months.append(day)
        day = datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return months


class Expected:
    """Sums of the file per (scope kind, scope name, period kind, period start)."""

    def __init__(self) -> None:
        teams = read_csv(MAVEN / "sales_teams.csv")
        self.sellers = [r["sales_agent"] for r in teams]
        self.managers = sorted({r["manager"] for r in teams})
        self.offices = sorted({r["regional_office"] for r in teams})
        line = {r["sales_agent"]: (r["manager"], r["regional_office"]) for r in teams}
        # Per (scope kind, scope name, period kind, period start): the won deals as
        # (account, amount, close date, days from engagement to close), and the lost count.
        self.won: dict[tuple, list[tuple[str, float, datetime.date, int]]] = defaultdict(list)
        self.lost_count: dict[tuple, int] = defaultdict(int)
        self.first_win: dict[str, datetime.date] = {}
        days: list[datetime.date] = []
        for row in read_csv(MAVEN / "sales_pipeline.csv"):
            days += [_day(row[c]) for c in ("engage_date", "close_date") if row[c]]
            if row["deal_stage"] not in ("Won", "Lost"):
                continue
            close = _day(row["close_date"])
            manager, office = line[row["sales_agent"]]
            scopes = [
                ("person", row["sales_agent"]),
                ("team", manager),
                ("office", office),
                ("org", None),
            ]
            if row["deal_stage"] == "Won":
                account = row["account"]
                self.first_win[account] = min(close, self.first_win.get(account, close))
                deal = (
                    account,
                    float(row["close_value"]),
                    close,
                    (close - _day(row["engage_date"])).days,
                )
            for kind, start in _starts(close).items():
                for scope in scopes:
                    key = (*scope, kind, start)
                    if row["deal_stage"] == "Won":
                        self.won[key].append(deal)
                    else:
                        self.lost_count[key] += 1
        first, last = min(days), max(days)
        months = _months(first, last)
        self.periods = {
            "month": months,
            "quarter": sorted({_starts(m)["quarter"] for m in months}),
            "year": sorted({_starts(m)["year"] for m in months}),
        }

    def won_count(self, key: tuple) -> int:
        return len(self.won.get(key, ()))

    def value(self, metric: str, key: tuple) -> float | None:
        deals = self.won.get(key, [])
        won, lost = len(deals), self.lost_count.get(key, 0)
        amount = sum(d[1] for d in deals)
        by_account: dict[str, float] = defaultdict(float)
        for account, deal_amount, _, _ in deals:
            by_account[account] += deal_amount
        if metric == "bookings":
            return amount
        if metric == "deals_won":
            return won
        if metric == "win_rate":
            return won / (won + lost) if won + lost else None
        if metric == "avg_deal_size":
            return amount / won if won else None
        if metric == "sales_cycle_days":
            return statistics.median(d[3] for d in deals) if deals else None
        if metric == "accounts_won":
            return len(by_account)
        if metric == "new_accounts":
            kind, start = key[2], key[3]
            return sum(1 for a in by_account if _starts(self.first_win[a])[kind] == start)
        if metric == "top_account_share":
            return max(by_account.values()) / amount if amount else None
        if metric == "quarter_end_share":
            rush = sum(d[1] for d in deals if d[2] >= _quarter_end(d[2]) - RUSH)
            return rush / amount if amount else None
        raise AssertionError(metric)


@pytest.fixture(scope="module")
def maven(django_db_setup, django_db_blocker):
    """The data set imported once for the module, rolled back after its last test."""
    dataset("maven-crm")
    # The expected sums use calendar quarters: the default fiscal year, starting in January.
    with (
        override_settings(FISCAL_YEAR_START_MONTH=1),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        runs = import_maven()
        assert [run.status for run in runs] == ["succeeded"] * 3
        yield Expected()
        transaction.set_rollback(True)


def _scope_ids(expected: Expected) -> dict[tuple[str, str | None], tuple[str, int]]:
    """(scope kind, name in the file) -> (scope kind, scope id) of the summaries."""
    ids: dict[tuple[str, str | None], tuple[str, int]] = {("org", None): ("org", ORG_ID)}
    for name in expected.sellers:
        ids[("person", name)] = ("person", Person.objects.get(name=name).pk)
    for name in expected.managers:
        # The people importer names a manager's team after them, led by them.
        team = Team.objects.get(name=f"{name}'s team")
        assert selectors.leader_of(team).name == name
        ids[("team", name)] = ("team", team.pk)
    for name in expected.offices:
        ids[("office", name)] = ("office", Office.objects.get(name=name).pk)
    return ids


def _figures() -> dict[tuple, float]:
    return {key: value for key, value in figures().items() if key[4] in METRICS}


def _mismatches(expected: Expected, scope_kind: str) -> tuple[list[str], int]:
    """Every (scope, period, metric) of one scope kind whose figure differs from the file."""
    ids = _scope_ids(expected)
    actual = _figures()
    wrong, checked = [], 0
    for (kind, name), (_, scope_id) in ids.items():
        if kind != scope_kind:
            continue
        for period_kind, starts in expected.periods.items():
            for start in starts:
                for metric in METRICS:
                    want = expected.value(metric, (kind, name, period_kind, start))
                    got = actual.get((kind, scope_id, period_kind, start, metric))
                    if got is None and metric in ZERO_WHEN_MISSING:
                        got = 0
                    checked += 1
                    same = got is None if want is None else got == pytest.approx(want)
                    if not same:
                        wrong.append(
                            f"{kind} {name} {period_kind} {start} {metric}: {got} != {want}"
                        )
    return wrong, checked


def test_every_sellers_figures_match_the_file_for_every_month_quarter_and_year(maven):
    wrong, checked = _mismatches(maven, "person")
    assert wrong == []
    assert checked == len(maven.sellers) * len(METRICS) * sum(map(len, maven.periods.values()))


def test_every_managers_team_figures_match_the_file_for_every_month_quarter_and_year(maven):
    wrong, checked = _mismatches(maven, "team")
    assert wrong == []
    assert checked == len(maven.managers) * len(METRICS) * sum(map(len, maven.periods.values()))


def test_every_regional_offices_figures_match_the_file_for_every_month_quarter_and_year(maven):
    wrong, checked = _mismatches(maven, "office")
    assert wrong == []
    assert checked == len(maven.offices) * len(METRICS) * sum(map(len, maven.periods.values()))


def test_the_organisations_figures_match_the_file_for_every_month_quarter_and_year(maven):
    wrong, checked = _mismatches(maven, "org")
    assert wrong == []
    assert checked == len(METRICS) * sum(map(len, maven.periods.values()))


def test_the_file_spans_the_quarters_of_2017_and_the_last_one_of_2016(maven):
    # Guards the checks above against an empty or truncated file.
    assert maven.periods["quarter"] == [
        datetime.date(2016, 10, 1),
        *(datetime.date(2017, month, 1) for month in (1, 4, 7, 10)),
    ]
    assert maven.periods["year"] == [datetime.date(2016, 1, 1), datetime.date(2017, 1, 1)]
    org_2017 = ("org", None, "year", datetime.date(2017, 1, 1))
    assert maven.won_count(org_2017) == 4238 and maven.lost_count[org_2017] == 2473
    assert maven.value("bookings", org_2017) == 10005534


def test_a_team_win_rate_is_its_won_deals_over_its_decided_deals_not_an_average_of_rates(maven):
    ids = _scope_ids(maven)
    q3 = datetime.date(2017, 7, 1)
    manager = maven.managers[0]
    team_rate = figure_of("team", ids[("team", manager)][1], "quarter", q3, "win_rate")
    won = lost = 0
    for seller in Person.objects.filter(
        memberships__team_id=ids[("team", manager)][1], memberships__role="member"
    ):
        key = ("person", seller.name, "quarter", q3)
        won, lost = won + maven.won_count(key), lost + maven.lost_count.get(key, 0)
    assert won + lost > 0
    assert team_rate == pytest.approx(won / (won + lost))


def test_no_figure_of_these_metrics_exists_that_the_file_does_not_account_for(maven):
    names = {ids: key for key, ids in _scope_ids(maven).items()}
    wrong = []
    for (kind, scope_id, period_kind, start, metric), got in _figures().items():
        scope = names.get((kind, scope_id))
        if scope is None:
            # Managers have no deals of their own: nothing but zeros may be shown for them.
            person = Person.objects.get(pk=scope_id) if kind == "person" else None
            if person is None or person.name not in maven.managers or got not in (0, None):
                wrong.append(f"unexpected figure {kind} {scope_id} {start} {metric}={got}")
            continue
        want = maven.value(metric, (*scope, period_kind, start))
        if want is None or got != pytest.approx(want):
            wrong.append(f"{scope} {period_kind} {start} {metric}: {got} != {want}")
    assert wrong == []


def test_recomputing_the_data_set_from_scratch_gives_the_summaries_the_imports_kept(maven):
    kept_parts, kept_figures = snapshot()
    assert kept_figures
    recompute()
    rebuilt_parts, rebuilt_figures = snapshot()
    assert differences(kept_parts, rebuilt_parts) == []
    assert differences(kept_figures, rebuilt_figures) == []


def test_the_organisations_totals_are_the_sum_of_its_drill_down_rows_every_office_listed(maven):
    from leadwell.identity.models import User
    from leadwell.lib.periods import period_of
    from leadwell.metrics import selectors as metrics
    from leadwell.metrics.models import Scope

    # The imported offices are no director's to open, yet the organisation lists them all.
    viewer = User.objects.create_user(email="someone@example.com", password="-")
    for period_kind, starts in maven.periods.items():
        for start in starts:
            period = period_of(start, period_kind)
            rows = [r for r in metrics.drill_down_rows(viewer, None, period) if r.in_sum]
            assert [str(r.group) for r in rows if r.kind == "office"] == maven.offices
            org = metrics.group_cards(Scope.ORG, [None], period)[0]
            for metric in ("bookings", "deals_won", "deals_decided"):
                total = sum(r.card.value(metric) or 0 for r in rows)
                assert total == pytest.approx(org.value(metric) or 0), (period, metric)
