"""The demo organisation and its history, generated once for the module (in a transaction
rolled back after its last test) and read by every test; each test's own writes are rolled
back after it, as usual."""

import datetime
from decimal import Decimal

import pytest
from django.db import models, transaction
from django.test import Client, override_settings
from django.urls import reverse

from leadwell import demo
from leadwell.agreements import selectors as agreement_selectors
from leadwell.agreements.models import Agreement
from leadwell.asks.models import Ask
from leadwell.balance.measure import Lean
from leadwell.balance.selectors import measure_leader
from leadwell.coaching.models import Meeting
from leadwell.identity.models import User
from leadwell.org import selectors
from leadwell.org.models import Membership, Person
from leadwell.org.selectors import Role
from leadwell.pulse import selectors as pulse_selectors
from leadwell.pulse.models import Answer, Participation, Pulse, PulseRules
from tests.conftest import TEST_SETTINGS

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture(scope="module")
def context(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo of the default seed as it stands on TODAY."""
    with (
        override_settings(**TEST_SETTINGS, UPLOAD_DIR=tmp_path_factory.mktemp("uploads")),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        yield demo.generate(today=TODAY)
        transaction.set_rollback(True)


def snapshot() -> list[tuple]:
    people = list(Person.objects.order_by("id").values_list("name", "email", "title"))
    lines = list(
        Membership.objects.order_by("id").values_list(
            "person__name", "team__name", "role", "valid_from", "valid_until"
        )
    )
    return people + lines


def test_the_demo_has_a_director_two_leaders_and_five_to_seven_sellers_each(context):
    assert selectors.role_of(context.director) == Role.DIRECTOR
    assert len(context.leaders) == 2
    for leader in context.leaders:
        assert selectors.role_of(leader) == Role.LEADER
        assert selectors.manager_of(leader) == context.director
        (team,) = selectors.teams_led_by(leader)
        assert 5 <= selectors.members_of([team]).count() <= 7
        assert team.office is not None


def test_every_persona_can_sign_in_and_sits_where_its_label_says(context):
    personas = {p.key: p for p in context.personas}
    for persona in personas.values():
        user = User.objects.get(email=persona.person.email)
        assert user.check_password(persona.password)
    leader = personas["leader"].person
    assert selectors.manager_of(personas["seller"].person) == leader
    assert selectors.manager_of(personas["other_seller"].person) == personas["other_leader"].person
    assert User.objects.get(email=personas["admin"].person.email).is_administrator
    assert selectors.role_of(personas["admin"].person) == Role.OUTSIDE


def test_the_demo_administrator_lands_on_the_administration_home(context):
    admin = next(p for p in context.personas if p.key == "admin")
    client = Client()
    client.force_login(User.objects.get(email=admin.person.email))
    html = client.get(reverse("home")).content.decode()
    assert "<h1>Administration</h1>" in html
    for name in ["imports", "directory", "org-chart", "settings", "audit-trail", "admin:index"]:
        assert f'href="{reverse(name)}"' in html, name


def test_one_seller_changed_team_and_keeps_the_old_team_in_their_history(context):
    movers = [
        p
        for p in Person.objects.all()
        if Membership.objects.members().filter(person=p).count() == 2
    ]
    assert len(movers) == 1
    old, new = Membership.objects.members().filter(person=movers[0]).order_by("valid_from")
    assert old.valid_until == new.valid_from and new.valid_until is None


def test_the_history_starts_eight_quarters_back_on_a_quarter_boundary(context):
    assert context.history_starts == datetime.date(2024, 10, 1)


def wipe() -> None:
    from leadwell.coaching.models import Assignment
    from leadwell.crm.models import Account, Activity, ForecastSubmission, Opportunity, Quota
    from leadwell.org.models import Office, Team
    from leadwell.reports.models import Report

    for model in [
        Report,  # protects its leader and team, and its strategies their owners
        Assignment,  # protects its owner: goes before the people
        Activity,
        Opportunity,
        Quota,
        ForecastSubmission,
        Account,
        Membership,
        Person,
        User,
        Team,
    ]:
        model.objects.all().delete()
    Office.objects.filter(parent__isnull=False).delete()
    Office.objects.all().delete()


def test_the_same_seed_and_day_give_the_same_organisation_and_history(context):
    from leadwell.crm.models import Opportunity

    def everything() -> list[tuple]:
        deals = Opportunity.objects.order_by("external_id").values_list(
            "external_id", "owner__name", "account__name", "amount", "stage", "close_date"
        )
        return snapshot() + list(deals) + pulse_answers()

    first = everything()
    wipe()
    demo.generate(today=TODAY)
    assert everything() == first


def pulse_answers() -> list[tuple]:
    """Who answered which pulse and, apart, every written answer (in no order of its own)."""
    answered = Participation.objects.values_list(
        "pulse__team__name", "pulse__opens_on", "person__name"
    )
    answers = Answer.objects.values_list("group__team__name", "care", "help", "trust", "comment")
    return sorted(answered) + sorted(answers)


def crm_numbers(person):
    from django.db.models import Count, Q, Sum

    from leadwell.crm.models import ForecastSubmission, Opportunity, OpportunityChange

    deals = Opportunity.objects.filter(owner=person).aggregate(
        count=Count("pk"),
        won=Count("pk", filter=Q(outcome="won")),
        lost=Count("pk", filter=Q(outcome="lost")),
        booked=Sum("amount", filter=Q(outcome="won")),
    )
    forecasts = ForecastSubmission.objects.filter(person=person).aggregate(commit=Sum("commit"))
    slips = OpportunityChange.objects.filter(opportunity__owner=person, field="close_date").count()
    return {
        "deals": deals["count"],
        "win_rate": deals["won"] / max(deals["won"] + deals["lost"], 1),
        "booked": deals["booked"] or 0,
        "commit_ratio": (forecasts["commit"] or 0) / max(deals["booked"] or 1, 1),
        "slips_per_deal": slips / max(deals["count"], 1),
    }


def test_the_demo_history_shows_the_planted_seller_patterns(context):
    patterns = context.patterns
    assert set(patterns) == {"strong", "thin_pipeline", "low_win_rate", "sandbagger", "slipper"}
    others = [
        p
        for team in context.teams
        for p in context.sellers_by_team[team.pk]
        if p not in patterns.values()
    ]
    typical = [crm_numbers(p) for p in others]
    strong, thin = crm_numbers(patterns["strong"]), crm_numbers(patterns["thin_pipeline"])
    assert strong["booked"] > max(t["booked"] for t in typical)
    assert thin["deals"] < min(t["deals"] for t in typical)
    assert crm_numbers(patterns["low_win_rate"])["win_rate"] < min(t["win_rate"] for t in typical)
    assert crm_numbers(patterns["sandbagger"])["commit_ratio"] < min(
        t["commit_ratio"] for t in typical
    )
    assert crm_numbers(patterns["slipper"])["slips_per_deal"] > max(
        t["slips_per_deal"] for t in typical
    )


def test_some_customers_are_pulled_into_quarter_ends_again_and_again(context):
    from leadwell.crm.models import OpportunityChange

    for account in context.pulled_in_accounts:
        pulls = [
            c
            for c in OpportunityChange.objects.filter(
                opportunity__account=account, field="close_date"
            )
            if c.new_value < c.old_value
        ]
        assert len(pulls) >= 6  # one in each past quarter of the eight


def test_the_demo_has_eight_quarters_of_quotas_forecasts_and_activities(context):
    from leadwell.crm.models import Activity, ForecastSubmission, Quota

    seller = context.personas[2].person
    # Eight past quarters and this one; the committed plan adds the year's quarters to come.
    assert Quota.objects.filter(person=seller, period_start__lte=TODAY).count() == 9
    assert ForecastSubmission.objects.filter(person=seller).count() >= 8 * 3
    weeks = Activity.objects.filter(owner=seller, status="done").dates("date", "week")
    assert len(weeks) >= 8 * 12


def test_every_seller_submits_a_commit_and_best_case_forecast_every_week(context):
    from leadwell.crm.models import ForecastSubmission
    from leadwell.lib.periods import period_of

    sellers = [p for team in context.teams for p in context.sellers_by_team[team.pk]]
    quarter = period_of(context.history_starts, "quarter")
    covered = []
    while quarter.start <= TODAY:
        covered.append(quarter)
        quarter = quarter.next()
    assert len(covered) == 9
    submitted = set(
        ForecastSubmission.objects.filter(
            period_kind="quarter", commit__isnull=False, best_case__gt=0
        ).values_list("person_id", "period_start", "submitted_on")
    )
    for seller in sellers:
        for quarter in covered:
            weeks, week = set(), quarter.start
            while week < quarter.end and week <= TODAY:
                weeks.add(week)
                week += datetime.timedelta(weeks=1)
            found = {s[2] for s in submitted if s[:2] == (seller.pk, quarter.start)}
            assert found == weeks, (seller.name, quarter.name)
    best_below_commit = ForecastSubmission.objects.filter(best_case__lte=models.F("commit"))
    assert not best_below_commit.exists()


def test_the_sandbagger_forecasts_low_and_the_others_accurately_and_only_the_sandbagger_is_coached_on_it(
    context,
):
    from leadwell.coaching.selectors import overview
    from leadwell.lib.periods import period_of
    from leadwell.metrics.selectors import person_card

    last_quarter = period_of(
        period_of(TODAY, "quarter").start - datetime.timedelta(days=1), "quarter"
    )
    sandbagger = context.patterns["sandbagger"]
    accurate = context.patterns["strong"]
    low = person_card(sandbagger, last_quarter, with_trend=False)
    assert low.value("forecast_bias") < -0.25
    for person in [p for team in context.teams for p in context.sellers_by_team[team.pk]]:
        if person == sandbagger:
            continue
        card = person_card(person, last_quarter, with_trend=False)
        if card.value("bookings"):
            assert card.value("forecast_accuracy") > 0.85, person.name
    # The forecasting coaching item: a gap on forecast bias is open for the sandbagger only.
    suggested = {line.metric.key for line in overview(sandbagger, last_quarter, TODAY).open_gaps}
    assert "forecast_bias" in suggested
    suggested = {line.metric.key for line in overview(accurate, last_quarter, TODAY).open_gaps}
    assert not suggested & {"forecast_bias", "forecast_accuracy"}
    # The quarter still running is judged on its forecasts only once it ends: no one has a
    # forecast gap in it, whatever their weekly calls say today.
    running = period_of(TODAY, "quarter")
    for person in (sandbagger, accurate):
        card = person_card(person, running, with_trend=False, today=TODAY)
        assert card.line("forecast_bias").value is None
        assert card.line("forecast_bias").undefined == "judged when the period ends"
        suggested = {line.metric.key for line in overview(person, running, TODAY).open_gaps}
        assert not suggested & {"forecast_bias", "forecast_accuracy"}, person.name


def test_the_running_quarters_weekly_calls_sit_where_the_sellers_deals_say(context):
    """The demo's calls for the quarter in progress follow the sellers' open deals, as the
    forecast call page shows them beside each other: never a call of nothing beside a full
    commit column, and each call's three figures in order."""
    from leadwell.crm.models import ForecastSubmission, Opportunity
    from leadwell.lib.periods import period_of

    running = period_of(TODAY, "quarter")
    sellers = [p for team in context.teams for p in context.sellers_by_team[team.pk]]
    for seller in sellers:
        deals = Opportunity.objects.filter(
            owner=seller, close_date__gte=running.start, close_date__lt=running.end
        )
        won = sum(d.amount for d in deals if d.outcome == "won")
        committed = won + sum(
            d.amount for d in deals if d.outcome == "open" and d.forecast_category == "commit"
        )
        last = (
            ForecastSubmission.objects.filter(person=seller, period_start=running.start)
            .order_by("-submitted_on")
            .first()
        )
        assert last is not None, seller.name
        assert last.commit <= last.best_case <= last.pipeline, seller.name
        if committed and seller != context.patterns["sandbagger"]:
            assert last.commit >= committed * Decimal("0.6"), seller.name
    disordered = ForecastSubmission.objects.filter(pipeline__lt=models.F("best_case"))
    assert not disordered.exists()


def yearly(person, metric: str) -> float | None:
    """The metric over the last full fiscal year, read from the scorecard summaries."""
    from leadwell.lib.periods import period_of
    from leadwell.metrics.selectors import person_card

    last_year = period_of(TODAY, "year").start - datetime.timedelta(days=1)
    return person_card(person, period_of(last_year, "year"), with_trend=False).value(metric)


def test_the_demo_scorecards_show_the_planted_patterns_and_team_standards(context):
    from leadwell.metrics.models import Target

    patterns = context.patterns
    others = [
        p
        for team in context.teams
        for p in context.sellers_by_team[team.pk]
        if p not in patterns.values()
    ]

    def typical(metric: str) -> list[float]:
        return [v for p in others if (v := yearly(p, metric)) is not None]

    assert yearly(patterns["strong"], "quota_attainment") > max(typical("quota_attainment"))
    assert yearly(patterns["low_win_rate"], "win_rate") < min(typical("win_rate"))
    assert yearly(patterns["thin_pipeline"], "pipeline_created") < min(typical("pipeline_created"))
    assert yearly(patterns["slipper"], "slipped_deals") > max(typical("slipped_deals"))
    assert Target.objects.filter(team__in=context.teams, metric="win_rate").count() == 2
    assert Target.objects.filter(person=patterns["thin_pipeline"]).exists()


def test_the_planted_sellers_bookings_gaps_fall_on_the_driver_of_their_weakness(context):
    from leadwell.lib.periods import period_of
    from leadwell.metrics.gaps import analyse

    patterns = context.patterns
    year = period_of(period_of(TODAY, "year").start - datetime.timedelta(days=1), "year")
    analyses = {name: analyse(patterns[name], year) for name in patterns}
    for analysis in analyses.values():
        assert {d.key for d in analysis.drivers} == {
            "volume",
            "win_rate",
            "deal_size",
            "cycle_time",
        }
        assert sum(d.amount for d in analysis.drivers) == pytest.approx(analysis.bookings_gap)
    # Over the last full year: the thin pipeline decides too few deals, the low win rate wins
    # too few of them, the slipper's deals take longest to close, the strong seller is above.
    assert analyses["thin_pipeline"].main_driver.key == "volume"
    assert analyses["low_win_rate"].main_driver.key == "win_rate"
    assert analyses["slipper"].main_driver.key == "cycle_time"
    assert analyses["strong"].shortfall is None
    # A quarter in which the low win rate decided deals and won none puts its whole gap on
    # win rate, shown as 0%, never on volume.
    quarter = period_of(context.history_starts, "quarter")
    empty = []
    while quarter.start < TODAY:
        analysis = analyse(patterns["low_win_rate"], quarter)
        drivers = {d.key: d for d in analysis.drivers}
        if drivers and drivers["win_rate"].actual == 0:
            empty.append(analysis)
            assert drivers["volume"].actual > 0 and drivers["volume"].amount == 0
            assert drivers["win_rate"].amount == analysis.bookings_gap
        quarter = quarter.next()
    assert empty and all(a.main_driver.key == "win_rate" for a in empty)


def test_the_demo_has_a_coaching_item_at_every_stage_following_the_planted_patterns(context):
    from leadwell.coaching import selectors as coaching
    from leadwell.coaching.models import Assignment, CoachingItem, Evaluation
    from leadwell.lib.periods import period_of
    from leadwell.metrics.selectors import person_card

    patterns = context.patterns

    def skills(item) -> set[str]:
        return {skill.name for skill in item.skills.all()}

    # Assigned: the thin pipeline's prospecting block is under way.
    thin = CoachingItem.objects.get(person=patterns["thin_pipeline"])
    assert thin.metric in {"pipeline_coverage", "pipeline_created"}
    assert skills(thin) == {"Prospecting"}
    (block,) = thin.assignments.all()
    assert block.title == "Prospecting block 3x a week"
    assert block.status == Assignment.Status.OPEN and block.due_on > TODAY
    # Waiting for evaluation, after a new root cause: the low win rate.
    low = CoachingItem.objects.get(person=patterns["low_win_rate"])
    assert low.metric == "win_rate" and low.status == CoachingItem.Status.OPEN
    assert skills(low) == {"Discovery", "Qualification"}
    first, second = low.assignments.order_by("started_on")
    assert first.evaluation.outcome == Evaluation.Outcome.NEW_CAUSE
    assert second.title == "Shadow a top performer's discovery calls"
    assert list(Assignment.objects.waiting_for_evaluation(TODAY)) == [second]
    assert low.events.filter(kind="rediagnose").exists()
    # Diagnosing: the slipper's slipped deals have a root cause and no assignment yet.
    slipper = CoachingItem.objects.get(person=patterns["slipper"])
    assert slipper.metric == "slipped_deals" and skills(slipper) and slipper.evidence
    assert slipper.seller_view and not slipper.assignments.exists()
    # Closed: the sandbagger's forecast bias, evaluated over measured windows.
    sandbagger = CoachingItem.objects.get(person=patterns["sandbagger"])
    assert sandbagger.metric == "forecast_bias" and sandbagger.status == CoachingItem.Status.CLOSED
    (evaluation,) = sandbagger.evaluations.all()
    assert evaluation.outcome == Evaluation.Outcome.CLOSED
    assert evaluation.before_from < evaluation.after_from < evaluation.after_until <= TODAY
    # And one closed item whose metric re-measured before and after from the summaries.
    assert any(
        e.before_value is not None and e.after_value is not None
        for e in Evaluation.objects.filter(outcome=Evaluation.Outcome.CLOSED)
    )
    # Every item was opened from a gap its seller's scorecard really shows.
    for item in CoachingItem.objects.all():
        card = person_card(
            item.person, period_of(item.period_start, item.period_kind), with_trend=False
        )
        line = card.line(item.metric)
        assert line.gap is not None and line.value == item.value_at_open
    # Gaps nobody has opened an item on yet are left, some on a seller with no open item.
    leader = next(p.person for p in context.personas if p.key == "leader")
    reports = list(selectors.direct_reports(leader, TODAY))
    found = coaching.overviews(reports, period_of(TODAY, "quarter"), TODAY)
    assert any(o.open_gaps and not o.open_items for o in found)


def test_the_demo_has_weekly_one_on_ones_goals_and_development_plans_reviewed_monthly(context):
    from leadwell.coaching import selectors as coaching
    from leadwell.coaching.models import OneOnOneSeries, PersonalGoal, PrivateNote
    from leadwell.leadership.pivot.models import PivotResponse

    personas = {p.key: p.person for p in context.personas}
    leader, seller = personas["leader"], personas["seller"]
    reports = list(selectors.direct_reports(leader, TODAY))
    for person in [s for team in context.teams for s in context.sellers_by_team[team.pk]]:
        assert PersonalGoal.objects.filter(person=person).count() >= 2

    assert OneOnOneSeries.objects.filter(leader=leader).count() == len(reports)
    series = OneOnOneSeries.objects.get(leader=leader, report=seller)
    held = series.meetings.filter(status="held")
    assert 5 <= held.count() <= 7 and all(m.shared_notes for m in held)
    assert series.meetings.filter(status="missed").count() == 1
    upcoming = series.meetings.filter(scheduled_on__gte=TODAY).order_by("scheduled_on").first()
    assert upcoming.status == "planned" and upcoming.answer
    agenda = coaching.agenda(upcoming, TODAY, leader)
    assert agenda.carried_over
    assert any(a.from_question and a.owner == leader for a in agenda.open_actions)
    assert series.points.filter(discussed_in__isnull=False).exists()
    assert PrivateNote.objects.filter(author=leader).exists()
    # The demo leader's 1:1s are up to date; the other leader's are late.
    assert coaching.late_one_on_ones(leader, TODAY) == []
    assert coaching.late_one_on_ones(personas["other_leader"], TODAY)

    statuses = coaching.plan_statuses(reports)
    for status in statuses:
        plan = status.plan
        assert plan is not None and plan.strengths and plan.skills_to_develop.exists()
        # Two or three agreed in the plan; the pivot step adds one from a leader's response.
        agreed = plan.actions.exclude(
            pk__in=PivotResponse.objects.exclude(plan_action=None).values("plan_action")
        )
        assert 2 <= agreed.count() <= 3 and plan.reviews.count() >= 2
        assert plan.comments.filter(author=status.person).exists()
    overdue = coaching.overdue_plan_reviews(leader, TODAY)
    assert [s.person for s in overdue] == [context.patterns["strong"]]


def test_every_coaching_page_of_the_demo_opens_for_the_people_it_is_about(context):
    from django.test import Client

    from leadwell.coaching.models import CoachingItem, Meeting, OneOnOneSeries

    personas = {p.key: p.person for p in context.personas}
    leader = personas["leader"]
    team = selectors.teams_led_by(leader).first()
    reports = list(selectors.direct_reports(leader, TODAY))
    client = Client()
    client.force_login(leader.user)
    pages = ["/", "/coaching/", f"/coaching/teams/{team.pk}/", "/one-on-ones/"]
    for report in reports:
        pages += [f"/coaching/people/{report.pk}/", f"/coaching/people/{report.pk}/plan/"]
        pages.append(f"/coaching/people/{report.pk}/goals/")
    pages += [f"/coaching/items/{pk}/" for pk in CoachingItem.objects.values_list("pk", flat=True)]
    for series in OneOnOneSeries.objects.filter(leader=leader):
        pages.append(f"/one-on-ones/{series.pk}/")
    pages += [
        f"/one-on-ones/meetings/{pk}/"
        for pk in Meeting.objects.filter(series__leader=leader).values_list("pk", flat=True)
    ]
    for page in pages:
        assert client.get(page, follow=True).status_code == 200, page
    seller = Client()
    seller.force_login(personas["seller"].user)
    for page in ["/", "/coaching/", "/one-on-ones/", f"/coaching/people/{personas['seller'].pk}/"]:
        assert seller.get(page, follow=True).status_code == 200, page
    history = seller.get(f"/coaching/people/{personas['seller'].pk}/history.html")
    assert history.status_code == 200


def test_the_directors_leadership_team_is_the_sum_of_his_leaders_teams(context):
    from leadwell.metrics import selectors as metrics
    from leadwell.metrics.models import Scope

    (leadership,) = selectors.teams_led_by(context.director)
    director = User.objects.get(email=context.director.email)
    for period in metrics.recent_periods(metrics.current_period(today=TODAY)):
        scorecard = metrics.team_scorecard(director, leadership, period)
        assert [led.team for led in scorecard.teams] == sorted(context.teams, key=str)
        assert {led.leader for led in scorecard.teams} == set(context.leaders)
        # The leaders sell nothing themselves: never listed as sellers with zero.
        assert scorecard.sellers == []
        teams = metrics.group_cards(Scope.TEAM, context.teams, period)
        for metric in ("bookings", "deals_won"):
            total = sum(card.value(metric) or 0 for card in teams)
            assert (scorecard.card.value(metric) or 0) == pytest.approx(total)
        assert scorecard.card.value("bookings")


def test_the_organisations_totals_are_the_sum_of_its_drill_down_rows(context):
    from leadwell.metrics import selectors as metrics
    from leadwell.metrics.models import Scope

    director = User.objects.get(email=context.director.email)
    for period in metrics.recent_periods(metrics.current_period(today=TODAY)):
        rows = [row for row in metrics.drill_down_rows(director, None, period) if row.in_sum]
        assert context.business_unit in [row.group for row in rows]
        org = metrics.group_cards(Scope.ORG, [None], period)[0]
        for metric in ("bookings", "deals_won", "deals_decided"):
            total = sum(row.card.value(metric) or 0 for row in rows)
            assert total == pytest.approx(org.value(metric) or 0)


def test_the_directors_home_shows_each_leaders_team_against_its_quota(context):
    client = Client()
    client.force_login(User.objects.get(email=context.director.email))
    html = client.get(reverse("home")).content.decode()
    for team in context.teams:
        assert f'<table class="table team-figures" data-team="{team.pk}">' in html
        assert reverse("metrics:team", args=[team.pk]) in html
    assert "Quota attainment" in html


def test_the_leaders_report_monthly_one_month_below_plan_is_followed_up_and_one_is_late(context):
    from leadwell.reports import selectors as reports
    from leadwell.reports.models import Report

    personas = {p.key: p.person for p in context.personas}
    leader, other = personas["leader"], personas["other_leader"]
    sent = list(Report.objects.filter(leader=leader, status="sent").order_by("period_start"))
    assert len(sent) == 6
    below = [r for r in sent if r.snapshot["below_plan"]]
    assert below and all(r.explanation and r.strategies.exists() for r in below)
    followed = sent[sent.index(below[0]) + 1]
    shown = reports.report_figures(followed)
    assert reports.carried_forward(followed, shown)
    assert below[0].comments.filter(kind="question").exists()
    late = reports.overdue_reports(context.director, today=TODAY)
    assert [o.leader for o in late] == [other]
    assert Report.objects.filter(leader=leader, read_at__isnull=True).count() == 1


def test_the_demo_leaders_team_agreement_waits_for_the_demo_sellers_acknowledgement(context):
    personas = {p.key: p.person for p in context.personas}
    team = Agreement.objects.get(leader=personas["leader"], made_with="team")
    current, earlier = team.versions.order_by("-number")
    assert current.number == 2 and earlier.acknowledgements.count() >= 2
    acknowledged = {a.person for a in current.acknowledgements.all()}
    assert acknowledged and personas["seller"] not in acknowledged
    assert [v.number for v in agreement_selectors.waiting_for(personas["seller"])] == [2]
    upward = Agreement.objects.get(leader=personas["leader"], made_with="director")
    assert upward.versions.get().acknowledgements.get().person == personas["director"]


def test_laura_accepts_asks_without_assessing_and_manuel_assesses_one_and_accepts_it_partly(
    context,
):
    personas = {p.key: p.person for p in context.personas}
    lauras = list(Ask.objects.filter(leader=personas["other_leader"]))
    assert len(lauras) == 2
    for ask in lauras:
        assert (ask.decision, ask.without_assessment) == ("accepted", True)
        assert ask.asked_deals.exists()
    assessed, waiting = Ask.objects.filter(leader=personas["leader"]).order_by("period_start")
    assert (assessed.decision, assessed.without_assessment) == ("partly", False)
    assert assessed.assessment.deals.count() == 3
    assert assessed.asked_deals.count() == 2
    assert assessed.assessment.recommendation
    assert waiting.decision == "" and waiting.period_start > assessed.period_start


def test_the_balance_reads_laura_drifting_toward_passing_the_pressure_on_and_manuel_in_balance(
    context,
):
    personas = {p.key: p.person for p in context.personas}
    laura = measure_leader(personas["other_leader"], TODAY)
    manuel = measure_leader(personas["leader"], TODAY)
    assert laura.position.lean == Lean.PRESSURE
    firing = {m.signal.key for m in laura.firing}
    assert {"unassessed_asks", "asks_passed_on"} <= firing
    assert manuel.position.lean == Lean.BALANCED
    assert not {m.signal.key for m in manuel.firing} & {
        "unassessed_asks",
        "asks_passed_on",
        "escalated_share",
        "escalated_without_actions",
    }


def team_pulse_of(context, key: str):
    """The persona's team (the one they lead or sell in) and its pulse as the persona reads it."""
    person = next(p.person for p in context.personas if p.key == key)
    team = selectors.teams_led_by(person, TODAY).first() or selectors.team_of(person, TODAY)
    return team, pulse_selectors.team_pulse(person, team, TODAY)


def trust_of(context, key: str) -> float:
    """The mean "can I trust you" of the leader's team over all its results, as the director
    reads it in the roll-up."""
    team, _ = team_pulse_of(context, key)
    roll_up = pulse_selectors.roll_up(context.director, [team])
    assert roll_up is not None
    return next(s.mean for s in roll_up.scores if s.key == "trust")


def test_the_pulse_asks_every_team_on_the_first_of_the_month_for_seven_days_and_shows_five_answers(
    context,
):
    rules = PulseRules.objects.get()
    assert (rules.min_answers, rules.monthly_on_day, rules.days_open) == (5, 1, 7)


def test_each_leaders_team_has_six_monthly_pulses_with_results_pooled_where_few_answered(context):
    for key in ("leader", "other_leader"):
        _, pulse = team_pulse_of(context, key)
        monthly = sorted(
            (p for p in pulse.pulses if p.opened_by_id is None), key=lambda p: p.opens_on
        )
        assert [p.opens_on for p in monthly] == [
            datetime.date(2026, month, 1) for month in range(6, 12)
        ]
        assert all(p.closed and p.group is not None for p in monthly)
        assert all(p.min_answers == 5 for p in monthly)
        assert all(r.group.answers_count >= 5 for r in pulse.results)
        pooled = [r for r in pulse.results if r.pulses > 1]
        assert pooled and all(r.label.startswith("pooled over ") for r in pooled)
        assert any(r.pulses == 1 for r in pulse.results)
        # Comments show once pooled results hold ten answers.
        assert pulse.comments and all(c.answers >= 10 for c in pulse.comments)


def test_lauras_team_trusts_her_visibly_less_than_manuels_and_their_comments_say_why(context):
    manuel, laura = trust_of(context, "leader"), trust_of(context, "other_leader")
    assert manuel >= 3.5 and laura <= 3
    assert manuel - laura >= 1
    _, lauras = team_pulse_of(context, "other_leader")
    _, manuels = team_pulse_of(context, "leader")
    assert lauras.latest and manuels.latest
    latest_trust = {
        who: next(s.mean for s in pulse.latest.scores if s.key == "trust")
        for who, pulse in (("laura", lauras), ("manuel", manuels))
    }
    assert latest_trust["laura"] < latest_trust["manuel"]
    comments = [text for pool in lauras.comments for text in pool.comments]
    assert "What I say in our one-on-ones comes back to me in the team meeting." in comments


def test_manuels_latest_pulse_is_open_with_a_few_answers_and_waits_for_jessicas(context):
    personas = {p.key: p.person for p in context.personas}
    jessica, manuel = personas["seller"], personas["leader"]
    team, pulse = team_pulse_of(context, "leader")
    (to_answer,) = pulse_selectors.open_pulses_to_answer(jessica, TODAY)
    assert to_answer == pulse.open_pulse and to_answer.team == team
    assert to_answer.opened_by == manuel and to_answer.opens_on < TODAY < to_answer.closes_on
    assert 1 <= to_answer.answered < 5
    assert not pulse_selectors.has_answered(jessica, to_answer)
    # Too few to show: they wait, sealed, for the pulse's close.
    assert to_answer.group is None and pulse.waiting.held >= to_answer.answered
    # The other team has no pulse open: Laura's sellers have nothing to answer today.
    assert pulse_selectors.open_pulses_to_answer(personas["other_seller"], TODAY) == []
    assert Pulse.objects.filter(closed=False).count() == 1


def test_manuels_response_to_his_teams_latest_result_is_shared_with_his_team_only(context):
    personas = {p.key: p.person for p in context.personas}
    _, manuels = team_pulse_of(context, "leader")
    _, as_jessica_reads_it = team_pulse_of(context, "seller")
    (response,) = as_jessica_reads_it.responses
    assert manuels.latest is not None
    assert response.group == manuels.latest.group and response.leader == personas["leader"]
    assert response.shared_with_team and response.heard and response.actions
    _, as_omar_reads_it = team_pulse_of(context, "other_seller")
    assert as_omar_reads_it.responses == []


def test_the_demo_has_the_units_vision_above_each_leaders_and_one_goal_changed(context):
    from leadwell.leadership.vision import selectors as vision_selectors

    personas = {p.key: p.person for p in context.personas}
    jessica = personas["seller"]
    team = selectors.team_of(jessica, TODAY)
    reads = vision_selectors.team_visions(jessica, team)
    assert [r.owner for r in reads] == [personas["director"], personas["leader"]]
    assert reads[0].is_unit
    manuels = reads[1]
    assert 3 <= len(manuels.goals) <= 4 and all(g.current.metric for g in manuels.goals[:3])
    changed = [g for g in manuels.goals if g.earlier]
    assert len(changed) == 1 and len(changed[0].versions) == 2
    assert changed[0].current.change_kind == "market" and changed[0].current.reason
    laura = vision_selectors.own_vision(personas["other_leader"])
    assert laura is not None and laura.is_published and laura.goals.count() == 3


def test_both_leaders_lead_themselves_with_the_directors_feedback_and_the_seller_starts_from_her_goals(
    context,
):
    from leadwell.leadership.yourself import selectors as yourself

    personas = {p.key: p.person for p in context.personas}
    director = personas["director"]
    for key in ("leader", "other_leader"):
        page = yourself.page_of(director, personas[key], TODAY)
        assert page.page is not None and page.page.has_purpose and page.page.asks_of_manager
        assert [len(h.goals) for h in page.horizons] == [1, 1, 1]
        assert all(goal.actions for goal in page.aspirations)
        about = {one.goal_id for one in page.feedback}
        assert about == {goal.pk for goal in page.aspirations}
        assert {one.author for one in page.feedback} == {director}
        # The demo leader's feedback is up to date; the other leader's last month was missed.
        assert page.status.is_overdue is (key == "other_leader")
    seller = personas["seller"]
    sellers = yourself.page_of(seller, seller, TODAY)
    assert sellers.page is not None and sellers.page.strengths
    (aspiration,) = sellers.aspirations
    assert aspiration.actions and sellers.feedback[0].author == personas["leader"]
    assert sellers.other_goals  # her income and other goals, from the coaching step


def test_the_demo_has_two_quarters_of_pivot_self_assessments(context):
    from leadwell.leadership.pivot import selectors as pivot
    from leadwell.leadership.pivot.models import PivotAssessment, PivotChallenge, PivotResponse
    from leadwell.lib.periods import period_of

    personas = {p.key: p.person for p in context.personas}
    leader, seller = personas["leader"], personas["seller"]
    current = period_of(TODAY, "quarter")
    last = period_of(current.start - datetime.timedelta(days=1), "quarter")
    for quarter in (last, current):
        # The director and both leaders issued the challenge each quarter.
        assert PivotChallenge.objects.filter(quarter_start=quarter.start).count() == 3
        team = pivot.team_quarter(leader, quarter, TODAY)
        assert team.answered >= 2 and team.strongest and team.weakest
    assert {row.status for row in pivot.team_quarter(leader, current, TODAY).rows} >= {
        "Submitted",
        "Draft",
    }
    # Both leaders assessed themselves to the director last quarter; the demo leader this one.
    to_director = pivot.team_quarter(context.director, last, TODAY)
    assert to_director.answered == 2
    assert PivotAssessment.objects.filter(person=leader, quarter_start=current.start).exists()
    # A response of the demo leader became an action in the demo seller's plan.
    assert PivotResponse.objects.filter(
        answer__assessment__person=seller, plan_action__isnull=False
    ).exists()
    assert PivotResponse.objects.filter(by=context.director).exists()


def test_a_demo_made_for_another_day_plans_its_next_one_on_ones_from_that_day(context):
    """Its history is written as of its own day, whatever the date it is made on: the next
    1:1 of each series is planned within a week of that day, never from the real date."""
    planned = Meeting.objects.filter(status=Meeting.Status.PLANNED)
    assert planned.exists()
    assert max(planned.values_list("scheduled_on", flat=True)) < TODAY + datetime.timedelta(7)
