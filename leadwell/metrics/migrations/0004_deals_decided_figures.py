"""Fill in the figures of the metric `deals_decided` (added to the catalog for the gap analysis's
volume driver) from the parts already summarised, so that a database upgraded in place shows
it for every past period without a `leadwell recompute`. A new database has no parts yet: this
does nothing there."""

from django.db import migrations


def fill(apps, schema_editor) -> None:
    parts = apps.get_model("metrics", "Parts")._meta.db_table
    figures = apps.get_model("metrics", "Figure")._meta.db_table
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {figures} WHERE metric = 'deals_decided'")  # noqa: S608
        cursor.execute(
            f"INSERT INTO {figures} "  # noqa: S608
            "(scope_kind, scope_id, period_kind, period_start, metric, value) "
            "SELECT scope_kind, scope_id, period_kind, period_start, 'deals_decided', "
            "COALESCE(won_count, 0) + COALESCE(lost_count, 0) "
            f"FROM {parts}"
        )


def remove(apps, schema_editor) -> None:
    figures = apps.get_model("metrics", "Figure")._meta.db_table
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {figures} WHERE metric = 'deals_decided'")  # noqa: S608


class Migration(migrations.Migration):
    dependencies = [
        ("metrics", "0003_team_settings"),
    ]

    # Elidable: it fills a table a later migration (0006) removes, and seeds nothing.
    operations = [migrations.RunPython(fill, remove, elidable=True)]
