"""Keeping debriefs in step with the org chart: the two write in a debrief while the leader
reports to the director."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from leadwell.org.models import Membership


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
def follow_reporting_lines(sender, instance: Membership, **kwargs) -> None:
    """However the line changed (a page, an import, the admin), the debriefs of the person whose
    membership changed follow it at once, in the same transaction: a director who is no longer
    the leader's manager never writes in their debriefs again."""
    from leadwell.debriefs.services import debriefs_follow_reporting_lines

    debriefs_follow_reporting_lines(people=[instance.person_id])
