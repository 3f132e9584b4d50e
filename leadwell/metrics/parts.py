"""The SQL that sums raw CRM rows into summary parts: per person from opportunities, activities,
close-date changes, forecasts and quotas; per team, office and organisation from the people's
parts (additive) or from raw won deals (exact)."""

import datetime
import functools
from collections import defaultdict
from collections.abc import Sequence

from django.db import connection

from leadwell.lib.dbsql import create_temporary, date_from_text, load
from leadwell.lib.periods import Period, PeriodKind, fiscal_start_month, period_of
from leadwell.metrics import catalog
from leadwell.metrics.models import CalendarDay
from leadwell.metrics.months import (
    ACTIVITIES,
    CLOSED,
    CREATED,
    MONTH_PERIODS,
    TOUCHED,
    create_buckets,
)
from leadwell.metrics.scoping import reporting_lines, team_counted_for
from leadwell.metrics.tables import (
    ATTRIBUTION,
    DIRTY,
    PERIODS,
    ROWS,
    SCOPES,
    dirty_join,
    insert_rows,
)

ADDITIVE = [p.key for p in catalog.PARTS if not p.exact]

# Every figure adds up deals' amounts in the organisation's reporting currency
# (`amount_in_reporting_currency`), never their own amounts: currencies are never added
# together. A deal no rate converts counts in no amount.


def person_parts(cursor, *, full: bool) -> None:
    calendar = CalendarDay._meta.db_table
    head = "SELECT 'person', {person}, c.period_kind, c.period_start"
    group = " GROUP BY {person}, c.period_kind, c.period_start"

    def select(person: str, body: str, columns: str) -> str:
        dirty = "" if full else dirty_join(person)
        return (
            head.format(person=person)
            + f", {columns} {body.format(calendar=calendar, dirty=dirty)}"
            + group.format(person=person)
        )

    # Deals and activities: their sums per person and month (`months.py`), added up into each
    # month, quarter and year holding the month.
    def rolled_up(table: str, parts: list[str], where: str = "") -> None:
        dirty = "" if full else dirty_join("x.owner_id", "mp")
        sums = ", ".join(f"SUM(x.{part})" for part in parts)
        insert_rows(
            cursor,
            parts,
            f"SELECT 'person', x.owner_id, mp.period_kind, mp.period_start, {sums} "
            f"FROM {table} x JOIN {MONTH_PERIODS} mp ON mp.month = x.month {dirty} {where} "
            "GROUP BY x.owner_id, mp.period_kind, mp.period_start",
        )

    rolled_up(
        CLOSED,
        [
            "won_amount",
            "won_count",
            "lost_amount",
            "lost_count",
            "open_amount",
            "open_count",
            "weighted_amount",
            "rush_won_amount",
        ],
    )
    rolled_up(CREATED, ["created_amount", "created_count"])
    # A month of planned activities only is no month with activities.
    rolled_up(
        ACTIVITIES,
        ["activities", "calls", "emails", "meetings", "demos"],
        "WHERE x.activities > 0",
    )
    old, new = date_from_text("ch.old_value"), date_from_text("ch.new_value")
    changes = (
        "FROM crm_opportunitychange ch JOIN crm_opportunity o ON o.id = ch.opportunity_id "
        "JOIN {calendar} c ON c.day = %s {dirty} "
        "WHERE ch.field = 'close_date' AND %s >= c.period_end"
    )
    insert_rows(
        cursor,
        ["slipped_count"],
        select("o.owner_id", changes % (old, new), "COUNT(DISTINCT o.id)"),
    )
    insert_rows(
        cursor,
        ["pulled_in_count"],
        select("o.owner_id", changes % (new, old), "COUNT(DISTINCT o.id)"),
    )
    # The forecast that counts for a period is the last one with a commit figure submitted for
    # it (the latest submission day; weekly snapshots replace the earlier ones). A submission
    # without a commit (best case or pipeline only) is no commit forecast: it never counts as a
    # commit of zero. Beside it, the person's bookings in the period, so that a group compares
    # its forecasters' commits with its forecasters' bookings only.
    commit = f"f.{connection.ops.quote_name('commit')}"
    latest_commit = f"g.{connection.ops.quote_name('commit')}"
    dirty = (
        ""
        if full
        else f"JOIN {DIRTY} d ON d.person_id = f.person_id AND d.period_kind = f.period_kind "
        "AND d.period_start = f.period_start"
    )
    # The bookings are the person's won amount of the period, summed above into ROWS (for the
    # same person-periods: all of them, or the dirty ones).
    insert_rows(
        cursor,
        ["forecast_commit", "forecast_people", "forecast_won"],
        f"SELECT 'person', f.person_id, f.period_kind, f.period_start, {commit}, 1, "
        "COALESCE(w.won, 0) "
        "FROM crm_forecastsubmission f JOIN ("
        "  SELECT g.person_id, g.period_kind, g.period_start, MAX(g.submitted_on) AS latest"
        f"  FROM crm_forecastsubmission g WHERE {latest_commit} IS NOT NULL"
        "  GROUP BY g.person_id, g.period_kind, g.period_start"
        ") l ON l.person_id = f.person_id AND l.period_kind = f.period_kind "
        "AND l.period_start = f.period_start AND l.latest = f.submitted_on "
        f"{dirty} LEFT JOIN ("
        "  SELECT scope_id, period_kind, period_start, SUM(won_amount) AS won"
        f"  FROM {ROWS} WHERE scope_kind = 'person' AND won_amount IS NOT NULL"
        "  GROUP BY scope_id, period_kind, period_start"
        ") w ON w.scope_id = f.person_id AND w.period_kind = f.period_kind "
        f"AND w.period_start = f.period_start WHERE {commit} IS NOT NULL",
    )
    # The pipeline standing at the end of each quarter, and the part closing two or more
    # quarters after it, from the dirty people's opportunities bucketed by quarter (a full
    # recompute's are every opportunity's, bucketed already to mark the standing quarters).
    buckets = TOUCHED
    if not full:
        buckets = "lw_buckets"
        owners = "SELECT DISTINCT person_id FROM " + DIRTY
        create_buckets(
            cursor, buckets, f"SELECT id FROM crm_opportunity WHERE owner_id IN ({owners})"
        )
    dirty = "" if full else dirty_join("b.owner_id", "p")
    insert_rows(
        cursor,
        ["standing_amount", "horizon_amount"],
        "SELECT 'person', b.owner_id, p.period_kind, p.period_start, SUM(b.amount), "
        "SUM(CASE WHEN b.close_q >= p.horizon_from THEN b.amount ELSE 0 END) "
        f"FROM {PERIODS} p JOIN {buckets} b ON b.created_q < p.period_end "
        "AND (b.is_open = 1 OR b.close_q >= p.period_end) "
        f"{dirty} WHERE p.period_kind = 'quarter' "
        "GROUP BY b.owner_id, p.period_kind, p.period_start",
    )


def quota_parts(cursor, periods: Sequence[Period]) -> None:
    """Quotas per person and per team. A person's: the quota set for the period itself, else
    the sum of the quotas of the shorter periods inside it (months in a quarter, quarters in a
    year). A team's own quota overrides its members' sum for the period it is set for, so a
    longer period adds up, part by part, the team's own quota where set and the members'
    sum elsewhere."""
    from leadwell.crm.models import Quota

    wanted = {(p.kind.value, p.start) for p in periods}
    people: dict[int, dict[tuple[str, datetime.date], float]] = defaultdict(dict)
    teams: dict[int, dict[tuple[str, datetime.date], float]] = defaultdict(dict)
    for person_id, team_id, kind, start, amount in Quota.objects.values_list(
        "person_id", "team_id", "period_kind", "period_start", "amount"
    ):
        (people[person_id] if person_id else teams[team_id])[(kind, start)] = float(amount)
    rows = []
    periods_wanted = [(kind, start, period_of(start, kind)) for kind, start in wanted]
    for person_id, quotas in people.items():
        for kind, start, period in periods_wanted:
            value = quota_for(quotas, period)
            if value is not None:
                rows.append(("person", person_id, kind, start, value))
    if rows:
        load_rows(cursor, "quota", rows)
    if not teams:
        return
    lines = reporting_lines()

    def members_quota(team_id: int, period: Period) -> float:
        total = 0.0
        for person_id, quotas in people.items():
            if team_counted_for(lines.get(person_id, ()), period) == team_id:
                total += quota_for(quotas, period) or 0.0
        return total

    def team_quota(team_id: int, period: Period) -> float | None:
        own = teams[team_id].get((period.kind.value, period.start))
        if own is not None or period.kind == PeriodKind.MONTH:
            return own
        inner = _inner_periods(period)
        values = [team_quota(team_id, sub) for sub in inner]
        if all(v is None for v in values):
            return None  # no quota of the team's own inside: its members' sum applies
        return sum(
            v if v is not None else members_quota(team_id, sub)
            for v, sub in zip(values, inner, strict=True)
        )

    team_rows = []
    for team_id in teams:
        for kind, start in wanted:
            value = team_quota(team_id, period_of(start, kind))
            if value is not None:
                team_rows.append(("team", team_id, kind, start, value))
    if team_rows:
        load_rows(cursor, "team_quota", team_rows)


def _inner_periods(period: Period) -> tuple[Period, ...]:
    """The months of a quarter, or the quarters of a year."""
    return _inner_in_year(period, fiscal_start_month())


@functools.lru_cache(maxsize=1024)
def _inner_in_year(period: Period, fiscal_month: int) -> tuple[Period, ...]:
    # Asked for every person and period a quota is summed for: worked out once per period (and
    # fiscal year start, which the periods depend on).
    shorter = PeriodKind.MONTH if period.kind == PeriodKind.QUARTER else PeriodKind.QUARTER
    found = []
    inner = period_of(period.start, shorter)
    while inner.start < period.end:
        found.append(inner)
        inner = inner.next()
    return tuple(found)


def load_rows(cursor, column: str, rows: Sequence[tuple]) -> None:
    """Rows of one part for scopes that are being rewritten."""
    create_temporary(
        cursor,
        "lw_loaded",
        [
            ("scope_kind", "varchar(10)"),
            ("scope_id", "integer"),
            ("period_kind", "varchar(10)"),
            ("period_start", "date"),
            ("value", "real"),
        ],
    )
    load(
        cursor,
        "lw_loaded",
        ["scope_kind", "scope_id", "period_kind", "period_start", "value"],
        rows,
        as_text=["period_start"],
    )
    insert_rows(
        cursor,
        [column],
        "SELECT l.scope_kind, l.scope_id, l.period_kind, l.period_start, l.value "
        f"FROM lw_loaded l JOIN {SCOPES} s ON s.scope_kind = l.scope_kind "
        "AND s.scope_id = l.scope_id AND s.period_kind = l.period_kind "
        "AND s.period_start = l.period_start",
    )


def quota_for(quotas: dict[tuple[str, datetime.date], float], period: Period) -> float | None:
    own = quotas.get((period.kind.value, period.start))
    if own is not None or period.kind == PeriodKind.MONTH:
        return own
    values = [quota_for(quotas, inner) for inner in _inner_periods(period)]
    found = [v for v in values if v is not None]
    return sum(found) if found else None


def group_parts(cursor, *, full: bool) -> None:
    """The additive parts of teams, offices and the organisation: sums of their people's (of
    the scopes being rewritten; a full recompute rewrites every one)."""
    sums = ", ".join(f"SUM(p.{key})" for key in ADDITIVE)
    rewritten = (
        ""
        if full
        else f"JOIN {SCOPES} s ON s.scope_kind = a.scope_kind AND s.scope_id = a.scope_id "
        "AND s.period_kind = a.period_kind AND s.period_start = a.period_start "
    )
    insert_rows(
        cursor,
        ADDITIVE,
        f"SELECT a.scope_kind, a.scope_id, a.period_kind, a.period_start, {sums} "
        f"FROM metrics_parts p JOIN {ATTRIBUTION} a ON a.person_id = p.scope_id "
        "AND a.period_kind = p.period_kind AND a.period_start = p.period_start "
        f"{rewritten}"
        "WHERE p.scope_kind = 'person' AND a.scope_kind <> 'person' "
        "GROUP BY a.scope_kind, a.scope_id, a.period_kind, a.period_start",
    )
