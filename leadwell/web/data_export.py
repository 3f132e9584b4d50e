"""A person's own data export: everything Leadwell holds about them, as one JSON document.

Each app declares what it holds about a person in its `personal_data.py` (the vocabulary is
leadwell.lib.personal_data); this module collects the declarations of the installed apps at
start-up, as the policy collects their rules, and puts the document together. A new app adds its
part with its own `personal_data.py`; nothing here changes. The profile page and
`GET /api/v1/me/export` both hand out `personal_data_export()`.

Only the person's own data, as its holdings select it: a leader's export holds their own
coaching and their 1:1s, never their sellers' coaching; a 1:1's private note goes to its author
only. Nothing Leadwell holds is a file about a person (an import's file holds everyone's
records and stays out), so the export is JSON alone.
"""

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.apps import AppConfig, apps
from django.core.exceptions import ImproperlyConfigured
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.module_loading import import_string, module_has_submodule
from django.utils.text import slugify

from leadwell.identity.models import User
from leadwell.lib.personal_data import About, Declaration, Holding, NotExported, export_rows

log = logging.getLogger("leadwell.security")

FORMAT = "leadwell-personal-data"
VERSION = 1
ABOUT = (
    "Everything Leadwell holds about you, section by section as each part of Leadwell keeps it. "
    "It holds what others wrote in your own coaching, plan and 1:1s, and never anybody else's "
    "confidential content: not the other person's private notes on your 1:1s, not the coaching "
    "of the people you lead."
)


@dataclass(frozen=True)
class Declared:
    app: str  # the label of the app whose personal_data.py declares it
    declaration: Declaration


def collect(app_configs: Iterable[AppConfig] | None = None) -> tuple[Declared, ...]:
    """Every declaration in the apps' `personal_data.py`, in the order of INSTALLED_APPS. The
    same key twice in an app, or a declaration that is neither a Holding nor a NotExported,
    fails loudly."""
    found: list[Declared] = []
    for config in apps.get_app_configs() if app_configs is None else app_configs:
        if not module_has_submodule(config.module, "personal_data"):
            continue
        keys: set[str] = set()
        for one in import_string(f"{config.name}.personal_data.PERSONAL_DATA"):
            if not isinstance(one, Holding | NotExported):
                raise ImproperlyConfigured(
                    f"{config.name}.personal_data.PERSONAL_DATA holds {one!r}, "
                    "not a Holding or NotExported"
                )
            if isinstance(one, Holding):
                if one.key in keys:
                    raise ImproperlyConfigured(f"{config.name}.personal_data: {one.key} twice")
                keys.add(one.key)
            found.append(Declared(config.label, one))
    return tuple(found)


@cache
def declared() -> tuple[Declared, ...]:
    """The collected declarations of the installed apps (collected once)."""
    return collect()


def personal_data_export(*, account: User, channel: str) -> dict[str, Any]:
    """Everything Leadwell holds about the person who signs in with `account`, for them.
    Logged with ids and counts only; `channel` says where it was asked for (page, api)."""
    person = getattr(account, "person", None)
    data: dict[str, dict[str, Any]] = {}
    total = 0
    for one in declared():
        holding = one.declaration
        if not isinstance(holding, Holding):
            continue
        subject = person if holding.about == About.PERSON else account
        rows = export_rows(holding, subject) if subject is not None else []
        total += len(rows)
        data.setdefault(one.app, {})[holding.key] = {"title": holding.title, "rows": rows}
    log.info(
        "personal data exported: user=%s person=%s rows=%s channel=%s",
        account.pk,
        person.pk if person else "-",
        total,
        channel,
    )
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now(),
        "about": ABOUT,
        "account_id": account.pk,
        "person_id": person.pk if person else None,
        "data": data,
    }


def as_json(document: dict[str, Any]) -> bytes:
    """The document as UTF-8 JSON: dates and times in ISO 8601, amounts as exact decimals."""
    return json.dumps(document, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False).encode()


def filename(account: User) -> str:
    person = getattr(account, "person", None)
    name = slugify(person.name if person else account.email.split("@")[0]) or "account"
    return f"leadwell-data-{name}-{timezone.localdate().isoformat()}.json"
