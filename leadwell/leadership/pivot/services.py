"""The workflows of the pivot to leadership, used by pages, API and demo alike.

Who may do each step is declared in rules.py and decided by leadwell.policy. Callers fetch what
they write in through the selectors (404 for anyone the rules leave out); each step here asks
the policy again about the person acting, and refuses with the reason (a ValidationError keyed
by field: a message beside the field on the page, 422 in the API).
"""

import datetime
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from leadwell import policy
from leadwell.coaching import services as coaching
from leadwell.coaching.models import DevelopmentPlan, PlanAction
from leadwell.leadership.pivot.models import (
    PivotAnswer,
    PivotAssessment,
    PivotChallenge,
    PivotResponse,
)
from leadwell.leadership.pivot.standards import BY_NUMBER, NUMBERS, RATING_WORDS
from leadwell.lib.dates import day
from leadwell.lib.periods import Period, PeriodKind, period_of
from leadwell.org import selectors as org
from leadwell.org.models import Person

# A plan action holds this many characters: a response that becomes one must fit.
ACTION_LENGTH = PlanAction._meta.get_field("text").max_length or 300
MESSAGE_LENGTH = 2000


def _quarter(quarter: Period) -> Period:
    return period_of(quarter.start, PeriodKind.QUARTER)


def challenge_issue(
    *,
    issuer: Person,
    quarter: Period,
    message: str = "",
    today: datetime.date | None = None,
) -> PivotChallenge:
    """Issue the pivot challenge of `quarter` to the people reporting to `issuer` (a leader's
    sellers, a director's leaders): this quarter's or the next, once each."""
    today = today or timezone.localdate()
    quarter = _quarter(quarter)
    if not policy.can(issuer, "issue_pivot", issuer):
        raise ValidationError({"issuer": ["Only a leader issues the challenge to their team."]})
    current = period_of(today, PeriodKind.QUARTER)
    if quarter < current:
        raise ValidationError(
            {"quarter": [f"{quarter.short_label} is over: issue this quarter's challenge."]}
        )
    if quarter > current.next():
        raise ValidationError(
            {"quarter": ["Issue the challenge for this quarter or the next, not further ahead."]}
        )
    if not org.direct_reports(issuer, today).exists():
        raise ValidationError(
            {"issuer": ["Nobody reports to you: the challenge is issued to your team."]}
        )
    words = (message or "").strip()
    if len(words) > MESSAGE_LENGTH:
        raise ValidationError(
            {"message": [f"Keep the word to your team to {MESSAGE_LENGTH} characters."]}
        )
    if PivotChallenge.objects.filter(issuer=issuer, quarter_start=quarter.start).exists():
        raise ValidationError(
            {"quarter": [f"You already issued the challenge for {quarter.short_label}."]}
        )
    return PivotChallenge.objects.create(
        issuer=issuer, quarter_start=quarter.start, message=words, issued_on=today
    )


@transaction.atomic
def assessment_start(
    *, person: Person, quarter: Period, today: datetime.date | None = None
) -> PivotAssessment:
    """The person's self-assessment for `quarter`, started (as a draft with every standard
    unrated) when their manager has issued the challenge; theirs already, when it exists."""
    today = today or timezone.localdate()
    quarter = _quarter(quarter)
    existing = PivotAssessment.objects.filter(person=person, quarter_start=quarter.start).first()
    if existing is not None:
        return existing
    if quarter.start > today:
        # A challenge may be issued ahead; "how have you practised leadership this quarter"
        # is answered once the quarter has begun.
        raise ValidationError(
            {"quarter": [f"{quarter.short_label} starts {day(quarter.start)}: answer it then."]}
        )
    manager = org.manager_of(person, today)
    challenge = (
        PivotChallenge.objects.filter(issuer=manager, quarter_start=quarter.start).first()
        if manager is not None
        else None
    )
    if challenge is None:
        who = manager.name if manager is not None else "Your manager"
        raise ValidationError(
            {"quarter": [f"{who} has not issued the challenge for {quarter.short_label} yet."]}
        )
    assessment = PivotAssessment.objects.create(
        challenge=challenge, person=person, quarter_start=quarter.start, started_on=today
    )
    PivotAnswer.objects.bulk_create(
        PivotAnswer(assessment=assessment, standard=number) for number in NUMBERS
    )
    return assessment


def _rating(value: int | str | None, number: int) -> int | None:
    if value in (None, ""):
        return None
    try:
        rating = int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        rating = 0
    if rating not in RATING_WORDS:
        raise ValidationError({f"rating_{number}": ["Choose a rating from 1 to 5."]})
    return rating


def assessment_save(
    *,
    assessment: PivotAssessment,
    by: Person,
    ratings: Mapping[int, int | str | None] | None = None,
    examples: Mapping[int, str] | None = None,
    practised: str | None = None,
    submit: bool = False,
    today: datetime.date | None = None,
) -> PivotAssessment:
    """Write the person's answers (a standard or part left out stays as it was), and submit
    them when `submit`. A submit refused for a missing rating, example or answer keeps what was
    written as the draft, and says which are missing."""
    if not policy.can(by, "answer", assessment):
        raise ValidationError({"by": ["Only the person writes their self-assessment."]})
    if assessment.is_submitted:
        raise ValidationError({"by": ["This self-assessment is submitted: it no longer changes."]})
    ratings, examples = ratings or {}, examples or {}
    unknown = (set(ratings) | set(examples)) - set(NUMBERS)
    if unknown:
        raise ValidationError({"standard": [f"There is no standard {min(unknown)}."]})
    checked = {number: _rating(value, number) for number, value in ratings.items()}
    with transaction.atomic():
        for answer in assessment.answers.all():
            changed = []
            if answer.standard in checked and checked[answer.standard] != answer.rating:
                answer.rating = checked[answer.standard]
                changed.append("rating")
            if answer.standard in examples:
                text = (examples[answer.standard] or "").strip()
                if text != answer.example:
                    answer.example = text
                    changed.append("example")
            if changed:
                answer.save(update_fields=changed)
        if practised is not None and practised.strip() != assessment.practised:
            assessment.practised = practised.strip()
            assessment.save(update_fields=["practised", "updated_at"])
    if submit:
        _submit(assessment, today or timezone.localdate())
    return assessment


def _submit(assessment: PivotAssessment, today: datetime.date) -> None:
    errors: dict[str, list[str]] = {}
    for answer in assessment.answers.all():
        title = BY_NUMBER[answer.standard].title
        if answer.rating is None:
            errors[f"rating_{answer.standard}"] = [f"Rate yourself on “{title}” to submit."]
        if not answer.example:
            errors[f"example_{answer.standard}"] = [f"Give an example for “{title}” to submit."]
    if not assessment.practised:
        errors["practised"] = ["Say how you practised leadership this quarter to submit."]
    if errors:
        raise ValidationError(errors)
    assessment.status = PivotAssessment.Status.SUBMITTED
    assessment.submitted_on = today
    assessment.save(update_fields=["status", "submitted_on", "updated_at"])


@transaction.atomic
def response_write(
    *,
    answer: PivotAnswer,
    by: Person,
    text: str,
    add_to_plan: bool = False,
    due_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> PivotResponse:
    """The manager's response to one answer of a submitted self-assessment (written again, it
    replaces the words). With `add_to_plan` it also becomes an action in the person's
    development plan, once: "<standard>: <response>", due on `due_on`."""
    today = today or timezone.localdate()
    assessment = answer.assessment
    person = assessment.person
    if not policy.can(by, "respond", assessment):
        raise ValidationError({"by": [f"Only {person.name}'s manager responds."]})
    if org.manager_of(person, today) != by:
        raise ValidationError({"by": [f"Only {person.name}'s manager responds."]})
    if not assessment.is_submitted:
        raise ValidationError(
            {"by": [f"{person.name} has not submitted this self-assessment yet."]}
        )
    words = (text or "").strip()
    if not words:
        raise ValidationError({"text": ["Write your response."]})
    response = PivotResponse.objects.filter(answer=answer).first() or PivotResponse(answer=answer)
    if add_to_plan and response.plan_action_id is None:
        action_text = f"{BY_NUMBER[answer.standard].title}: {words}"
        if len(action_text) > ACTION_LENGTH:
            raise ValidationError(
                {
                    "text": [
                        f"A plan action holds {ACTION_LENGTH} characters: shorten the response "
                        f"to {ACTION_LENGTH - len(action_text) + len(words)} or leave it out "
                        "of the plan."
                    ]
                }
            )
        if due_on is not None and due_on < today:
            raise ValidationError({"due_on": ["Enter a due day from today on."]})
        if not policy.can(by, "manage_plan", person):
            raise ValidationError({"add_to_plan": [f"Only {person.name}'s line writes the plan."]})
        plan = DevelopmentPlan.objects.filter(person=person).first() or coaching.plan_save(
            person=person
        )
        response.plan_action = coaching.plan_action_add(plan=plan, text=action_text, due_on=due_on)
    response.text = words
    response.by = by
    response.responded_on = today
    response.save()
    return response
