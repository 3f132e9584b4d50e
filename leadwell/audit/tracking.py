"""Recording every save and delete of the models the apps declare in their `audited.py`.

An app lists what it wants in the trail as `AUDITED = (tracked(Model, kind=..., fields=...),
...)`; at start-up the audit app collects those from the installed apps (as the policy collects
`rules.py`) and connects to the models' signals, so a change is recorded however it was made:
a page, the API, an import, the admin. Bulk writes send no signals: an importer that writes in
bulk records its changes itself (`services.record_many`).
"""

import datetime
import decimal
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist
from django.db.models import ForeignKey, Model
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils.module_loading import import_string, module_has_submodule

from leadwell.audit import services
from leadwell.audit.models import Change, Kind

Describe = Callable[[Any, str], str]


@dataclass(frozen=True)
class Tracked:
    model: type[Model]
    kind: str
    fields: tuple[str, ...]
    # Paths (attributes, `__` between steps) to the id of the person, or team, it is about.
    subject: str | None = None
    team: str | None = None
    # Confidential objects keep only which fields changed, never their values.
    confidential: bool | Callable[[Any], bool] = False
    describe: Describe | None = None

    def is_confidential(self, obj: Model) -> bool:
        return self.confidential(obj) if callable(self.confidential) else self.confidential

    def summary(self, obj: Model, action: str) -> str:
        if self.describe is not None:
            return self.describe(obj, action)
        return f"{str(self.model._meta.verbose_name).capitalize()} {obj.pk} {action}"


def tracked(
    model: type[Model],
    *,
    kind: Kind,
    fields: Sequence[str],
    subject: str | None = None,
    team: str | None = None,
    confidential: bool | Callable[[Any], bool] = False,
    describe: Describe | None = None,
) -> Tracked:
    known = {f.attname for f in model._meta.concrete_fields}
    unknown = set(fields) - known
    if unknown:
        raise ImproperlyConfigured(
            f"{model.__name__} has no field {', '.join(sorted(unknown))} to audit"
        )
    return Tracked(model, kind, tuple(fields), subject, team, confidential, describe)


def collect() -> dict[type[Model], Tracked]:
    found: dict[type[Model], Tracked] = {}
    for config in apps.get_app_configs():
        if not module_has_submodule(config.module, "audited"):
            continue
        for one in import_string(f"{config.name}.audited.AUDITED"):
            if not isinstance(one, Tracked):
                raise ImproperlyConfigured(f"{config.name}.audited.AUDITED holds {one!r}")
            if one.model in found:
                raise ImproperlyConfigured(f"{one.model.__name__} is audited twice")
            found[one.model] = one
    return found


_tracked: dict[type[Model], Tracked] = {}


def connect() -> None:
    _tracked.clear()
    _tracked.update(collect())
    for model in _tracked:
        uid = f"audit-{model._meta.label}"
        pre_save.connect(_before_save, sender=model, dispatch_uid=uid)
        post_save.connect(_after_save, sender=model, dispatch_uid=uid)
        post_delete.connect(_after_delete, sender=model, dispatch_uid=uid)


def is_tracked(model: type[Model]) -> bool:
    return model in _tracked


def _attr(obj: Any, path: str | None) -> Any:
    if path is None:
        return None
    for step in path.split("__"):
        obj = getattr(obj, step, None)
        if obj is None:
            return None
    return obj


def plain(value: Any) -> Any:
    """A value as the trail keeps it (JSON)."""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, Model):
        return str(value)
    return value


def _values(spec: Tracked, obj: Model) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in spec.fields}


def _shown(spec: Tracked, name: str, value: Any) -> Any:
    """A foreign key is kept as what it points to, by name, with its id."""
    field = spec.model._meta.get_field(name.removesuffix("_id"))
    if isinstance(field, ForeignKey) and value is not None:
        target = field.related_model._default_manager.filter(pk=value).first()  # type: ignore[union-attr]
        return f"{target} (#{value})" if target is not None else f"#{value}"
    return plain(value)


def _before_save(sender, instance: Model, raw: bool = False, **kwargs) -> None:
    if raw or instance.pk is None or instance._state.adding:
        return
    spec = _tracked[sender]
    instance._audit_before = (  # type: ignore[attr-defined]
        sender._default_manager.filter(pk=instance.pk).values(*spec.fields).first()
    )


def _after_save(sender, instance: Model, created: bool, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    spec = _tracked[sender]
    after = _values(spec, instance)
    before = None if created else getattr(instance, "_audit_before", None)
    if before is None:
        changed = {name: (None, value) for name, value in after.items() if value not in (None, "")}
        action = "created"
    else:
        changed = {
            name: (before[name], value)
            for name, value in after.items()
            if before.get(name) != value
        }
        action = "changed"
    if not changed:
        return
    _record(spec, instance, action, changed)


def _after_delete(sender, instance: Model, origin: Any = None, **kwargs) -> None:
    if origin is not None and getattr(origin, "model", type(origin)) is not sender:
        # Removed along with what it belonged to: that removal is what the trail records.
        return
    spec = _tracked[sender]
    before = {name: (value, None) for name, value in _values(spec, instance).items()}
    _record(spec, instance, "removed", before)


def _still_there(field: str, pk: Any) -> Any:
    """An id the trail may point at: not a person or team deleted with the record."""
    if pk is None:
        return None
    target = Change._meta.get_field(field).related_model
    return pk if target._default_manager.filter(pk=pk).exists() else None  # type: ignore[union-attr]


def _summary(spec: Tracked, obj: Model, action: str) -> str:
    try:
        return spec.summary(obj, action)
    except ObjectDoesNotExist:
        # Removed along with what it belonged to (a team's targets with the team).
        return f"{str(spec.model._meta.verbose_name).capitalize()} {obj.pk} {action}"


def _record(spec: Tracked, obj: Model, action: str, changed: dict[str, tuple[Any, Any]]) -> None:
    confidential = spec.is_confidential(obj)
    if confidential:
        values: dict[str, Any] = dict.fromkeys(changed)
    else:
        values = {
            name: [_shown(spec, name, old), _shown(spec, name, new)]
            for name, (old, new) in changed.items()
        }
    subject_id, team_id = _attr(obj, spec.subject), _attr(obj, spec.team)
    if action == "removed":
        subject_id, team_id = _still_there("subject", subject_id), _still_there("team", team_id)
    services.record(
        kind=spec.kind,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
        subject_id=subject_id,
        team_id=team_id,
        summary=_summary(spec, obj, action),
        changes=values,
        confidential=confidential,
    )
