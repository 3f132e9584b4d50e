"""Leading yourself: what is held about a person, for their export and erasure.

The page, the actions towards their aspirations and the feedback their line wrote on them are
the person's: all go into their own export (the aspirations themselves are coaching's personal
goals, exported by coaching). Feedback is the person's, not its author's: a manager's export
does not carry what they wrote on their reports' pages, as with comments on a development plan.
"""

from leadwell.leadership.yourself.models import AspirationAction, AspirationFeedback, OwnPage
from leadwell.lib.personal_data import Erasable, Holding, NotExported

PERSONAL_DATA = (
    Holding(
        key="own_page",
        title="Your leading-yourself page: purpose, strengths, what you ask of your manager",
        model=OwnPage,
        rows=lambda person: OwnPage.objects.filter(person=person),
        fields=(
            "why",
            "motivation",
            "energy",
            "impact",
            "strengths",
            "asks_of_manager",
            "created_at",
            "updated_at",
        ),
        via=("person",),
    ),
    Holding(
        key="aspiration_actions",
        title="The actions towards your career aspirations",
        model=AspirationAction,
        rows=lambda person: AspirationAction.objects.filter(goal__person=person),
        fields=("id", "goal", "text", "due_on", "done_on", "created_at"),
    ),
    Holding(
        key="aspiration_feedback",
        title="Your management line's feedback on your aspirations",
        model=AspirationFeedback,
        rows=lambda person: AspirationFeedback.objects.filter(person=person),
        fields=("id", "author", "goal", "text", "written_on"),
        via=("person",),
    ),
    NotExported(
        AspirationFeedback,
        "author",
        "Feedback on aspirations belongs to the person it is about and goes into their export; "
        "the manager who wrote it reads it on that person's page while in their line.",
    ),
)

# What erasing a departed person removes: their page, the actions towards their aspirations and
# the feedback on them (the aspirations go with coaching's personal goals). Feedback they wrote
# on others' pages stays: it is those people's history. Children before their parents.
ERASABLE = (
    Erasable(
        "aspiration_actions",
        "Actions towards their career aspirations",
        AspirationAction,
        lambda person: AspirationAction.objects.filter(goal__person=person),
    ),
    Erasable(
        "aspiration_feedback",
        "Feedback on their aspirations",
        AspirationFeedback,
        lambda person: AspirationFeedback.objects.filter(person=person),
    ),
    Erasable(
        "own_page",
        "Their leading-yourself page (purpose, strengths, asks)",
        OwnPage,
        lambda person: OwnPage.objects.filter(person=person),
    ),
)
