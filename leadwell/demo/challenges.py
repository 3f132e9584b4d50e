"""Demo step: the demo leader's challenge register, in every state.

- A pricing challenge a seller raised, kept in the team with two actions (one worked through
  the seller's coaching item) and solved; three more kept in the team and worked there (most
  obstacles are the team's to solve: the balance dashboard reads the share escalated).
- A competition challenge escalated to the director, accepted, and solved.
- A process challenge escalated, with the team's own workaround as an action, declined, then
  closed without a solution.
- A territory challenge the leader escalated this week: it waits for the director's answer.
- A skills challenge a seller kept for the leader only, still open in the triage queue.
- The other leader's team: one open challenge.
"""

import datetime

from leadwell.challenges import selectors, services
from leadwell.challenges.models import Challenge
from leadwell.coaching.models import CoachingItem
from leadwell.demo import DemoContext
from leadwell.org import selectors as org

C = Challenge.Category


def _days(context: DemoContext, back: int) -> datetime.date:
    return context.today - datetime.timedelta(days=back)


def build(context: DemoContext) -> None:
    personas = {p.key: p.person for p in context.personas}
    leader, seller, director = personas.get("leader"), personas.get("seller"), context.director
    if leader is None or seller is None or director is None:
        return
    team = selectors.team_to_raise_in(leader, context.today)
    if team is None:
        return
    sellers = [p for p in org.members_of([team], context.today).order_by("name") if p != leader]
    peer = next((p for p in sellers if p != seller), seller)
    deals = selectors.team_open_deals(team, context.today)
    mine = [d for d in deals if d.owner_id == seller.pk]
    theirs = [d for d in deals if d.owner_id == peer.pk]

    def raise_(by, back, category, text, *, deals=(), leader_only=False):
        return services.challenge_raise(
            by=by,
            team=team,
            description=text,
            category=category,
            leader_only=leader_only,
            deals=list(deals),
            accounts=selectors.accounts_of(list(deals))[:1],
            on=_days(context, back),
        )

    pricing = raise_(
        seller,
        48,
        C.PRICING,
        "Procurement keeps asking for a 15% discount at the last step: the buyers have learnt "
        "that we give in the final week.",
        deals=mine[:2],
    )
    services.challenge_keep_in_team(
        challenge=pricing,
        by=leader,
        options="Hold the price and trade scope instead; bring value proof to the economic "
        "buyer before procurement joins.",
        on=_days(context, 46),
    )
    item = CoachingItem.objects.open().filter(person=seller).first()
    first = services.challenge_action_add(
        challenge=pricing,
        by=leader,
        text="Practise the trade-don't-give negotiation in the next 1:1",
        owner=seller,
        due_on=_days(context, 32),
        coaching_item=item,
    )
    second = services.challenge_action_add(
        challenge=pricing,
        by=leader,
        text="Write the value summary for the two deals before procurement's call",
        owner=leader,
        due_on=_days(context, 38),
    )
    services.challenge_action_done(action=first, by=seller, on=_days(context, 33))
    services.challenge_action_done(action=second, by=leader, on=_days(context, 39))
    services.challenge_close(
        challenge=pricing,
        by=leader,
        solved=True,
        outcome="Both deals closed at list price with a smaller first phase.",
        on=_days(context, 20),
    )

    kept_in_team = [
        (
            peer,
            44,
            C.PRODUCT,
            "The reporting module lacks the export customers ask for.",
            "Show the scheduled report instead; log the request with product.",
            "Walk the two customers through scheduled reports",
            peer,
        ),
        (
            seller,
            26,
            C.SKILLS,
            "Discovery calls run long and end without a next step.",
            "Practise a tighter call plan with a fixed closing question.",
            "Rehearse the call plan with a peer before Thursday's calls",
            seller,
        ),
        (
            peer,
            16,
            C.OTHER,
            "Handovers from marketing arrive without the lead's history.",
            "Agree a handover checklist with the marketing team lead.",
            "Draft the handover checklist and send it to marketing",
            leader,
        ),
    ]
    for by, back, category, text, options, action, owner in kept_in_team:
        kept = raise_(by, back, category, text)
        services.challenge_keep_in_team(
            challenge=kept, by=leader, options=options, on=_days(context, back - 1)
        )
        services.challenge_action_add(
            challenge=kept, by=leader, text=action, owner=owner, due_on=_days(context, back - 5)
        )

    competition = raise_(
        peer,
        40,
        C.COMPETITION,
        "A competitor offers a free migration; three accounts asked us to match it.",
        deals=theirs[:2],
    )
    services.challenge_escalate(
        challenge=competition,
        by=leader,
        ask="Approve a migration package at cost for deals above 100k.",
        business_case="Three deals worth over 400k are at risk; the package costs about 20k each "
        "and shortens the sales cycle.",
        on=_days(context, 37),
    )
    services.challenge_action_add(
        challenge=competition,
        by=leader,
        text="List the migration effort per account with the solution engineer",
        owner=peer,
        due_on=_days(context, 30),
    )
    services.challenge_answer(
        challenge=competition,
        by=director,
        answer=Challenge.Answer.ACCEPTED,
        note="Agreed for this quarter; report how many deals it wins.",
        on=_days(context, 33),
    )
    services.challenge_close(
        challenge=competition,
        by=leader,
        solved=True,
        outcome="Two of the three accounts signed with the migration package.",
        on=_days(context, 12),
    )

    process = raise_(
        seller,
        30,
        C.PROCESS,
        "Legal review of non-standard contracts takes three weeks.",
    )
    services.challenge_escalate(
        challenge=process,
        by=leader,
        ask="A dedicated legal reviewer for the team's contracts.",
        business_case="Deals slip a month on average while they wait for legal.",
        on=_days(context, 28),
    )
    services.challenge_action_add(
        challenge=process,
        by=leader,
        text="Use the pre-approved clauses wherever the customer accepts them",
        owner=seller,
        due_on=_days(context, 20),
    )
    services.challenge_answer(
        challenge=process,
        by=director,
        answer=Challenge.Answer.DECLINED,
        note="No headcount this year: use the pre-approved clauses first.",
        on=_days(context, 24),
    )
    services.challenge_close(
        challenge=process,
        by=leader,
        solved=False,
        outcome="The team uses the pre-approved clauses; reviews still take two weeks.",
        on=_days(context, 21),
    )

    territory = raise_(
        leader,
        6,
        C.TERRITORY,
        "Two large accounts moved to the other team's territory mid-year.",
    )
    services.challenge_escalate(
        challenge=territory,
        by=leader,
        ask="Keep the two accounts with the team until the year's end.",
        business_case="Both have deals in commit this quarter; a handover now puts them at risk.",
        on=_days(context, 3),
    )

    raise_(
        seller,
        2,
        C.SKILLS,
        "I am not confident running the technical demo without the solution engineer.",
        leader_only=True,
    )

    other, other_seller = personas.get("other_leader"), personas.get("other_seller")
    if other is not None and other_seller is not None:
        other_team = selectors.team_to_raise_in(other, context.today)
        if other_team is not None:
            services.challenge_raise(
                by=other_seller,
                team=other_team,
                description="The new quoting tool loses discounts on multi-year deals.",
                category=C.PRODUCT,
                on=_days(context, 4),
            )
