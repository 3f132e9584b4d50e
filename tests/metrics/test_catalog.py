"""The metric catalog holds together: identifiers, descriptions, parts, formulas and the
diagnostic map agree with each other and with the summary tables."""

import re

import pytest
from django.db import connection, models

from leadwell.metrics import catalog
from leadwell.metrics.diagnostics import DEFAULT_MAP
from leadwell.metrics.models import Diagnosis, Parts

SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
# Metrics that take no target cannot show a gap, so have no root causes to suggest.
NOT_DIAGNOSED = {"quota", "coverage_needed", "deals_decided"}


def test_every_metric_identifier_is_unique_snake_case():
    keys = [m.key for m in catalog.METRICS]
    assert len(keys) == len(set(keys))
    assert [k for k in keys if not SNAKE_CASE.match(k)] == []
    assert all(len(k) <= Diagnosis._meta.get_field("metric").max_length for k in keys)


def test_every_part_identifier_is_unique_snake_case():
    assert len(catalog.PART_KEYS) == len(set(catalog.PART_KEYS))
    assert [k for k in catalog.PART_KEYS if not SNAKE_CASE.match(k)] == []


@pytest.mark.parametrize("metric", catalog.METRICS, ids=lambda m: m.key)
def test_every_metric_has_a_name_a_definition_a_unit_and_a_direction(metric):
    assert metric.name.strip() and metric.name == " ".join(metric.name.split())
    assert metric.definition.strip().endswith(".")
    assert isinstance(metric.unit, catalog.Unit)
    assert isinstance(metric.direction, catalog.Direction)
    assert isinstance(metric.group, catalog.Group)
    assert metric.period_kinds and set(metric.period_kinds) <= {"month", "quarter", "year"}


def test_metric_names_are_unique():
    names = [m.name for m in catalog.METRICS]
    assert len(names) == len(set(names))


def test_the_parts_models_number_columns_are_exactly_the_catalog_parts_in_order():
    floats = [f.name for f in Parts._meta.concrete_fields if isinstance(f, models.FloatField)]
    assert floats == catalog.PART_KEYS
    assert all(Parts._meta.get_field(key).null for key in catalog.PART_KEYS)


@pytest.mark.parametrize("metric", catalog.METRICS, ids=lambda m: m.key)
def test_every_formula_names_only_known_parts_or_weeks(metric):
    names = catalog.names_in(metric.formula)
    assert names, metric.formula
    assert names - set(catalog.PART_KEYS) - {"weeks"} == set()


@pytest.mark.django_db
def test_every_formula_is_valid_sql_over_a_parts_row_on_this_database():
    with connection.cursor() as cursor:
        for metric in catalog.METRICS:
            bound = catalog.bind(metric.formula, row="x", weeks="p.weeks")
            cursor.execute(
                # The formulas are the catalog's own constants.
                f"SELECT {bound} FROM {Parts._meta.db_table} x "  # noqa: S608
                "CROSS JOIN (SELECT 1.0 AS weeks) p"
            )
            assert cursor.fetchall() == []


def test_binding_a_formula_counts_a_missing_count_as_zero_and_a_missing_plan_as_missing():
    bound = catalog.bind(
        "(1.0 * won_amount) / NULLIF(quota, 0) + calls / weeks", row="r", weeks="7"
    )
    assert (
        bound == "(1.0 * COALESCE(r.won_amount, 0)) / NULLIF(r.quota, 0) + COALESCE(r.calls, 0) / 7"
    )
    assert [p.key for p in catalog.parts_in("won_amount + quota * weeks")] == [
        "won_amount",
        "quota",
    ]


def test_only_parts_computed_exactly_for_every_group_can_be_impossible_to_combine_across_months():
    not_combinable = {p.key for p in catalog.PARTS if p.combine == catalog.Combine.NONE}
    assert not_combinable == {
        "median_cycle_days",
        "accounts_won",
        "segments_won",
        "top_account_amount",
    }
    assert all(catalog.PARTS_BY_KEY[key].exact for key in not_combinable)
    assert {p.key for p in catalog.PARTS if p.submitted_per} == {
        "forecast_commit",
        "forecast_people",
        "forecast_won",
    }


def test_every_metric_that_can_show_a_gap_has_root_causes_in_the_default_diagnostic_map():
    keys = {m.key for m in catalog.METRICS}
    missing = sorted(keys - set(DEFAULT_MAP) - NOT_DIAGNOSED)
    assert missing == []
    # The ones left out take no target, so they never show a gap; if one becomes targetable it
    # needs causes in the map.
    assert all(not catalog.get(key).targetable for key in NOT_DIAGNOSED)
    assert NOT_DIAGNOSED.isdisjoint(DEFAULT_MAP)
    assert all(DEFAULT_MAP[key] for key in keys & set(DEFAULT_MAP))


def test_the_diagnostic_map_names_only_catalog_metrics_and_each_cause_once():
    assert set(DEFAULT_MAP) - {m.key for m in catalog.METRICS} == set()
    for metric, causes in DEFAULT_MAP.items():
        names = [cause for cause, _ in causes]
        assert len(names) == len(set(names)), metric
        assert all(explanation.strip() for _, explanation in causes), metric
        assert all(len(c) <= Diagnosis._meta.get_field("cause").max_length for c in names), metric


@pytest.mark.django_db
def test_the_diagnosis_table_starts_as_the_default_map():
    seeded = {(d.metric, d.cause, d.explanation) for d in Diagnosis.objects.all()}
    assert seeded == {
        (metric, cause, explanation)
        for metric, causes in DEFAULT_MAP.items()
        for cause, explanation in causes
    }


def rollup_from_formula(metric: catalog.Metric) -> catalog.Rollup:
    """How compute.py rolls a metric up, read off its formula: the quota alone is the team's own
    or the sum; a formula on an exact part (other than the team's quota) is computed again for
    each group; one additive part (per week, the same weeks for everyone) adds up; anything
    else is a ratio recomputed over the group's summed parts."""
    parts = catalog.parts_in(metric.formula)
    if metric.formula == catalog.QUOTA:
        return catalog.Rollup.OWN_OR_SUM
    if any(p.exact and p.key != "team_quota" for p in parts):
        return catalog.Rollup.RECOUNTED
    single = len(parts) == 1 and metric.formula.strip() in (
        parts[0].key,
        catalog.ratio(parts[0].key, "weeks"),
    )
    # Additive parts added together (deals won + deals lost) add up too.
    added = [term.strip() for term in metric.formula.split("+")]
    summed = len(parts) > 1 and sorted(added) == sorted(p.key for p in parts)
    return catalog.Rollup.SUM if single or summed else catalog.Rollup.RATIO


@pytest.mark.parametrize("metric", catalog.METRICS, ids=lambda m: m.key)
def test_every_metric_declares_the_roll_up_its_formula_gets_for_teams_and_offices(metric):
    assert metric.rollup == rollup_from_formula(metric)
    assert metric.rollup_words and metric.unit_words and metric.direction_words


@pytest.mark.parametrize(
    ("key", "gap", "words"),
    [
        ("bookings", 5_000, "short by 5,000"),
        ("win_rate", 0.05, "short by 5.0 pp"),
        ("sales_cycle_days", 100, "100 days too long"),
        ("quarter_end_share", 0.03, "3.0 pp too high"),
        ("forecast_bias", 0.139, "13.9 pp off"),
    ],
)
def test_a_gap_reads_the_way_its_metric_is_better(key, gap, words):
    from leadwell.metrics.formatting import gap_words

    assert gap_words(catalog.BY_KEY[key], gap) == words
