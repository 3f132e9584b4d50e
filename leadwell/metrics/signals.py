"""Signals the metrics pages send, so that the apps above metrics can add to them without
metrics knowing those apps (metrics sits below them and never imports them).

`standards_shown` is sent by the team standards page (`/scorecards/teams/N/standards/`) with
`team` (the Team the page is about) and `viewer` (the request's user, for the receiver to ask
leadwell.policy what they may read). A receiver returns a dict from a metric's catalog key to a
list of short labels (plain text, escaped by the page) saying what that metric's standard
serves; the page shows "serves: <label>" beside each standard. The leadership app answers with
the team's goals (leadwell/leadership/vision/receivers.py).

A whole section of HTML on a page (the team scorecard's vision) goes through
leadwell.lib.page_sections instead, as between any two apps.
"""

from django.dispatch import Signal

standards_shown = Signal()
