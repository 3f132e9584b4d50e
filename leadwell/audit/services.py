"""Writing to the audit trail, and telling people about changes that concern them."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from leadwell.audit import acting
from leadwell.audit.models import Change, Notice


def _actor() -> dict[str, Any]:
    now = acting.current()
    user = now.account()
    person = getattr(user, "person", None) if user is not None else None
    label = (person.name if person else None) or (user.email if user else None) or now.label
    return {
        "actor": user,
        "actor_person": person,
        "actor_label": label or "Leadwell",
        "via": now.via,
        "import_run_id": now.import_run_id,
    }


def actor_person_id() -> int | None:
    """The person making changes right now, if one is (an account without a person: None)."""
    person = _actor()["actor_person"]
    return person.pk if person is not None else None


def record(
    *,
    kind: str,
    action: str,
    summary: str,
    object_type: str = "",
    object_id: Any = "",
    subject_id: int | None = None,
    team_id: int | None = None,
    changes: dict[str, Any] | None = None,
    confidential: bool = False,
    flagged: bool = False,
) -> Change:
    """Record one change, as made by whoever is acting now (leadwell.audit.acting)."""
    return Change.objects.create(
        **_actor(),
        kind=kind,
        action=action,
        summary=summary[:500],
        object_type=object_type,
        object_id=str(object_id or ""),
        subject_id=subject_id,
        team_id=team_id,
        changes=changes or {},
        confidential=confidential,
        flagged=flagged,
    )


def record_many(entries: list[dict[str, Any]], *, batch_size: int = 500) -> int:
    """Record changes written in bulk (an importer's), as made by whoever is acting now."""
    who = _actor()
    rows = [
        Change(
            **who,
            **{**entry, "summary": entry["summary"][:500], "object_id": str(entry["object_id"])},
        )
        for entry in entries
    ]
    Change.objects.bulk_create(rows, batch_size=batch_size)
    return len(rows)


def notify(
    *, person_id: int, text: str, change: Change | None = None, warning: bool = False
) -> Notice:
    """Tell a person, on their home page and by e-mail (sent by the worker once committed)."""
    notice = Notice.objects.create(
        person_id=person_id, text=text[:600], change=change, is_warning=warning
    )
    transaction.on_commit(lambda: _enqueue_email(notice.pk))
    return notice


def _enqueue_email(notice_id: int) -> None:
    from leadwell.audit.tasks import send_notice

    send_notice.enqueue(notice_id=notice_id)


def notice_mark_read(*, notice: Notice) -> Notice:
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice
