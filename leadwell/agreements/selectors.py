"""Reading operating agreements: one agreement with its version in force, its history and who
has acknowledged it (and who not yet), the agreements a person reads, and the versions waiting
for their acknowledgement.

Pages and the API fetch through the `*_for` functions, which take the viewer and fetch-and-check
through the policy in one call (404 for anyone the rules leave out).
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from leadwell import policy
from leadwell.agreements.models import Acknowledgement, Agreement, AgreementVersion
from leadwell.org import selectors as org
from leadwell.org.models import Person, Team


def agreement_for(viewer: policy.Asker, agreement_id: int, action: str = "view") -> Agreement:
    agreements = Agreement.objects.select_related("leader", "team", "director")
    return policy.get_or_404(viewer, action, agreements, pk=agreement_id)


def version_for(viewer: policy.Asker, version_id: int, action: str = "view") -> AgreementVersion:
    versions = AgreementVersion.objects.select_related("agreement").filter(
        published_at__isnull=False
    )
    return policy.get_or_404(viewer, action, versions, pk=version_id)


@dataclass
class VersionRead:
    version: AgreementVersion
    acknowledged: list[Acknowledgement]


@dataclass
class AgreementState:
    """An agreement as one viewer reads it."""

    agreement: Agreement
    current: AgreementVersion | None
    # Published versions before the one in force, newest first.
    history: list[VersionRead]
    # The draft being written (only for the leader).
    draft: AgreementVersion | None
    # The people asked to acknowledge the version in force, today.
    concerned: list[Person]
    acknowledged: list[Acknowledgement] = field(default_factory=list)
    not_yet: list[Person] = field(default_factory=list)
    may_change: bool = False
    # The viewer is concerned and has not acknowledged the version in force yet.
    waits_for_me: bool = False

    @property
    def title(self) -> str:
        if self.agreement.is_with_team and self.agreement.team is not None:
            return f"{self.agreement.leader.name} with {self.agreement.team.name}"
        director = self.agreement.director or org.manager_of(self.agreement.leader)
        return f"{self.agreement.leader.name} with {director.name if director else 'the director'}"


def concerned_with(agreement: Agreement) -> list[Person]:
    """Who acknowledges the agreement today: the team's members, or the director it is made
    with."""
    if agreement.is_with_team:
        return list(org.members_of([agreement.team]).order_by("name")) if agreement.team else []
    director = agreement.director or org.manager_of(agreement.leader)
    return [director] if director else []


def _versions(agreement: Agreement) -> list[AgreementVersion]:
    acks = Acknowledgement.objects.select_related("person").order_by("acknowledged_at", "id")
    return list(
        agreement.versions.prefetch_related(Prefetch("acknowledgements", queryset=acks)).order_by(
            "-number"
        )
    )


def state_of(viewer: policy.Asker, agreement: Agreement) -> AgreementState:
    """The agreement as `viewer` reads it (fetched for them through agreement_for)."""
    versions = _versions(agreement)
    published = [v for v in versions if v.is_published]
    drafts = [v for v in versions if not v.is_published]
    draft = drafts[0] if drafts and policy.can(viewer, "view_draft", drafts[0]) else None
    current = published[0] if published else None
    concerned = concerned_with(agreement)
    acknowledged = list(current.acknowledgements.all()) if current else []
    done = {a.person_id for a in acknowledged}
    me = policy.viewer_for(viewer).person
    state = AgreementState(
        agreement=agreement,
        current=current,
        history=[VersionRead(v, list(v.acknowledgements.all())) for v in published[1:]],
        draft=draft,
        concerned=concerned,
        acknowledged=acknowledged,
        not_yet=[p for p in concerned if p.pk not in done] if current else [],
        may_change=policy.can(viewer, "change", agreement),
    )
    state.waits_for_me = bool(
        current
        and me is not None
        and me.pk not in done
        and policy.can(viewer, "acknowledge", current)
    )
    return state


def visible_agreements(viewer: policy.Asker) -> QuerySet[Agreement]:
    return (
        policy.visible(viewer, "view", Agreement.objects.all())
        .select_related("leader", "team", "director")
        .order_by("leader__name", "made_with", "team__name", "id")
    )


def states_of(viewer: policy.Asker) -> list[AgreementState]:
    return [state_of(viewer, a) for a in visible_agreements(viewer)]


def own_states(viewer: policy.Asker, leader: Person) -> list[AgreementState]:
    """The leader's own agreements, as they read them (for the Lead up hub)."""
    return [state_of(viewer, a) for a in visible_agreements(viewer).filter(leader=leader)]


@dataclass
class ToStart:
    """An agreement the leader could write and has not started: with a team, or upward."""

    made_with: str
    team: Team | None
    director: Person | None


def to_start(leader: Person) -> list[ToStart]:
    started = Agreement.objects.filter(leader=leader)
    started_teams = set(started.exclude(team=None).values_list("team_id", flat=True))
    missing = [
        ToStart(Agreement.With.TEAM, team, None)
        for team in org.teams_led_by(leader).order_by("name")
        if team.pk not in started_teams
    ]
    director = org.manager_of(leader)
    if director is not None and not started.filter(made_with=Agreement.With.DIRECTOR).exists():
        missing.append(ToStart(Agreement.With.DIRECTOR, None, director))
    return missing


def waiting_for(person: Person) -> list[AgreementVersion]:
    """The versions in force that wait for `person`'s acknowledgement, for their home page."""
    waiting = []
    for agreement in (
        visible_agreements(person).filter(versions__published_at__isnull=False).distinct()
    ):
        current = agreement.versions.filter(published_at__isnull=False).order_by("-number").first()
        if current is not None:
            current.agreement = agreement
        if (
            current is not None
            and policy.can(person, "acknowledge", current)
            and not current.acknowledgements.filter(person=person).exists()
        ):
            waiting.append(current)
    return waiting
