"""Reading the org chart on a given day. Every function takes `on` (default: today)."""

import datetime
from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from leadwell.org.models import Membership, Office, Person, PersonQuerySet, Team

# Deep enough for any sales organisation; stops a mistaken cycle in the chart from looping.
MAX_DEPTH = 12


class Role(StrEnum):
    DIRECTOR = "director"
    LEADER = "leader"
    SELLER = "seller"
    OUTSIDE = "outside"  # in the directory but on no team, e.g. sales operations

    @property
    def label(self) -> str:
        return {
            "director": "Director",
            "leader": "Sales leader",
            "seller": "Seller",
            "outside": "Not on a team",
        }[self.value]


def _day(on: datetime.date | None) -> datetime.date:
    return on or timezone.localdate()


def person_of(user: Any) -> Person | None:
    """The active person a sign-in account belongs to (an administrator may have none)."""
    return Person.objects.filter(user=user, is_active=True).first()


def team_of(person: Person, on: datetime.date | None = None) -> Team | None:
    membership = (
        Membership.objects.on(_day(on))
        .members()
        .filter(person=person)
        .select_related("team")
        .first()
    )
    return membership.team if membership else None


def leader_of(team: Team, on: datetime.date | None = None) -> Person | None:
    membership = (
        Membership.objects.on(_day(on)).leaders().filter(team=team).select_related("person").first()
    )
    return membership.person if membership else None


def manager_of(person: Person, on: datetime.date | None = None) -> Person | None:
    team = team_of(person, on)
    if team is None:
        return None
    leader = leader_of(team, on)
    return leader if leader and leader.pk != person.pk else None


def management_line(person: Person, on: datetime.date | None = None) -> list[Person]:
    """The person's managers, the direct manager first and the most senior last."""
    line: list[Person] = []
    seen = {person.pk}
    current = person
    for _ in range(MAX_DEPTH):
        manager = manager_of(current, on)
        if manager is None or manager.pk in seen:
            break
        line.append(manager)
        seen.add(manager.pk)
        current = manager
    return line


def teams_led_by(person: Person, on: datetime.date | None = None) -> QuerySet[Team]:
    return teams_led_by_any([person], on)


def teams_led_by_any(people: list[Person], on: datetime.date | None = None) -> QuerySet[Team]:
    led = Membership.objects.on(_day(on)).leaders().filter(person__in=people).values("team_id")
    return Team.objects.filter(pk__in=led).select_related("office")


def teams_led_by_any_ids(person_ids: list[int], on: datetime.date | None = None) -> QuerySet[Team]:
    led = Membership.objects.on(_day(on)).leaders().filter(person_id__in=person_ids)
    return Team.objects.filter(pk__in=led.values("team_id"))


def team_ids_of(person: Person, on: datetime.date | None = None) -> list[int]:
    """The teams a person is a member of (not those they lead)."""
    return list(
        Membership.objects.on(_day(on))
        .members()
        .filter(person=person)
        .values_list("team_id", flat=True)
    )


def offices_of_teams_led_by(person: Person, on: datetime.date | None = None) -> set[int]:
    return set(teams_led_by(person, on).exclude(office=None).values_list("office_id", flat=True))


def offices_below(office_ids: set[int]) -> frozenset[int]:
    """The offices given and every office under them."""
    children: dict[int, list[int]] = {}
    for pk, parent_id in Office.objects.values_list("pk", "parent_id"):
        if parent_id is not None:
            children.setdefault(parent_id, []).append(pk)
    found, frontier = set(office_ids), set(office_ids)
    for _ in range(MAX_DEPTH):
        frontier = {c for pk in frontier for c in children.get(pk, [])} - found
        if not frontier:
            break
        found |= frontier
    return frozenset(found)


def members_of(
    teams: QuerySet[Team] | list[Team], on: datetime.date | None = None
) -> QuerySet[Person]:
    member_ids = (
        Membership.objects.on(_day(on)).members().filter(team__in=teams).values("person_id")
    )
    return Person.objects.filter(pk__in=member_ids)


def direct_reports(person: Person, on: datetime.date | None = None) -> QuerySet[Person]:
    return members_of(teams_led_by(person, on), on).exclude(pk=person.pk)


def ids_below(person_id: int, on: datetime.date | None = None) -> frozenset[int]:
    """Everyone whose management line includes this person: direct and indirect reports."""
    day = _day(on)
    found: set[int] = set()
    frontier = {person_id}
    for _ in range(MAX_DEPTH):
        led_teams = (
            Membership.objects.on(day).leaders().filter(person_id__in=frontier).values("team_id")
        )
        reports = set(
            Membership.objects.on(day)
            .members()
            .filter(team_id__in=led_teams)
            .values_list("person_id", flat=True)
        )
        frontier = reports - found - {person_id}
        if not frontier:
            break
        found |= frontier
    return frozenset(found)


def role_of(person: Person, on: datetime.date | None = None) -> Role:
    day = _day(on)
    led = teams_led_by(person, day)
    if not led.exists():
        return Role.SELLER if team_of(person, day) else Role.OUTSIDE
    leaders_below = (
        Membership.objects.on(day).leaders().filter(person__in=direct_reports(person, day)).exists()
    )
    return Role.DIRECTOR if leaders_below else Role.LEADER


def people_with_team(on: datetime.date | None = None) -> PersonQuerySet:
    """People annotated with the team they are a member of on the day (team_name, team_id)."""
    current = Membership.objects.on(_day(on)).members().filter(person=OuterRef("pk"))
    return Person.objects.annotate(  # type: ignore[return-value]
        team_id=Subquery(current.values("team_id")[:1]),
        team_name=Subquery(current.values("team__name")[:1]),
    )


def people_on_no_team(people: PersonQuerySet, on: datetime.date | None = None) -> PersonQuerySet:
    """Those of `people` who neither lead nor are a member of any team on the day (sales
    operations, a new hire not placed yet)."""
    placed = Membership.objects.on(_day(on)).values("person_id")
    return people.exclude(pk__in=placed)


def teams_with_people(on: datetime.date | None = None) -> QuerySet[Team]:
    """Teams with their current leader and members prefetched (`current` memberships)."""
    current = (
        Membership.objects.on(_day(on)).select_related("person").order_by("role", "person__name")
    )
    return Team.objects.select_related("office", "office__parent").prefetch_related(
        Prefetch("memberships", queryset=current, to_attr="current")
    )


def split_team(team: Team) -> tuple[Person | None, list[Person]]:
    """(leader, members) of a team fetched with teams_with_people()."""
    leader = next((m.person for m in team.current if m.role == Membership.Role.LEADER), None)  # type: ignore[attr-defined]
    members = [m.person for m in team.current if m.role == Membership.Role.MEMBER]  # type: ignore[attr-defined]
    return leader, members


Span = tuple[datetime.date, datetime.date | None]  # from (inclusive), until (exclusive; None: open)


def reporting_line_spans(leader_id: int, report_id: int) -> list[Span]:
    """When `leader` was `report`'s manager: the days the report was a member of a team the
    leader led, as spans merged where one follows another, in order."""
    as_member = Membership.objects.members().filter(person_id=report_id)
    as_leader = Membership.objects.leaders().filter(person_id=leader_id)
    fields = ("team_id", "valid_from", "valid_until")
    return line_spans(as_member.values_list(*fields), as_leader.values_list(*fields))


def line_spans(
    member_terms: Iterable[tuple[int, datetime.date, datetime.date | None]],
    leader_terms: Iterable[tuple[int, datetime.date, datetime.date | None]],
) -> list[Span]:
    """The spans in which someone with `member_terms` (team, from, until) was a member of a
    team while someone with `leader_terms` led it, merged where one follows another."""
    led: dict[int, list[Span]] = {}
    for team_id, start, end in leader_terms:
        led.setdefault(team_id, []).append((start, end))
    overlaps: list[Span] = []
    for team_id, start, end in member_terms:
        for lead_start, lead_end in led.get(team_id, []):
            begins = max(start, lead_start)
            ends = _earlier(end, lead_end)
            if ends is None or begins < ends:
                overlaps.append((begins, ends))
    merged: list[Span] = []
    for begins, ends in sorted(overlaps, key=lambda span: span[0]):
        if merged and (merged[-1][1] is None or begins <= merged[-1][1]):
            last_begins, last_ends = merged[-1]
            merged[-1] = (last_begins, None if ends is None else _later(last_ends, ends))
        else:
            merged.append((begins, ends))
    return merged


def line_ends(spans: list[Span], on: datetime.date) -> datetime.date | None:
    """The day a reporting line with these spans ends, seen on `on` (see reporting_line_ends)."""
    ended: datetime.date | None = None
    for begins, ends in spans:
        if begins <= on and (ends is None or on < ends):
            return ends
        if ends is not None and ends <= on:
            ended = ends
    return ended or on


def reporting_line_ends(
    leader_id: int, report_id: int, on: datetime.date | None = None
) -> datetime.date | None:
    """The day the reporting line of `report` to `leader` ends (exclusive), seen on `on`: None
    while it holds with no end recorded, a later day when its end is already recorded, and a
    day up to `on` when it has ended (`on` itself if it never held)."""
    return line_ends(reporting_line_spans(leader_id, report_id), _day(on))


def _earlier(a: datetime.date | None, b: datetime.date | None) -> datetime.date | None:
    return b if a is None else a if b is None else min(a, b)


def _later(a: datetime.date | None, b: datetime.date | None) -> datetime.date | None:
    return None if a is None or b is None else max(a, b)


def manager_of_id(person_id: int, on: datetime.date | None = None) -> int | None:
    """The id of the person's manager on the day (None: they report to nobody)."""
    day = _day(on)
    team_ids = Membership.objects.on(day).members().filter(person_id=person_id).values("team_id")
    leader = (
        Membership.objects.on(day)
        .leaders()
        .filter(team_id__in=team_ids)
        .exclude(person_id=person_id)
        .values_list("person_id", flat=True)
        .first()
    )
    return leader
