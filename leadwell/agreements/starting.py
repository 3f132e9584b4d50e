"""The templates a leader starts an agreement from: the commitments of the better way between
the pressure passer and the excuse carrier, for the leader to make their own."""

from leadwell.agreements.models import Agreement

WITH_THE_TEAM = (
    "I will hear your challenges, in our 1:1s and whenever they come up, and take each one "
    "seriously.",
    "Together we turn every challenge into options and actions, each with an owner and a date.",
    "Most challenges we solve inside the team: with coaching, with each other's help and with "
    "what we already control.",
    "The ones bigger than the team I carry to the organisation with their business case, and I "
    "tell you what came of them.",
    "When the director asks for more this quarter, I look at what it would cost our customers "
    "and next quarter before I ask it of you, and I tell you why.",
    "I ask you to bring challenges early, with what you have already tried.",
)

WITH_THE_DIRECTOR = (
    "I commit to the plan we agreed for the year, and I forecast what I believe, not a number I "
    "can easily beat.",
    "When you need a diving catch, I will ask the team for it, and first show you its cost: the "
    "deals pulled forward, the discounts, the customers who learn to wait for the quarter-end, "
    "and next quarter's pipeline.",
    "The obstacles I cannot solve inside the team I bring to you with options, a recommendation "
    "and the business case, not as reasons for a miss.",
    "I ask to change the plan only when something outside the team has changed, and I say what.",
    "I tell you early when the quarter is at risk, with what we are already doing about it.",
)

# One commitment per line: how a version stores them.
TEMPLATES = {
    Agreement.With.TEAM: "\n".join(WITH_THE_TEAM),
    Agreement.With.DIRECTOR: "\n".join(WITH_THE_DIRECTOR),
}
