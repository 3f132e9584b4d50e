"""`leadwell digest --person X [--kind K] [--dry-run]`: shows a digest without storing it, or
makes it now through the outbox, once per period."""

import pytest

from leadwell.cadences.digests import daily
from leadwell.cadences.models import Delivery, Kind, Notification

pytestmark = pytest.mark.django_db


def test_a_dry_run_prints_the_subject_and_text_and_stores_nothing(week, cli):
    result = cli(
        "digest", "--person", "lena.hart@example.com", "--kind", "leader_digest", "--dry-run"
    )
    assert result.exit_code == 0, result.output
    assert "=== leader_digest (leader_digest:" in result.output
    assert "Subject: Your week:" in result.output
    assert "WHO NEEDS YOU THIS WEEK" in result.output
    assert "Sam Ortiz:" in result.output
    assert Notification.objects.count() == 0
    assert Delivery.objects.count() == 0


def test_a_real_run_makes_the_notification_once_and_says_so_the_second_time(week, cli):
    lena = week.personas.leader
    first = cli("digest", "--person", str(lena.pk), "--kind", "leader_digest")
    assert first.exit_code == 0, first.output
    [made] = Notification.objects.filter(person=lena, kind=Kind.LEADER_DIGEST)
    assert f"made notification #{made.pk}" in first.output
    assert "queued to lena.hart@example.com" in first.output
    assert Delivery.objects.get(notification=made).to_address == "lena.hart@example.com"
    again = cli("digest", "--person", "Lena Hart", "--kind", "leader_digest")
    assert again.exit_code == 0, again.output
    assert "already made for this period" in again.output
    assert Notification.objects.filter(person=lena).count() == 1


def test_an_unknown_person_or_a_kind_not_offered_is_a_clear_error(week, cli):
    unknown = cli("digest", "--person", "nobody@example.com", "--dry-run")
    assert unknown.exit_code == 2
    assert "no person has the e-mail nobody@example.com" in unknown.output
    not_offered = cli("digest", "--person", "sam.ortiz@example.com", "--kind", "leader_digest")
    assert not_offered.exit_code == 1
    assert "Sam Ortiz is not offered the leader_digest e-mail today" in not_offered.output
    assert "pre_one_on_one" in not_offered.output
    assert Notification.objects.count() == 0


def test_nothing_to_send_is_said_and_nothing_is_stored(personas, cli, monkeypatch):
    monkeypatch.setattr(daily, "owed", lambda person, today: [])
    result = cli("digest", "--person", "sam.ortiz@example.com", "--kind", "reminders")
    assert result.exit_code == 0, result.output
    assert "reminders: nothing to send to Sam Ortiz now." in result.output
    assert Notification.objects.count() == 0


def test_the_command_offers_every_kind_of_e_mail_there_is():
    from leadwell.cadences.cli import KINDS

    assert [str(kind) for kind in Kind] == KINDS


def test_the_command_explains_itself(cli):
    result = cli("digest", "--help")
    assert result.exit_code == 0
    assert "Usage: leadwell digest" in result.output
    for option in ("--person", "--kind", "--dry-run"):
        assert option in result.output
