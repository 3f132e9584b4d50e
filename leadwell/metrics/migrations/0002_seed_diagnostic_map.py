from django.db import migrations


def seed(apps, schema_editor):
    from leadwell.metrics import diagnostics

    diagnostics.seed(apps.get_model("metrics", "Diagnosis"))


class Migration(migrations.Migration):
    dependencies = [("metrics", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
