"""The pipeline-report data set in ../shared/datasets, imported end to end."""

from decimal import Decimal

import pytest

from leadwell.crm.models import Opportunity

from .helpers import dataset, error_reasons, import_file

pytestmark = pytest.mark.django_db


def test_the_pipeline_report_imports_with_a_chosen_key_and_first_name_owners():
    report = dataset("pipeline-report", "sales_pipeline.csv")
    refused = import_file(report, key=["Customer"])
    assert refused.status == "refused"
    assert {o["name"] for o in refused.unknown_owners} >= {"Angela", "Denny"}
    assert Opportunity.objects.count() == 0

    run = import_file(report, key=["Customer"], create_people=True, skip_bad_rows=True)
    assert run.status == "succeeded"
    assert run.created == 1000 and Opportunity.objects.count() == 1000
    # One stray row (a lone value among thousands of empty rows) is reported, not imported.
    assert {line for line, _, _ in error_reasons(run)} == {3764}
    assert run.people_created == 20
    first = Opportunity.objects.get(external_id="Customer 1")
    assert first.owner.name == "Angela"
    assert first.probability == Decimal("65.00")
    assert first.close_date.isoformat() == "2015-04-07"
    assert first.stage == "Identified" and first.amount == Decimal("2910")
