"""Telling people about changes to their reporting line, and flagging a change that gives the
person who made it access to someone's confidential coaching.

Every change of a reporting line is recorded in the audit trail by the audit app (org/audited.py
declares it). Here, once the change is committed (a refused import tells nobody), each person
whose manager changed is told, on their home page and by e-mail; and when whoever made the
change is, after it, in the management line of someone they were not above before, that person
and the director of their line are warned (docs/access.md, "Changes to reporting lines").
"""

import datetime
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.utils import timezone

from leadwell.audit import acting
from leadwell.audit import services as audit
from leadwell.audit.models import Change, Kind, Notice
from leadwell.lib.dates import long_day
from leadwell.org import selectors
from leadwell.org.models import Membership, Person


class LineChanges:
    """The reporting-line changes of one transaction: each affected person's manager before,
    and whom the person acting could already read; compared with after once committed."""

    def __init__(self) -> None:
        self.told = False
        self.today = timezone.localdate()
        self.started = timezone.now()
        self.managers_before: dict[tuple[int, datetime.date], int | None] = {}
        self.placed_before: dict[int, bool] = {}
        self.line_before: dict[int, list[int]] = {}  # today's management line, before
        self.acting = acting.current()
        self.actor_id = audit.actor_person_id()
        self.below_before: dict[datetime.date, frozenset[int]] = {}

    def note(self, membership: Membership) -> None:
        """Before `membership` is saved or deleted: what its change may alter, as it stands."""
        stored = Membership.objects.filter(pk=membership.pk).first() if membership.pk else None
        terms = [t for t in (stored, membership) if t is not None]
        days = {d for t in terms for d in (t.valid_from, t.valid_until) if d is not None}
        for day in days:
            for person_id in self._people(membership, day):
                if (person_id, day) not in self.managers_before:
                    manager = selectors.manager_of_id(person_id, day)
                    self.managers_before[(person_id, day)] = manager
                if person_id not in self.placed_before:
                    self.placed_before[person_id] = Membership.objects.filter(
                        person_id=person_id
                    ).exists()
                    self.line_before[person_id] = [
                        p.pk for p in selectors.management_line(Person(pk=person_id))
                    ]
        if self.actor_id is not None:
            for day in self._access_days(days):
                if day not in self.below_before:
                    self.below_before[day] = selectors.ids_below(self.actor_id, day)

    def _people(self, membership: Membership, day: datetime.date) -> set[int]:
        if membership.role == Membership.Role.MEMBER:
            return {membership.person_id}
        members = Membership.objects.on(day).members().filter(team_id=membership.team_id)
        return set(members.values_list("person_id", flat=True)) - {membership.person_id}

    def _access_days(self, days: set[datetime.date]) -> set[datetime.date]:
        # Access follows today's lines; a change that takes effect later gives it from then.
        return {self.today} | {d for d in days if d > self.today}

    def tell(self) -> None:
        """Once committed: notices to whoever's manager changed, warnings to whoever the person
        acting can now read and not before (recorded as made by whoever made the change)."""
        if self.told:
            return
        self._absorb_the_rest_of_this_commit()
        with acting.resumed(self.acting):
            self._tell()

    def _absorb_the_rest_of_this_commit(self) -> None:
        """Each savepoint of a transaction (each step of an import) notes its own changes; the
        first to be told after the commit takes in the others by the same person, so that
        what they changed together is compared once, from the state before the first."""
        self.told = True
        pending = _pending(transaction.get_connection())
        for other in pending:
            if other.told or other.acting != self.acting:
                continue
            other.told = True
            for key, manager in other.managers_before.items():
                self.managers_before.setdefault(key, manager)
            for person_id, placed in other.placed_before.items():
                self.placed_before.setdefault(person_id, placed)
            for person_id, line in other.line_before.items():
                self.line_before.setdefault(person_id, line)
            for day, readable in other.below_before.items():
                self.below_before.setdefault(day, readable)
        pending[:] = [c for c in pending if not c.told]

    def _tell(self) -> None:
        for (person_id, day), before in sorted(self.managers_before.items()):
            after = selectors.manager_of_id(person_id, day)
            if after != before and (before is not None or self.placed_before[person_id]):
                self._tell_manager_changed(person_id, day, before, after)
        if self.actor_id is not None:
            gained: set[int] = set()
            for day, readable in self.below_before.items():
                gained |= selectors.ids_below(self.actor_id, day) - readable
            for person_id in sorted(gained - {self.actor_id}):
                self._warn_access_gained(person_id, self.actor_id)

    def _tell_manager_changed(
        self, person_id: int, day: datetime.date, before: int | None, after: int | None
    ) -> None:
        people = Person.objects.filter(pk__in=[p for p in (before, after) if p is not None])
        names = dict(people.values_list("pk", "name"))
        change = self._latest_change(person_id)
        who = f" Changed by {change.by_whom_and_how}." if change else ""
        when = "From today" if day == self.today else f"From {long_day(day)}"
        now = f"your manager is {names[after]}" if after else "you report to nobody in Leadwell"
        was = f" (before: {names[before]})" if before else ""
        text = f"{when} {now}{was}.{who}"
        # The steps of one transaction (a term ended, the next begun) are told once.
        told = Notice.objects.filter(person_id=person_id, created_at__gte=self.started, text=text)
        if not told.exists():
            audit.notify(person_id=person_id, text=text, change=change)

    def _warn_access_gained(self, person_id: int, actor_id: int) -> None:
        warned = Change.objects.filter(
            flagged=True, subject_id=person_id, actor_person_id=actor_id, at__gte=self.started
        )
        if warned.exists():
            return
        person = Person.objects.get(pk=person_id)
        actor = Person.objects.get(pk=actor_id)
        change = audit.record(
            kind=Kind.REPORTING_LINE,
            action="access gained",
            object_type="org.person",
            object_id=person_id,
            subject_id=person_id,
            summary=f"{actor.name} changed reporting lines and is now in {person.name}'s "
            "management line: they can now read that person's confidential coaching",
            flagged=True,
        )
        audit.notify(
            person_id=person_id,
            warning=True,
            change=change,
            text=f"{actor.name} changed the reporting lines through {change.how} and can now "
            "read your coaching, 1:1 notes and development plan as your manager or above. "
            "If you did not expect this, talk to your director or HR.",
        )
        for director in self._directors_of(person):
            audit.notify(
                person_id=director.pk,
                warning=True,
                change=change,
                text=f"{actor.name} changed the reporting lines through {change.how} and, by "
                f"that change, can now read {person.name}'s confidential coaching.",
            )

    def _directors_of(self, person: Person) -> list[Person]:
        """Whom to warn above the person, never the person acting: the directors in their
        management line before the change and after it; else the most senior of those lines;
        else, when the change took the person out of every line, the other administrators."""
        after = [p.pk for p in selectors.management_line(person)]
        before = self.line_before.get(person.pk, [])
        line_ids = [pk for pk in dict.fromkeys(before + after) if pk != self.actor_id]
        line = {p.pk: p for p in Person.objects.filter(pk__in=line_ids, is_active=True)}
        ordered = [line[pk] for pk in line_ids if pk in line]
        directors = [p for p in ordered if selectors.role_of(p) == selectors.Role.DIRECTOR]
        if directors:
            return directors
        tops = [line[ids[-1]] for ids in (before, after) if ids and ids[-1] in line]
        if tops:
            return list(dict.fromkeys(tops))
        admins = Person.objects.filter(user__is_staff=True, user__is_active=True, is_active=True)
        return [p for p in admins if p.pk != self.actor_id]

    def _latest_change(self, person_id: int) -> Change | None:
        return (
            Change.objects.filter(kind=Kind.REPORTING_LINE, subject_id=person_id)
            .exclude(action="access gained")
            .order_by("-at", "-id")
            .first()
        )


def _changes_of_this_transaction() -> LineChanges:
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return LineChanges()
    # One per savepoint: a service's change (ending a term and starting the next) is told as
    # one change, however many of them the outer transaction holds.
    here = set(connection.savepoint_ids)
    for savepoints, func, _ in connection.run_on_commit:
        owner = getattr(func, "__self__", None)
        if isinstance(owner, LineChanges) and savepoints == here:
            return owner
    changes = LineChanges()
    pending = _pending(connection)
    # Those of a transaction (or savepoint) rolled back are never told: their hooks are gone.
    hooked = {id(getattr(func, "__self__", None)) for _, func, _ in connection.run_on_commit}
    pending[:] = [c for c in pending if id(c) in hooked]
    pending.append(changes)
    transaction.on_commit(changes.tell)
    return changes


def _pending(connection: Any) -> list[LineChanges]:
    """The changes noted on this database connection and not told yet (Django runs the commit
    hooks from a list of its own, so they are kept here to be found)."""
    if not hasattr(connection, "_leadwell_line_changes"):
        connection._leadwell_line_changes = []
    return connection._leadwell_line_changes


@receiver(pre_save, sender=Membership)
@receiver(pre_delete, sender=Membership)
def note_reporting_line(sender, instance: Membership, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    changes = _changes_of_this_transaction()
    changes.note(instance)
    instance._line_changes = changes  # type: ignore[attr-defined]


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
def tell_reporting_line(sender, instance: Membership, raw: bool = False, **kwargs) -> None:
    """Outside a transaction the change is committed already: tell at once."""
    changes = getattr(instance, "_line_changes", None)
    if raw or changes is None:
        return
    del instance._line_changes  # type: ignore[attr-defined]
    if not transaction.get_connection().in_atomic_block:
        changes.tell()
