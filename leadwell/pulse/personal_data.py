"""What the trust pulse holds about a person, for their data export (leadwell.lib.personal_data).

That a seller answered a pulse is about them and goes into their export; what they answered is
not: an answer carries no person, so nothing can put it there (docs/decisions.md, "The trust
pulse: anonymity"). A leader's responses to their team's results are theirs.
"""

from leadwell.lib.personal_data import Holding, NotExported
from leadwell.pulse.models import Participation, Pulse, Response, ResultGroup

PERSONAL_DATA = (
    Holding(
        key="pulses_answered",
        title="The trust pulses you answered (that you did, never what: answers are anonymous)",
        model=Participation,
        rows=lambda person: Participation.objects.filter(person=person),
        fields=("id", "pulse"),
        via=("person",),
    ),
    Holding(
        key="pulse_responses",
        title="Your responses to your team's trust pulse results",
        model=Response,
        rows=lambda person: Response.objects.filter(leader=person),
        fields=("id", "heard", "actions", "shared_with_team", "written_on"),
        via=("leader",),
    ),
    NotExported(
        Pulse,
        "leader",
        "The team's leader when the pulse opened: the pulse is the team's, not a record about "
        "its leader; their responses are in their export.",
    ),
    NotExported(
        ResultGroup,
        "leader",
        "Whom the team's answers are about: the result is the team's, anonymous and pooled; "
        "nothing in it is the leader's own data, and their responses are in their export.",
    ),
    NotExported(
        Pulse,
        "opened_by",
        "Who opened the team's pulse: the pulse is the team's, not a record about that person.",
    ),
)
