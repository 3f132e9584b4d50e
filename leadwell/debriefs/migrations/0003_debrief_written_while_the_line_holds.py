"""A debrief is written while the leader reports to the director: each keeps the day that line
ended, filled here for the debriefs already held from the org chart as it stands."""

from django.db import migrations, models
from django.utils import timezone

from leadwell.org.selectors import line_ends, line_spans

FIELDS = ("team_id", "valid_from", "valid_until")


def record_where_the_line_ended(apps, schema_editor):
    Debrief = apps.get_model("debriefs", "Debrief")
    Membership = apps.get_model("org", "Membership")
    today = timezone.localdate()
    for debrief in Debrief.objects.all():
        as_member = Membership.objects.filter(person_id=debrief.leader_id, role="member")
        as_leader = Membership.objects.filter(person_id=debrief.director_id, role="leader")
        spans = line_spans(as_member.values_list(*FIELDS), as_leader.values_list(*FIELDS))
        debrief.line_ended_on = line_ends(spans, today)
        debrief.save(update_fields=["line_ended_on"])


class Migration(migrations.Migration):
    dependencies = [
        ("debriefs", "0002_default_departments"),
        ("org", "0002_person_external_id"),
    ]

    operations = [
        migrations.AddField(
            model_name="debrief",
            name="line_ended_on",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.RunPython(record_where_the_line_ended, migrations.RunPython.noop),
    ]
