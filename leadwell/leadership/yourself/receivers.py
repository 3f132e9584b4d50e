"""The monthly debrief shows the leader's aspirations and the month's feedback on them: for a
leader, the manager's monthly feedback is part of the debrief with their director (debriefs
asks through leadwell.lib.page_sections and knows nothing of leadership)."""

import datetime

from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString

from leadwell import policy
from leadwell.leadership.yourself import selectors
from leadwell.lib.page_sections import section_wanted
from leadwell.lib.periods import PeriodKind, period_of


@receiver(section_wanted, dispatch_uid="leadership.yourself.debrief")
def aspirations_in_the_debrief(
    sender, *, place: str, viewer, leader=None, month: datetime.date | None = None, **kwargs
) -> SafeString | str:
    """The leader's aspirations, the feedback written in the debrief's month and the months
    overdue ("" for another page, or for a viewer outside the leader's line)."""
    if place != "debrief" or leader is None or month is None:
        return ""
    if not policy.can(viewer, "view_yourself", leader):
        return ""
    data = selectors.page_of(viewer, leader, timezone.localdate())
    period = period_of(month, PeriodKind.MONTH)
    context = {
        "data": data,
        "leader": leader,
        "period": period,
        "in_month": [one for one in data.feedback if period.start <= one.written_on < period.end],
        "is_current": data.status.this_month == period,
        "may_give": policy.can(viewer, "give_aspiration_feedback", leader),
        "is_self": policy.viewer_for(viewer).person == leader,
    }
    return render_to_string("leadership/yourself/_debrief_section.html", context)
