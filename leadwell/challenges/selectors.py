"""Reading the challenge register: a team's challenges for the viewer, the leader's triage
queue, the escalations waiting for a director's answer, and the figures the balance dashboard
reads per leader and quarter.

Pages and the API fetch a challenge or an action through the `*_for` functions, which take the
viewer and fetch-and-check through the policy in one call (404 for anyone the rules leave out).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from leadwell import policy
from leadwell.challenges.models import Challenge, ChallengeAction
from leadwell.coaching.models import CoachingItem
from leadwell.crm import selectors as crm
from leadwell.crm.models import Account, Opportunity
from leadwell.lib.periods import Period
from leadwell.org import selectors as org
from leadwell.org.models import Person, Team

S = Challenge.Status


def challenge_for(viewer: policy.Asker, challenge_id: int, action: str = "view") -> Challenge:
    challenges = Challenge.objects.select_related(
        "team", "raised_by", "escalated_by", "answered_by"
    )
    return policy.get_or_404(viewer, action, challenges, pk=challenge_id)


def action_for(viewer: policy.Asker, action_id: int, action: str = "view") -> ChallengeAction:
    actions = ChallengeAction.objects.select_related("challenge", "owner")
    return policy.get_or_404(viewer, action, actions, pk=action_id)


def visible_challenges(viewer: policy.Asker) -> QuerySet[Challenge]:
    return (
        policy.visible(viewer, "view", Challenge.objects.all())
        .select_related("team", "raised_by")
        .annotate(action_count=Count("actions"))
        .order_by("-raised_on", "-id")
    )


def team_to_raise_in(person: Person, on: datetime.date) -> Team | None:
    """The team a person raises challenges in: the one they lead, else the one they sell in."""
    led = org.teams_led_by(person, on).first()
    return led or org.team_of(person, on)


def team_people(team: Team, on: datetime.date) -> list[Person]:
    """The team's leader and members today."""
    leader = org.leader_of(team, on)
    members = list(org.members_of([team], on).order_by("name"))
    return ([leader] if leader else []) + [m for m in members if m != leader]


def team_open_deals(
    team: Team, on: datetime.date, viewer: policy.Asker = None
) -> list[Opportunity]:
    """The open deals of the team's people; with a viewer, only those the viewer may see (a
    seller sees their own, not their peers')."""
    deals = crm.open_deals_of([p.pk for p in team_people(team, on)])
    if viewer is None:
        return deals
    return [d for d in deals if policy.can(viewer, "view", d)]


def deals_of(challenge: Challenge, viewer: policy.Asker) -> list[Opportunity]:
    """The deals a challenge affects that the viewer may see: a peer reads the challenge, not
    another seller's deals."""
    deals = challenge.deals.select_related("account", "owner")
    return list(policy.visible(viewer, "view", deals))


def accounts_of(deals: list[Opportunity]) -> list[Account]:
    found: dict[int, Account] = {}
    for deal in deals:
        if deal.account is not None:
            found.setdefault(deal.account.pk, deal.account)
    return sorted(found.values(), key=lambda a: a.name)


def action_owners(challenge: Challenge, on: datetime.date | None = None) -> list[Person]:
    """Who may own an action on the challenge: the team's people who read it."""
    people = team_people(challenge.team, on or timezone.localdate())
    return [p for p in people if policy.can(p, "view", challenge)]


def coaching_items_for(challenge: Challenge, by: Person) -> list[CoachingItem]:
    """The open coaching items of the team's sellers that `by` reads, to work an action
    through."""
    ids = [p.pk for p in action_owners(challenge)]
    items = CoachingItem.objects.open().filter(person_id__in=ids).select_related("person")
    return list(policy.visible(by, "view", items).order_by("person__name", "title"))


def actions_of(challenge: Challenge, viewer: policy.Asker) -> list[ChallengeAction]:
    """The challenge's actions, each with the coaching item it serves as `visible_item` only
    for a viewer who may read that item: a teammate reading the challenge must not learn what
    a colleague is coached on."""
    actions = list(
        challenge.actions.select_related("owner", "coaching_item").order_by("due_on", "id")
    )
    for action in actions:
        item = action.coaching_item
        action.visible_item = item if item and policy.can(viewer, "view", item) else None  # type: ignore[attr-defined]
    return actions


def triage_queue(viewer: policy.Asker) -> list[Challenge]:
    """The challenges waiting for the viewer to triage: open ones in the teams they lead, and
    answered escalations whose outcome is not recorded yet."""
    person = policy.viewer_for(viewer).person
    if person is None:
        return []
    led = org.teams_led_by(person).values("pk")
    waiting = Q(status=S.OPEN) | (Q(status=S.ESCALATED) & ~Q(answer=""))
    return list(visible_challenges(viewer).filter(team__in=led).filter(waiting))


def awaiting_answer(viewer: policy.Asker) -> list[Challenge]:
    """The escalated challenges waiting for the viewer's answer."""
    person = policy.viewer_for(viewer).person
    if person is None:
        return []
    candidates = visible_challenges(viewer).filter(status=S.ESCALATED, answer="")
    return [c for c in candidates if policy.can(viewer, "answer", c)]


# -- For the balance dashboard --------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterFigures:
    """A leader's challenge register over one quarter: the challenges raised in their teams
    in it, and what the leader did with them."""

    raised: int
    # Triaged: kept in the team (solved there or not), or escalated at least once.
    kept_in_team: int
    escalated: int
    # Escalated with not one action taken in the team beside the ask.
    escalated_without_actions: int

    @property
    def escalated_share(self) -> float | None:
        """The share of triaged challenges escalated rather than worked in the team (None
        when none was triaged)."""
        triaged = self.kept_in_team + self.escalated
        return self.escalated / triaged if triaged else None


def register_figures(leader: Person, quarter: Period) -> RegisterFigures:
    """What the register shows of a leader in a quarter (counted over every challenge of the
    teams they led on the quarter's last day, the private ones included: counts, no content)."""
    last_day = quarter.end - datetime.timedelta(days=1)
    raised = Challenge.objects.filter(
        team__in=org.teams_led_by(leader, last_day),
        raised_on__gte=quarter.start,
        raised_on__lt=quarter.end,
    ).annotate(action_count=Count("actions"))
    escalated = raised.filter(escalated_on__isnull=False)
    return RegisterFigures(
        raised=raised.count(),
        kept_in_team=raised.filter(triaged_on__isnull=False, escalated_on__isnull=True).count(),
        escalated=escalated.count(),
        escalated_without_actions=escalated.filter(action_count=0).count(),
    )
