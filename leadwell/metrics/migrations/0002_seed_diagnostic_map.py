from django.db import migrations


def seed(apps, schema_editor):
    from leadwell.metrics.diagnostics import DEFAULT_MAP

    Diagnosis = apps.get_model("metrics", "Diagnosis")
    Diagnosis.objects.bulk_create(
        [
            Diagnosis(metric=metric, cause=cause, explanation=why, order=order)
            for metric, causes in DEFAULT_MAP.items()
            for order, (cause, why) in enumerate(causes)
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("metrics", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
