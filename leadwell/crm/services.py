"""Workflows of the CRM app reachable from pages and the API."""

import datetime
import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from leadwell import policy
from leadwell.audit import services as audit
from leadwell.audit.models import Kind
from leadwell.audit.tracking import plain
from leadwell.crm.importing.fields import FIELDS
from leadwell.crm.importing.parsing import CellError
from leadwell.crm.importing.preview import Preview, preview
from leadwell.crm.importing.reading import FileProblem
from leadwell.crm.importing.rows import ImportOptions, per_file_defaults
from leadwell.crm.importing.writers.references import stage_entry
from leadwell.crm.models import ForecastSubmission, ImportRun, Quota, Stage, TeamForecast
from leadwell.crm.selectors import (
    forecast_open,
    may_set_team_quota,
    quota_field,
    roster_day,
    sells,
)
from leadwell.crm.signals import forecasts_changed, quotas_changed
from leadwell.identity.models import User
from leadwell.lib import dates, heartbeat
from leadwell.lib.currency import reporting_currency
from leadwell.lib.periods import Period, PeriodKind
from leadwell.org.models import Membership, Person, Team

log = logging.getLogger("leadwell.crm")

BUSY = (ImportRun.Status.RUNNING,)
# The states an import's work has ended in; its uploaded file then counts down to removal.
FINISHED = (
    ImportRun.Status.SUCCEEDED,
    ImportRun.Status.REFUSED,
    ImportRun.Status.DRY_RUN,
    ImportRun.Status.FAILED,
)


def import_upload(
    *,
    user: User | None,
    kind: str,
    upload: UploadedFile,
    preset: str = "auto",
    key: list[str] | None = None,
    skip_bad_rows: bool = False,
    create_people: bool = False,
    sheet: str | None = None,
    defaults: dict[str, str] | None = None,
) -> ImportRun:
    """Keep an uploaded export and open an import for it, waiting for review."""
    folder = Path(settings.UPLOAD_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    name = Path(upload.name or "upload.csv").name
    stored = folder / f"{uuid.uuid4().hex}{Path(name).suffix.lower()}"
    with stored.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    options = ImportOptions(
        kind=kind,
        preset=preset,
        key=key or [],
        skip_bad_rows=skip_bad_rows,
        create_people=create_people,
        sheet=sheet,
        **per_file_defaults(defaults or {}),
    )
    return ImportRun.objects.create(
        kind=kind,
        file_name=name,
        file_size=stored.stat().st_size,
        stored_file=str(stored),
        preset="" if preset == "auto" else preset,
        options=options.as_json(),
        status=ImportRun.Status.REVIEW,
        started_by=user,
    )


def import_options(run: ImportRun, **overrides: Any) -> ImportOptions:
    saved = dict(run.options)
    options = ImportOptions(
        kind=run.kind,
        preset=run.preset or "auto",
        mapping=dict(run.mapping),
        key=saved.get("key", []),
        skip_bad_rows=bool(saved.get("skip_bad_rows")),
        create_people=bool(saved.get("create_people")),
        sheet=saved.get("sheet"),
        correction=bool(saved.get("correction")),
        replace_bad_bytes=bool(saved.get("replace_bad_bytes")),
        **per_file_defaults(saved),
    )
    for name, value in overrides.items():
        setattr(options, name, value)
    return options


def import_preview(*, run: ImportRun) -> Preview:
    return preview(Path(run.stored_file), import_options(run), file_name=run.file_name)


# What the review page's column choice sends for "the file has none".
NOT_IN_FILE = "-"


def import_set_columns(
    *,
    run: ImportRun,
    columns: dict[str, str],
    key: list[str],
    skip_bad_rows: bool,
    create_people: bool,
    defaults: dict[str, str] | None = None,
) -> Preview:
    """Save the columns a person chose for each field (and, for a file without an id
    column, the columns that identify a row); raises FileProblem if unusable. A field given
    NOT_IN_FILE is one the person says the file lacks; one given "" is left to recognition."""
    chosen = {
        name: "" if column == NOT_IN_FILE else column
        for name, column in columns.items()
        if name in FIELDS[run.kind] and column
    }
    if key:
        chosen.pop("external_id", None)
    mapping = {**run.mapping, "columns": chosen}
    chosen_defaults = per_file_defaults(defaults or {})
    result = preview(
        Path(run.stored_file),
        import_options(run, mapping=mapping, key=key, **chosen_defaults),
        file_name=run.file_name,
    )
    run.mapping = mapping
    run.options = {
        **run.options,
        "key": key,
        "skip_bad_rows": skip_bad_rows,
        "create_people": create_people,
        **chosen_defaults,
    }
    run.preset = result.preset
    run.save(update_fields=["mapping", "options", "preset"])
    return result


def stages_add_from_import(*, run: ImportRun, stages: list[tuple[str, str, str]]) -> None:
    """Add to the stage map the stages an import's file named that it lacked, each with the
    outcome and order a person gave it (name, outcome, order as the stage table sends them).
    Raises ValueError, changing nothing, when one is not right."""
    unknown = {" ".join(stage["name"].split()) for stage in run.unknown_stages}
    checked = []
    for name, outcome, order in stages:
        name = " ".join(name.split())
        if name not in unknown:
            raise ValueError(f"This import's file has no unknown stage {name!r}")
        try:
            values = stage_entry(name, outcome, order)
        except CellError as error:
            raise ValueError(f"The stage {name}: {error}") from None
        checked.append((name, values["outcome"], values["order"]))
    if not checked:
        raise ValueError("There are no stages to add")
    with transaction.atomic():
        for name, outcome, position in checked:
            Stage.objects.update_or_create(
                name=name, defaults={"outcome": outcome, "order": position}
            )
            audit.record(
                kind=Kind.SETTING,
                action="stage_added",
                object_type="crm.stage",
                object_id=name,
                summary=f"Stage {name} added to the stage map ({outcome}, order {position})",
                changes={"outcome": [None, outcome], "order": [None, position]},
            )


def import_set_file_options(
    *, run: ImportRun, dates: dict[str, str] | None = None, replace_bad_bytes: bool | None = None
) -> None:
    """Save how the file is read: each date column's order (column -> day-first or
    month-first; blank to let the file decide) and whether bad bytes are replaced. Raises
    FileProblem for an order that is neither."""
    from leadwell.crm.importing.dates import parse_order

    if dates is not None:
        chosen = {}
        for column, order in dates.items():
            if order:
                try:
                    chosen[column] = parse_order(order, column)
                except ValueError as error:
                    raise FileProblem(str(error)) from None
        run.mapping = {**run.mapping, "dates": chosen}
    if replace_bad_bytes is not None:
        run.options = {**run.options, "replace_bad_bytes": replace_bad_bytes}
    run.save(update_fields=["mapping", "options"])


def import_start(*, run: ImportRun, dry_run: bool, correction: bool | None = None) -> ImportRun:
    """Queue the check (a dry run) or the import itself; the worker does the rest. An import
    whose worker stopped is started again the same way. `correction` (when given) says whether
    it corrects an earlier import: records updated, no change recorded in their history."""
    from leadwell.crm.tasks import import_file

    if run.status in BUSY:
        raise ValueError("This import is running already")
    if not dry_run and run.status == ImportRun.Status.SUCCEEDED:
        raise ValueError("This file is imported already; upload it again to re-import it")
    if not run.stored_file:
        raise ValueError(_removed_message(run))
    run.status = ImportRun.Status.PENDING
    run.finished_at = None
    run.interrupted = False
    run.task_id = ""  # until it is queued: the upkeep leaves a queued import without one alone
    run.options = {**run.options, "dry_run": dry_run}
    if correction is not None:
        run.options["correction"] = correction
    run.save(update_fields=["status", "finished_at", "interrupted", "task_id", "options"])
    queued = import_file.enqueue(run_id=run.pk, dry_run=dry_run)
    ImportRun.objects.filter(pk=run.pk).update(task_id=str(queued.id))
    run.refresh_from_db()
    return run


def import_confirm(*, run: ImportRun, correction: bool | None = None) -> ImportRun:
    """Import a file as its review page confirms it: refused (ValueError, nothing queued)
    while a field the figures need has no column and nobody has said the file has none (the
    page's Import button waits for that too). An import that stopped is started again as it
    was. The CLI and the API import such a file, and only warn: their summary's warnings name
    each such field."""
    # An import that stopped is started again as it was confirmed ("Start it again").
    restart = run.interrupted and not run.options.get("dry_run")
    if run.stored_file and run.status not in BUSY and not restart:
        try:
            unanswered = import_preview(run=run).unanswered
        except FileProblem:
            unanswered = []  # the import itself fails, and says why
        if unanswered:
            labels = ", ".join(FIELDS[run.kind][name].label for name in unanswered)
            raise ValueError(
                f"Not imported: choose the column that holds {labels}, or choose “the file has "
                "none”, then check the file again"
            )
    return import_start(run=run, dry_run=False, correction=correction)


def _removed_message(run: ImportRun) -> str:
    removed = run.file_removed_at
    when = f" on {dates.day(timezone.localdate(removed))}" if removed else ""
    return f"The uploaded file was removed{when}; upload it again to import it."


def stopped_message(run: ImportRun) -> str:
    """What a person reads about an import whose process died."""
    checking = bool(run.options.get("dry_run"))
    if run.task_id:
        step = "checking the file" if checking else "importing"
        return f"The worker stopped while {step}; nothing was written. Start it again."
    if run.file_name == "API":  # records sent to the API (engine.import_records)
        step = "checking" if checking else "importing"
        return (
            f"The web app stopped while {step} the records; nothing was written. Send them again."
        )
    step = "checking the file" if checking else "importing"
    return f"The command stopped while {step}; nothing was written. Run it again."


def imports_fail_stopped() -> list[ImportRun]:
    """Mark failed the imports whose worker (or `leadwell import` command) died: a running
    import whose heartbeat stopped (see leadwell/lib/heartbeat.py), or a queued one whose
    task ended without starting it. Nothing was written (an import writes in one
    transaction), so each can be started again as it was. Returns the imports marked."""
    from leadwell.crm.tasks import heartbeat_name, task_is_waiting_or_running

    marked = []
    now = timezone.now()
    for run in ImportRun.objects.filter(
        status__in=[ImportRun.Status.RUNNING, ImportRun.Status.PENDING]
    ):
        if run.status == ImportRun.Status.RUNNING:
            started = run.started_at or run.created_at
            if not heartbeat.has_stopped(heartbeat_name(run.pk), started=started):
                continue
        elif not run.task_id or task_is_waiting_or_running(run.task_id):
            continue
        # Only if it is still as it was read: it may have finished in the meantime.
        message = stopped_message(run)
        if ImportRun.objects.filter(pk=run.pk, status=run.status).update(
            status=ImportRun.Status.FAILED,
            interrupted=True,
            message=message,
            finished_at=now,
        ):
            log.warning("import %s stopped before it finished: %s", run.pk, message)
            heartbeat.forget(heartbeat_name(run.pk))
            run.refresh_from_db()
            marked.append(run)
    return marked


def uploads_remove_expired(*, now: datetime.datetime | None = None) -> list[ImportRun]:
    """Remove the uploaded files of imports finished more than LEADWELL_UPLOAD_RETENTION_DAYS
    days ago (and of uploads left unchecked as long); each import's record stays and says
    when its file was removed. Returns the imports whose file was removed."""
    days = settings.UPLOAD_RETENTION_DAYS
    if not days:
        return []
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=days)
    folder = Path(settings.UPLOAD_DIR).resolve()
    expired = ImportRun.objects.exclude(stored_file="").filter(
        Q(status__in=FINISHED, finished_at__lt=cutoff)
        | Q(status=ImportRun.Status.REVIEW, created_at__lt=cutoff)
    )
    removed = []
    for run in expired:
        path = Path(run.stored_file).resolve()
        if not path.is_relative_to(folder):
            log.warning("import %s: its file %s is outside %s; left alone", run.pk, path, folder)
            continue
        path.unlink(missing_ok=True)
        run.stored_file = ""
        run.file_removed_at = now
        run.save(update_fields=["stored_file", "file_removed_at"])
        removed.append(run)
    return removed


# -- Quotas set by hand --------------------------------------------------------------------------

# Quota.amount holds 18 digits, two of them decimals.
QUOTA_MAX = Decimal("9999999999999999.99")
QUOTA_KINDS = (PeriodKind.QUARTER, PeriodKind.MONTH)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class QuotaChange:
    """One quota a save creates, changes or clears (new None)."""

    field: str  # the form field it came from: person-<id> or team-<id>
    whose: str
    person_id: int | None
    team_id: int | None
    old: Decimal | None
    new: Decimal | None

    @property
    def clears(self) -> bool:
        return self.new is None


class ClearingNotConfirmed(Exception):
    """A save would clear quotas and was not confirmed: nothing was written; `changes` is
    everything it would do, for the person to confirm."""

    def __init__(self, changes: list[QuotaChange]) -> None:
        super().__init__("clearing a quota needs confirming")
        self.changes = changes


def parse_amount(value: object, *, what: str = "A quota") -> Decimal | None:
    """An amount as typed (`400,000`, `400000.50`, `USD 400 000`), None for an empty field;
    raises ValueError with the reason when it is no amount (`what` names it: "A quota")."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError("Enter an amount, such as 400000.")
    text = str(value).strip()
    code = reporting_currency()
    if text.upper().startswith(code):
        text = text[len(code) :]
    text = text.strip().lstrip("$").replace(",", "").replace("_", "")
    text = "".join(text.split())
    if not text:
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"Enter an amount in {code}, such as 400000.") from None
    if not amount.is_finite():
        raise ValueError(f"Enter an amount in {code}, such as 400000.")
    if amount < 0:
        raise ValueError(f"{what} cannot be negative.")
    if amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ValueError("At most two decimals (cents).")
    if amount > QUOTA_MAX:
        raise ValueError(f"Too large: at most {QUOTA_MAX:,}.")
    return amount.quantize(CENT)  # as the database keeps it


def quotas_set(
    *,
    by: Any,
    period: Period,
    people: Mapping[int, object] | None = None,
    teams: Mapping[int, object] | None = None,
    confirm_clearing: bool = False,
) -> list[QuotaChange]:
    """Set people's and teams' own quotas for one month or quarter, all or nothing.

    `people` and `teams` map ids to the amount as typed (a number or text; empty or None
    clears the quota). Amounts are in the reporting currency. Only what differs from the
    quota in place is written; each change is recorded in the audit trail and the summaries
    behind the scorecards are refreshed in the same transaction.

    Access is the policy's: a person's quota needs Person.set_quota on them, a team's own
    quota `may_set_team_quota`; a refusal raises Http404 (logged), like any other. A value
    that is no quota raises ValidationError keyed by field (`person-<id>`, `team-<id>`).
    Clearing a quota that is set raises ClearingNotConfirmed, writing nothing, unless
    `confirm_clearing`. Returns the changes made.
    """
    if period.kind not in QUOTA_KINDS:
        raise ValidationError({"period": ["Quotas are set for a quarter or a month."]})
    people, teams = people or {}, teams or {}
    persons = Person.objects.in_bulk(list(people))
    team_objects = Team.objects.in_bulk(list(teams))
    leaders = {
        m.team_id: m.person
        for m in Membership.objects.on(roster_day(period))
        .leaders()
        .filter(team_id__in=list(teams))
        .select_related("person")
    }
    for person_id in people:
        person = persons.get(person_id)
        if person is None:
            raise Http404("No person found")
        policy.require(by, "set_quota", person)
    for team_id in teams:
        team = team_objects.get(team_id)
        if team is None:
            raise Http404("No team found")
        if not may_set_team_quota(by, team, leaders.get(team_id)):
            policy.refuse(by, "set_quota", team)
            raise Http404("No team found")

    kind, start = period.kind.value, period.start
    existing = {
        (q.person_id, q.team_id): q
        for q in Quota.objects.filter(period_kind=kind, period_start=start).filter(
            Q(person_id__in=list(people)) | Q(team_id__in=list(teams))
        )
    }
    errors: dict[str, list[str]] = {}
    changes: list[QuotaChange] = []
    asked: list[tuple[Person | None, Team | None, object]]
    asked = [(persons[i], None, raw) for i, raw in people.items()]
    asked += [(None, team_objects[i], raw) for i, raw in teams.items()]
    for person, team, raw in asked:
        field = quota_field(person=person, team=team)
        try:
            new = parse_amount(raw)
        except ValueError as problem:
            errors[field] = [str(problem)]
            continue
        key = (person.pk, None) if person is not None else (None, team.pk)  # type: ignore[union-attr]
        found = existing.get(key)
        old = found.amount if found is not None else None
        if old == new:
            continue
        whose = person.name if person is not None else f"team {team}"
        changes.append(QuotaChange(field, whose, key[0], key[1], old, new))
    if errors:
        raise ValidationError(errors)
    if not confirm_clearing and any(c.clears for c in changes):
        raise ClearingNotConfirmed(changes)
    if not changes:
        return changes
    with transaction.atomic():
        for change in changes:
            found = existing.get((change.person_id, change.team_id))
            if change.new is None:
                if found is None:
                    continue
                object_id, action = found.pk, "deleted"
                found.delete()
            elif found is not None:
                found.amount = change.new
                found.save(update_fields=["amount"])
                object_id, action = found.pk, "changed"
            else:
                created = Quota.objects.create(
                    person_id=change.person_id,
                    team_id=change.team_id,
                    period_kind=kind,
                    period_start=start,
                    amount=change.new,
                )
                object_id, action = created.pk, "created"
            audit.record(
                kind=Kind.QUOTA,
                action=action,
                summary=f"Quota of {change.whose} for {period.short_label} {action}",
                object_type="crm.quota",
                object_id=object_id,
                subject_id=change.person_id,
                team_id=change.team_id,
                changes={"amount": [plain(change.old), plain(change.new)]},
            )
        quotas_changed.send(
            sender=Quota,
            quotas=[(c.person_id, c.team_id, kind, start) for c in changes],
        )
    return changes


# -- The forecast call ---------------------------------------------------------------------------

FORECAST_FIGURES = {
    "commit": "The commit",
    "best_case": "The best case",
    "pipeline": "The pipeline",
}


def forecast_submit(
    *,
    person: Person,
    period: Period,
    commit: object,
    best_case: object,
    pipeline: object,
    by: Any,
    on: datetime.date | None = None,
    team: Team | None = None,
) -> ForecastSubmission | TeamForecast:
    """Make `person`'s forecast call for a quarter (this one or the next), or with `team`, the
    call of that team's leader for the whole team. Amounts are as typed, in the reporting
    currency: commit <= best case <= pipeline, all three required. One call per person (or
    team) a day: calling again the same day replaces it.

    Only the person makes their own call (Person.call_forecast: a leader who disagrees makes
    the team's call, never one in a seller's name), and only the team's leader on the day its
    call; a refusal raises Http404. Bad values raise ValidationError keyed by figure. A
    seller's call feeds their forecast accuracy and bias; the summaries are refreshed in the
    same transaction. The audit trail records the call (crm/audited.py)."""
    day = on or timezone.localdate()
    policy.require(by, "call_forecast", person)
    if team is not None and not (
        Membership.objects.on(day).leaders().filter(person=person, team=team).exists()
    ):
        policy.refuse(by, "call_forecast", team)
        raise Http404("No team you lead")
    if team is None and not sells(person, day):
        # A leader's call is the team's: one in their own name would count as a seller's in
        # the figures (forecast accuracy and bias) the page never offers them.
        raise Http404("No call of your own: a leader calls for the team they lead")
    if not forecast_open(period, day):
        raise ValidationError({"period": ["Calls are made for this quarter and the next."]})
    errors: dict[str, list[str]] = {}
    figures: dict[str, Decimal] = {}
    for field, what in FORECAST_FIGURES.items():
        try:
            amount = parse_amount(
                {"commit": commit, "best_case": best_case, "pipeline": pipeline}[field], what=what
            )
        except ValueError as problem:
            errors[field] = [str(problem)]
            continue
        if amount is None:
            errors[field] = [f"{what} is needed: enter 0 when there is none."]
        else:
            figures[field] = amount
    if "commit" in figures and "best_case" in figures and figures["best_case"] < figures["commit"]:
        errors["best_case"] = ["The best case cannot be below the commit."]
    if (
        "best_case" in figures
        and "pipeline" in figures
        and figures["pipeline"] < figures["best_case"]
    ):
        errors["pipeline"] = ["The pipeline cannot be below the best case."]
    if errors:
        raise ValidationError(errors)
    key: dict[str, Any] = {
        "period_kind": period.kind.value,
        "period_start": period.start,
        "submitted_on": day,
    }
    with transaction.atomic():
        if team is not None:
            call, _ = TeamForecast.objects.update_or_create(
                team=team, **key, defaults={"person": person, **figures}
            )
            return call
        submission, _ = ForecastSubmission.objects.update_or_create(
            person=person, **key, defaults={**figures, "last_import": None}
        )
        forecasts_changed.send(
            sender=ForecastSubmission, forecasts=[(person.pk, period.kind.value, period.start)]
        )
    return submission
