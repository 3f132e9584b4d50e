from django.db import migrations

from leadwell.coaching import library


def seed(apps, schema_editor):
    library.seed(apps.get_model("coaching", "Skill"), apps.get_model("coaching", "AssignmentTemplate"))


class Migration(migrations.Migration):
    dependencies = [("coaching", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
