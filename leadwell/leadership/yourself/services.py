"""Leading yourself: the workflows, used by pages, API and demo alike.

Who may do each step is declared in leadwell/leadership/yourself/rules.py (and, for the
aspirations, which are coaching's personal goals, in leadwell/coaching/rules.py) and decided by
leadwell.policy. Callers fetch what they write in through the selectors (404 for anyone the
rules leave out); each step here asks the policy again about the person acting (`by`) and
refuses with the reason (a ValidationError: a message beside the field on the page, 422 in the
API).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from leadwell import policy
from leadwell.coaching import services as coaching
from leadwell.coaching.models import PersonalGoal
from leadwell.leadership.yourself.models import (
    ASPIRATION_HORIZONS,
    AspirationAction,
    AspirationFeedback,
    OwnPage,
    is_aspiration,
)
from leadwell.org.models import Person

# The page's answers, by field, as the person writes them.
PAGE_FIELDS = ("why", "motivation", "energy", "impact", "strengths", "asks_of_manager")
TEXT_LIMIT = 4000
ACTION_LIMIT = AspirationAction._meta.get_field("text").max_length or 300


def _allowed(by: Person, action: str, obj: Model, field: str, message: str) -> None:
    if not policy.can(by, action, obj):
        raise ValidationError({field: [message]})


def _text(value: str | None, field: str, *, limit: int = TEXT_LIMIT) -> str:
    text = (value or "").strip()
    if len(text) > limit:
        raise ValidationError({field: [f"Keep it to {limit} characters."]})
    return text


def own_page_write(
    *,
    person: Person,
    by: Person,
    why: str | None = None,
    motivation: str | None = None,
    energy: str | None = None,
    impact: str | None = None,
    strengths: str | None = None,
    asks_of_manager: str | None = None,
) -> OwnPage:
    """Write the person's purpose (why, motivation, energy, impact), strengths and what they
    ask of their manager. Only the person writes their own page; a field left None stays."""
    _allowed(by, "write_yourself", person, "by", "Only the person writes their own page.")
    given = dict(
        zip(
            PAGE_FIELDS,
            (why, motivation, energy, impact, strengths, asks_of_manager),
            strict=True,
        )
    )
    cleaned = {name: _text(value, name) for name, value in given.items() if value is not None}
    page, _ = OwnPage.objects.get_or_create(person=person)
    changed = [name for name, value in cleaned.items() if getattr(page, name) != value]
    if changed:
        for name in changed:
            setattr(page, name, cleaned[name])
        page.updated_at = timezone.now()
        page.save(update_fields=[*changed, "updated_at"])
    return page


def aspiration_save(
    *,
    person: Person,
    by: Person,
    horizon: str,
    title: str,
    detail: str = "",
    status: str = PersonalGoal.Status.ACTIVE,
    goal: PersonalGoal | None = None,
) -> PersonalGoal:
    """Write a one-, three- or five-year career aspiration (new, or `goal` changed). It is a
    coaching personal goal of area career, written through coaching's service: the person's
    coaching goals page shows the same goal."""
    _allowed(by, "write_yourself", person, "by", "Only the person writes their aspirations.")
    if goal is not None:
        _allowed(by, "change", goal, "goal", "Only the person changes their aspirations.")
    if horizon not in ASPIRATION_HORIZONS:
        raise ValidationError({"horizon": ["Choose one, three or five years."]})
    return coaching.goal_save(
        person=person,
        goal=goal,
        area=PersonalGoal.Area.CAREER,
        title=title,
        detail=detail,
        horizon=horizon,
        status=status,
    )


def aspiration_action_add(
    *, goal: PersonalGoal, by: Person, text: str, due_on: datetime.date | None
) -> AspirationAction:
    """Add a step towards a career aspiration, with the day it is due."""
    _allowed(by, "change", goal, "by", "Only the person adds actions to their aspirations.")
    if not is_aspiration(goal):
        raise ValidationError(
            {"goal": ["Actions are for career aspirations in one, three or five years."]}
        )
    words = _text(text, "text", limit=ACTION_LIMIT)
    if not words:
        raise ValidationError({"text": ["Enter what you will do."]})
    if due_on is None:
        raise ValidationError({"due_on": ["Enter the day it is due."]})
    return AspirationAction.objects.create(goal=goal, text=words, due_on=due_on)


def aspiration_action_change(
    *,
    action: AspirationAction,
    by: Person,
    text: str | None = None,
    due_on: datetime.date | None = None,
) -> AspirationAction:
    """Rewrite an action or move its day (a field left None stays)."""
    _allowed(by, "change", action, "by", "Only the person changes their actions.")
    changed = []
    if text is not None:
        words = _text(text, "text", limit=ACTION_LIMIT)
        if not words:
            raise ValidationError({"text": ["Enter what you will do."]})
        action.text = words
        changed.append("text")
    if due_on is not None:
        action.due_on = due_on
        changed.append("due_on")
    if changed:
        action.save(update_fields=changed)
    return action


def aspiration_action_done(
    *,
    action: AspirationAction,
    by: Person,
    done: bool = True,
    on: datetime.date | None = None,
) -> AspirationAction:
    """Mark an action done (or open again)."""
    _allowed(by, "change", action, "by", "Only the person marks their actions done.")
    action.done_on = (on or timezone.localdate()) if done else None
    action.save(update_fields=["done_on"])
    return action


@transaction.atomic
def aspiration_feedback_give(
    *,
    person: Person,
    by: Person,
    text: str,
    goal: PersonalGoal | None = None,
    on: datetime.date | None = None,
) -> AspirationFeedback:
    """Record feedback from the person's management line on their aspirations: about one of
    them (`goal`) or the page as a whole. For a leader it is the director's monthly word on
    where they are heading."""
    _allowed(
        by,
        "give_aspiration_feedback",
        person,
        "by",
        "Only the person's manager, or a manager above them, gives feedback.",
    )
    words = _text(text, "text")
    if not words:
        raise ValidationError({"text": ["Enter your feedback."]})
    if goal is not None and (goal.person_id != person.pk or not is_aspiration(goal)):
        raise ValidationError({"goal": [f"Choose one of {person.name}'s aspirations."]})
    day = on or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError({"written_on": ["Enter a day up to today."]})
    return AspirationFeedback.objects.create(
        person=person, author=by, goal=goal, text=words, written_on=day
    )
