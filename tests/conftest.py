"""Shared fixtures: the fixed cast of personas every test speaks about.

leader        Lena Hart, leads Boston Enterprise
seller        Sam Ortiz, on Lena's team
seller2       Sofia Berg, on Lena's team
other_seller  Omar Reyes, on Denver Mid-Market
other_leader  Owen Clarke, leads Denver Mid-Market
director      Dana Whitfield, leads the leadership team Lena and Owen are on
admin         Ada Ng, sales operations administrator, on no team

Beside them, the helpers every test directory shares: `personas.client(key)` signs a persona
in, `personas.api(key)` sends their API token, `deal(...)` writes an opportunity, `require()`
skips a test on a laptop and fails it in CI.
"""

import datetime
import html
import itertools
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.test import Client

from leadwell.crm.models import Opportunity
from leadwell.identity.models import User
from leadwell.identity.services import token_create, user_create
from leadwell.org import services
from leadwell.org.models import Office, Person, Team

PASSWORD = "a-long-test-password-42"
ORG_START = datetime.date(2024, 1, 1)
PERSONA_KEYS = ["leader", "seller", "seller2", "other_seller", "other_leader", "director", "admin"]

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


# A test that runs the leadwell command in subprocesses, on a SQLite data directory or a
# PostgreSQL database of its own, runs the same whatever database pytest itself was given:
# CI's second leg (the suite again with LEADWELL_DATABASE_URL) would only repeat it.
once_per_ci_run = pytest.mark.skipif(
    bool(os.environ.get("LEADWELL_DATABASE_URL")),
    reason="runs the leadwell command on a database of its own; once per CI run (the SQLite "
    "leg) is enough",
)

# A test that costs minutes and asks nothing of the database that one leg would not, runs in
# one leg of CI: the PostgreSQL one, which is the stricter (types, lengths, transactions).
# Without CI (a developer's laptop, which may have no PostgreSQL) it runs wherever pytest does.
on_postgresql_in_ci = pytest.mark.skipif(
    IN_CI and not os.environ.get("LEADWELL_DATABASE_URL"),
    reason="in CI this runs once, in the PostgreSQL leg",
)


# The files that take longest, given to the workers first (pytest-xdist hands out whole files
# in collection order, `--dist loadfile`): collected last, they ran alone at the end of the
# PostgreSQL leg while the other worker idled. Only files that keep a core busy: files that
# mostly wait (servers, subprocesses, lock timeouts) gain nothing from going first, since two
# of them side by side leave both cores idle.
LONGEST_FIRST = [
    "tests/security/test_api_schema_fuzz.py",
    "tests/security/test_api_schema_fuzz_as_a_seller.py",
]


def pytest_collection_modifyitems(config, items) -> None:
    rank = {path: place for place, path in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(rank)))


def require(reason: str) -> None:
    """Skip on a developer's machine; fail in CI, where nothing may silently skip."""
    if IN_CI:
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


@dataclass
class Personas:
    leader: Person
    seller: Person
    seller2: Person
    other_seller: Person
    other_leader: Person
    director: Person
    admin: Person
    boston: Team
    denver: Team
    leadership: Team
    boston_office: Office

    def user(self, key: str) -> User:
        person: Person = getattr(self, key)
        assert person.user is not None
        return person.user

    def client(self, key: str) -> Client:
        client = Client()
        client.force_login(self.user(key))
        return client

    def all(self) -> dict[str, Person]:
        return {key: getattr(self, key) for key in PERSONA_KEYS}

    def api(self, key: str) -> Client:
        """A client for the persona's scripts: it sends a fresh API token, no session."""
        return api_client(self.user(key))


def api_client(user: User) -> Client:
    """A client that sends a fresh API token of `user`, as a script would, with no session."""
    _, secret = token_create(user=user, name="script")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


STAGE_OF = {"won": "Closed Won", "lost": "Closed Lost", "open": "Proposal"}
_deal_numbers = itertools.count(1)


def stored_figure(
    kind: str, scope_id: int, period, metric: str, *, period_kind: str = "quarter"
) -> float | None:
    """The figure the summaries give a scope, period and metric (None when none)."""
    start = period if isinstance(period, datetime.date) else period.start
    return figure_of(kind, scope_id, period_kind, start, metric)


def figure_of(
    kind: str, scope_id: int, period_kind: str, start: datetime.date, metric: str
) -> float | None:
    """A figure as every page reads it (`metrics.figures`), None when there is none."""
    from leadwell.metrics.figures import figure_rows

    rows = figure_rows(
        kind, period_kind, scope_ids=[scope_id], period_starts=[start], metrics=[metric]
    )
    return rows[0].values.get(metric) if rows else None


def text_of(html: str) -> str:
    """A page as it reads: its text without the markup (a day sits in a <time> element)."""
    from django.utils.html import strip_tags

    return strip_tags(html)


def one_on_one_held_last_week(leader: Person, report: Person):
    """A 1:1 series of `leader` with `report` started a fortnight ago, and its meeting held
    last week: (series, that meeting)."""
    from django.utils import timezone

    from leadwell.coaching import services as coaching
    from leadwell.coaching.models import OneOnOneSeries

    last_week = timezone.localdate() - datetime.timedelta(days=7)
    series = coaching.series_start(leader=leader, report=report)
    OneOnOneSeries.objects.filter(pk=series.pk).update(started_on=last_week - datetime.timedelta(7))
    series.refresh_from_db()
    held = coaching.meeting_next(series=series, today=last_week)
    return series, held


def field_beside_message(page: str, field_id: str, message: str, *, error_id: str = "") -> str:
    """Assert that the field `field_id` of `page` is marked refused and described by its message,
    shown beside it with the markup of web/_field_error.html; returns the field's own tag (to
    check the typed value in). `error_id` is the message's id when it is not "<field_id>-error"
    (Django's forms name it "<field_id>_error")."""
    error_id = error_id or f"{field_id}-error"
    tag = re.search(
        rf'<(?:input|textarea|select|fieldset)\b[^>]*\bid="{re.escape(field_id)}"[^>]*>', page
    )
    assert tag is not None, f"no field {field_id}"
    assert 'aria-invalid="true"' in tag.group(0), tag.group(0)
    described = re.search(r'aria-describedby="([^"]*)"', tag.group(0))
    assert described is not None and error_id in described.group(1).split(), tag.group(0)
    beside = re.search(rf'<p class="field-error" id="{re.escape(error_id)}">([^<]*)</p>', page)
    assert beside is not None, f"no message beside {field_id}"
    assert message in html.unescape(beside.group(1)), beside.group(1)
    return tag.group(0)


def deal(
    owner: Person,
    outcome: str,
    amount: int,
    closed: datetime.date | str,
    *,
    created: datetime.date | str | None = None,
    cycle_days: int = 30,
    **fields,
) -> Opportunity:
    """A deal of `owner`, won, lost or open, closed (or, when open, expected to close) on
    `closed` and created `cycle_days` before, or on `created`. Dates may be ISO strings.
    `fields` set anything else, or override the defaults (external_id, name, stage)."""
    closed = _day(closed)
    number = next(_deal_numbers)
    values = {
        "external_id": f"deal-{number}",
        "name": f"Deal {number} of {owner.name}",
        "owner": owner,
        "stage": STAGE_OF[outcome],
        "outcome": outcome,
        "amount": Decimal(amount),
        "created_date": _day(created) if created else closed - datetime.timedelta(cycle_days),
        "close_date": closed,
    }
    return Opportunity.objects.create(**(values | fields))


def _day(day: datetime.date | str) -> datetime.date:
    return datetime.date.fromisoformat(day) if isinstance(day, str) else day


TEST_SETTINGS = {
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    "CACHES": {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
    # Background tasks run at once, inside the request that queues them.
    "TASKS": {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
}


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path_factory):
    for name, value in TEST_SETTINGS.items():
        setattr(settings, name, value)
    settings.UPLOAD_DIR = tmp_path_factory.mktemp("uploads")
    # Each test starts with an empty cache: ids repeat between tests, whose rows roll back.
    from django.core.cache import cache

    cache.clear()


def _person(name: str, title: str, *, admin: bool = False) -> Person:
    email = name.lower().replace(" ", ".") + "@example.com"
    person = services.person_create(name=name, email=email, title=title)
    user_create(email=email, password=PASSWORD, is_admin=admin)
    person.refresh_from_db()
    return person


@pytest.fixture
def personas(db) -> Personas:
    unit = services.office_create(name="North America", kind=Office.Kind.BUSINESS_UNIT)
    boston_office = services.office_create(name="Boston office", parent=unit)
    denver_office = services.office_create(name="Denver office", parent=unit)
    leadership = services.team_create(name="Leadership", office=unit)
    boston = services.team_create(name="Boston Enterprise", office=boston_office)
    denver = services.team_create(name="Denver Mid-Market", office=denver_office)

    director = _person("Dana Whitfield", "Regional Sales Director")
    leader = _person("Lena Hart", "Sales Manager")
    other_leader = _person("Owen Clarke", "Sales Manager")
    seller = _person("Sam Ortiz", "Account Executive")
    seller2 = _person("Sofia Berg", "Senior Account Executive")
    other_seller = _person("Omar Reyes", "Account Executive")
    admin = _person("Ada Ng", "Sales Operations Manager", admin=True)

    services.person_lead_team(person=director, team=leadership, on=ORG_START)
    for who, team in [(leader, boston), (other_leader, denver)]:
        services.person_join_team(person=who, team=leadership, on=ORG_START)
        services.person_lead_team(person=who, team=team, on=ORG_START)
    for who, team in [(seller, boston), (seller2, boston), (other_seller, denver)]:
        services.person_join_team(person=who, team=team, on=ORG_START)

    return Personas(
        leader=leader,
        seller=seller,
        seller2=seller2,
        other_seller=other_seller,
        other_leader=other_leader,
        director=director,
        admin=admin,
        boston=boston,
        denver=denver,
        leadership=leadership,
        boston_office=boston_office,
    )


POSTGRES_URL = os.environ.get(
    "LEADWELL_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)


@contextmanager
def fresh_postgres_database(copy_of: str | None = None) -> Iterator[str]:
    """A new PostgreSQL database, empty or a copy of the one at the URL `copy_of` (which nobody
    may be connected to); yields its URL and drops it after."""
    import uuid

    import psycopg

    try:
        admin = psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        require(f"no PostgreSQL server answers at {POSTGRES_URL}: {error}")
    name = f"leadwell_test_{uuid.uuid4().hex[:10]}"
    template = f' TEMPLATE "{copy_of.rsplit("/", 1)[1]}"' if copy_of else ""
    admin.execute(f'CREATE DATABASE "{name}"{template}')
    try:
        yield POSTGRES_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture
def postgres_database():
    """A fresh, empty PostgreSQL database for one test; yields its URL and drops it after."""
    with fresh_postgres_database() as url:
        yield url


def put_seed_rows_back() -> None:
    """Run Leadwell's data migrations again: the rows they seed (skills, the stage map, the
    diagnostic map) are gone after a test that commits for real, which ends by emptying every
    table; under xdist other files may run after it in the same process. Elidable data
    migrations seed nothing (they fill tables that later migrations changed) and are left
    out: they would run against today's models."""
    from django.apps import apps
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations import RunPython

    graph = MigrationLoader(connection).graph
    plan = dict.fromkeys(key for leaf in graph.leaf_nodes() for key in graph.forwards_plan(leaf))
    with connection.schema_editor() as editor:
        for app_label, name in plan:
            if not apps.get_app_config(app_label).name.startswith("leadwell."):
                continue
            for operation in graph.nodes[app_label, name].operations:
                if isinstance(operation, RunPython) and not operation.elidable:
                    operation.code(apps, editor)


@pytest.fixture(scope="module")
def seed_rows_put_back(django_db_blocker):
    """For a module with a test that commits for real (django_db(transaction=True)): the
    seeded rows are put back after the module, once the last test has emptied the tables (a
    function's fixture would put them back before its test's own clean-up empties them)."""
    yield
    with django_db_blocker.unblock():
        put_seed_rows_back()
