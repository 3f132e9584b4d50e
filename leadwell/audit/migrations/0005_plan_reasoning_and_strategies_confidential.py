"""Plans' reasoning and negotiations and reports' strategies were recorded with their values,
which every administrator reads in the trail: keep only which fields changed, as the trail does
for every confidential object from now on."""

from django.db import migrations

NOW_CONFIDENTIAL = ("plans.plancycle", "plans.planchange", "reports.strategy")


def forget_their_values(apps, schema_editor):
    Change = apps.get_model("audit", "Change")
    recorded = Change.objects.filter(object_type__in=NOW_CONFIDENTIAL, confidential=False)
    for change in recorded.iterator():
        change.changes = dict.fromkeys(change.changes or {})
        change.confidential = True
        change.save(update_fields=["changes", "confidential"])


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_debriefs_in_the_trail")]

    operations = [migrations.RunPython(forget_their_values, migrations.RunPython.noop)]
