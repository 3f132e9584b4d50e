"""What the scorecards hold about a person, for their own data export
(leadwell.lib.personal_data): the personal targets agreed with them. Their figures are
computed from the CRM records the export holds, and are not repeated."""

from leadwell.lib.personal_data import Holding, NotExported
from leadwell.metrics.models import Target

PERSONAL_DATA = (
    Holding(
        key="targets",
        title="Your personal targets",
        model=Target,
        rows=lambda person: Target.objects.filter(person=person),
        fields=("id", "metric", "value", "valid_from", "agreed_on", "set_by", "created_at"),
        via=("person",),
    ),
    NotExported(
        Target,
        "set_by",
        "A target is about the seller it is set for and goes into their export; the leader "
        "who set it does not get their sellers' targets in their own.",
    ),
)
