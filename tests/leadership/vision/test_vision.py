"""A leader's vision and its goals: written as a draft, published with its four answers and
three to five goals, each goal fixed once published and changed only with the kind of change,
its reason and a note for the team, every version kept; progress read from the metrics."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from leadwell.leadership.vision import selectors, services
from leadwell.leadership.vision.forms import GoalForm
from leadwell.leadership.vision.models import GoalVersion, PublishedGoalChanged
from leadwell.leadership.vision.services import GoalText
from leadwell.lib.periods import PeriodKind, period_of
from leadwell.metrics.compute import recompute
from leadwell.metrics.windows import Span, Whose, measure

from ...conftest import deal
from .conftest import ANSWERS, GOALS, write

pytestmark = pytest.mark.django_db


def messages(problem: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return problem.value.message_dict


def test_a_vision_is_published_with_three_to_five_goals_and_says_so_otherwise(personas):
    vision = write(personas.leader, goals=GOALS[:2])
    with pytest.raises(ValidationError) as refused:
        services.vision_publish(vision=vision, by=personas.leader)
    assert messages(refused)["goals"] == [
        "Set 3 to 5 high-level goals before publishing (you have 2)."
    ]
    services.goal_draft_save(vision=vision, by=personas.leader, text=GOALS[2])
    assert services.vision_publish(vision=vision, by=personas.leader).is_published


def test_a_sixth_goal_is_refused(personas):
    vision = write(personas.leader, goals=[*GOALS, GOALS[2], GOALS[2]])
    with pytest.raises(ValidationError) as refused:
        services.goal_draft_save(vision=vision, by=personas.leader, text=GOALS[0])
    assert "at most 5" in messages(refused)["goal"][0]


def test_every_question_is_answered_before_publishing(personas):
    vision = write(personas.leader)
    services.vision_save(owner=personas.leader, by=personas.leader, economy="")
    with pytest.raises(ValidationError) as refused:
        services.vision_publish(vision=vision, by=personas.leader)
    assert list(messages(refused)) == ["economy"]


def test_a_goal_linked_to_a_metric_needs_a_target_and_a_later_date(personas):
    vision = write(personas.leader, goals=[])
    text = GoalText(
        title="More",
        metric="new_accounts",
        starts_on=datetime.date(2025, 6, 1),
        target_date=datetime.date(2025, 1, 1),
    )
    with pytest.raises(ValidationError) as refused:
        services.goal_draft_save(vision=vision, by=personas.leader, text=text)
    assert set(messages(refused)) == {"target", "target_date"}


def test_a_goal_is_linked_only_to_a_metric_that_adds_up_over_its_months(personas):
    # Customers won counts distinct accounts: twelve months' counts do not add up to the
    # year's, so a goal of "40 customers won" would read against an average of months.
    vision = write(personas.leader, goals=[])
    text = GoalText(
        title="40 customers",
        metric="accounts_won",
        target=40,
        starts_on=datetime.date(2026, 1, 1),
        target_date=datetime.date(2026, 12, 31),
    )
    with pytest.raises(ValidationError) as refused:
        services.goal_draft_save(vision=vision, by=personas.leader, text=text)
    assert "cannot be measured over a goal's months" in messages(refused)["metric"][0]
    offered = dict(GoalForm().fields["metric"].choices)
    assert "new_accounts" in offered
    assert not {"accounts_won", "pipeline_horizon", "sales_cycle_days"} & set(offered)


def test_only_the_owner_writes_and_a_seller_leading_no_team_has_no_vision(personas, published):
    with pytest.raises(ValidationError):
        services.vision_publish(vision=published, by=personas.director)
    with pytest.raises(ValidationError):
        services.vision_save(owner=personas.seller, by=personas.seller, value="x")


def test_drafts_are_edited_freely_but_a_published_goal_is_not(personas):
    vision = write(personas.leader)
    goal = vision.goals.first()
    services.goal_draft_save(
        vision=vision, by=personas.leader, goal=goal, text=GoalText(title="Ten new customers")
    )
    assert goal.versions.get().title == "Ten new customers"
    services.vision_publish(vision=vision, by=personas.leader)
    with pytest.raises(ValidationError):
        services.goal_draft_save(
            vision=vision, by=personas.leader, goal=goal, text=GoalText(title="Eight")
        )
    with pytest.raises(ValidationError):
        services.goal_remove(goal=goal, by=personas.leader)
    # No path rewrites a published version, not even the model saved by hand.
    version = goal.versions.get()
    version.title = "Rewritten in a shell"
    with pytest.raises(PublishedGoalChanged):
        version.save()


def test_a_published_goal_changes_only_with_its_kind_reason_and_team_note(personas, published):
    goal = published.goals.first()
    text = GoalText(
        title="Fifteen new mid-market customers this year",
        metric="new_accounts",
        target=15,
        target_date=datetime.date(2025, 12, 31),
    )
    with pytest.raises(ValidationError) as refused:
        services.goal_change(
            goal=goal, by=personas.leader, text=text, change_kind="", reason=" ", team_note=""
        )
    assert set(messages(refused)) == {"change_kind", "reason", "team_note"}
    assert goal.versions.count() == 1
    with pytest.raises(ValidationError) as refused:
        services.goal_change(
            goal=goal,
            by=personas.director,
            text=text,
            change_kind="market",
            reason="x",
            team_note="y",
        )
    assert goal.versions.count() == 1

    services.goal_change(
        goal=goal,
        by=personas.leader,
        text=text,
        change_kind="market",
        reason="A competitor left the region",
        team_note="More room: same approach, more doors",
    )
    later = GoalText(**{**text.__dict__, "target": 18})
    services.goal_change(
        goal=goal,
        by=personas.leader,
        text=later,
        change_kind="competition",
        reason="Acme merged",
        team_note="Their customers are looking",
    )
    read = selectors.read_one(personas.leader, published)
    first = read.goals[0]
    assert [v.number for v in first.versions] == [3, 2, 1]
    assert [v.target for v in first.versions] == [18, 15, 12]
    assert first.current.change_kind == "competition"
    assert first.earlier[0].reason == "A competitor left the region"
    # The window starts where it started: a change moves the target, not the start.
    assert first.current.starts_on == datetime.date(2025, 1, 1)


def test_a_change_that_changes_nothing_is_refused(personas, published):
    goal = published.goals.last()
    with pytest.raises(ValidationError) as refused:
        services.goal_change(
            goal=goal,
            by=personas.leader,
            text=GOALS[2],
            change_kind="other",
            reason="x",
            team_note="y",
        )
    assert "Nothing in the goal changed" in messages(refused)["title"][0]


def test_the_answers_may_be_reworded_after_publishing_but_not_emptied(personas, published):
    services.vision_save(owner=personas.leader, by=personas.leader, value="Painless renewals")
    published.refresh_from_db()
    assert published.value == "Painless renewals" and published.approach == ANSWERS["approach"]
    with pytest.raises(ValidationError):
        services.vision_save(owner=personas.leader, by=personas.leader, value="")


def test_progress_is_the_metrics_value_over_the_goals_window_for_the_team(personas, published):
    sam, sofia = personas.seller, personas.seller2
    deal(sam, "won", 10_000, "2025-02-10")
    deal(sofia, "won", 30_000, "2025-03-20")
    deal(sam, "lost", 3_000, "2025-03-25")
    deal(sofia, "won", 5_000, "2024-12-10")  # before the window: not counted
    recompute(today=datetime.date(2025, 12, 31))
    today = datetime.date(2025, 4, 15)
    read = selectors.read(personas.leader, [published], today=today)[0]
    for goal in read.goals[:2]:
        (progress,) = goal.progress
        span = Span(
            period_of(datetime.date(2025, 1, 1), PeriodKind.MONTH),
            period_of(today, PeriodKind.MONTH),
        )
        expected = measure(scope=Whose.of(personas.boston), metric=goal.current.metric, months=span)
        assert progress.team == personas.boston
        assert progress.value == expected.value
        assert progress.running and 0.28 < progress.elapsed < 0.29
    assert read.goals[1].progress[0].value == pytest.approx(2 / 3)
    assert read.goals[2].progress == []  # not linked to a metric


def test_progress_is_shown_only_to_who_may_read_the_teams_totals(personas):
    unit = write(personas.director, publish=True)
    as_seller = selectors.read(personas.seller, [unit])[0]
    assert as_seller.goals[0].progress == []
    as_director = selectors.read(personas.director, [unit])[0]
    assert [p.team for p in as_director.goals[0].progress] == [personas.leadership]


def test_a_team_reads_the_business_units_vision_above_its_leaders(personas, published):
    unit = write(personas.director, publish=True)
    write(personas.other_leader)  # a draft: nobody else reads it
    for viewer in ("seller", "seller2", "leader", "director"):
        reads = selectors.team_visions(personas.user(viewer), personas.boston)
        assert [r.vision for r in reads] == [unit, published], viewer
    for viewer in ("other_seller", "other_leader", "admin"):
        assert selectors.team_visions(personas.user(viewer), personas.boston) == [], viewer
    assert [
        r.vision for r in selectors.team_visions(personas.user("other_seller"), personas.denver)
    ] == [unit]


def test_the_director_reads_each_leaders_published_vision(personas, published):
    found = selectors.leaders_visions(personas.user("director"))
    assert [(lv.leader, lv.read.vision if lv.read else None) for lv in found] == [
        (personas.leader, published),
        (personas.other_leader, None),
    ]


def test_each_standard_names_the_goals_it_serves(personas, published):
    goal = published.goals.last()
    services.goal_serving_set(
        goal=goal, by=personas.leader, metrics=["win_rate", "activities_per_week"]
    )
    served = selectors.goals_served(personas.boston)
    assert served["new_accounts"] == ["Twelve new mid-market customers this year"]
    assert served["win_rate"] == [
        "Win one in three deals we decide",
        "Be the team customers recommend",
    ]
    assert served["activities_per_week"] == ["Be the team customers recommend"]
    with pytest.raises(ValidationError):
        services.goal_serving_set(goal=goal, by=personas.leader, metrics=["no_such_metric"])


def test_the_audit_trail_records_a_change_without_its_words(personas, published):
    from leadwell.audit.models import Change

    goal = published.goals.first()
    services.goal_change(
        goal=goal,
        by=personas.leader,
        text=GoalText(title="Fifteen"),
        change_kind="market",
        reason="Zebra-4410 left",
        team_note="Room to grow",
    )
    changes = Change.objects.filter(kind="leadership", subject=personas.leader)
    assert changes.exists()
    assert not any("Zebra-4410" in str(c.__dict__) for c in changes)
    assert GoalVersion.objects.filter(goal=goal).count() == 2
