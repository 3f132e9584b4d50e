"""The coaching objects of tests/coaching_api (one of every kind about Sam, and a quarter of his
results), for the tests that try every API endpoint with real objects behind it."""

from tests.coaching_api.conftest import coaching, results

__all__ = ["coaching", "results"]
