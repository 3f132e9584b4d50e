"""Finding the accounts and stages that rows name, creating accounts that are new."""

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import connection

from leadwell.crm.importing.bounds import decimal_check, integer_check, model_field, text_check
from leadwell.crm.importing.fields import FieldSpec
from leadwell.crm.importing.parsing import CellError, shown
from leadwell.crm.importing.presets import all_stage_defaults, header_key
from leadwell.crm.importing.reading import FileProblem
from leadwell.crm.importing.writers.base import stand_in_ids
from leadwell.crm.models import Account, ImportRun, Stage
from leadwell.lib.dbsql import load

_UNSEEN = object()


class Stages:
    """The stage map, with the stages a mapping file adds for this import (saved when
    `writing`, only known when checking). A stage the map lacks but the defaults know (any
    CRM's standard names, in several languages) is read as its default, and added to the
    map when the import writes."""

    def __init__(self, extra: dict[str, Any] | None = None, *, writing: bool = True) -> None:
        self.writing = writing
        added = []
        for name, spec in (extra or {}).items():
            spec = spec if isinstance(spec, dict) else {"outcome": spec}
            name = " ".join(str(name).split())
            values = _stage_from_mapping(name, spec)
            if writing:
                Stage.objects.update_or_create(name=name, defaults=values)
            else:
                added.append(Stage(name=name, **values))
        if writing and not Stage.objects.exists():
            seed_stages()
        known = list(Stage.objects.all())
        self.by_key = {header_key(s.name): s for s in [*default_stages(), *known, *added]}
        self.by_name: dict[str, Stage | None] = {}
        self.writing = writing

    def add(self, name: str, outcome: str) -> Stage:
        """A stage the map lacks, whose outcome the file gives: placed after the known ones
        (saved when writing, only known when checking)."""
        name = " ".join(str(name).split())
        order = max((s.order for s in self.by_key.values()), default=0) + 1
        stage = Stage(name=name, order=order, outcome=outcome)
        if self.writing:
            stage, _ = Stage.objects.get_or_create(
                name=name, defaults={"order": order, "outcome": outcome}
            )
        self.by_key[header_key(name)] = stage
        self.by_name.clear()
        return stage

    def find(self, name: str) -> Stage | None:
        found = self.by_name.get(name, _UNSEEN)
        if found is _UNSEEN:
            found = self.by_name[name] = self.by_key.get(header_key(name))
            if found is not None and found.pk is None and self.writing:
                found.save()  # a default stage, into the map from its first use on
        return found  # type: ignore[return-value]

    def known(self) -> str:
        names = [s.name for s in sorted(self.by_key.values(), key=lambda s: (s.order, s.name))]
        return ", ".join(names[:25]) + (" …" if len(names) > 25 else "")

    def suggestion(self, name: str, after: Iterable[dict[str, Any]] = ()) -> dict[str, Any]:
        """An outcome and an order for a stage the map lacks, for the person to confirm: won
        or lost when its name says so, else open; its order after the known stages of that
        outcome and the suggestions made before it (`after`)."""
        key = header_key(name)
        if any(word in key for word in ("won", "win", "gewonnen", "gagn", "ganad")):
            outcome = Stage.Outcome.WON
        elif any(word in key for word in ("lost", "lose", "verloren", "perd")):
            outcome = Stage.Outcome.LOST
        else:
            outcome = Stage.Outcome.OPEN
        orders = [s.order for s in self.by_key.values() if s.outcome == outcome]
        orders += [s["order"] for s in after if s.get("outcome") == outcome]
        return {"outcome": outcome, "order": max(orders, default=0) + 1}


def stage_entry(name: str, outcome: Any, order: Any, probability: Any = None) -> dict[str, Any]:
    """A stage to add to the stage map, held to what the map's fields keep: its outcome,
    order (a whole number, or text of one, as a form sends it) and probability as the map
    keeps them. Raises CellError saying what is wrong. The one check of a stage's values,
    for a mapping file's [stages] and the stage table of an import's page alike."""
    text_check(FieldSpec("text", into="crm.Stage.name"), model_field("crm.Stage.name"))(name)
    if not name or "\x00" in name:
        raise CellError("a stage needs a name")
    if outcome not in Stage.Outcome.values:
        raise CellError(f"outcome must be one of {', '.join(Stage.Outcome.values)}")
    if isinstance(order, str) and re.fullmatch(r"\s*[-+]?\d+\s*", order):
        order = int(order)
    if not isinstance(order, int) or isinstance(order, bool):
        raise CellError("order must be a whole number")
    integer_check(model_field("crm.Stage.order"))(Decimal(order))
    if probability is not None:
        if not isinstance(probability, int | float) or not 0 <= probability <= 100:
            raise CellError("probability must be a number from 0 to 100")
        probability = decimal_check(model_field("crm.Stage.probability"))(Decimal(str(probability)))
    return {"outcome": outcome, "order": order, "probability": probability}


def _stage_from_mapping(name: str, spec: dict[str, Any]) -> dict[str, Any]:
    """A stage a mapping file adds, held to what the stage map's fields keep."""
    try:
        return stage_entry(
            name,
            spec.get("outcome", Stage.Outcome.OPEN),
            spec.get("order", 0),
            spec.get("probability"),
        )
    except CellError as error:
        raise FileProblem(f"The mapping's stage {shown(name)!r}: {error}") from None


def default_stages() -> list[Stage]:
    return [
        Stage(
            name=d.name,
            order=d.order,
            outcome=d.outcome,
            probability=Decimal(d.probability) if d.probability is not None else None,
        )
        for d in all_stage_defaults()
    ]


def seed_stages() -> None:
    Stage.objects.bulk_create(default_stages(), ignore_conflicts=True)


class Accounts:
    """Account ids by name; accounts a row names but the database lacks are created (or,
    when checking, given stand-in ids)."""

    def __init__(self, run: ImportRun, *, writing: bool = True) -> None:
        self.run = run
        self.writing = writing
        self.stand_ins = stand_in_ids()
        self.ids: dict[str, int] = {}
        # Keys of the accounts created here, by reference only (not by a row of their own).
        self.created: set[str] = set()

    def resolve(self, names: set[str]) -> dict[str, int]:
        keys = {Account.key_for(n): n for n in names if n}
        wanted = [k for k in keys if k not in self.ids]
        if wanted:
            for pk, key in Account.objects.filter(name_key__in=wanted).values_list(
                "pk", "name_key"
            ):
                self.ids[key] = pk
            missing = [k for k in wanted if k not in self.ids]
            if missing and not self.writing:
                self.ids.update((k, next(self.stand_ins)) for k in missing)
                self.created.update(missing)
            elif missing:
                with connection.cursor() as cursor:
                    load(
                        cursor,
                        Account._meta.db_table,
                        ["name", "name_key", "segment", "industry", "region"],
                        ((" ".join(keys[k].split()), k, "", "", "") for k in missing),
                    )
                self.created.update(missing)
                for pk, key in Account.objects.filter(name_key__in=missing).values_list(
                    "pk", "name_key"
                ):
                    self.ids[key] = pk
        return {n: self.ids[Account.key_for(n)] for n in names if n}
