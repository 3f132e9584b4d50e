"""Issue 16: logs never hold an answer next to a person, not even at the DEBUG level with
Django logging every query and its parameters (what someone debugging an installation turns
on)."""

import datetime
import logging
import re

import pytest

from leadwell.pulse import services

from .conftest import answer_all, open_pulse

pytestmark = pytest.mark.django_db

COMMENT = "Stop reading my pipeline out loud in the Monday call, said the heron"
# The names an answer's scores go by: in plain text they would stand beside the scores.
SCORE_NAMES = re.compile(r"\b(care|help|trust)\b")


def logged(record: logging.LogRecord) -> str:
    """All a record holds: its message with its arguments, and its extra fields (Django's
    query log puts the SQL and its parameters there)."""
    return f"{record.getMessage()} {record.__dict__!r}"


@pytest.fixture
def every_query_logged(settings, caplog):
    settings.DEBUG = True  # Django logs each query with its parameters when DEBUG is on
    # Every logger at DEBUG: the root, and those the settings give a level of their own.
    for name in (None, "django", "leadwell"):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def test_answering_logs_no_score_and_no_comment_even_at_debug_level(
    personas, boston_sellers, today, every_query_logged
):
    pulse = open_pulse(personas, today)
    every_query_logged.clear()

    services.pulse_answer(
        by=personas.seller, pulse=pulse, care=2, help=5, trust=1, comment=COMMENT, on=today
    )

    records = [logged(r) for r in every_query_logged.records]
    # The writes were logged, the person's participation among them: the log was listening.
    assert any("pulse_participation" in r and str(personas.seller.pk) in r for r in records)
    assert any("pulse_heldanswers" in r for r in records)
    for record in records:
        assert "heron" not in record
        assert not SCORE_NAMES.search(record), record


def test_the_answers_written_at_the_close_are_logged_with_no_person_beside_them(
    personas, boston_sellers, today, every_query_logged
):
    pulse = open_pulse(personas, today)
    answer_all(pulse, boston_sellers, today, comments=[COMMENT])
    every_query_logged.clear()

    services.pulses_close_due(today + datetime.timedelta(days=7))

    with_the_comment = [logged(r) for r in every_query_logged.records if "heron" in logged(r)]
    # Django's query log holds the group's rows being written: with the group, and no person.
    assert with_the_comment
    for record in with_the_comment:
        assert "person" not in record
        assert all(s.name not in record and s.email not in record for s in boston_sellers)


def test_an_error_report_of_a_failed_answer_holds_neither_the_scores_nor_the_comment(
    personas, boston_sellers, monkeypatch, caplog
):
    """What an administrator's error e-mail would hold: Django's report of the request and of
    each frame's variables, filtered as the answer's page and service mark them sensitive."""
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone
    from django.views.debug import ExceptionReporter

    def broken(answers):
        raise RuntimeError("the disk is full")

    pulse = open_pulse(personas, timezone.localdate())
    monkeypatch.setattr(services, "seal", broken)
    client = Client(raise_request_exception=False)
    client.force_login(boston_sellers[0].user)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.post(
            reverse("pulse:answer", args=[pulse.pk]),
            {"care": "2", "help": "3", "trust": "1", "comment": COMMENT},
        )
    assert response.status_code == 500
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    report = ExceptionReporter(record.request, *record.exc_info).get_traceback_text()
    assert "the disk is full" in report  # the report is there, and read
    assert COMMENT not in report and "heron" not in report
    assert "'care': 2" not in report and "'trust': 1" not in report
