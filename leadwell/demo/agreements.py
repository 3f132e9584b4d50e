"""Demo step: the demo leader's operating agreements.

- With the team: version 1 published two months ago and acknowledged by the whole team; version
  2 (one commitment added about quarter-end asks) published last week, acknowledged by about
  half the team so far. The demo seller has not acknowledged it yet: their home page shows the
  line asking for it.
- With the director: published a month ago and acknowledged by the director.
The other leader has started no agreement: their Lead up hub offers to start from the templates.
"""

import datetime

from django.utils import timezone

from leadwell.agreements import services
from leadwell.agreements.models import Agreement
from leadwell.agreements.starting import TEMPLATES
from leadwell.demo import DemoContext
from leadwell.org import selectors as org

ADDED = (
    "Before the last two weeks of a quarter we agree which deals are really ready, so nobody "
    "is asked to push a customer who is not."
)


def _at(context: DemoContext, days_ago: int, hour: int = 10) -> datetime.datetime:
    day = context.today - datetime.timedelta(days=days_ago)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def build(context: DemoContext) -> None:
    personas = {p.key: p.person for p in context.personas}
    leader, seller = personas.get("leader"), personas.get("seller")
    if leader is None:
        return
    team = org.teams_led_by(leader, context.today).order_by("name").first()
    if team is not None:
        members = list(org.members_of([team], context.today).order_by("name"))
        agreement = services.agreement_start(
            leader=leader, made_with=Agreement.With.TEAM, team=team
        )
        first = services.version_publish(agreement=agreement, by=leader, at=_at(context, 61))
        for index, member in enumerate(members):
            services.acknowledge(version=first, by=member, at=_at(context, 60 - index))
        services.draft_save(
            agreement=agreement,
            by=leader,
            commitments=TEMPLATES[Agreement.With.TEAM] + "\n" + ADDED,
        )
        second = services.version_publish(agreement=agreement, by=leader, at=_at(context, 6))
        others = [m for m in members if m != seller]
        for index, member in enumerate(others[: (len(others) + 1) // 2]):
            services.acknowledge(version=second, by=member, at=_at(context, 5 - index % 5))
    if org.manager_of(leader, context.today) is not None:
        upward = services.agreement_start(leader=leader, made_with=Agreement.With.DIRECTOR)
        version = services.version_publish(agreement=upward, by=leader, at=_at(context, 30))
        director = upward.director
        if director is not None:
            services.acknowledge(version=version, by=director, at=_at(context, 28))
