"""The API as a fuzzer sees it: Schemathesis reads /api/v1/openapi.json and sends every operation
valid and invalid requests, as a leader (Lena) and as a seller (Sam), each with an API token, and
runs every check it has on each answer: no server error, a documented status code, content type,
headers and body as documented, invalid input refused and valid input accepted, no answer
without the token.

The run is bounded and repeatable: Schemathesis's own coverage cases (boundaries, missing and
wrong-typed values) plus EXAMPLES generated cases per operation and persona, from a fixed seed,
without the example database. The personas hold realistic data (a quarter of results, and one
of every coaching object about Sam), and a share of the ids, periods and metrics sent are real
ones, so requests reach the code behind the 404 as well as the refusals in front of it.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS, load_all_checks

from leadwell.coaching.models import ActionItem, AssignmentTemplate, PlanAction, Skill, TalkingPoint
from leadwell.identity.services import token_create
from leadwell.metrics import catalog
from leadwell.org.models import Office, Person, Team
from tests.conftest import on_postgresql_in_ci

pytestmark = [pytest.mark.django_db, on_postgresql_in_ci]

# Generated cases per operation and persona, beside every coverage case: five keep the run near a
# minute per persona on PostgreSQL, where twelve took over three minutes each in CI.
EXAMPLES = 5
# Half of the ids, periods and metrics sent are real: enough to reach the objects behind the
# refusals, and the other half still tries what a caller might make up.
REAL = 0.5
PERIODS = ["2025-Q2", "FY2025-Q2", "FY2025", "2025-04", "FY2025-M05", "2025-Q1"]


def real_values(personas, coaching) -> dict[str, list]:
    actions = list(ActionItem.objects.values_list("pk", flat=True))
    return {
        "people": list(Person.objects.values_list("pk", flat=True)),
        "teams": list(Team.objects.values_list("pk", flat=True)),
        "offices": list(Office.objects.values_list("pk", flat=True)),
        "goals": [coaching.goal.pk],
        "items": [coaching.item.pk],
        "assignments": [coaching.assignment.pk, coaching.evaluated.pk],
        "series": [coaching.series.pk],
        "meetings": [coaching.meeting.pk],
        "points": list(TalkingPoint.objects.values_list("pk", flat=True)),
        "actions": actions + list(PlanAction.objects.values_list("pk", flat=True)),
        "skills": list(Skill.objects.values_list("pk", flat=True)),
        "templates": list(AssignmentTemplate.objects.values_list("pk", flat=True)),
        "periods": PERIODS,
        "metrics": [metric.key for metric in catalog.METRICS],
    }


# Which parameter (in the path, the query or the body) takes which real values.
BINDINGS = {
    "person_id": "people",
    "report_id": "people",
    "owner_id": "people",
    "team_id": "teams",
    "office_id": "offices",
    "goal_id": "goals",
    "item_id": "items",
    "assignment_id": "assignments",
    "series_id": "series",
    "meeting_id": "meetings",
    "point_id": "points",
    "action_id": "actions",
    "skill_id": "skills",
    "template_id": "templates",
    "period": "periods",
    "metric": "metrics",
    "body.skill_ids[*]": "skills",
}


@pytest.fixture
def in_process_requests():
    """Requests sent straight to the WSGI app inside the test's transaction, as Django's test
    client does: the app must not close the connection that holds the test data."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def schema_for(persona: str, personas, coaching):
    """The API's schema as `persona` calls it, with their token and the real values."""
    _, secret = token_create(user=personas.user(persona), name="schemathesis")
    values = real_values(personas, coaching)
    config = schemathesis.Config.from_dict(
        {
            "headers": {"Authorization": f"Bearer {secret}"},
            "dictionaries": {name: {"values": found} for name, found in values.items()},
            "parameters": {
                name: {"dictionary": dictionary, "probability": REAL}
                for name, dictionary in BINDINGS.items()
            },
            # A valid request may still break a rule of the domain (next check).
            "checks": {"positive_data_acceptance": {"expected-statuses": ACCEPTED}},
        }
    )
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler(), config=config)


ACCEPTED = ["2xx", "401", "403", "404", "409", "422", "429"]


def a_valid_request_is_refused_only_by_a_rule(ctx, response, case):
    """A request the schema calls valid may break a rule the schema cannot say: a due date
    before the start, a report who is not yours, a target set twice for one day. The services
    refuse those with 422 and a message per field ("value_error"). Any other 422 for it (a type,
    a missing field, an id or text the schema allows) means the schema and the code disagree."""
    if response.status_code != 422 or case.meta is None:
        return None
    if not case.meta.generation.mode.is_positive:
        return None
    kinds = {problem["type"] for problem in response.json()["detail"]}
    assert kinds == {"value_error"}, f"valid input refused for its form: {response.text}"
    return None


def answers_as_its_schema_says(case, api_schema) -> None:
    case.call_and_validate(
        headers=dict(api_schema.config.headers),
        checks=[*CHECKS.get_all(), a_valid_request_is_refused_only_by_a_rule],
    )


BOUNDED = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
load_all_checks()


# As the leader (Lena) here; as the seller (Sam) in test_api_schema_fuzz_as_a_seller.py, a file
# of its own so that the two personas run side by side, one per worker.
@pytest.fixture
def api_schema(personas, coaching, results, in_process_requests):
    return schema_for("leader", personas, coaching)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@BOUNDED
def test_every_operation_answers_as_its_schema_says_to_a_leader(case, api_schema):
    answers_as_its_schema_says(case, api_schema)
