"""Keeping 1:1s in step with the org chart: a 1:1 lasts as long as its reporting line."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from leadwell.org.models import Membership


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
def follow_reporting_lines(sender, instance: Membership, **kwargs) -> None:
    """However the line changed (a page, an import, the admin), the 1:1s of the person whose
    membership changed follow it at once, inside the same transaction: a leader who is no
    longer the manager is never, even for a moment after the change, still inside the 1:1."""
    from leadwell.coaching.services.one_on_ones import series_follow_reporting_lines

    series_follow_reporting_lines(people=[instance.person_id])
