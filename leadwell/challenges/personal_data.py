"""What the challenge register holds about a person, for their own data export
(leadwell.lib.personal_data).

A challenge is its raiser's: it goes into their export. The actions a person owns go into
theirs, with the challenge they belong to named by number only (its text is the raiser's).
"""

from leadwell.challenges.models import Challenge, ChallengeAction
from leadwell.lib.personal_data import Erasable, Holding, NotExported

PERSONAL_DATA = (
    Holding(
        key="challenges",
        title="The challenges you raised",
        model=Challenge,
        rows=lambda person: Challenge.objects.filter(raised_by=person),
        fields=(
            "id",
            "team",
            "raised_on",
            "description",
            "category",
            "leader_only",
            "status",
            "options",
            "ask",
            "business_case",
            "answer",
            "answer_note",
            "outcome",
            "closed_on",
        ),
        via=("raised_by",),
    ),
    NotExported(
        Challenge,
        "escalated_by",
        "The leader who escalated a challenge acted on the raiser's challenge: it is the "
        "raiser's, in the raiser's export.",
    ),
    NotExported(
        Challenge,
        "answered_by",
        "The director's answer belongs to the challenge, in its raiser's export.",
    ),
    Holding(
        key="challenge_actions",
        title="The actions on challenges you own",
        model=ChallengeAction,
        rows=lambda person: ChallengeAction.objects.filter(owner=person),
        fields=("id", "challenge", "text", "due_on", "done_on"),
        via=("owner",),
    ),
)


# What erasing a departed person removes: the challenges they raised (with their actions).
# Children before their parents; actions they owned on others' challenges stay: they are the
# team's record of what was done.
ERASABLE = (
    Erasable(
        "challenge_actions",
        "Actions on challenges they raised",
        ChallengeAction,
        lambda person: ChallengeAction.objects.filter(challenge__raised_by=person),
    ),
    Erasable(
        "challenges",
        "Challenges they raised",
        Challenge,
        lambda person: Challenge.objects.filter(raised_by=person),
    ),
)
