"""What debriefs and department talks hold about a person, for their own data export
(leadwell.lib.personal_data).

A debrief belongs to its two people: it goes into the director's export and the leader's, with
its actions. A talk with a department is the leader's who recorded it.
"""

from django.db.models import Q

from leadwell.debriefs.models import Debrief, DebriefAction, DepartmentTalk
from leadwell.lib.personal_data import Erasable, Holding, NotExported


def _party(person, prefix: str = "") -> Q:
    return Q(**{f"{prefix}director": person}) | Q(**{f"{prefix}leader": person})


PERSONAL_DATA = (
    Holding(
        key="debriefs",
        title="Your monthly debriefs, as the director or the leader",
        model=Debrief,
        rows=lambda person: Debrief.objects.filter(_party(person)),
        fields=(
            "id",
            "director",
            "leader",
            "month",
            "held_on",
            "going_well",
            "to_continue",
            "could_improve",
        ),
        via=("director", "leader"),
    ),
    Holding(
        key="debrief_actions",
        title="The actions agreed in your debriefs",
        model=DebriefAction,
        rows=lambda person: DebriefAction.objects.filter(_party(person, "debrief__")),
        fields=("id", "debrief", "text", "owner", "due_on", "done_on"),
    ),
    NotExported(
        DebriefAction,
        "owner",
        "An action is owned by one of the debrief's two people, and goes into both their "
        "exports with the debrief.",
    ),
    Holding(
        key="department_talks",
        title="Your talks with the other departments",
        model=DepartmentTalk,
        rows=lambda person: DepartmentTalk.objects.filter(leader=person),
        fields=(
            "id",
            "department",
            "held_on",
            "with_whom",
            "thanked_for",
            "ideas",
            "follow_ups",
        ),
        via=("leader",),
    ),
)


# What erasing a departed person removes: the debriefs they received as a leader (with their
# actions) and the talks they recorded. The debriefs they gave as a director stay: they are
# their leaders' history. Children before their parents.
ERASABLE = (
    Erasable(
        "debrief_actions",
        "Actions agreed in their debriefs",
        DebriefAction,
        lambda person: DebriefAction.objects.filter(debrief__leader=person),
    ),
    Erasable(
        "debriefs",
        "Their monthly debriefs with their director",
        Debrief,
        lambda person: Debrief.objects.filter(leader=person),
    ),
    Erasable(
        "department_talks",
        "Their talks with the other departments",
        DepartmentTalk,
        lambda person: DepartmentTalk.objects.filter(leader=person),
    ),
)
