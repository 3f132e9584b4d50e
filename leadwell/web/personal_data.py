"""What the administration holds about a person, for their own data export
(leadwell.lib.personal_data): the changes an administrator made in Django's admin."""

from django.contrib.admin.models import LogEntry

from leadwell.lib.personal_data import About, Holding

PERSONAL_DATA = (
    Holding(
        key="administration_changes",
        title="The changes you made as an administrator in Leadwell's administration",
        model=LogEntry,
        rows=lambda account: LogEntry.objects.filter(user=account),
        fields=(
            "action_time",
            "content_type",
            "object_id",
            "object_repr",
            "action_flag",
            "change_message",
        ),
        via=("user",),
        about=About.ACCOUNT,
    ),
)
