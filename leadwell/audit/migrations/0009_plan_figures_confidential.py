"""A plan's figures (the amounts the leader proposed and the director assigned) were recorded
with their values, which every administrator reads in the trail: keep only which fields changed.
The quotas a committed plan writes stay recorded as quota changes."""

from django.db import migrations


def forget_their_values(apps, schema_editor):
    Change = apps.get_model("audit", "Change")
    recorded = Change.objects.filter(object_type="plans.planfigure", confidential=False)
    for change in recorded.iterator():
        change.changes = dict.fromkeys(change.changes or {})
        change.confidential = True
        change.save(update_fields=["changes", "confidential"])


class Migration(migrations.Migration):
    dependencies = [("audit", "0008_asks_in_the_trail")]

    operations = [migrations.RunPython(forget_their_values, migrations.RunPython.noop)]
