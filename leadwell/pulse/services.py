"""The workflows of the trust pulse, used by pages, API, worker and demo alike: open a pulse,
answer it, close the pulses whose window ended (writing a result group when the team's held
answers reach k), open the organisation's monthly pulses, and the leader's response.

Who may do each step is declared in leadwell/pulse/rules.py and decided by leadwell.policy;
each step asks the policy about the person acting (`by`) and refuses with the reason (a
ValidationError: a message beside the field on the page, 422 in the API). No step logs an
answer, and none keeps one beside a person (docs/decisions.md, "The trust pulse: anonymity").
"""

import datetime
import logging
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model, Q
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from leadwell import policy
from leadwell.org import selectors as org
from leadwell.org.models import Membership, Person, Team
from leadwell.pulse.models import (
    K_RANGE,
    Answer,
    HeldAnswers,
    Participation,
    Pulse,
    PulseRules,
    Response,
    ResultGroup,
)
from leadwell.pulse.sealing import CannotUnseal, seal, unseal

# Says which teams got or missed a pulse, never anything answered.
log = logging.getLogger("leadwell.pulse")

COMMENT_LENGTH = 2000
DAYS_OPEN_RANGE = (1, 28)


def _allowed(by: Person, action: str, obj: Model, field: str, message: str) -> None:
    if not policy.can(by, action, obj):
        raise ValidationError({field: [message]})


def rules() -> PulseRules:
    found, _ = PulseRules.objects.get_or_create(pk=1)
    return found


def rules_change(
    *, by: Person, min_answers: int, monthly_on_day: int, days_open: int
) -> PulseRules:
    """The organisation's k and schedule, set by an administrator. A pulse keeps the k it
    opened with."""
    if not policy.can(by, "change", PulseRules()):
        raise ValidationError({"min_answers": ["Only an administrator sets the pulse rules."]})
    low, high = K_RANGE
    if not low <= min_answers <= high:
        raise ValidationError(
            {"min_answers": [f"Choose between {low} and {high} answers before a result shows."]}
        )
    if not 0 <= monthly_on_day <= 28:
        raise ValidationError(
            {"monthly_on_day": ["Choose a day from 1 to 28, or 0 for no schedule."]}
        )
    if not DAYS_OPEN_RANGE[0] <= days_open <= DAYS_OPEN_RANGE[1]:
        raise ValidationError({"days_open": ["A pulse stays open from 1 to 28 days."]})
    found = rules()
    found.min_answers, found.monthly_on_day, found.days_open = (
        min_answers,
        monthly_on_day,
        days_open,
    )
    found.save()
    return found


def _sellers(team: Team, on: datetime.date) -> list[Person]:
    leader = org.leader_of(team, on)
    return [p for p in org.members_of([team], on) if leader is None or p.pk != leader.pk]


@transaction.atomic
def pulse_open(
    *,
    by: Person | None,
    team: Team,
    on: datetime.date | None = None,
    days_open: int | None = None,
) -> Pulse:
    """Open a pulse for a team's sellers from `on` (default today) for `days_open` days (the
    organisation's default: seven). `by` None: the organisation's schedule."""
    on = on or timezone.localdate()
    found_rules = rules()
    days = days_open if days_open is not None else found_rules.days_open
    if by is not None:
        _allowed(by, "open", team, "team", "Only the team's leader or their line opens a pulse.")
    if not DAYS_OPEN_RANGE[0] <= days <= DAYS_OPEN_RANGE[1]:
        raise ValidationError({"days_open": ["A pulse stays open from 1 to 28 days."]})
    if Pulse.objects.filter(team=team, closed=False, closes_on__gt=on).exists():
        raise ValidationError({"team": [f"{team.name} has a pulse open already."]})
    sellers = _sellers(team, on)
    if not sellers:
        raise ValidationError({"team": [f"{team.name} has no sellers to ask."]})
    try:
        with transaction.atomic():
            return Pulse.objects.create(
                team=team,
                leader=org.leader_of(team, on),
                opened_by=by,
                opens_on=on,
                closes_on=on + datetime.timedelta(days=days),
                min_answers=found_rules.min_answers,
                eligible=len(sellers),
            )
    except IntegrityError as error:
        raise ValidationError(
            {"team": [f"{team.name} has a pulse opened today already."]}
        ) from error


def _score(value: object, field: str) -> int:
    try:
        score = int(str(value))
    except (TypeError, ValueError):
        score = 0
    if not 1 <= score <= 5:
        raise ValidationError({field: ["Choose from 1 (not at all) to 5 (fully)."]})
    return score


@sensitive_variables("care", "help", "trust", "comment", "answer", "answers")
def pulse_answer(
    *,
    by: Person,
    pulse: Pulse,
    care: object,
    help: object,
    trust: object,
    comment: str = "",
    on: datetime.date | None = None,
) -> None:
    """Answer a pulse, once. The answer joins the team's sealed held answers; the person is
    written down only as having answered. Nothing is returned: not even the caller keeps the
    answer beside the person."""
    on = on or timezone.localdate()
    answer = {
        "care": _score(care, "care"),
        "help": _score(help, "help"),
        "trust": _score(trust, "trust"),
        "comment": (comment or "").strip()[:COMMENT_LENGTH],
    }
    _allowed(by, "answer", pulse, "pulse", "Only the team's sellers answer its pulse.")
    if org.leader_of(pulse.team, on) == by:
        raise ValidationError({"pulse": ["A leader does not answer their own team's pulse."]})
    if not pulse.is_open(on):
        raise ValidationError({"pulse": ["This pulse is closed: it takes no more answers."]})
    try:
        with transaction.atomic():
            held, _ = HeldAnswers.objects.select_for_update().get_or_create(team_id=pulse.team_id)
            # Read again under the lock the close takes too: a pulse closed meanwhile (its
            # answers already written as a group) takes no more.
            if not Pulse.objects.get(pk=pulse.pk).is_open(on):
                raise ValidationError(
                    {"pulse": ["This pulse is closed: it takes no more answers."]}
                )
            Participation.objects.create(pulse=pulse, person=by)
            answers = unseal(held.sealed)
            answers.append({**answer, "pulse": pulse.pk})
            held.sealed, held.count = seal(answers), len(answers)
            held.save(update_fields=["sealed", "count"])
            Pulse.objects.filter(pk=pulse.pk).update(answered=pulse.participations.count())
    except IntegrityError as error:
        raise ValidationError({"pulse": ["You have answered this pulse already."]}) from error
    except CannotUnseal as error:
        log.error("the held pulse answers of team %s cannot be unsealed: %s", pulse.team_id, error)
        raise ValidationError(
            {
                "pulse": [
                    "Your answer cannot be taken right now: an administrator must fix the "
                    "installation's secret key. Nothing was recorded; try again later."
                ]
            }
        ) from error


@transaction.atomic
def _write_group(team: Team, pulses: list[Pulse], answers: list[dict]) -> ResultGroup:
    """Write the held answers as one group: random ids, in a random order, with no pulse,
    person or time of their own."""
    group = ResultGroup.objects.create(
        team=team,
        leader=pulses[0].leader,
        first_opened_on=min(p.opens_on for p in pulses),
        last_closed_on=max(p.closes_on for p in pulses),
        answers_count=len(answers),
        eligible=sum(p.eligible for p in pulses),
    )
    shuffled = list(answers)
    secrets.SystemRandom().shuffle(shuffled)
    Answer.objects.bulk_create(
        Answer(
            group=group,
            care=a["care"],
            help=a["help"],
            trust=a["trust"],
            comment=a["comment"],
        )
        for a in shuffled
    )
    Pulse.objects.filter(pk__in=[p.pk for p in pulses]).update(group=group)
    return group


def pulses_close_due(today: datetime.date | None = None) -> list[ResultGroup]:
    """Close every pulse whose window has ended; for each team whose held answers now reach
    the k of its closed pulses, write them as a group (the worker's upkeep does this)."""
    today = today or timezone.localdate()
    written = []
    due_teams = set(
        Pulse.objects.filter(closed=False, closes_on__lte=today).values_list("team_id", flat=True)
    )
    for team_id in sorted(due_teams):
        try:
            written += _close_team(team_id, today)
        except CannotUnseal as error:
            # One team's answers sealed under a key since changed stop that team only; the
            # message says the way back, and the next round tries again.
            log.error("the pulses of team %s cannot close: %s", team_id, error)
    return written


@transaction.atomic
def _close_team(team_id: int, today: datetime.date) -> list[ResultGroup]:
    """Close the team's pulses due today and write what their held answers make."""
    written: list[ResultGroup] = []
    Pulse.objects.filter(team_id=team_id, closed=False, closes_on__lte=today).update(closed=True)
    held = HeldAnswers.objects.select_for_update().filter(team_id=team_id).first()
    if held is None:
        return []
    waiting = list(
        Pulse.objects.filter(team_id=team_id, closed=True, group__isnull=True).select_related(
            "team"
        )
    )
    if not waiting:
        return []
    answers = unseal(held.sealed)
    # A group is about one leader: the pulses asked under each leader pool apart.
    by_leader: dict[int | None, list[Pulse]] = {}
    for pulse in waiting:
        by_leader.setdefault(pulse.leader_id, []).append(pulse)
    for pulses in by_leader.values():
        group = _group_if_enough(pulses, answers)
        if group is not None:
            written.append(group)
            done = {p.pk for p in pulses}
            answers = [a for a in answers if a["pulse"] not in done]
    held.sealed, held.count = seal(answers), len(answers)
    held.save(update_fields=["sealed", "count"])
    return written


def _group_if_enough(pulses: list[Pulse], answers: list[dict]) -> ResultGroup | None:
    """Write the answers to these closed pulses as a group when they reach k. Answers to a
    pulse still open are not among them: a group is made of closed pulses only."""
    ready = {p.pk for p in pulses}
    in_group = [a for a in answers if a["pulse"] in ready]
    # k counts people as well as answers: a seller answering three pulses is one person, and
    # three of them would not hide each other.
    people = Participation.objects.filter(pulse_id__in=ready).values("person_id").distinct()
    k = max(p.min_answers for p in pulses)
    if len(in_group) < k or people.count() < k:
        return None
    return _write_group(pulses[0].team, pulses, in_group)


def pulses_open_scheduled(today: datetime.date | None = None) -> list[Pulse]:
    """The organisation's monthly pulses (the worker's upkeep calls this every round): from
    the rules' day of the month, open a pulse (by nobody: the schedule) for every team with
    sellers that has not been asked since that day. Returns the pulses opened.

    From the day rather than on it, so that a worker stopped on the day opens them at its first
    round after. A team has been asked when a pulse of it was open on the day or opened after
    it (its leader's own counts: the sellers are not asked twice within days), or when the
    schedule opened one this month already (the day was changed since). A leadership team,
    whose members all lead teams of their own, is no team of sellers and is not asked."""
    today = today or timezone.localdate()
    day = rules().monthly_on_day
    if not day or today.day < day:
        return []
    scheduled_on = today.replace(day=day)
    asked = Q(closes_on__gt=scheduled_on) | Q(
        opened_by__isnull=True, opens_on__gte=today.replace(day=1)
    )
    leading = set(Membership.objects.on(today).leaders().values_list("person_id", flat=True))
    opened = []
    for team in Team.objects.order_by("name"):
        if not [p for p in _sellers(team, today) if p.pk not in leading]:
            continue
        if Pulse.objects.filter(team=team).filter(asked).exists():
            continue
        try:
            opened.append(pulse_open(by=None, team=team, on=today))
        except ValidationError as error:
            # Opened by someone else between the check and now: one team never stops the rest.
            log.info("the monthly pulse of %s was not opened: %s", team.name, error.messages)
    return opened


def response_write(
    *,
    by: Person,
    group: ResultGroup,
    heard: str,
    actions: str = "",
    share: bool = False,
    on: datetime.date | None = None,
) -> Response:
    """The leader's response to a result: what they heard, what they will do, and whether the
    team sees it."""
    _allowed(by, "respond", group, "heard", "Only the team's leader responds to its pulse.")
    heard = (heard or "").strip()
    if not heard:
        raise ValidationError({"heard": ["Say what you heard in the result."]})
    return Response.objects.create(
        group=group,
        leader=by,
        heard=heard[:COMMENT_LENGTH],
        actions=(actions or "").strip()[:COMMENT_LENGTH],
        shared_with_team=share,
        written_on=on or timezone.localdate(),
    )
