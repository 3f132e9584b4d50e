"""`leadwell scorecard`, `leadwell gaps` and `leadwell recompute`, run in-process on the test
database with click's CliRunner."""

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from leadwell.metrics import catalog
from leadwell.metrics.figures import figure_rows
from leadwell.metrics.models import Parts, Scope
from leadwell.metrics.selectors import current_period
from leadwell.org import services
from leadwell.org.models import Person
from tests.conftest import deal, figure_of
from tests.metrics_cli.conftest import CREATED, PERIOD, PERIOD_NAME, Q2


def records(result) -> list[dict]:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def by_name(items: list[dict]) -> dict[str, dict]:
    return {item["who"]["name"]: item for item in items}


# -- scorecard ------------------------------------------------------------------------------------


def test_json_scorecard_holds_the_figures(quarter, cli):
    [card] = records(
        cli("scorecard", "--period", PERIOD, "--person", str(quarter.seller.pk), "--format", "json")
    )
    assert card["who"] == {
        "kind": "person",
        "id": quarter.seller.pk,
        "name": "Sam Ortiz",
        "email": "sam.ortiz@example.com",
    }
    assert card["period"] == PERIOD_NAME
    metrics = card["metrics"]
    # Won deals closing in the quarter only: not the lost one, the open one or next quarter's.
    assert metrics["bookings"]["value"] == 10_000 + 25_000
    assert metrics["bookings"]["unit"] == "money"
    assert metrics["bookings"]["target"] == 100_000
    assert metrics["bookings"]["target_source"] == "quota"
    assert metrics["bookings"]["gap"] == 65_000
    assert metrics["deals_won"]["value"] == 2
    assert metrics["quota"]["value"] == 100_000
    assert metrics["quota_attainment"]["value"] == pytest.approx(0.35)
    assert metrics["open_pipeline"]["value"] == 40_000
    win_rate = metrics["win_rate"]
    assert win_rate["value"] == pytest.approx(2 / 3)
    assert win_rate["target"] == 0.9
    assert win_rate["target_source"] == "personal target"
    assert win_rate["gap"] == pytest.approx(0.9 - 2 / 3)
    assert win_rate["unit"] == "percent"
    # Every metric with a figure shows exactly that figure.
    (row,) = figure_rows(Scope.PERSON, "quarter", scope_ids=[quarter.seller.pk], period_starts=[Q2])
    stored = row.values
    # Except a look ahead, which reads "period over" once the quarter has ended: open deals
    # still dated in it are stale, not cover for it.
    assert metrics["pipeline_coverage"]["value"] is None
    looks_ahead = {m.key for m in catalog.METRICS if m.looks_ahead}
    shown = {key: m["value"] for key, m in metrics.items() if m["value"] is not None}
    assert shown == {key: value for key, value in stored.items() if key not in looks_ahead}


def test_without_person_or_team_everyone_with_figures_in_the_period_gets_a_card(quarter, cli):
    cards = records(cli("scorecard", "--period", PERIOD, "--format", "json"))
    # Alphabetical; the leaders, the director and the administrator have no figures.
    assert [c["who"]["name"] for c in cards] == ["Omar Reyes", "Sam Ortiz", "Sofia Berg"]
    assert by_name(cards)["Sofia Berg"]["metrics"]["bookings"]["value"] == 30_000


@pytest.mark.parametrize(
    "lookup",
    [
        lambda p: str(p.pk),
        lambda p: p.email.upper(),
        lambda p: "  sam   ORTIZ ",
    ],
    ids=["id", "email", "name"],
)
def test_a_person_is_found_by_id_email_or_name(quarter, cli, lookup):
    cards = records(
        cli(
            "scorecard",
            "--period",
            PERIOD,
            "--person",
            lookup(quarter.seller),
            "--format",
            "json",
        )
    )
    assert [c["who"]["id"] for c in cards] == [quarter.seller.pk]


def test_several_people_can_be_asked_for(quarter, cli):
    cards = records(
        cli(
            "scorecard",
            "--period",
            PERIOD,
            "--person",
            "Sofia Berg",
            "--person",
            "sam.ortiz@example.com",
            "--format",
            "json",
        )
    )
    assert [c["who"]["name"] for c in cards] == ["Sofia Berg", "Sam Ortiz"]


@pytest.mark.parametrize(
    ("person", "message"),
    [
        ("Nobody Here", "no person is called 'Nobody Here'"),
        ("nobody@example.com", "no person has the e-mail nobody@example.com"),
        ("999999", "no person has the id 999999"),
    ],
)
def test_an_unknown_person_is_a_usage_error_that_says_so(quarter, cli, person, message):
    result = cli("scorecard", "--period", PERIOD, "--person", person)
    assert result.exit_code == 2
    assert "--person" in result.stderr and message in result.stderr
    assert result.stdout == ""


def test_an_unknown_name_suggests_people_with_a_similar_one(quarter, cli):
    result = cli("scorecard", "--person", "Ortiz")
    assert result.exit_code == 2
    assert "Did you mean: Sam Ortiz <sam.ortiz@example.com>" in result.stderr


def test_an_ambiguous_name_lists_the_people_and_asks_for_the_id_or_email(quarter, cli):
    other = services.person_create(name="Sam Ortiz", email="sam.ortiz2@example.com", title="")
    result = cli("scorecard", "--period", PERIOD, "--person", "sam ortiz")
    assert result.exit_code == 2
    assert "2 people are called 'sam ortiz'" in result.stderr
    assert f"(id {other.pk})" in result.stderr and "Use the id or e-mail" in result.stderr


def test_person_and_team_together_are_refused(quarter, cli):
    result = cli("scorecard", "--person", "Sam Ortiz", "--team", "Boston Enterprise")
    assert result.exit_code == 2 and "either --person or --team" in result.stderr


def test_an_unknown_team_is_a_usage_error_that_names_the_teams(quarter, cli):
    result = cli("scorecard", "--team", "Atlantis")
    assert result.exit_code == 2
    assert "no team is called 'Atlantis'" in result.stderr and "Boston Enterprise" in result.stderr


def test_a_period_that_does_not_parse_is_a_usage_error(quarter, cli):
    result = cli("scorecard", "--period", "2024-Q5")
    assert result.exit_code == 2 and "not a period" in result.stderr


def test_a_team_prints_its_own_card_then_each_of_its_sellers(quarter, cli):
    cards = records(
        cli("scorecard", "--period", PERIOD, "--team", "boston  ENTERPRISE", "--format", "json")
    )
    assert [(c["who"]["kind"], c["who"]["name"]) for c in cards] == [
        ("team", "Boston Enterprise"),
        ("person", "Sam Ortiz"),
        ("person", "Sofia Berg"),
    ]
    assert cards[0]["metrics"]["bookings"]["value"] == 10_000 + 25_000 + 30_000
    assert cards[0]["who"]["email"] is None


def test_metric_limits_the_lines(quarter, cli):
    [card] = records(
        cli(
            "scorecard",
            "--period",
            PERIOD,
            "--person",
            "Sam Ortiz",
            "--metric",
            "bookings",
            "--metric",
            "win_rate",
            "--format",
            "json",
        )
    )
    assert set(card["metrics"]) == {"bookings", "win_rate"}
    result = cli("scorecard", "--metric", "charisma")
    assert result.exit_code == 2 and "unknown metric 'charisma'" in result.stderr


def test_the_table_shows_metric_names_and_values_formatted_by_unit(quarter, cli):
    result = cli("scorecard", "--period", PERIOD, "--person", "Sam Ortiz")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Sam Ortiz <sam.ortiz@example.com> · Q2 FY2024 (1 Apr \u2013 30 Jun 2024)" in out
    lines = {line.split("  ")[1].strip(): line for line in out.splitlines()[1:] if line.strip()}
    assert "35,000" in lines["Bookings"] and "100,000" in lines["Bookings"]
    assert "65,000" in lines["Bookings"]  # the gap
    assert "66.7%" in lines["Win rate"] and "90.0%" in lines["Win rate"]
    assert "23.3 pp" in lines["Win rate"]
    assert "35.0%" in lines["Quota attainment"]
    assert "Coverage needed" in lines and "1.5x" in lines["Coverage needed"]
    assert "days" in lines["Sales cycle"]
    # Numbers are right-aligned under their column heading.
    header = out.splitlines()[1]
    value_end = header.index("Value") + len("Value")
    target_end = header.index("Target") + len("Target")
    for name in ("Bookings", "Win rate", "Sales cycle"):
        assert lines[name][value_end - 1] != " "
        assert lines[name][value_end : value_end + 1] in ("", " ")
        if name != "Sales cycle":
            assert lines[name][target_end - 1] != " "


def test_csv_output_parses_and_neutralises_formula_like_text(quarter, cli):
    evil = services.person_create(
        name='=HYPERLINK("http://evil.example","click")', email="evil@example.com", title=""
    )
    services.person_join_team(person=evil, team=quarter.personas.boston, on=Q2)
    deal(evil, "won", 1_000, Q2.replace(day=20), created=CREATED)
    from leadwell.metrics.compute import recompute

    recompute()
    result = cli("scorecard", "--period", PERIOD, "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    names = {row["name"] for row in rows}
    assert '\'=HYPERLINK("http://evil.example","click")' in names
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row.values())
    sam = {row["metric"]: row for row in rows if row["name"] == "Sam Ortiz"}
    assert float(sam["bookings"]["value"]) == 35_000
    assert sam["bookings"]["metric_name"] == "Bookings"
    assert sam["win_rate"]["unit"] == "percent" and float(sam["win_rate"]["target"]) == 0.9
    assert sam["slipped_deals"]["gap"] == ""


def test_xlsx_output_is_a_workbook(quarter, cli, tmp_path):
    target = tmp_path / "cards.xlsx"
    result = cli(
        "scorecard",
        "--period",
        PERIOD,
        "--team",
        "Boston Enterprise",
        "-o",
        str(target),
        "--format",
        "xlsx",
    )
    assert result.exit_code == 0, result.output
    assert f"Wrote {target}" in result.stderr
    sheet = load_workbook(target).active
    assert sheet.title == "Scorecards Q2 FY2024"
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(2)]
    assert {r["name"] for r in rows} == {"Boston Enterprise", "Sam Ortiz", "Sofia Berg"}
    team = {r["metric"]: r for r in rows if r["kind"] == "team"}
    assert team["bookings"]["value"] == 65_000


def test_xlsx_without_output_goes_to_a_redirected_standard_output(quarter, cli):
    result = cli("scorecard", "--period", PERIOD, "--format", "xlsx")
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"PK")  # a zip file: the workbook


def test_the_period_defaults_to_the_latest_quarter_with_data_and_says_so(quarter, cli):
    result = cli("scorecard", "--format", "json")
    cards = records(result)
    # The last deal of the data closes on 2024-07-10; no quarter since has a result.
    assert cards and {c["period"] for c in cards} == {"FY2024-Q3"}
    assert (
        f"No results yet for {current_period('quarter').short_label}: showing Q3 FY2024 "
        "(1 Jul \u2013 30 Sep 2024), "
        "the latest quarter with data." in result.stderr
    )


def test_no_figures_in_the_period_says_which_period_has_some(quarter, cli):
    result = cli("scorecard", "--period", "2023-Q2", "--format", "json")  # before any data
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []
    assert "No figures for Q2 FY2023 (1 Apr \u2013 30 Jun 2023)" in result.stderr
    assert "try --period FY" in result.stderr


def test_no_figures_at_all_says_how_to_get_some(db, cli):
    result = cli("scorecard")
    assert result.exit_code == 0 and result.stdout == ""
    assert "leadwell import" in result.stderr and "leadwell recompute" in result.stderr


# -- gaps -----------------------------------------------------------------------------------------


def test_gaps_json_lists_each_metric_below_target_with_its_causes(quarter, cli):
    [analysis] = records(
        cli("gaps", "--period", PERIOD, "--person", "sam.ortiz@example.com", "--format", "json")
    )
    assert analysis["who"]["name"] == "Sam Ortiz" and analysis["period"] == PERIOD_NAME
    gaps = {g["metric"]: g for g in analysis["gaps"]}
    assert {"win_rate", "bookings", "quota_attainment"} <= set(gaps)
    win_rate = gaps["win_rate"]
    assert win_rate["value"] == pytest.approx(2 / 3) and win_rate["target"] == 0.9
    assert win_rate["gap"] == pytest.approx(0.9 - 2 / 3)
    causes = [c["cause"] for c in win_rate["causes"]]
    assert "Qualification" in causes
    assert all(c["explanation"] for c in win_rate["causes"])
    # The bookings gap, split into drivers that add up to it.
    assert analysis["bookings_gap"] == 35_000 - 100_000
    assert sum(d["amount"] for d in analysis["drivers"]) == pytest.approx(-65_000)
    assert analysis["main_driver"] in {d["key"] for d in analysis["drivers"]}


def test_gaps_table_reads_as_an_explanation(quarter, cli):
    result = cli("gaps", "--period", PERIOD, "--person", "Sam Ortiz")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Bookings 35,000 against a target of 100,000 (quota): 65,000 short." in out
    assert "Below target:" in out and "Win rate" in out and "23.3 pp" in out
    assert "likely cause: Qualification:" in out
    assert "← main driver" in out


def test_gaps_for_a_team_covers_its_sellers_and_says_when_one_is_on_target(quarter, cli):
    result = cli("gaps", "--period", PERIOD, "--team", "Boston Enterprise", "--format", "json")
    analyses = by_name(records(result))
    assert set(analyses) == {"Sam Ortiz", "Sofia Berg"}
    assert analyses["Sofia Berg"]["gaps"] == []  # no target, no quota: nothing to fall short of
    assert analyses["Sofia Berg"]["bookings_gap"] is None
    table = cli("gaps", "--period", PERIOD, "--person", "Sofia Berg").stdout
    assert "no bookings target" in table and "No metric below its target." in table


def test_gaps_csv_has_a_row_per_gap_and_per_driver(quarter, cli):
    result = cli("gaps", "--period", PERIOD, "--person", "Sam Ortiz", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    items = {(row["item"], row["key"]) for row in rows}
    assert ("gap", "win_rate") in items and ("driver", "win_rate") in items
    gap = next(r for r in rows if r["item"] == "gap" and r["key"] == "win_rate")
    assert "Qualification" in gap["causes"]
    drivers = [float(r["amount"]) for r in rows if r["item"] == "driver"]
    assert sum(drivers) == pytest.approx(-65_000)


# -- recompute ------------------------------------------------------------------------------------


def test_recompute_works_on_an_empty_database(db, cli):
    result = cli("recompute")
    assert result.exit_code == 0, result.output
    assert "Recomputed the summaries of 0 scopes and periods" in result.stdout
    summary = records(cli("recompute", "--json"))
    assert summary["scopes"] == 0 and summary["people_periods"] == 0
    assert Parts.objects.count() == 0


def test_recompute_rebuilds_the_summaries(quarter, cli):
    Parts.objects.all().delete()
    summary = records(cli("recompute", "--json"))
    assert summary["scopes"] >= Parts.objects.count() > 0 and summary["people_periods"] > 0
    assert set(summary) == {"people_periods", "scopes", "deals_converted", "seconds"}
    assert summary["deals_converted"] == 0  # every deal is in the reporting currency already
    assert figure_of(Scope.PERSON, quarter.seller.pk, "quarter", Q2, "bookings") == 35_000


@pytest.mark.parametrize("command", ["scorecard", "gaps", "recompute"])
def test_every_command_explains_itself(cli, command):
    result = cli(command, "--help")
    assert result.exit_code == 0 and f"Usage: leadwell {command}" in result.stdout
    assert command in cli("--help").stdout


def test_inactive_people_keep_their_history(quarter, cli):
    Person.objects.filter(pk=quarter.seller2.pk).update(is_active=False)
    cards = records(cli("scorecard", "--period", PERIOD, "--format", "json"))
    assert "Sofia Berg" in by_name(cards)


def test_the_text_scorecard_names_the_currency_in_its_heading(quarter, cli):
    result = cli("scorecard", "--period", PERIOD, "--person", "Sam Ortiz")
    assert result.exit_code == 0, result.output
    heading = result.stdout.splitlines()[0]
    assert heading.startswith("Sam Ortiz") and heading.endswith("· amounts in USD")


def test_the_json_scorecard_says_its_currency_and_keeps_money_as_the_unit(quarter, cli):
    [card] = records(
        cli("scorecard", "--period", PERIOD, "--person", "Sam Ortiz", "--format", "json")
    )
    assert card["currency"] == "USD"
    assert card["metrics"]["bookings"]["unit"] == "money"
