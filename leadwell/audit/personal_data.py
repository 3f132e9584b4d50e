"""What the audit trail holds about a person, for their own data export
(leadwell.lib.personal_data). The trail keeps no confidential content, so both what was
changed about someone and what they changed go into their export as recorded."""

from leadwell.audit.models import Change, Notice
from leadwell.lib.personal_data import Holding, NotExported

CHANGE_FIELDS = (
    "id",
    "at",
    "actor_label",
    "via",
    "import_run_id",
    "kind",
    "action",
    "summary",
    "changes",
    "confidential",
    "flagged",
)

PERSONAL_DATA = (
    Holding(
        key="changes_about_you",
        title="Changes recorded about you in the audit trail: who made them, when and how",
        model=Change,
        rows=lambda person: Change.objects.filter(subject=person),
        fields=CHANGE_FIELDS,
        via=("subject",),
    ),
    Holding(
        key="changes_you_made",
        title="Changes you made, as the audit trail recorded them",
        model=Change,
        rows=lambda person: Change.objects.filter(actor_person=person),
        fields=(*CHANGE_FIELDS, "subject", "team"),
        via=("actor_person",),
    ),
    NotExported(
        Change,
        "actor",
        "the account that made a change: the same changes are exported through the person "
        "who holds the account (changes_you_made)",
    ),
    Holding(
        key="notices",
        title="What Leadwell told you about changes that concern you",
        model=Notice,
        rows=lambda person: Notice.objects.filter(person=person),
        fields=("id", "text", "is_warning", "created_at", "read_at", "emailed_at"),
        via=("person",),
    ),
)
