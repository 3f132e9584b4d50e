"""Re-importing a file under a corrected mapping: as a correction it records no change (which
would be dated today and is none); run plainly, most deals changing one field suggests it."""

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from leadwell.crm.models import ImportRun, Opportunity, OpportunityChange

from ..conftest import once_per_ci_run
from .helpers import import_file, write
from .test_checking import checked_then_imported, outcome

pytestmark = pytest.mark.django_db

REPOSITORY = Path(__file__).resolve().parents[2]
# Every column the figures need, so that the only warning a test meets is its own.
HEADER = "Opportunity ID,Opportunity Owner,Stage,Amount,Close Date,Created Date,Currency\n"


def deals(count: int, amount=lambda i: 1000 + i, stage=lambda i: "Prospecting") -> str:
    return HEADER + "".join(
        f"D{i:02},Sam Ortiz,{stage(i)},{amount(i)},2017-03-01,2017-01-01,USD\n"
        for i in range(count)
    )


def first_without_amounts(tmp_path, count: int = 12) -> Path:
    """The first import missed the amount column; the corrected file has it."""
    first = import_file(
        write(tmp_path, deals(count), "first.csv"), mapping={"columns": {"amount": ""}}
    )
    assert first.status == "succeeded" and first.created == count, first.errors
    assert not Opportunity.objects.filter(amount__isnull=False).exists()
    return write(tmp_path, deals(count), "corrected.csv")


def suggestion(count: int, of: int, label: str = "amount") -> str:
    return (
        f"{count} of {of} deals changed their {label}: if this import corrects an earlier one "
        "(a column was missed), run it again as a correction so no change is dated today."
    )


def test_a_correction_updates_the_deals_and_records_no_change_in_their_history(personas, tmp_path):
    corrected = first_without_amounts(tmp_path)
    checked, run = checked_then_imported(corrected, "opportunities", correction=True)
    assert run.status == "succeeded", run.errors
    assert outcome(checked) == outcome(run)
    assert run.updated == 12
    assert Opportunity.objects.get(external_id="D03").amount == Decimal(1003)
    assert not OpportunityChange.objects.exists()
    assert run.warnings == [
        {
            "column": "Amount",
            "reason": "Imported as a correction: 12 of 12 deals had their amount corrected, "
            "with no change recorded in their history.",
        }
    ]
    assert run.options["correction"] is True


def test_a_plain_reimport_where_most_deals_change_one_field_suggests_a_correction_before_writing(
    personas, tmp_path
):
    corrected = first_without_amounts(tmp_path)
    checked = import_file(corrected, "opportunities", dry_run=True)
    assert checked.status == "dry_run"
    assert checked.warnings == [{"column": "Amount", "reason": suggestion(12, 12)}]
    run = import_file(corrected, "opportunities")
    assert run.warnings == checked.warnings
    # Run plainly, the import does what it was told: each amount is a change, dated today.
    assert OpportunityChange.objects.filter(field="amount", old_value="").count() == 12
    assert {c.changed_on for c in OpportunityChange.objects.all()} == {run.started_at.date()}


def test_a_reimport_where_a_few_deals_change_is_real_change_and_suggests_nothing(
    personas, tmp_path
):
    import_file(write(tmp_path, deals(12), "first.csv"))
    won = write(
        tmp_path, deals(12, stage=lambda i: "Closed Won" if i < 3 else "Prospecting"), "week2.csv"
    )
    checked, run = checked_then_imported(won, "opportunities")
    assert (run.updated, run.unchanged) == (3, 9)
    assert checked.warnings == run.warnings == []
    assert OpportunityChange.objects.filter(field="stage").count() == 3


def test_the_suggestion_needs_more_than_half_of_the_deals_met_again(personas, tmp_path):
    import_file(write(tmp_path, deals(30), "first.csv"))
    # 15 of 30 is not most; 16 of 30 is.
    half = write(tmp_path, deals(30, amount=lambda i: 5 if i < 15 else 1000 + i), "half.csv")
    assert import_file(half, dry_run=True).warnings == []
    most = write(tmp_path, deals(30, amount=lambda i: 5 if i < 16 else 1000 + i), "most.csv")
    assert import_file(most, dry_run=True).warnings == [
        {"column": "Amount", "reason": suggestion(16, 30)}
    ]


def test_the_import_page_offers_the_correction_with_the_suggestion_and_keeps_it(personas, tmp_path):
    first_without_amounts(tmp_path)
    client = personas.client("admin")
    client.post(
        reverse("import-new"),
        {
            "kind": "opportunities",
            "preset": "auto",
            "key": "",
            "file": SimpleUploadedFile("corrected.csv", deals(12).encode()),
        },
    )
    run = ImportRun.objects.latest("pk")
    review = reverse("import-review", args=[run.pk])
    start = reverse("import-start", args=[run.pk])
    page = client.get(review).content.decode()
    assert 'name="correction"' in page and "This file corrects an earlier import" in page

    client.post(start, {"action": "check", "correction-offered": "1"})
    page = client.get(review).content.decode()
    assert suggestion(12, 12) in page

    client.post(start, {"action": "check", "correction-offered": "1", "correction": "on"})
    page = client.get(review).content.decode()
    assert 'name="correction" checked' in page
    assert "Checked as a correction: the deals would be updated" in page
    assert suggestion(12, 12) not in page

    client.post(start, {"action": "import", "correction-offered": "1", "correction": "on"})
    run.refresh_from_db()
    assert run.status == "succeeded" and run.options["correction"] is True
    assert Opportunity.objects.get(external_id="D00").amount == Decimal(1000)
    assert not OpportunityChange.objects.exists()
    assert "Imported as a correction: the deals were updated with no change recorded" in (
        client.get(review).content.decode()
    )


def test_the_api_takes_a_correction_for_files_and_records(personas):
    client = personas.api("admin")
    record = {"external_id": "A1", "owner": "Sam Ortiz", "stage": "Prospecting"}
    client.post(
        "/api/v1/records/opportunities", {"records": [record]}, content_type="application/json"
    )
    corrected = client.post(
        "/api/v1/records/opportunities",
        {"records": [{**record, "amount": 500}], "correction": True},
        content_type="application/json",
    ).json()
    assert corrected["counts"]["updated"] == 1
    upload = SimpleUploadedFile(
        "deals.csv",
        b"Opportunity ID,Opportunity Owner,Stage,Amount\nA1,Sam Ortiz,Prospecting,700\n",
    )
    response = client.post(
        "/api/v1/imports/", {"file": upload, "kind": "opportunities", "correction": "true"}
    )
    assert response.status_code == 202, response.content
    assert Opportunity.objects.get().amount == Decimal(700)
    assert not OpportunityChange.objects.exists()


@once_per_ci_run
def test_the_cli_imports_a_correction_with_correction(tmp_path):
    def leadwell(*args: str) -> subprocess.CompletedProcess:
        # This checkout's own command (the installed console script may be another's).
        env = {k: v for k, v in os.environ.items() if not k.startswith(("LEADWELL_", "DJANGO_"))}
        return subprocess.run(
            [sys.executable, "-m", "leadwell.cli", *args, "--data-dir", str(tmp_path / "data")],
            capture_output=True,
            text=True,
            cwd=REPOSITORY,
            env=env,
            timeout=120,
        )

    mapping = write(tmp_path, "[columns]\namount = ''\n", "missed.toml")
    corrected = write(tmp_path, deals(12), "deals.csv")
    first = leadwell(
        "import", "opportunities", str(corrected), "--create-people", "--mapping", str(mapping)
    )
    assert first.returncode == 0, first.stderr
    plain = leadwell("import", "opportunities", str(corrected), "--dry-run")
    assert suggestion(12, 12) in plain.stdout
    result = leadwell("import", "opportunities", str(corrected), "--correction", "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["counts"]["updated"] == 12
    assert summary["warnings"][0]["reason"].startswith("Imported as a correction: 12 of 12")
