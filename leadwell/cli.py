"""The `leadwell` command: everything a person or a script does outside the browser."""

import datetime
import json
import os
import sys
from pathlib import Path

import click

DEMO_MARKER = "demo.json"
# Threads per web worker. On SQLite a write waits while an import holds the write lock; with
# threads to spare, page views go on meanwhile (see docs/decisions.md).
DEFAULT_THREADS = 8


def _setup(data_dir: str | None) -> Path:
    """Point Leadwell at its data directory and start Django. Returns the data directory."""
    if data_dir:
        os.environ["LEADWELL_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leadwell.settings")
    from leadwell.lib.env import data_dir as resolve_data_dir

    path = resolve_data_dir()
    path.mkdir(parents=True, exist_ok=True)
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as problem:
        # A setting the environment gives wrongly, or not at all: say which, not a traceback.
        raise click.ClickException(
            f"Leadwell cannot start: {problem} Every setting is a LEADWELL_* environment "
            "variable (README, Configuration)."
        ) from None
    from leadwell.audit.acting import begin
    from leadwell.audit.models import Via

    command = " ".join(sys.argv[1:2]) or "leadwell"
    begin(via=Via.COMMAND, label=f"the command line (leadwell {command})")
    return path


def _using_sqlite() -> bool:
    from django.db import connection

    return connection.vendor == "sqlite"


def _pending_migrations() -> list:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return executor.migration_plan(executor.loader.graph.leaf_nodes())


def _migrate(*, quiet: bool = False) -> bool:
    """Bring the database schema up to date. Returns whether anything had to be done."""
    from django.core.management import call_command

    if not _pending_migrations():
        return False
    if not quiet:
        click.echo("Setting up the database…")
    call_command("migrate", interactive=False, verbosity=0)
    return True


data_dir_option = click.option(
    "--data-dir",
    envvar="LEADWELL_DATA_DIR",
    type=click.Path(file_okay=False),
    help="Where the database and settings files live (default ./leadwell-data).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="leadwell")
def main() -> None:
    """Leadwell: the operating system of a front-line sales leader.

    Start with `leadwell demo` to see it with a generated organisation, or `leadwell init`
    then `leadwell createuser` and `leadwell serve` for your own.
    """


@main.command()
@data_dir_option
def init(data_dir: str | None) -> None:
    """Create the database, or bring it up to date. Safe to run again: then it does nothing."""
    path = _setup(data_dir)
    from django.db import connection

    where = (
        connection.settings_dict["NAME"] if _using_sqlite() else connection.settings_dict["HOST"]
    )
    if _migrate():
        click.echo(f"Database ready: {where}")
    else:
        click.echo(f"Database already up to date: {where} (nothing to do)")
    click.echo(f"Data directory: {path}")


@main.command()
@data_dir_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--workers",
    default=2,
    show_default=True,
    envvar="LEADWELL_WORKERS",
    type=click.IntRange(1, 64),
    help="Web worker processes (LEADWELL_WORKERS).",
)
@click.option(
    "--threads",
    default=DEFAULT_THREADS,
    show_default=True,
    envvar="LEADWELL_THREADS",
    type=click.IntRange(1, 256),
    help="Threads per web worker (LEADWELL_THREADS).",
)
@click.option(
    "--no-worker",
    is_flag=True,
    help="Do not start the background worker (run `leadwell worker` elsewhere).",
)
def serve(
    data_dir: str | None, host: str, port: int, workers: int, threads: int, no_worker: bool
) -> None:
    """Run Leadwell's web app with a production server (gunicorn) and a background worker."""
    _setup(data_dir)
    _migrate()
    _serve(host=host, port=port, workers=workers, threads=threads, with_worker=not no_worker)


@main.command()
@data_dir_option
def worker(data_dir: str | None) -> None:
    """Run the background worker alone (large imports, reports), for multi-machine setups."""
    _setup(data_dir)
    _migrate()
    from leadwell.worker import run_worker

    run_worker()


@main.command()
@data_dir_option
def upkeep(data_dir: str | None) -> None:
    """Do the worker's upkeep once: mark failed the work whose worker died, save API token
    uses, remove uploads kept longer than LEADWELL_UPLOAD_RETENTION_DAYS, close the trust
    pulses whose window ended and open the monthly ones, make the digests and reminders due
    and send the e-mails due."""
    _setup(data_dir)
    _migrate(quiet=True)
    from django.conf import settings

    from leadwell.worker import upkeep as do_upkeep

    done = do_upkeep()
    for result in done.tasks_failed:
        click.echo(f"Marked failed: task {result.id} ({result.task_path}), its worker stopped.")
    for run in done.imports_failed:
        click.echo(f"Marked failed: import #{run.pk} of {run.file_name}. {run.message}")
    if done.token_uses_saved:
        click.echo(f"Saved the last use of {done.token_uses_saved} API token(s).")
    days = settings.UPLOAD_RETENTION_DAYS
    for run in done.uploads_removed:
        click.echo(
            f"Removed the uploaded file of import #{run.pk} ({run.file_name}), "
            f"finished more than {days} days ago."
        )
    if done.pulses_closed:
        click.echo(f"Closed {done.pulses_closed} trust pulse(s) whose window ended.")
    for group in done.pulse_results:
        # A count and a span: what the team's page shows, never an answer.
        click.echo(
            f"Wrote a trust pulse result of {group.team.name}: {group.answers_count} answers "
            f"from {group.first_opened_on} to {group.last_closed_on}."
        )
    for pulse in done.pulses_opened:
        click.echo(
            f"Opened the monthly trust pulse of {pulse.team.name}, "
            f"open until {pulse.closes_on - datetime.timedelta(days=1)}."
        )
    if done.feed_reads_saved:
        click.echo(f"Saved the last read of {done.feed_reads_saved} calendar feed(s).")
    if done.digests_made:
        click.echo(f"Made {len(done.digests_made)} digest(s) and reminder(s) due now.")
    if done.mail_uncertain:
        click.echo(
            f"{len(done.mail_uncertain)} e-mail(s) left half-sent by a worker that stopped: "
            "marked “may not have been sent” for administrators (/administration/mail/)."
        )
    mail = done.mail
    if mail.sent:
        click.echo(f"Sent {len(mail.sent)} e-mail(s).")
    if mail.retrying:
        click.echo(f"{len(mail.retrying)} e-mail(s) could not be sent now; retrying later.")
    if mail.failed:
        click.echo(
            f"{len(mail.failed)} e-mail(s) refused by the mail server: see /administration/mail/."
        )
    if not done.did_something:
        click.echo("Nothing to do.")


def _worker_command() -> list[str]:
    # A separate process, so a long import never holds up a web worker.
    return [sys.executable, "-m", "leadwell.cli", "worker"]


def _serve(
    *, host: str, port: int, workers: int, threads: int = DEFAULT_THREADS, with_worker: bool = True
) -> None:
    from django.conf import settings
    from django.core.management import call_command
    from gunicorn.app.base import BaseApplication

    if settings.PRODUCTION:
        # Before the app is loaded: WhiteNoise lists the files in STATIC_ROOT once, when its
        # middleware starts, and would serve 404 for files collected after that.
        call_command("collectstatic", interactive=False, verbosity=0)
    from leadwell.wsgi import application

    class Server(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("threads", threads)
            self.cfg.set("accesslog", "-")
            self.cfg.set("timeout", 120)

        def load(self):
            return application

    from leadwell.worker import Supervisor

    background = (
        Supervisor(_worker_command(), env=os.environ.copy()).start() if with_worker else None
    )
    click.echo(f"Leadwell is running at http://{host}:{port}/  (Ctrl+C to stop)")
    try:
        Server().run()
    finally:
        if background is not None:
            background.stop()


@main.command()
@data_dir_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--reset", is_flag=True, help="Delete the demo database and generate it again.")
@click.option("--no-serve", is_flag=True, help="Set everything up but do not start the web app.")
@click.option("--seed", default=None, type=int, help="Seed of the generator (default 2017).")
@click.option("--json", "as_json", is_flag=True, help="Print the sign-in personas as JSON.")
def demo(
    data_dir: str | None,
    host: str,
    port: int,
    reset: bool,
    no_serve: bool,
    seed: int | None,
    as_json: bool,
) -> None:
    """Run Leadwell with a generated demo organisation and print the demo sign-ins.

    The first run creates the database and the organisation; later runs reuse them.
    """
    path = _setup(data_dir)
    from leadwell import demo as demo_data

    marker = path / DEMO_MARKER
    if reset:
        _reset_demo(path, marker)
    _migrate(quiet=as_json)
    if demo_data.is_empty():
        if not as_json:
            click.echo("Generating the demo organisation…")
        context = demo_data.generate(seed=seed if seed is not None else demo_data.DEFAULT_SEED)
        personas = [
            {
                "role": p.label,
                "key": p.key,
                "name": p.person.name,
                "email": p.person.email,
                "password": p.password,
            }
            for p in context.personas
        ]
        marker.write_text(json.dumps({"seed": context.seed, "personas": personas}, indent=2))
    elif not marker.exists():
        raise click.ClickException(
            f"{path} holds a database that is not a demo. Use another --data-dir for the demo."
        )
    personas = json.loads(marker.read_text())["personas"]
    if as_json:
        click.echo(json.dumps({"data_dir": str(path), "personas": personas}, indent=2))
    else:
        click.echo("\nSign in with any of these demo people:\n")
        for p in personas:
            click.echo(f"  {p['role']:<30} {p['name']:<22} {p['email']:<38} {p['password']}")
        click.echo("")
    if not no_serve:
        _serve(host=host, port=port, workers=2)


def _holds_people() -> bool:
    from django.db import connection

    from leadwell.org.models import Person

    return (
        Person._meta.db_table in connection.introspection.table_names() and Person.objects.exists()
    )


def _reset_demo(path: Path, marker: Path) -> None:
    from django.core.management import call_command
    from django.db import connection

    if not marker.exists() and _holds_people():
        raise click.ClickException(
            f"{path} holds a database that is not a demo; --reset only ever deletes demo data."
        )
    if _using_sqlite():
        connection.close()
        db_file = Path(connection.settings_dict["NAME"])
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_file}{suffix}").unlink(missing_ok=True)
    else:
        call_command("flush", interactive=False, verbosity=0)
    marker.unlink(missing_ok=True)


@main.command()
@data_dir_option
@click.argument("email")
@click.option("--name", default="", help="Full name, when the person is not in the org chart yet.")
@click.option("--title", default="", help="Job title, for a new person.")
@click.option("--admin", is_flag=True, help="Make the account an administrator.")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from standard input instead of asking for it.",
)
def createuser(
    data_dir: str | None, email: str, name: str, title: str, admin: bool, password_stdin: bool
) -> None:
    """Give a person a sign-in account (EMAIL is what they sign in with)."""
    _setup(data_dir)
    _migrate()
    from django.core.exceptions import ValidationError

    from leadwell.identity.services import user_create

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt(
            "Password (at least 12 characters)", hide_input=True, confirmation_prompt=True
        )
    try:
        user = user_create(email=email, password=password, name=name, title=title, is_admin=admin)
    except ValidationError as error:
        raise click.ClickException(" ".join(error.messages)) from None
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    kind = "administrator account" if admin else "account"
    click.echo(f"Created {kind} for {user.get_full_name()} <{user.email}>.")


@main.command()
@data_dir_option
@click.option("--deploy", is_flag=True, help="Also run Django's deployment checks.")
def check(data_dir: str | None, deploy: bool) -> None:
    """Check the configuration, the database connection and pending migrations."""
    _setup(data_dir)
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError
    from django.db import connection

    try:
        call_command("check", deploy=deploy, fail_level="WARNING")
    except SystemCheckError as error:
        raise click.ClickException(str(error)) from None
    try:
        connection.ensure_connection()
    except Exception as error:
        raise click.ClickException(f"Cannot reach the database: {error}") from None
    pending = _pending_migrations()
    if pending:
        raise click.ClickException(
            f"The database needs {len(pending)} migration(s): run `leadwell init`."
        )
    click.echo("All checks passed.")


@main.command(context_settings={"ignore_unknown_options": True, "help_option_names": []})
@data_dir_option
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(data_dir: str | None, args: tuple[str, ...]) -> None:
    """Run one of Django's management commands, e.g. `leadwell manage showmigrations`."""
    _setup(data_dir)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["leadwell manage", *args])


from leadwell.crm.cli import register as _register_import  # noqa: E402


def _ready(data_dir: str | None) -> Path:
    """Set up and bring the database up to date, for commands that read or write data."""
    path = _setup(data_dir)
    _migrate(quiet=True)
    return path


_register_import(main, data_dir_option, _ready)

from leadwell.metrics.cli import register as _register_metrics  # noqa: E402

_register_metrics(main, data_dir_option, _ready)

from leadwell.reports.cli import register as _register_reports  # noqa: E402

_register_reports(main, data_dir_option, _ready)

from leadwell.cadences.cli import register as _register_digest  # noqa: E402

_register_digest(main, data_dir_option, _ready)

from leadwell.ops.cli import register as _register_ops  # noqa: E402

# Backups and transfers take the database as it is: set up, not migrated first.
_register_ops(main, data_dir_option, _setup)

if __name__ == "__main__":
    main()
