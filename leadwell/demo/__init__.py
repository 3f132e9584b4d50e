"""The demo organisation: a deterministic generator (same seed and day, same organisation).

`generate()` runs each step in STEPS in order inside one transaction. A step receives the
DemoContext, reads what earlier steps built and adds its own part; later work (CRM history,
coaching) adds steps here rather than changing the org step.
"""

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from faker import Faker

from leadwell.audit.acting import acting
from leadwell.audit.models import Via
from leadwell.org.models import Office, Person, Team

DEFAULT_SEED = 2017
COMPANY_DOMAIN = "northwind.example"


@dataclass
class Persona:
    key: str  # leader, seller, other_seller, other_leader, director, admin
    label: str
    person: Person
    password: str


@dataclass
class DemoContext:
    seed: int
    today: datetime.date
    rng: random.Random
    fake: Faker
    business_unit: Office | None = None
    offices: list[Office] = field(default_factory=list)
    director: Person | None = None
    teams: list[Team] = field(default_factory=list)
    leaders: list[Person] = field(default_factory=list)
    sellers_by_team: dict[int, list[Person]] = field(default_factory=dict)
    personas: list[Persona] = field(default_factory=list)
    history_starts: datetime.date | None = None
    # Set by the CRM step: the sellers with a planted pattern, and the pulled-in customers.
    patterns: dict[str, Person] = field(default_factory=dict)
    pulled_in_accounts: list[Any] = field(default_factory=list)


Step = Callable[[DemoContext], None]


def _steps() -> list[Step]:
    from leadwell.demo import (
        agreements,
        asks,
        challenges,
        coaching,
        conditioning,
        crm,
        debriefs,
        leadership_pivot,
        leadership_vision,
        leadership_yourself,
        metrics,
        one_on_ones,
        org,
        plans,
        pulse,
        reports,
    )

    return [
        org.build,
        crm.build,
        conditioning.build,
        metrics.build,
        coaching.build,
        one_on_ones.build,
        plans.build,
        debriefs.build,
        agreements.build,
        challenges.build,
        reports.build,
        asks.build,
        pulse.build,
        leadership_vision.build,
        leadership_yourself.build,
        leadership_pivot.build,
    ]


def generate(*, seed: int = DEFAULT_SEED, today: datetime.date | None = None) -> DemoContext:
    fake = Faker("en_US")
    fake.seed_instance(seed)
    context = DemoContext(
        seed=seed,
        today=today or timezone.localdate(),
        rng=random.Random(seed),  # noqa: S311  (demo data, not secrets)
        fake=fake,
    )
    with transaction.atomic(), acting(via=Via.SYSTEM, label="the demo generator"):
        for step in _steps():
            step(context)
    return context


def is_empty() -> bool:
    return not Person.objects.exists()
