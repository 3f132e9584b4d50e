"""Sections one app adds to another app's page when neither may import the other (apps side by
side in the layers, as debriefs and leadership are).

The page calls `sections(place, viewer, **about)`; every receiver of `section_wanted` is asked
with the same arguments and returns a piece of HTML already escaped and marked safe (a rendered
template), or "" when it has nothing for that place or that viewer. A receiver decides access
itself: the page shows whatever it returns, in the order receivers were connected.

Places sent today:
- "team-scorecard" (metrics' team scorecard), about `team`. Leadership answers with the
  visions the team reads (leadership/vision/receivers.py).
- "debrief" (debriefs' monthly debrief page), about `leader` (the Person debriefed) and
  `month` (the first day of the debrief's month). Leadership answers with the leader's
  aspirations and the month's feedback on them (leadership/yourself/receivers.py).
- "profile" (identity's profile page, the viewer's own), about `request` (for a form's CSRF
  token). Cadences answers with the viewer's calendar feed (cadences/receivers.py).
"""

from django.dispatch import Signal
from django.utils.safestring import SafeString

section_wanted = Signal()


def sections(place: str, viewer, **about) -> list[SafeString]:
    answers = section_wanted.send(sender=place, place=place, viewer=viewer, **about)
    return [shown for _, shown in answers if isinstance(shown, SafeString) and shown]
