"""Cadences: who may do what (collected by leadwell.policy; see docs/access.md).

A person's calendar feeds, e-mail choices and notifications are theirs alone: their manager
does not see what reaches their inbox, nor an administrator as an administrator. Mail that
could not be delivered is the exception: an administrator sees the address, the kind, the
subject and the server's answer (never more than the notification holds, which is counts,
names of what is due and links) to fix the mail server or the address, and sends it again.
"""

from leadwell.cadences.models import CalendarFeed, Delivery, MailChoice, Notification
from leadwell.lib.access import Relation as R
from leadwell.lib.access import action, rule

PERSON = "the person alone"

RULES = (
    rule(CalendarFeed, "view", R.SELF, person="person_id", who=PERSON),
    rule(CalendarFeed, "revoke", R.SELF, person="person_id", who=PERSON),
    rule(MailChoice, "change", R.SELF, person="person_id", who=PERSON),
    rule(Notification, "view", R.SELF, person="person_id", who=PERSON),
    rule(Notification, "mark_read", R.SELF, person="person_id", who=PERSON),
    action(
        "cadences.view_undelivered",
        R.ADMIN,
        who="administrators: mail the server refused or that may not have been sent",
    ),
    rule(
        Delivery,
        "send_again",
        R.ADMIN,
        who="administrators: a failed or uncertain delivery, once more",
    ),
)
