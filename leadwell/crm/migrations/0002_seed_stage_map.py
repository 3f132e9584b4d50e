from decimal import Decimal

from django.db import migrations


def seed(apps, schema_editor):
    from leadwell.crm.importing.presets import all_stage_defaults

    Stage = apps.get_model("crm", "Stage")
    for default in all_stage_defaults():
        Stage.objects.get_or_create(
            name=default.name,
            defaults={
                "order": default.order,
                "outcome": default.outcome,
                "probability": Decimal(default.probability) if default.probability is not None else None,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("crm", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
