"""Scorecards and gap analyses as data: JSON records, long tables, CSV and XLSX (what the CLI and
the web pages' downloads use)."""

import csv
import io

import pytest
from openpyxl import load_workbook

from leadwell.lib.periods import parse_period
from leadwell.metrics import catalog, exports
from leadwell.metrics.gaps import analyse
from leadwell.metrics.models import Scope
from leadwell.metrics.selectors import group_cards, person_cards
from tests.metrics_cli.conftest import PERIOD, PERIOD_NAME

EVIL = [
    '=HYPERLINK("http://evil.example","click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    # Full-width signs, which spreadsheets with East Asian input settings read as formulas.
    '\uff1dHYPERLINK("http://evil.example")',
    "\uff0b1+1",
    "\uff0d1+1",
    "\uff20SUM(A1:A2)",
]


def read_xlsx(data: bytes):
    return load_workbook(io.BytesIO(data)).active


@pytest.fixture
def cards(quarter):
    period = parse_period(PERIOD)
    team = group_cards(Scope.TEAM, [quarter.personas.boston], period)
    return team + person_cards([quarter.seller, quarter.seller2], period)


def test_card_record_keeps_its_shape(cards):
    record = exports.card_record(cards[1])
    assert set(record) == {
        "who",
        "period",
        "period_label",
        "period_start",
        "period_end",
        "currency",
        "in_progress",
        "elapsed_share",
        "pace_share",
        "pace_method",
        "metrics",
    }
    assert record["in_progress"] is False and record["pace_method"] is None
    assert record["currency"] == "USD"
    assert record["who"]["kind"] == "person" and record["period"] == PERIOD_NAME
    assert record["period_label"] == "Q2 FY2024 (1 Apr \u2013 30 Jun 2024)"
    assert (record["period_start"], record["period_end"]) == ("2024-04-01", "2024-07-01")
    assert list(record["metrics"]) == [line.metric.key for line in cards[1].lines]
    assert set(record["metrics"]["bookings"]) == {
        "value",
        "target",
        "target_source",
        "gap",
        "unit",
        "note",
        "paced",
        "full_target",
    }


def test_scorecard_table_has_a_row_per_card_and_metric(cards):
    header, rows = exports.scorecard_table(cards)
    assert header[:7] == ["kind", "id", "name", "email", "period", "metric", "metric_name"]
    assert {"value", "target", "gap", "unit"} <= set(header)
    assert len(rows) == sum(len(card.lines) for card in cards)
    assert all(len(row) == len(header) for row in rows)
    keyed = {(row[0], row[2], row[5]): dict(zip(header, row, strict=True)) for row in rows}
    sam = keyed[("person", "Sam Ortiz", "win_rate")]
    assert sam["value"] == pytest.approx(2 / 3) and sam["target"] == 0.9
    assert sam["gap"] == pytest.approx(0.9 - 2 / 3) and sam["unit"] == "percent"
    assert sam["metric_name"] == "Win rate" and sam["email"] == "sam.ortiz@example.com"
    team = keyed[("team", "Boston Enterprise", "bookings")]
    assert team["value"] == 65_000 and team["email"] == ""


def test_csv_neutralises_every_formula_like_text_cell_and_keeps_numbers():
    header = ["name", "note", "amount", "empty"]
    rows = [[text, "plain", -5.5, None] for text in EVIL]
    parsed = list(csv.reader(io.StringIO(exports.to_csv(header, rows))))
    assert parsed[0] == header
    for text, row in zip(EVIL, parsed[1:], strict=True):
        assert row == ["'" + text, "plain", "-5.5", ""]


def test_csv_header_cells_are_neutralised_too():
    parsed = list(csv.reader(io.StringIO(exports.to_csv(["=cmd"], []))))
    assert parsed == [["'=cmd"]]


def test_xlsx_opens_with_neutralised_text_and_numbers_formatted_by_unit(cards):
    header, rows = exports.scorecard_table(cards)
    who = ["person", 99, EVIL[0], "x@example.com", PERIOD_NAME]
    rows.append([*who, "bookings", "Bookings", 1.0, None, None, "money", ""])
    sheet = read_xlsx(exports.to_xlsx(header, rows, f"Scorecards {PERIOD_NAME}"))
    assert sheet.title == f"Scorecards {PERIOD_NAME}"
    assert [c.value for c in sheet[1]] == header
    assert sheet.freeze_panes == "A2"
    values = list(sheet.iter_rows(min_row=2))
    assert len(values) == len(rows)
    evil = values[-1][2]
    assert evil.value == "'" + EVIL[0] and evil.data_type == "s"  # text, not a formula
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)
    by_key = {(row[2].value, row[5].value): row for row in values}
    value_at = header.index("value")
    win_rate = by_key[("Sam Ortiz", "win_rate")][value_at]
    assert win_rate.value == pytest.approx(2 / 3) and win_rate.number_format == "0.0%"
    bookings = by_key[("Sam Ortiz", "bookings")][value_at]
    assert bookings.value == 35_000 and bookings.number_format == "#,##0"
    assert by_key[("Sam Ortiz", "slipped_deals")][header.index("gap")].value is None


def test_xlsx_survives_control_characters_and_an_unusable_title():
    data = exports.to_xlsx(["name"], [["Bad\x00na\x07me"], ["@x"]], "Gaps: a/b [x] * ? " * 3)
    sheet = read_xlsx(data)
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == ["Badname", "'@x"]
    assert len(sheet.title) <= 31 and not set(sheet.title) & set("[]:*?/\\")
    assert read_xlsx(exports.to_xlsx(["a"], [], "")).title == "Sheet"


def test_gaps_table_has_rows_for_gaps_with_causes_and_for_drivers(quarter):
    period = parse_period(PERIOD)
    analyses = [analyse(quarter.seller, period), analyse(quarter.seller2, period)]
    header, rows = exports.gaps_table(analyses)
    table = [dict(zip(header, row, strict=True)) for row in rows]
    assert {r["name"] for r in table} == {"Sam Ortiz"}  # Sofia has no target to miss
    win_rate = next(r for r in table if r["item"] == "gap" and r["key"] == "win_rate")
    assert win_rate["label"] == "Win rate" and win_rate["target"] == 0.9
    assert win_rate["gap"] == pytest.approx(0.9 - 2 / 3)
    assert "Qualification" in win_rate["causes"].split("; ")
    drivers = [r for r in table if r["item"] == "driver"]
    assert drivers and all(r["gap"] is None and r["unit"] for r in drivers)
    assert sum(r["amount"] for r in drivers) == pytest.approx(analyses[0].bookings_gap)
    sheet = read_xlsx(exports.to_xlsx(header, rows, f"Gaps {PERIOD_NAME}"))
    assert sheet.max_row == len(rows) + 1


def test_analysis_record_matches_the_analysis(quarter):
    analysis = analyse(quarter.seller, parse_period(PERIOD))
    record = exports.analysis_record(analysis)
    assert record["who"]["id"] == quarter.seller.pk
    assert record["bookings_gap"] == -65_000
    assert [g["metric"] for g in record["gaps"]] == [g.metric.key for g in analysis.gaps]
    assert record["main_driver"] == analysis.main_driver.key
    assert {d["unit"] for d in record["drivers"]} <= {u.value for u in catalog.Unit}


def test_the_scorecard_tables_unit_column_names_the_currency_of_money_metrics(cards):
    header, rows = exports.scorecard_table(cards)
    units = {row[5]: row[header.index("unit")] for row in rows}
    assert units["bookings"] == units["open_pipeline"] == "USD"
    assert units["win_rate"] == "percent"  # other units keep their names
    parsed = list(csv.DictReader(io.StringIO(exports.to_csv(header, rows))))
    assert {row["unit"] for row in parsed if row["metric"] == "bookings"} == {"USD"}


def test_the_unit_column_follows_the_reporting_currency(cards, settings):
    settings.LEADWELL_CURRENCY = "EUR"
    header, rows = exports.scorecard_table(cards)
    assert {row[header.index("unit")] for row in rows if row[5] == "bookings"} == {"EUR"}
    sheet = read_xlsx(exports.to_xlsx(header, rows, "Scorecards"))
    value_at = header.index("value")
    bookings = [r[value_at] for r in sheet.iter_rows(min_row=2) if r[5].value == "bookings"]
    assert all(cell.number_format == "#,##0" for cell in bookings if cell.value is not None)


def test_the_gaps_tables_money_drivers_name_the_currency_and_the_record_says_it(quarter):
    analysis = analyse(quarter.seller, parse_period(PERIOD))
    header, rows = exports.gaps_table([analysis])
    deal_size = next(r for r in rows if r[5] == "driver" and r[6] == "deal_size")
    assert deal_size[header.index("unit")] == "USD"
    record = exports.analysis_record(analysis)
    assert record["currency"] == "USD"
    assert {d["unit"] for d in record["drivers"] if d["key"] == "deal_size"} == {"money"}
