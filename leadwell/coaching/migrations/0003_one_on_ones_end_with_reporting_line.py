from django.db import migrations, models
from django.utils import timezone

from leadwell.org.selectors import line_ends, line_spans


def end_with_reporting_lines(apps, schema_editor):
    """Each existing 1:1 takes the end of its reporting line from the org chart as it stands."""
    Series = apps.get_model("coaching", "OneOnOneSeries")
    Membership = apps.get_model("org", "Membership")
    today = timezone.localdate()
    terms = ("team_id", "valid_from", "valid_until")
    for series in Series.objects.all():
        as_member = Membership.objects.filter(person_id=series.report_id, role="member")
        as_leader = Membership.objects.filter(person_id=series.leader_id, role="leader")
        spans = line_spans(as_member.values_list(*terms), as_leader.values_list(*terms))
        series.ended_on = line_ends(spans, today)
        series.save(update_fields=["ended_on"])


class Migration(migrations.Migration):
    dependencies = [
        ("coaching", "0002_seed_libraries"),
        ("org", "0001_initial"),
    ]

    operations = [
        migrations.RemoveField(model_name="oneononeseries", name="is_active"),
        migrations.AddField(
            model_name="oneononeseries",
            name="ended_on",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.RunPython(end_with_reporting_lines, migrations.RunPython.noop),
    ]
