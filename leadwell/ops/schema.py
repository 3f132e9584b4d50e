"""Which schema a database is at, whether this Leadwell can read it, and its tables.

A backup and an export each record the migrations their database had. Restoring one checks
that this version knows every one of them (a backup from a newer Leadwell is refused), and runs
the migrations it has beyond them afterwards.
"""

from importlib.metadata import version
from pathlib import Path

from django.apps.registry import Apps
from django.core.management import call_command
from django.db import connection, models
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from leadwell.ops import Refused

# App label -> names of the migrations applied, in order of name.
Migrations = dict[str, list[str]]

# Rows not worth moving: sign-in sessions (everyone signs in again on the new database).
LEFT_OUT_OF_EXPORTS = ("django_session",)


def leadwell_version() -> str:
    return version("leadwell")


def applied() -> Migrations:
    """The migrations the database has (none when it was never set up)."""
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return {}
    found: Migrations = {}
    for app, name in sorted(recorder.applied_migrations()):
        found.setdefault(app, []).append(name)
    return found


def check_readable(recorded: Migrations, *, what: str, made_by: str | None = None) -> None:
    """Refuse a backup, an export or a database that has migrations this Leadwell does not
    know (`made_by`: the version that wrote it, when known)."""
    loader = _loader()
    known = set(loader.graph.nodes)
    for squashed in loader.replacements.values():
        known.update(squashed.replaces)
    unknown = [
        f"{app}.{name}"
        for app, names in sorted(recorded.items())
        for name in names
        if (app, name) not in known
    ]
    if unknown:
        listed = ", ".join(unknown[:4]) + (", …" if len(unknown) > 4 else "")
        newer = f"Leadwell {made_by}" if made_by else "a newer Leadwell"
        raise Refused(
            f"{what} has migrations this Leadwell ({leadwell_version()}) does not know: "
            f"{listed}. It comes from {newer}: use that version or a newer one."
        )


def historical_apps(recorded: Migrations) -> Apps:
    """The models as they were after exactly these migrations (a database of an older
    Leadwell has older tables than today's models)."""
    loader = _loader()
    state = loader.graph.make_state(
        nodes=_leaves(loader, recorded), at_end=True, real_apps=loader.unmigrated_apps
    )
    return state.apps


def tables_of(apps: Apps) -> list[type[models.Model]]:
    """Every table these models keep (many-to-many link tables too), by table name."""
    found = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]
    return sorted(found, key=lambda model: model._meta.db_table)


def migrate_to(recorded: Migrations) -> None:
    """Create the tables of an empty database as they were after these migrations."""
    executor = MigrationExecutor(connection)
    targets = _leaves(executor.loader, recorded)
    executor.migrate(targets, plan=executor.migration_plan(targets))


def migrate_up() -> list[str]:
    """Apply the migrations this Leadwell has beyond the database's; returns their names."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    call_command("migrate", interactive=False, verbosity=0)
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


def engine() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def engine_name(name: str) -> str:
    return {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[name]


def where() -> str:
    """The database in words: the SQLite file, or the PostgreSQL database and server."""
    settings = connection.settings_dict
    if engine() == "sqlite":
        return str(settings["NAME"])
    host = settings["HOST"] or "the local socket"
    port = f":{settings['PORT']}" if settings["PORT"] else ""
    return f"the PostgreSQL database {settings['NAME']} on {host}{port}"


def database_tables() -> list[str]:
    """The tables the database holds; an SQLite file that does not exist holds none (and is not
    created by asking)."""
    if connection.vendor == "sqlite" and not Path(connection.settings_dict["NAME"]).exists():
        return []
    return connection.introspection.table_names()


def refuse_unless_empty() -> None:
    tables = database_tables()
    if tables:
        raise Refused(
            f"Leadwell's database ({where()}) is not empty: it has {len(tables)} tables. "
            "Restores and imports only ever write into an empty one, so nothing is "
            "overwritten: point --data-dir at a new directory (SQLite), or "
            "LEADWELL_DATABASE_URL at a newly created database (PostgreSQL: createdb)."
        )


def row_counts(model_classes: list[type[models.Model]]) -> dict[str, int]:
    present = set(database_tables())
    return {
        model._meta.db_table: model._base_manager.count()
        for model in model_classes
        if model._meta.db_table in present
    }


def _loader() -> MigrationLoader:
    # Reads the migration files only; the database's own record is passed in.
    return MigrationLoader(None, ignore_no_migrations=True)


def _leaves(loader: MigrationLoader, recorded: Migrations) -> list[tuple[str, str]]:
    """The last migration of each app among the recorded ones."""
    graph = loader.graph
    nodes = {(app, name) for app, names in recorded.items() for name in names} & set(graph.nodes)
    leaves = []
    for key in sorted(nodes):
        later = {child.key for child in graph.node_map[key].children if child.key[0] == key[0]}
        if not later & nodes:
            leaves.append(key)
    return leaves
