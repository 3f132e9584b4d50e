"""The workflows of debriefs and department talks, used by pages, API and demo alike.

Who may do each step is declared in leadwell/debriefs/rules.py and decided by leadwell.policy.
Callers fetch what they write in through the selectors (404 for anyone the rules leave out);
each step here asks the policy again about the person acting (`by`), and refuses with the
reason (a ValidationError: a message beside the field on the page, 422 in the API).
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, Q
from django.utils import timezone

from leadwell import policy
from leadwell.debriefs.models import Debrief, DebriefAction, Department, DepartmentTalk
from leadwell.lib import dates
from leadwell.org import selectors as org
from leadwell.org.models import Person

# The feedback a debrief records, by field, with the words a refusal uses.
FEEDBACK = ("going_well", "to_continue", "could_improve")
NAME_LENGTH = Department._meta.get_field("name").max_length or 80


def _allowed(by: Person, action: str, obj: Model, field: str, message: str) -> None:
    if not policy.can(by, action, obj):
        raise ValidationError({field: [message]})


def _not_ahead(day: datetime.date | None, field: str, what: str) -> datetime.date:
    today = timezone.localdate()
    if day is None:
        raise ValidationError({field: [f"Enter the day {what}."]})
    if day > today:
        raise ValidationError({field: [f"Enter a day up to today: {what} cannot be ahead."]})
    return day


def _text(value: str | None, field: str, label: str, *, required: bool = False) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationError({field: [f"Enter {label}."]})
    return text


def _first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def debrief_hold(
    *,
    director: Person,
    leader: Person,
    month: datetime.date,
    held_on: datetime.date | None = None,
    going_well: str = "",
    to_continue: str = "",
    could_improve: str = "",
) -> Debrief:
    """Record the debrief of `month` that `director` held with `leader`, a leader reporting to
    them directly. One debrief per leader and month: holding it again is refused."""
    held_on = _not_ahead(held_on or timezone.localdate(), "held_on", "the debrief was held")
    month = _first_of_month(month)
    if month > _first_of_month(held_on):
        raise ValidationError(
            {"month": ["A debrief looks back: hold it in its month or after, not before."]}
        )
    _allowed(director, "hold_debrief", leader, "leader", "Only the leader's director holds it.")
    if org.manager_of(leader, held_on) != director:
        raise ValidationError(
            {"leader": [f"{leader.name} does not report to {director.name} directly."]}
        )
    if not org.teams_led_by(leader, held_on).exists():
        raise ValidationError(
            {"leader": [f"{leader.name} leads no team: a debrief is with a leader."]}
        )
    if Debrief.objects.filter(leader=leader, month=month).exists():
        raise ValidationError(
            {"month": [f"{leader.name}'s debrief for this month is already recorded."]}
        )
    return Debrief.objects.create(
        director=director,
        leader=leader,
        month=month,
        held_on=held_on,
        line_ended_on=org.reporting_line_ends(director.pk, leader.pk),
        **{
            name: _text(value, name, "")
            for name, value in zip(FEEDBACK, (going_well, to_continue, could_improve), strict=True)
        },
    )


def debriefs_follow_reporting_lines(
    *, people: Iterable[int] | None = None, today: datetime.date | None = None
) -> int:
    """Keep each debrief's end of line in step with the org chart (of the debriefs of
    `people`, or all): the day its leader stops reporting to its director. Called whenever a
    reporting line changes, however it was changed; returns how many debriefs changed."""
    debriefs = Debrief.objects.all()
    if people is not None:
        ids = set(people)
        debriefs = debriefs.filter(Q(director_id__in=ids) | Q(leader_id__in=ids))
    changed = 0
    for one in debriefs.only("pk", "director_id", "leader_id", "line_ended_on"):
        ends = org.reporting_line_ends(one.director_id, one.leader_id, today)
        if ends != one.line_ended_on:
            Debrief.objects.filter(pk=one.pk).update(line_ended_on=ends)
            changed += 1
    return changed


def debrief_update(
    *,
    debrief: Debrief,
    by: Person,
    held_on: datetime.date | None = None,
    going_well: str | None = None,
    to_continue: str | None = None,
    could_improve: str | None = None,
) -> Debrief:
    """Write what the two people said (a field left None stays as it is)."""
    _allowed(by, "change", debrief, "by", "Only the director and the leader write a debrief.")
    changed = []
    if held_on is not None:
        day = _not_ahead(held_on, "held_on", "the debrief was held")
        if _first_of_month(day) < debrief.month:
            raise ValidationError(
                {
                    "held_on": [
                        f"Enter a day from {dates.day(debrief.month)} on: the debrief "
                        "looks back on its month."
                    ]
                }
            )
        debrief.held_on = day
        changed.append("held_on")
    for name, value in zip(FEEDBACK, (going_well, to_continue, could_improve), strict=True):
        if value is not None:
            setattr(debrief, name, _text(value, name, ""))
            changed.append(name)
    if changed:
        debrief.save(update_fields=changed)
    return debrief


def debrief_action_add(
    *,
    debrief: Debrief,
    by: Person,
    text: str,
    owner: Person | None,
    due_on: datetime.date | None = None,
) -> DebriefAction:
    """Agree an action in a debrief, owned by the director or the leader."""
    _allowed(by, "change", debrief, "by", "Only the director and the leader agree actions.")
    words = _text(text, "text", "what is to be done", required=True)
    if len(words) > DebriefAction._meta.get_field("text").max_length:  # type: ignore[operator]
        raise ValidationError({"text": ["Keep the action to 300 characters."]})
    if owner is None or owner.pk not in (debrief.director_id, debrief.leader_id):
        raise ValidationError({"owner": ["Choose the director or the leader as its owner."]})
    if due_on is not None and due_on < debrief.held_on:
        raise ValidationError(
            {"due_on": [f"Enter a day from the debrief on ({dates.day(debrief.held_on)})."]}
        )
    return DebriefAction.objects.create(debrief=debrief, text=words, owner=owner, due_on=due_on)


def debrief_action_done(
    *, action: DebriefAction, by: Person, done: bool = True, on: datetime.date | None = None
) -> DebriefAction:
    """Mark an action done (or open again): once done it is no longer carried forward."""
    _allowed(by, "change", action, "by", "Only the director and the leader mark it done.")
    action.done_on = (on or timezone.localdate()) if done else None
    action.save(update_fields=["done_on"])
    return action


def talk_record(
    *,
    leader: Person,
    department: Department | None,
    held_on: datetime.date | None,
    with_whom: str,
    thanked_for: str = "",
    ideas: str = "",
    follow_ups: str = "",
) -> DepartmentTalk:
    """Record a leader's talk with a department."""
    _allowed(leader, "record_talk", leader, "leader", "A leader records their own talks.")
    if department is None or not department.is_listed:
        raise ValidationError({"department": ["Choose a department from the list."]})
    day = _not_ahead(held_on, "held_on", "the talk took place")
    whom = _text(with_whom, "with_whom", "whom you talked with", required=True)
    if len(whom) > 200:
        raise ValidationError({"with_whom": ["Keep it to 200 characters."]})
    thanks = _text(thanked_for, "thanked_for", "")
    idea_text = _text(ideas, "ideas", "")
    if not (thanks or idea_text):
        raise ValidationError(
            {"thanked_for": ["Say what you thanked them for, or an idea to work better together."]}
        )
    return DepartmentTalk.objects.create(
        leader=leader,
        department=department,
        held_on=day,
        with_whom=whom,
        thanked_for=thanks,
        ideas=idea_text,
        follow_ups=_text(follow_ups, "follow_ups", ""),
    )


@transaction.atomic
def departments_set(*, names: list[str], by: policy.Asker) -> list[Department]:
    """Set the organisation's list of departments, in order. A department taken off the list
    keeps its talks (it is no longer asked for); one put back picks them up again."""
    if not policy.may(by, "debriefs.set_departments"):
        raise ValidationError({"names": ["Only administrators set the list of departments."]})
    wanted: list[str] = []
    for raw in names:
        name = " ".join((raw or "").split())
        if not name:
            continue
        if len(name) > NAME_LENGTH:
            raise ValidationError({"names": [f"Keep each name to {NAME_LENGTH} characters."]})
        if name.casefold() in {w.casefold() for w in wanted}:
            raise ValidationError({"names": [f"{name} is on the list twice."]})
        wanted.append(name)
    if not wanted:
        raise ValidationError({"names": ["Enter at least one department, one a line."]})
    existing = {d.name.casefold(): d for d in Department.objects.all()}
    listed = []
    for position, name in enumerate(wanted):
        department = existing.pop(name.casefold(), None) or Department(name=name)
        if (department.name, department.position, department.is_listed) != (name, position, True):
            department.name, department.position, department.is_listed = name, position, True
            department.save()
        listed.append(department)
    for gone in existing.values():
        if gone.is_listed:
            gone.is_listed = False
            gone.save(update_fields=["is_listed"])
    return listed
