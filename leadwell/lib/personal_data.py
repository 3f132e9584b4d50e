"""How an app declares what it holds about a person, for the person's own data export.

Each app lists, in its own `personal_data.py` beside its models, a `PERSONAL_DATA` tuple of:

    Holding      rows of one of its models that are about the person (or their sign-in
                 account), with the fields that go into the export: named one by one, so a
                 field added later (a secret, someone else's words) is never exported by accident
    NotExported  a link from one of its models to a person or account whose rows do not go
                 into that person's export, and why (a leader's comment lives in the seller's
                 plan, and goes into the seller's export only)

Beside it, an app lists in `ERASABLE` the confidential content about a person that erasing a
departed person removes, as `Erasable` entries in the order they are deleted (what depends on
another first), so that erasure counts, confirms and deletes exactly that, and never cascades
into anything not listed (leadwell/web/erasure.py).

The web layer collects the declarations of the installed apps and puts the export together
(leadwell/web/data_export.py); a test holds every link to a person or account in every model
to be declared one way or the other. This module holds only the vocabulary: no app's models.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db.models import Model, QuerySet


class About(StrEnum):
    """Whom a holding's rows are found from: the person in the org chart, or their sign-in
    account (people imported from a CRM have no account; an account made for an engineer may
    have no person)."""

    PERSON = "person"
    ACCOUNT = "account"


@dataclass(frozen=True)
class Holding:
    """The rows of `model` about one person, as they go into that person's export.

    `rows(person_or_account)` answers the rows; `fields` are the ones exported (a relation is
    exported as the related object's id and name, a many-to-many as the related names); `via`
    names the model's links to a person or account that this holding accounts for: every row
    linked to someone through them is in that someone's export.
    """

    key: str  # the name of the rows in the export: "coaching_items"
    title: str  # what they are, in the user's words: "Coaching items about you"
    model: type[Model]
    rows: Callable[[Any], QuerySet[Any]]
    fields: tuple[str, ...]
    via: tuple[str, ...] = ()
    about: About = About.PERSON


@dataclass(frozen=True)
class NotExported:
    """A link from `model` to a person or account (`field`) whose rows are not exported to
    the person linked, and the reason."""

    model: type[Model]
    field: str
    reason: str


Declaration = Holding | NotExported


@dataclass(frozen=True)
class Erasable:
    """Confidential content about one person that erasing that person, once departed, removes:
    the rows `rows(person)` of `model`."""

    key: str  # "coaching_items"
    title: str  # in the user's words, shown with its count before anything is erased
    model: type[Model]
    rows: Callable[[Any], QuerySet[Any]]


def export_rows(holding: Holding, subject: Model) -> list[dict[str, Any]]:
    """The holding's rows about `subject` as plain values, in a stable order."""
    model_fields = {field.name: field for field in holding.model._meta.get_fields()}
    unknown = [name for name in holding.fields if name not in model_fields]
    if unknown:
        raise LookupError(f"{holding.model.__name__} has no field {', '.join(unknown)}")
    single = [
        n for n in holding.fields if model_fields[n].many_to_one or model_fields[n].one_to_one
    ]
    many = [n for n in holding.fields if model_fields[n].many_to_many]
    rows = holding.rows(subject).select_related(*single).prefetch_related(*many).order_by("pk")
    return [_row(row, holding.fields, single, many) for row in rows]


def _row(row: Model, fields: Iterable[str], single: list[str], many: list[str]) -> dict:
    values: dict[str, Any] = {}
    for name in fields:
        value = getattr(row, name)
        if name in single:
            value = None if value is None else {"id": value.pk, "name": str(value)}
        elif name in many:
            value = sorted(str(related) for related in value.all())
        values[name] = value
    return values
