"""What every API endpoint refuses before it does anything: ids no database key can hold, text
with the NUL character, bodies that are not the documented JSON object. Each case is tried on
every operation of the OpenAPI schema, so an endpoint added later is held to the same rules.
The suite runs on SQLite and again on PostgreSQL, where an unchecked id overflows the driver
and a NUL cannot be stored."""

import json
import re

import pytest

from leadwell.api import api
from leadwell.coaching.models import Meeting, PersonalGoal
from leadwell.lib.api_input import MAX_ID, MAX_PAGE

pytestmark = pytest.mark.django_db

SCHEMA = api.get_openapi_schema(path_prefix="/api/v1/")
COMPONENTS = SCHEMA["components"]["schemas"]
OPERATIONS = [
    (method.upper(), path, operation)
    for path, methods in SCHEMA["paths"].items()
    for method, operation in methods.items()
]
BEYOND_64_BITS = 99999999999999999999
ID_MESSAGE = f"An id is a whole number from 1 to {MAX_ID}"


def resolved(schema: dict) -> dict:
    if "$ref" in schema:
        return COMPONENTS[schema["$ref"].rsplit("/", 1)[1]]
    return schema


def json_body(operation: dict) -> dict | None:
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" not in content:
        return None
    schema = content["application/json"]["schema"]
    options = [resolved(s) for s in schema.get("anyOf", [schema]) if s.get("type") != "null"]
    return options[0]


def types_of(schema: dict) -> set[str]:
    return {s.get("type") for s in schema.get("anyOf", [schema])}


def label(operation) -> str:
    return f"{operation[0]} {operation[1]}"


def url(path: str, ids: int | str = 1) -> str:
    return re.sub(r"{\w+}", str(ids), path)


def send(client, method: str, path: str, body=None, **query):
    data = body if isinstance(body, str) else json.dumps(body) if body is not None else None
    return client.generic(
        method,
        path,
        data=data or "",
        content_type="application/json",
        QUERY_STRING="&".join(f"{k}={v}" for k, v in query.items()),
    )


def refusals(response) -> list[dict]:
    assert response.status_code == 422, response.content
    return response.json()["detail"]


def refused_at(response, *where) -> dict:
    """The one refusal of the 422 answer whose place is `where`."""
    found = [problem for problem in refusals(response) if tuple(problem["loc"]) == where]
    assert found, response.content
    return found[0]


# -- Ids and page numbers -------------------------------------------------------------------------

PATH_IDS = [
    (operation, parameter["name"])
    for operation in OPERATIONS
    for parameter in operation[2].get("parameters", [])
    if parameter["in"] == "path" and parameter["name"].endswith("_id")
]
QUERY_IDS = [
    (operation, parameter["name"])
    for operation in OPERATIONS
    for parameter in operation[2].get("parameters", [])
    if parameter["in"] == "query" and parameter["name"].endswith("_id")
]
BODY_IDS = [
    (operation, name)
    for operation in OPERATIONS
    if (body := json_body(operation[2])) is not None
    for name in body.get("properties", {})
    if name.endswith("_id") or name.endswith("_ids")
]
PAGED = [
    operation
    for operation in OPERATIONS
    if any(p["name"] == "page" for p in operation[2].get("parameters", []))
]


def test_the_api_has_ids_in_paths_queries_and_bodies_and_numbered_pages():
    # The parametrised tests below are only as good as what they find in the schema.
    assert len(PATH_IDS) >= 30 and len(QUERY_IDS) >= 3 and len(BODY_IDS) >= 10
    assert len(PAGED) >= 6


def test_an_id_in_the_path_no_key_can_hold_is_a_422_that_says_so(personas):
    leader = personas.api("leader")
    for (method, path, _), name in PATH_IDS:
        for bad in (BEYOND_64_BITS, MAX_ID + 1, 0, -1):
            target = path.replace("{" + name + "}", str(bad))
            response = send(leader, method, url(target), {})
            problem = refused_at(response, "path", name)
            assert problem["msg"].startswith(ID_MESSAGE) and str(bad) in problem["msg"], path


def test_an_id_in_the_query_no_key_can_hold_is_a_422_that_says_so(personas):
    leader = personas.api("leader")
    for (method, path, _), name in QUERY_IDS:
        for bad in (BEYOND_64_BITS, 0, -7):
            response = send(leader, method, url(path), **{name: bad})
            assert refused_at(response, "query", name)["msg"].startswith(ID_MESSAGE), path


def test_an_id_in_the_body_no_key_can_hold_is_a_422_that_says_so(personas):
    leader = personas.api("leader")
    for (method, path, _), name in BODY_IDS:
        for bad in (BEYOND_64_BITS, 0, -1):
            many = name.endswith("_ids")
            response = send(leader, method, url(path), {name: [bad] if many else bad})
            where = ("body", "payload", name, *((0,) if many else ()))
            assert refused_at(response, *where)["msg"].startswith(ID_MESSAGE), path


def test_a_page_number_out_of_range_is_a_422_that_says_so(coaching, personas):
    sam = personas.api("seller")
    for method, path, _ in PAGED:
        for page in (BEYOND_64_BITS, MAX_PAGE + 1, 0, -1):
            response = send(sam, method, url(path, personas.seller.pk), page=page)
            problem = refused_at(response, "query", "page")
            assert problem["msg"] == f"A page number is a whole number from 1 to {MAX_PAGE}."


def test_a_page_past_the_last_is_empty(personas):
    response = personas.api("leader").get(f"/api/v1/people/?page={MAX_PAGE}")
    assert response.status_code == 200 and response.json()["items"] == []


def test_the_schema_bounds_every_id_and_page_number():
    for (_, path, operation), name in PATH_IDS + QUERY_IDS:
        (parameter,) = [p for p in operation["parameters"] if p["name"] == name]
        bounded = [s for s in parameter["schema"].get("anyOf", [parameter["schema"]])]
        assert {"minimum": 1, "maximum": MAX_ID}.items() <= bounded[0].items(), (path, name)
    for operation in PAGED:
        (page,) = [p for p in operation[2]["parameters"] if p["name"] == "page"]
        assert (page["schema"]["minimum"], page["schema"]["maximum"]) == (1, MAX_PAGE)


# -- Text with the NUL character ------------------------------------------------------------------


def items_of(prop: dict) -> dict | None:
    arrays = [s for s in prop.get("anyOf", [prop]) if s.get("type") == "array"]
    return arrays[0]["items"] if arrays else None


def takes_text(prop: dict) -> bool:
    items = items_of(prop)
    return "string" in types_of(prop) or (items or {}).get("type") in ("string", "object")


BODY_TEXTS = [
    (operation, name, prop)
    for operation in OPERATIONS
    if (body := json_body(operation[2])) is not None
    for name, prop in body.get("properties", {}).items()
    if takes_text(prop)
]
QUERY_TEXTS = [
    (operation, parameter["name"])
    for operation in OPERATIONS
    for parameter in operation[2].get("parameters", [])
    if parameter["in"] == "query"
    and "string" in types_of(parameter["schema"])
    and parameter["schema"].get("format") != "date"
]


def with_nul(prop: dict):
    items = items_of(prop)
    if items is not None:
        return [{"name": "Sam\x00"}] if items.get("type") == "object" else ["Sam\x00"]
    return "Sam\x00Ortiz"


def test_the_api_takes_text_in_bodies_and_queries():
    assert len(BODY_TEXTS) >= 30 and len(QUERY_TEXTS) >= 3


def test_text_with_the_nul_character_in_a_body_is_a_422(coaching, personas):
    leader = personas.api("leader")
    for (method, path, _), name, prop in BODY_TEXTS:
        response = send(leader, method, url(path), {name: with_nul(prop)})
        problem = refused_at(response, "body", "payload", name)
        assert problem["type"] == "nul_character", (path, name)
        assert problem["msg"] == (
            "Text cannot hold the NUL character (\\u0000): remove it and send again."
        )


def test_text_with_the_nul_character_in_a_query_is_a_422(personas):
    leader = personas.api("leader")
    for (method, path, _), name in QUERY_TEXTS:
        response = send(leader, method, url(path), **{name: "2025%00"})
        assert refused_at(response, "query", name)["type"] == "nul_character", (path, name)


def test_nothing_with_a_nul_character_is_written(coaching, personas):
    sam = personas.api("seller")
    response = sam.post(
        f"/api/v1/people/{personas.seller.pk}/goals",
        {"area": "career", "title": "Team\u0000lead"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert not PersonalGoal.objects.filter(title__startswith="Team").exists()


def test_the_schema_says_text_cannot_hold_the_nul_character():
    for (_, path, _), name, prop in BODY_TEXTS:
        texts = [s for s in prop.get("anyOf", [prop]) if s.get("type") == "string"]
        for text in texts:
            assert "pattern" in text or "enum" in text or "format" in text, (path, name)


# -- Bodies of the wrong shape --------------------------------------------------------------------

WITH_BODY = [operation for operation in OPERATIONS if json_body(operation[2]) is not None]


def test_marking_a_meeting_held_with_a_number_for_a_body_is_refused_and_changes_nothing(
    coaching,
    personas,
):
    meeting = coaching.meeting
    response = personas.api("leader").post(
        f"/api/v1/meetings/{meeting.pk}/held", "106575", content_type="application/json"
    )
    problem = refused_at(response, "body", "payload")
    assert problem["msg"] == (
        "Send a JSON object with the documented fields (an empty object {} when none is "
        "needed), not a number."
    )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED


def test_a_body_that_is_not_a_json_object_is_a_422(coaching, personas):
    leader = personas.api("leader")
    for method, path, operation in WITH_BODY:
        for body in ("106575", "[]", '"held"', "true", "null"):
            response = send(leader, method, url(path), body)
            if body == "null" and not operation["requestBody"].get("required", True):
                # An action that needs no input may be sent no body at all, which null says too.
                assert response.status_code != 422, path
                continue
            assert refused_at(response, "body", "payload")["type"] == "not_an_object", path


def test_a_field_the_body_does_not_have_is_a_422_not_ignored(coaching, personas):
    leader = personas.api("leader")
    for method, path, _ in WITH_BODY:
        response = send(leader, method, url(path), {"helds": False})
        assert refused_at(response, "body", "payload", "helds")["type"] == "extra_forbidden", path


@pytest.mark.parametrize(
    ("field", "value"),
    [("held", "no"), ("held", 0), ("held", None)],
)
def test_a_value_of_another_json_type_is_a_422(coaching, personas, field, value):
    response = personas.api("leader").post(
        f"/api/v1/meetings/{coaching.meeting.pk}/held",
        {field: value},
        content_type="application/json",
    )
    assert refused_at(response, "body", "payload", field)
    coaching.meeting.refresh_from_db()
    assert coaching.meeting.status == Meeting.Status.PLANNED


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": "Call back", "due_on": 0}, "due_on"),
        ({"text": "Call back", "due_on": "2025-06-01T10:00"}, "due_on"),
        ({"text": "Call back", "owner_id": "2"}, "owner_id"),
        ({"text": 42}, "text"),
    ],
)
def test_dates_numbers_and_text_are_read_only_from_their_own_json_types(
    coaching,
    personas,
    body,
    field,
):
    response = personas.api("leader").post(
        f"/api/v1/meetings/{coaching.meeting.pk}/actions", body, content_type="application/json"
    )
    assert refused_at(response, "body", "payload", field)


def test_a_whole_number_may_be_written_with_a_fraction_of_zero(coaching, personas):
    response = personas.api("leader").post(
        f"/api/v1/meetings/{coaching.meeting.pk}/actions",
        f'{{"text": "Call back", "owner_id": {personas.seller.pk}.0}}',
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["owner"]["id"] == personas.seller.pk


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_a_number_json_cannot_hold_is_refused(personas, number):
    response = personas.api("leader").post(
        "/api/v1/targets/",
        f'{{"team_id": {personas.boston.pk}, "metric": "win_rate", "value": {number}, '
        '"valid_from": "2025-04-01"}',
        content_type="application/json",
    )
    assert response.status_code in (400, 422), response.content


@pytest.mark.parametrize("body", ["", "{}", "null"])
def test_an_action_that_needs_no_input_takes_no_body_or_an_empty_object(
    coaching,
    personas,
    body,
):
    response = personas.api("leader").post(
        f"/api/v1/one-on-ones/{coaching.series.pk}/next-meeting",
        body,
        content_type="application/json",
    )
    assert response.status_code in (200, 201), response.content


@pytest.mark.parametrize("body", ["106575", '{"weekday": 2}'])
def test_an_action_that_needs_no_input_refuses_anything_else(coaching, personas, body):
    response = personas.api("leader").post(
        f"/api/v1/one-on-ones/{coaching.series.pk}/next-meeting",
        body,
        content_type="application/json",
    )
    assert refusals(response)


def test_every_body_is_a_closed_json_object_in_the_schema():
    for method, path, operation in WITH_BODY:
        body = json_body(operation)
        assert body["type"] == "object" and body["additionalProperties"] is False, (method, path)


def test_no_two_schemas_of_the_api_share_a_name():
    # The schema names its components after their classes: two of one name would document
    # one operation with another's fields.
    from ninja import Schema

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    ours = [c for c in subclasses(Schema) if c.__module__.startswith("leadwell.")]
    names = [c.__name__ for c in ours]
    assert sorted({n for n in names if names.count(n) > 1}) == []
