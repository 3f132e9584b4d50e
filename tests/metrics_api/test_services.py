"""services.target_set directly: the one workflow pages and the API share for targets."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from leadwell.lib.periods import parse_period
from leadwell.metrics import selectors, services
from leadwell.metrics.models import Target

pytestmark = pytest.mark.django_db

APRIL = datetime.date(2025, 4, 1)
MAY = datetime.date(2025, 5, 1)


def errors(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def test_a_personal_target_is_agreed_on_the_day_it_applies_from_by_default(personas):
    target = services.target_set(
        metric="bookings",
        value=50_000,
        valid_from=APRIL,
        person=personas.seller,
        set_by=personas.leader,
    )
    assert (target.person, target.team, target.value) == (personas.seller, None, 50_000)
    assert target.agreed_on == APRIL and target.set_by == personas.leader
    agreed = services.target_set(
        metric="win_rate",
        value=0.4,
        valid_from=APRIL,
        person=personas.seller,
        agreed_on=datetime.date(2025, 3, 20),
    )
    assert agreed.agreed_on == datetime.date(2025, 3, 20)


def test_a_team_standard_needs_no_agreement(personas):
    target = services.target_set(
        metric="win_rate", value=0.3, valid_from=APRIL, team=personas.boston
    )
    assert target.team == personas.boston and target.agreed_on is None


def test_the_same_team_metric_and_day_is_an_upsert(personas):
    first = services.target_set(
        metric="win_rate", value=0.3, valid_from=APRIL, team=personas.boston
    )
    second = services.target_set(
        metric="win_rate",
        value=0.35,
        valid_from=APRIL,
        team=personas.boston,
        set_by=personas.leader,
    )
    assert second.pk == first.pk and Target.objects.count() == 1
    second.refresh_from_db()
    assert second.value == 0.35 and second.set_by == personas.leader
    # Another day, another metric, or another team is another target.
    services.target_set(metric="win_rate", value=0.4, valid_from=MAY, team=personas.boston)
    services.target_set(metric="deals_won", value=3, valid_from=APRIL, team=personas.boston)
    services.target_set(metric="win_rate", value=0.3, valid_from=APRIL, team=personas.denver)
    services.target_set(metric="win_rate", value=0.3, valid_from=APRIL, person=personas.seller)
    assert Target.objects.count() == 5


def test_none_withdraws_the_target_from_then_on(personas):
    services.target_set(metric="deals_won", value=4, valid_from=APRIL, person=personas.seller)
    services.target_set(metric="deals_won", value=None, valid_from=MAY, person=personas.seller)
    april = selectors.person_card(personas.seller, parse_period("2025-04"), with_trend=False)
    may = selectors.person_card(personas.seller, parse_period("2025-05"), with_trend=False)
    assert april.line("deals_won").target == 4
    assert may.line("deals_won").target is None
    # Withdrawing a personal target brings the team standard back.
    services.target_set(metric="deals_won", value=2, valid_from=APRIL, team=personas.boston)
    may = selectors.person_card(personas.seller, parse_period("2025-05"), with_trend=False)
    assert may.line("deals_won").target == 2


@pytest.mark.parametrize(
    ("metric", "value", "field", "words"),
    [
        ("", 1, "metric", "Choose a metric"),
        ("bogus", 1, "metric", "Unknown metric 'bogus'"),
        ("quota", 1, "metric", "its target is the quota itself"),
        ("coverage_needed", 1, "metric", "does not take a target"),
        ("win_rate", 30, "value", "Did you mean 0.3 for 30%?"),
        ("win_rate", 1.01, "value", "at most 1 (100%)"),
        ("quota_attainment", 90, "value", "Did you mean 0.9 for 90%?"),
        ("quota_attainment", 3.5, "value", "at most 3 (300%)"),
        ("forecast_bias", -0.1, "value", "enter 0.1 for plus or minus 10%"),
        ("bookings", -1, "value", "cannot be negative"),
        ("bookings", float("nan"), "value", "finite"),
        ("bookings", float("inf"), "value", "finite"),
        ("bookings", 1e13, "value", "too large"),
        ("bookings", "lots", "value", "must be a number"),
        ("bookings", True, "value", "must be a number"),
    ],
)
def test_nonsense_is_refused_with_a_message_by_field(personas, metric, value, field, words):
    with pytest.raises(ValidationError) as excinfo:
        services.target_set(metric=metric, value=value, valid_from=APRIL, person=personas.seller)
    assert words in " ".join(errors(excinfo)[field])
    assert not Target.objects.exists()


@pytest.mark.parametrize(
    ("metric", "value"),
    [
        ("win_rate", 0),
        ("win_rate", 1),
        ("win_rate", 0.35),
        ("quota_attainment", 1.2),
        ("forecast_bias", 0.1),
        ("pipeline_coverage", 3),
        ("sales_cycle_days", 45),
        ("bookings", 250_000),
        ("activities_per_week", 40.5),
    ],
)
def test_sensible_values_are_kept(personas, metric, value):
    target = services.target_set(metric=metric, value=value, valid_from=APRIL, team=personas.boston)
    assert target.value == value


def test_exactly_one_of_team_and_person(personas):
    for whose in ({}, {"team": personas.boston, "person": personas.seller}):
        with pytest.raises(ValidationError) as excinfo:
            services.target_set(metric="bookings", value=1, valid_from=APRIL, **whose)
        assert "either for a team" in errors(excinfo)["team"][0]
    assert not Target.objects.exists()


def test_every_problem_is_reported_at_once(personas):
    with pytest.raises(ValidationError) as excinfo:
        services.target_set(metric="bogus", value=1, valid_from=APRIL)
    assert set(errors(excinfo)) == {"metric", "team"}


def test_a_withdrawal_needs_no_value_checks(personas):
    target = services.target_set(
        metric="win_rate", value=None, valid_from=APRIL, team=personas.boston
    )
    assert target.value is None


def test_the_leader_turns_the_public_ranking_on_and_off(personas):
    from leadwell.metrics.models import TeamSettings

    assert services.team_ranking_set(team=personas.boston, public=True).public_ranking
    assert not services.team_ranking_set(team=personas.boston, public=False).public_ranking
    assert TeamSettings.objects.filter(team=personas.boston).count() == 1
