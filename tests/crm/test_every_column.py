"""Every column of a file is accounted for: each header with the field it went to and how that
was decided, warnings for what the figures need but no column fills, the preset chosen by
how well the header fits it, and unknown stages said once each with their fix."""

import json
import tomllib

import pytest

from leadwell.crm.importing.presets import BY_NAME
from leadwell.crm.importing.summary import stages_to_paste, summary
from leadwell.crm.models import Opportunity, Stage

from .helpers import import_file, write

pytestmark = pytest.mark.django_db

SALESFORCE = (
    "Opportunity ID,Opportunity Name,Account Name,Opportunity Owner,Amount,Close Date,"
    "Created Date,Stage,Probability (%),Forecast Category,Type,Next Step\n"
    "006A,Big deal,Acme,Sam Ortiz,1000,3/1/2017,1/15/2017,Prospecting,10,Pipeline,"
    "New Business,Call Tuesday\n"
)


def columns_of(run) -> dict[str, tuple[str | None, str | None]]:
    return {c["header"]: (c["field"], c["source"]) for c in run.columns}


def test_every_header_is_listed_with_its_field_and_how_it_was_decided(personas, tmp_path):
    run = import_file(write(tmp_path, SALESFORCE))
    assert run.status == "succeeded"
    columns = columns_of(run)
    assert list(columns) == SALESFORCE.splitlines()[0].split(",")
    assert columns["Opportunity Owner"] == ("owner", "preset")
    assert columns["Amount"] == ("amount", "preset")
    assert columns["Next Step"] == (None, None)  # ignored, and said so


def test_a_mapping_file_and_key_columns_are_named_as_how_a_column_was_chosen(personas, tmp_path):
    content = "Customer,Rep,Phase,Worth\nAcme,Sam Ortiz,Prospecting,10\n"
    mapping = {"columns": {"amount": "Worth", "stage": "Phase"}}
    run = import_file(write(tmp_path, content), mapping=mapping, key=["Customer"])
    assert run.status == "succeeded", run.errors
    assert columns_of(run) == {
        "Customer": ("external_id", "key"),
        "Rep": ("owner", "recognised spelling"),
        "Phase": ("stage", "mapping file"),
        "Worth": ("amount", "mapping file"),
    }


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("amount_usd", "amount"),
        ("arr", "amount"),
        ("Estimated $", "amount"),
        ("Deal value", "amount"),
        ("DEAL_VALUE (€)", "amount"),
        ("Created Time", "created_date"),
        ("deal_created_date", "created_date"),
        ("Opp Created", "created_date"),
        ("rep", "owner"),
        ("Potential Owner", "owner"),
        ("Deal Owner", "owner"),
        ("Opp Status", "stage"),
        ("Closing Date", "close_date"),
    ],
)
def test_common_spellings_of_a_header_are_recognised_whatever_their_case_and_signs(
    personas, tmp_path, header, field
):
    cells = {"ID": "X1", "Owner": "Sam Ortiz", "Stage": "Prospecting", "Amount": "10"}
    cells.pop({"amount": "Amount", "owner": "Owner", "stage": "Stage"}.get(field, ""), None)
    cells[header] = {"owner": "Sam Ortiz", "stage": "Prospecting"}.get(field, "10")
    if field.endswith("_date"):
        cells[header] = "2017-03-01"
    content = ",".join(cells) + "\n" + ",".join(cells.values()) + "\n"
    run = import_file(write(tmp_path, content), dry_run=True)
    assert columns_of(run)[header] == (field, "recognised spelling"), run.message


def test_a_field_the_figures_need_that_no_column_fills_is_a_warning_with_its_consequence(
    personas, tmp_path
):
    content = "ID,Owner,Stage,Close Date\nX1,Sam Ortiz,Prospecting,2017-03-01\n"
    run = import_file(write(tmp_path, content), dry_run=True)
    warned = {w["column"]: w["reason"] for w in run.warnings}
    assert set(warned) == {"Amount", "Created date"}
    assert "no column of the file was recognised as Amount" in warned["Amount"]
    assert "bookings, pipeline and deal sizes read 0" in warned["Amount"]
    assert 'amount = ""' in warned["Amount"]  # how to say the file has none


def test_a_person_who_says_the_file_has_no_amount_is_still_reminded_but_not_asked(
    personas, tmp_path
):
    content = "ID,Owner,Stage,Close Date\nX1,Sam Ortiz,Prospecting,2017-03-01\n"
    mapping = {"columns": {"amount": "", "created_date": ""}}
    run = import_file(write(tmp_path, content), mapping=mapping)
    assert run.status == "succeeded"
    reasons = [w["reason"] for w in run.warnings]
    assert len(reasons) == 2 and all("(as you said)" in r for r in reasons)


def test_a_salesforce_report_is_read_as_salesforce_and_the_fit_is_shown(personas, tmp_path):
    run = import_file(write(tmp_path, SALESFORCE), dry_run=True)
    best = run.preset_fits[0]
    assert run.preset == "salesforce" == best["preset"]
    # Eleven of the file's twelve columns are Salesforce's names (Next Step is no field).
    of = len(BY_NAME["salesforce"].columns["opportunities"])
    assert best["matched"] == 11 and best["of"] == of and best["score"] == round(11 / 12, 2)


def test_a_file_that_shares_a_few_names_with_an_export_is_read_by_common_names(personas, tmp_path):
    # Maven's own names for three of its eight columns: not a Maven export.
    content = (
        "deal_id,account,product,close_date,stage,rep,arr\n"
        "D1,Acme,GTX,2017-03-01,Prospecting,Sam Ortiz,100\n"
    )
    run = import_file(write(tmp_path, content), dry_run=True)
    assert run.preset == "generic"
    maven = next(fit for fit in run.preset_fits if fit["preset"] == "maven")
    assert maven["matched"] < maven["of"] / 2
    assert columns_of(run)["arr"] == ("amount", "recognised spelling")


def test_unknown_stages_are_said_once_each_with_their_rows_and_first_lines(personas, tmp_path):
    rows = [f"X{i},Sam Ortiz,{'Dreaming' if i % 2 else 'Hoping'},10\n" for i in range(1, 14)]
    run = import_file(write(tmp_path, "ID,Owner,Stage,Amount\n" + "".join(rows)))
    assert run.status == "refused" and run.error_count == 2
    by_name = {s["name"]: s for s in run.unknown_stages}
    assert by_name["Dreaming"]["rows"] == 7 and by_name["Dreaming"]["first_lines"] == [
        2,
        4,
        6,
        8,
        10,
    ]
    assert by_name["Hoping"]["rows"] == 6 and by_name["Hoping"]["first_lines"] == [3, 5, 7, 9, 11]
    dreaming = next(e for e in run.errors if e["value"] == "Dreaming")
    assert dreaming["rows"] == 7 and "lines 2, 4, 6, 8, 10 …" in dreaming["reason"]


def test_the_stages_to_paste_are_a_mapping_file_that_makes_the_import_succeed(personas, tmp_path):
    content = 'ID,Owner,Stage,Amount\nX1,Sam Ortiz,"Signed ""A"" Won",10\nX2,Sam Ortiz,Dreaming,5\n'
    path = write(tmp_path, content)
    refused = import_file(path)
    pasted = summary(refused)["stages_to_paste"]
    mapping = tomllib.loads(pasted)
    assert mapping["stages"]['Signed "A" Won']["outcome"] == "won"
    assert mapping["stages"]["Dreaming"]["outcome"] == "open"
    again = import_file(path, mapping=json.loads(json.dumps(mapping)))
    assert again.status == "succeeded"
    assert Stage.objects.get(name="Dreaming").outcome == "open"
    assert Opportunity.objects.get(external_id="X1").outcome == "won"


def test_with_bad_rows_skipped_every_row_of_an_unknown_stage_counts_as_skipped(personas, tmp_path):
    rows = "".join(f"X{i},Sam Ortiz,Dreaming,10\n" for i in range(5)) + "Y,Sam Ortiz,Won,1\n"
    run = import_file(write(tmp_path, "ID,Owner,Stage,Amount\n" + rows), skip_bad_rows=True)
    assert (run.status, run.created, run.skipped) == ("succeeded", 1, 5)


@pytest.mark.parametrize(
    ("stage", "outcome"),
    [
        ("Discovery", "open"),
        ("Prospect", "open"),
        ("Contacted", "open"),
        ("Negotiation", "open"),
        ("Contract", "open"),
        ("Initial Offer", "open"),
        ("Proposal Sent", "open"),
        ("Verbal", "open"),
        ("Propuesta", "open"),
        ("Negociación", "open"),
        ("Verhandlung", "open"),
        ("négociation", "open"),
        ("Onderhandeling", "open"),
        ("Ganado", "won"),
        ("Gewonnen", "won"),
        ("Gagné", "won"),
        ("Perdido", "lost"),
        ("Verloren", "lost"),
        ("Perdu", "lost"),
    ],
)
def test_common_stage_names_in_several_languages_are_known_and_join_the_stage_map(
    personas, tmp_path, stage, outcome
):
    Stage.objects.get_or_create(name="Prospecting", defaults={"order": 1})  # a map in use
    run = import_file(write(tmp_path, f"ID,Owner,Stage,Amount\nX1,Sam Ortiz,{stage},10\n"))
    assert run.status == "succeeded", run.errors
    assert Opportunity.objects.get().outcome == outcome
    assert Stage.objects.filter(name__iexact=stage).exists()


def test_the_paste_section_is_empty_when_every_stage_is_known():
    assert stages_to_paste([]) == ""
