"""Erasing a departed person's confidential content: a deliberate act of an administrator,
counted and confirmed first, recorded in the audit trail, and never cascading silently.

Each app declares the confidential content it holds about a person in `ERASABLE`, in its
`personal_data.py` (leadwell.lib.personal_data.Erasable), in the order it is deleted. Erasure
deletes exactly those rows: before deleting anything it asks Django what each deletion would
take with it, and refuses if that is anything not declared. What stays: the person, their
reporting lines, their CRM records and targets (the team's history), and the 1:1s they led
(their reports' history). An administrator never reads the content: the confirmation shows
each kind with its count, never a word of it.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import import_module

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import router, transaction
from django.db.models import Model
from django.db.models.deletion import Collector
from django.utils.module_loading import module_has_submodule

from leadwell.audit import services as audit
from leadwell.audit.models import Kind
from leadwell.lib.personal_data import Erasable
from leadwell.org.models import Person

log = logging.getLogger("leadwell.security")


@cache
def erasable() -> tuple[Erasable, ...]:
    """Every app's ERASABLE, in the order of INSTALLED_APPS and of each declaration."""
    found: list[Erasable] = []
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "personal_data"):
            found += getattr(import_module(f"{config.name}.personal_data"), "ERASABLE", ())
    return tuple(found)


@dataclass(frozen=True)
class Count:
    what: Erasable
    rows: int


def erasure_counts(person: Person) -> list[Count]:
    """How many rows of each kind erasing the person would remove (no content)."""
    return [Count(what, what.rows(person).count()) for what in erasable()]


def _declared_models() -> set[type[Model]]:
    return {what.model for what in erasable()}


def _undeclared_cascades(person: Person) -> set[str]:
    """Models a deletion of the declared rows would also delete, that no app declared.
    Many-to-many links (an item's skills) go with their rows and hold no content."""
    declared = _declared_models()
    found: set[str] = set()
    for what in erasable():
        rows = what.rows(person)
        collector = Collector(using=router.db_for_write(what.model))
        collector.collect(rows)
        taken = set(collector.data) | {qs.model for qs in collector.fast_deletes}
        found |= {
            model._meta.label
            for model in taken
            if model not in declared and not model._meta.auto_created
        }
    return found


@transaction.atomic
def person_erase_confidential(*, person: Person, confirm: str) -> list[Count]:
    """Erase the confidential content about a departed person, once the administrator has
    typed the person's name to confirm. Returns what was erased (kind and count)."""
    if person.is_active:
        raise ValidationError(
            {"person": [f"{person.name} is still active: deactivate them first."]}
        )
    if " ".join(confirm.split()).casefold() != person.name.casefold():
        raise ValidationError(
            {"confirm": [f"Type {person.name}'s full name to confirm; nothing was erased."]}
        )
    beyond = _undeclared_cascades(person)
    if beyond:
        raise ImproperlyConfigured(
            "Erasure would also delete rows no app declares as erasable: "
            + ", ".join(sorted(beyond))
        )
    erased = [Count(what, what.rows(person).count()) for what in erasable()]
    for what in erasable():
        what.rows(person).delete()
    total = sum(count.rows for count in erased)
    audit.record(
        kind=Kind.ERASURE,
        action="erased",
        object_type="org.person",
        object_id=person.pk,
        subject_id=person.pk,
        summary=f"{person.name}'s confidential content erased: {total} records",
        changes={count.what.key: [count.rows, 0] for count in erased if count.rows},
    )
    log.warning("confidential content erased: person=%s records=%s", person.pk, _as_log(erased))
    return erased


def _as_log(counts: Iterable[Count]) -> str:
    return ",".join(f"{c.what.key}:{c.rows}" for c in counts if c.rows) or "none"
