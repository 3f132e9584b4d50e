"""Demo step: six months of the trust pulse for each demo leader's team.

- The organisation's pulse rules: k = 5, a pulse for every team of sellers on the 1st of each
  month (opened by the schedule, as the worker's upkeep would), open seven days, closed at the
  end of its window (writing a result once the held answers reach k).
- Each month three to six sellers answer. A month of five or more makes a result of its own; a
  month of three or four waits for the next, and the two are pooled ("pooled over Jul-Aug").
- Manuel Dixon's team trusts him (about 4 of 5 on each question). Laura Thomas's team cares
  less for her and trusts her visibly less (about 2.5): their comments say why.
- Manuel shared with his team a response to their latest result, and his team's latest pulse is
  still open with a few answers, none from Jessica Allison (the seller persona): she finds it
  on her home page. When the month's pulse has closed already, it is one Manuel opened himself
  to hear whether his response changed anything.

Every answer goes through the services (`pulse_answer` with the day it was given), so the demo
holds exactly what a real team would: participation, sealed held answers and shuffled groups.
Deterministic: who answers, the scores and the comments come from the demo's seed, and the days
are counted from the demo's today.
"""

import datetime
import random

from leadwell.demo import DemoContext
from leadwell.org import selectors as org
from leadwell.org.models import Person, Team
from leadwell.pulse import services
from leadwell.pulse.models import Pulse, ResultGroup

MONTHS = 6
K = 5
DAYS_OPEN = 7
# How many answer each month, oldest first: 5 or more stand alone, 3 and 4 pool together.
ANSWERING = {"leader": [5, 3, 4, 6, 4, 3], "other_leader": [4, 3, 5, 3, 4, 5]}
# Answers already in when the latest pulse is still open: too few for a result.
STILL_OPEN_ANSWERS = 3
# The scores each team's answers draw from, per question.
SCORES = {
    "leader": {"care": [3, 4, 4, 5, 5], "help": [3, 4, 4, 4, 5], "trust": [3, 4, 4, 5, 5]},
    "other_leader": {"care": [2, 3, 3, 4], "help": [3, 3, 4, 4], "trust": [1, 2, 2, 3, 3, 4]},
}
COMMENTS = {
    "leader": [
        "Tell us earlier when the quarter's number changes.",
        "More time on my own account plan in our 1:1s, less on the forecast.",
        "He backed my discount call with finance last month. More of that.",
        "Share what you hear about next year's territories, even if it is not final.",
        "Keep the Friday deal reviews short: they are the most useful hour of the week.",
        "Ask us before you promise the director a pull-forward from our pipeline.",
    ],
    "other_leader": [
        "What I say in our one-on-ones comes back to me in the team meeting.",
        "Deals I flag as at risk are promised upward anyway, then I am asked why they slipped.",
        "Keep what I tell you about my personal goals between us.",
        "The forecast call feels like a test I can fail, so I bring deals late.",
        "When I miss a number, tell me first, not in front of the team.",
        "I hear what you said about me to the director from other people.",
    ],
}
# The comments of the other leader's team come with the low trust that explains them.
TRUST_OF_A_COMMENT = {"other_leader": [1, 2, 2]}
RESPONSE = {
    "heard": (
        "You want to hear earlier when the quarter's number changes, and more of our 1:1 time "
        "on your own accounts rather than on the forecast."
    ),
    "actions": (
        "I pass on any change to the number the day I hear it, with what it means for each of "
        "you. Every other 1:1 starts with your account plan; the forecast waits for the call."
    ),
}


def build(context: DemoContext) -> None:
    personas = {p.key: p.person for p in context.personas}
    admin, seller, manuel = personas.get("admin"), personas.get("seller"), personas.get("leader")
    teams = {key: _team_of(personas.get(key), context.today) for key in ANSWERING}
    manuels = teams["leader"]
    if admin is None or seller is None or manuel is None or manuels is None:
        return
    services.rules_change(by=admin, min_answers=K, monthly_on_day=1, days_open=DAYS_OPEN)
    today, rng = context.today, context.rng
    answering = {key: _in_turn(team, today, rng) for key, team in teams.items() if team}
    for month, first_day in enumerate(_first_days(today)):
        for pulse in services.pulses_open_scheduled(first_day):
            key = next((k for k, t in teams.items() if t == pulse.team), None)
            if key is None:
                continue  # not a demo leader's team (the demo makes none): left unanswered
            if pulse.closes_on <= today:
                who = answering[key].next(ANSWERING[key][month])
            else:
                # This month's pulse, open today: a few answers, none of the seller persona's.
                who = answering[key].next(STILL_OPEN_ANSWERS, leaving_out=seller)
            _answer(pulse, who, key, month, today, rng)
        closing = first_day + datetime.timedelta(days=DAYS_OPEN)
        if closing <= today:
            services.pulses_close_due(closing)

    latest = ResultGroup.objects.filter(team=manuels).order_by("-last_closed_on").first()
    if latest is not None:
        services.response_write(
            by=manuel,
            group=latest,
            share=True,
            on=min(latest.last_closed_on + datetime.timedelta(days=2), today),
            **RESPONSE,
        )
    if not Pulse.objects.filter(team=manuels, closed=False).exists():
        _manuel_asks_again(context, manuel, manuels, answering["leader"], seller)


def _team_of(leader: Person | None, today: datetime.date) -> Team | None:
    if leader is None:
        return None
    return org.teams_led_by(leader, today).order_by("name").first()


def _first_days(today: datetime.date) -> list[datetime.date]:
    """The 1st of each of the last MONTHS months, this one included, oldest first."""
    months = today.year * 12 + today.month - 1
    return [
        datetime.date((months - back) // 12, (months - back) % 12 + 1, 1)
        for back in reversed(range(MONTHS))
    ]


class _InTurn:
    """A team's sellers answering in turn, in an order shuffled once: consecutive months are
    answered by different people, as happens when not everyone answers every month."""

    def __init__(self, sellers: list[Person]) -> None:
        self.sellers = sellers
        self.at = 0

    def next(self, count: int, leaving_out: Person | None = None) -> list[Person]:
        choosable = [s for s in self.sellers if s != leaving_out]
        count = min(count, len(choosable))
        chosen: list[Person] = []
        while len(chosen) < count:
            person = self.sellers[self.at % len(self.sellers)]
            self.at += 1
            if person in choosable and person not in chosen:
                chosen.append(person)
        return chosen


def _in_turn(team: Team, today: datetime.date, rng: random.Random) -> _InTurn:
    leader = org.leader_of(team, today)
    sellers = [p for p in org.members_of([team], today).order_by("pk") if p != leader]
    rng.shuffle(sellers)
    return _InTurn(sellers)


def _answer(
    pulse: Pulse,
    who: list[Person],
    key: str,
    month: int,
    today: datetime.date,
    rng: random.Random,
) -> None:
    """The answers of `who`, each given on a day of the pulse's window up to today; the first
    of each month writes the team's comment of that month (none is repeated)."""
    last_day = min(pulse.closes_on - datetime.timedelta(days=1), today)
    span = (last_day - pulse.opens_on).days
    for index, person in enumerate(who):
        scores = {q: rng.choice(choices) for q, choices in SCORES[key].items()}
        comment = ""
        if index == 0 and month < len(COMMENTS[key]):
            comment = COMMENTS[key][month]
            if key in TRUST_OF_A_COMMENT:
                scores["trust"] = rng.choice(TRUST_OF_A_COMMENT[key])
        services.pulse_answer(
            by=person,
            pulse=pulse,
            comment=comment,
            on=pulse.opens_on + datetime.timedelta(days=rng.randint(0, span)),
            **scores,
        )


def _manuel_asks_again(
    context: DemoContext, manuel: Person, team: Team, answering: _InTurn, seller: Person
) -> None:
    """The month's pulse has closed: Manuel opened one himself two days ago (never before the
    month's closed), and a few have answered."""
    month_closed = _first_days(context.today)[-1] + datetime.timedelta(days=DAYS_OPEN)
    opens_on = max(context.today - datetime.timedelta(days=2), month_closed)
    pulse = services.pulse_open(by=manuel, team=team, on=opens_on)
    who = answering.next(STILL_OPEN_ANSWERS, leaving_out=seller)
    _answer(pulse, who, "leader", MONTHS, context.today, context.rng)
