"""Signals the metrics pages send, so that the apps above metrics can add to them without
metrics knowing those apps (metrics sits below them and never imports them).

`team_page_shown` is sent by the team scorecard page (`/scorecards/teams/N/`) before it renders,
with these arguments:

- `team`: the Team the page is about (the viewer may read its totals);
- `viewer`: the request's user, for the receiver to ask leadwell.policy what they may read.

A receiver returns a piece of HTML, already escaped and marked safe (a rendered template), or
"" when it has nothing to show this viewer; the page shows each non-empty piece below the
team's totals and chart, in the order the receivers were connected. A receiver decides access
itself: the page shows whatever it returns.

`standards_shown` is sent by the team standards page (`/scorecards/teams/N/standards/`) with the
same arguments. A receiver returns a dict from a metric's catalog key to a list of short labels
(plain text, escaped by the page) saying what that metric's standard serves; the page shows
"serves: <label>" beside each standard. The leadership app's receivers answer both with the
team's vision and goals (leadwell/leadership/vision/receivers.py).
"""

from django.dispatch import Signal

team_page_shown = Signal()

standards_shown = Signal()
