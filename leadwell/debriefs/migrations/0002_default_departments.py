from django.db import migrations

# The departments a leader talks with each quarter until administrators list others.
DEFAULT = ("Finance", "HR", "Legal")


def seed(apps, schema_editor):
    Department = apps.get_model("debriefs", "Department")
    for position, name in enumerate(DEFAULT):
        Department.objects.get_or_create(name=name, defaults={"position": position})


class Migration(migrations.Migration):
    dependencies = [("debriefs", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
