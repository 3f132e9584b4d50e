"""CRM data in through the API: file imports and record upserts, for administrators only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from leadwell.crm.models import Opportunity, OpportunityChange

pytestmark = pytest.mark.django_db


def test_a_file_uploaded_through_the_api_is_imported_in_the_background(personas):
    client = personas.api("admin")
    upload = SimpleUploadedFile(
        "deals.csv", b"Opportunity ID,Opportunity Owner,Stage\nA1,Sam Ortiz,Prospecting\n"
    )
    response = client.post("/api/v1/imports/", {"file": upload, "kind": "opportunities"})
    assert response.status_code == 202, response.content
    body = response.json()
    assert (
        body["status"] == "succeeded" and body["counts"]["created"] == 1 and body["progress"] == 1.0
    )
    assert client.get(f"/api/v1/imports/{body['id']}").json()["file"] == "deals.csv"
    assert client.get("/api/v1/imports/").json()["count"] == 1


def test_records_are_upserted_by_key_and_changes_are_recorded(personas):
    client = personas.api("admin")
    record = {
        "external_id": "A1",
        "owner": "sam.ortiz@example.com",
        "stage": "Prospecting",
        "amount": 1000,
        "close_date": "2017-03-01",
    }
    created = client.post(
        "/api/v1/records/opportunities", {"records": [record]}, content_type="application/json"
    )
    assert created.json()["counts"]["created"] == 1
    moved = client.post(
        "/api/v1/records/opportunities",
        {"records": [{**record, "close_date": "2017-06-30"}]},
        content_type="application/json",
    )
    assert moved.json()["counts"]["updated"] == 1
    assert Opportunity.objects.get().close_date.isoformat() == "2017-06-30"
    assert OpportunityChange.objects.get().field == "close_date"


def test_a_bad_record_is_reported_by_field_and_nothing_is_written(personas):
    client = personas.api("admin")
    records = [
        {"external_id": "A1", "owner": "Sam Ortiz", "stage": "Prospecting"},
        {"external_id": "A2", "owner": "Sam Ortiz", "stage": "Prospecting", "amount": "lots"},
    ]
    body = client.post(
        "/api/v1/records/opportunities", {"records": records}, content_type="application/json"
    ).json()
    assert body["status"] == "refused"
    assert body["errors"] == [
        {"line": 3, "column": "amount", "value": "lots", "reason": "not a number"}
    ]
    assert not Opportunity.objects.exists()


@pytest.mark.parametrize("viewer", ["leader", "seller", "director"])
def test_only_administrators_import_through_the_api(personas, viewer):
    client = personas.api(viewer)
    response = client.post(
        "/api/v1/records/opportunities",
        {"records": [{"external_id": "A1", "owner": "Sam Ortiz", "stage": "Prospecting"}]},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert client.get("/api/v1/imports/").status_code == 404
    assert not Opportunity.objects.exists()


def test_a_file_uploaded_through_the_api_takes_a_default_owner(personas):
    client = personas.api("admin")
    upload = SimpleUploadedFile("mine.csv", b"Opportunity ID,Stage\nA1,Prospecting\n")
    response = client.post(
        "/api/v1/imports/",
        {"file": upload, "kind": "opportunities", "default_owner": "sam.ortiz@example.com"},
    )
    assert response.status_code == 202, response.content
    assert response.json()["status"] == "succeeded"
    assert Opportunity.objects.get().owner == personas.seller
