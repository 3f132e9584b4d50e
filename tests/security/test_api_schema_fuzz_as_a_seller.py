"""The API fuzz of test_api_schema_fuzz.py, as the seller (Sam): the same run, in a file of its
own so that pytest-xdist runs the two personas side by side."""

import pytest
import schemathesis

from tests.conftest import on_postgresql_in_ci
from tests.security.test_api_schema_fuzz import (
    BOUNDED,
    answers_as_its_schema_says,
    in_process_requests,
    schema_for,
)

pytestmark = [pytest.mark.django_db, on_postgresql_in_ci]

__all__ = ["in_process_requests"]  # the fixture, used by api_schema below


@pytest.fixture
def api_schema(personas, coaching, results, in_process_requests):
    return schema_for("seller", personas, coaching)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@BOUNDED
def test_every_operation_answers_as_its_schema_says_to_a_seller(case, api_schema):
    answers_as_its_schema_says(case, api_schema)
