"""API for CRM data in: file imports (run in the background) and record upserts."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.pagination import paginate
from pydantic import JsonValue

from leadwell import policy
from leadwell.crm import selectors, services
from leadwell.crm.importing.engine import import_records
from leadwell.crm.importing.fields import KINDS
from leadwell.crm.importing.presets import PRESETS
from leadwell.crm.importing.rows import PER_FILE_DEFAULTS, ImportOptions
from leadwell.crm.importing.summary import summary
from leadwell.crm.models import ImportRun
from leadwell.crm.tasks import heartbeat_name, read_progress
from leadwell.lib.api_input import Day, Filters, Id, Input, Message, Pages, invalid
from leadwell.lib.heartbeat import Heartbeat

router = Router(tags=["imports"])

MAX_RECORDS = 1000


class ColumnOut(Schema):
    header: str = Field(description="The column's header, as in the file")
    field: str | None = Field(description="The field it is read as; null when ignored")
    source: str | None = Field(
        description="How that was decided: preset, recognised spelling, mapping file or key"
    )


class WarningOut(Schema):
    column: str
    reason: str


class DateOrderOut(Schema):
    column: str = Field(description="The date column's header, as in the file")
    order: str = Field(description="How its dates are read: day-first or month-first")
    source: str = Field(
        description="What decided it: detected (a date of the file), mapping, or guessed"
    )
    line: int | None = Field(description="The line whose date decided it, if one did")
    reason: str


class PresetFitOut(Schema):
    preset: str
    matched: int = Field(description="How many of the preset's columns the file has")
    of: int
    score: float


class UnknownStageOut(Schema):
    name: str
    rows: int
    first_lines: list[int]
    outcome: str = Field(description="The suggested outcome: open, won or lost")
    order: int = Field(description="The suggested order in the funnel")


class ImportOut(Schema):
    id: int
    kind: str
    file: str
    preset: str
    preset_fits: list[PresetFitOut]
    columns: list[ColumnOut]
    warnings: list[WarningOut]
    dates: list[DateOrderOut]
    unknown_stages: list[UnknownStageOut]
    status: str
    status_label: str
    dry_run: bool
    message: str
    interrupted: bool
    file_removed_at: datetime | None
    rows_read: int
    counts: dict[str, int]
    error_count: int
    errors: list[dict[str, Any]]
    unknown_owners: list[dict[str, Any]]
    progress: float

    @staticmethod
    def resolve_file(run: ImportRun) -> str:
        return run.file_name

    @staticmethod
    def resolve_status_label(run: ImportRun) -> str:
        return run.get_status_display()

    @staticmethod
    def resolve_dry_run(run: ImportRun) -> bool:
        return bool(run.options.get("dry_run"))

    @staticmethod
    def resolve_counts(run: ImportRun) -> dict[str, int]:
        return summary(run)["counts"]

    @staticmethod
    def resolve_progress(run: ImportRun) -> float:
        return read_progress(run)["fraction"]


# A record's value for one field, as a cell of a sheet holds it.
Cell = str | float | bool | None


class RecordsIn(Input):
    records: list[dict[str, Cell]] = Field(
        min_length=1,
        max_length=MAX_RECORDS,
        description="One object per record: field name to value (text, number, true/false, null)",
    )
    create_people: bool = False
    dry_run: bool = False
    correction: bool = Field(
        False, description="Corrects earlier records: update them, record no change in history"
    )


# Checked below with a message of ours; the schema lists them.
KIND_NAMES: list[JsonValue] = list(KINDS)
PRESET_NAMES: list[JsonValue] = ["auto", *PRESETS]


class UploadForm(Filters):
    kind: str = Field(description="What the file holds", json_schema_extra={"enum": KIND_NAMES})
    preset: str = Field(
        "auto",
        description="Whose export it is (auto reads the header)",
        json_schema_extra={"enum": PRESET_NAMES},
    )
    key: str = Field("", description="Comma-separated columns that identify a record")
    dry_run: bool = False
    skip_bad_rows: bool = False
    create_people: bool = False
    correction: bool = Field(
        False,
        description="The file corrects an earlier import (a column was missed): update the "
        "records and record no change in their history",
    )
    default_owner: str = Field("", description="Owner (name, e-mail or CRM id) of rows without one")
    default_type: str = Field("", description="Activity type of rows whose file does not say")
    default_status: str = Field("", description="Activity status of rows whose file does not say")


@router.post(
    "/imports/",
    response={202: ImportOut, 404: Message},
    summary="Upload a CSV or XLSX export and import it in the background (administrators)",
    description="A field the figures need that no column fills (an amount, a close date) does "
    "not stop the import, as it does on the review page: the import's `warnings` name it and "
    "what goes missing.",
    # The form has only its documented fields, and an empty file (which Django's form parser
    # drops, so it arrives as no file at all) is no export.
    openapi_extra={
        "requestBody": {
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "additionalProperties": False,
                        "properties": {"file": {"minLength": 1}},
                    }
                }
            }
        }
    },
)
def import_upload(request: HttpRequest, file: File[UploadedFile], form: Form[UploadForm]):
    unknown = sorted(set(request.POST) - set(UploadForm.model_fields))
    if unknown:
        raise invalid(("form", unknown[0]), "Extra inputs are not permitted")
    policy.require_may(request.user, "crm.start_import")
    if form.kind not in KINDS:
        raise invalid(("form", "kind"), f"kind must be one of: {', '.join(KINDS)}")
    if form.preset not in ("auto", *PRESETS):
        raise invalid(("form", "preset"), f"preset must be one of: auto, {', '.join(PRESETS)}")
    run = services.import_upload(
        user=request.user,  # type: ignore[arg-type]
        kind=form.kind,
        upload=file,
        preset=form.preset,
        key=[k.strip() for k in form.key.split(",") if k.strip()],
        skip_bad_rows=form.skip_bad_rows,
        create_people=form.create_people,
        defaults=form.model_dump(include=set(PER_FILE_DEFAULTS)),
    )
    run = services.import_start(run=run, dry_run=form.dry_run, correction=form.correction)
    return Status(202, run)


@router.get(
    "/imports/",
    response={200: list[ImportOut], 404: Message},
    summary="Imports, newest first (administrators)",
)
@paginate(Pages, page_size=25)
def import_list(request: HttpRequest):
    policy.require_may(request.user, "crm.start_import")
    return policy.visible(request.user, "view", ImportRun.objects.all())


@router.get(
    "/imports/{run_id}", response=ImportOut, summary="One import: status, progress, counts, errors"
)
def import_detail(request: HttpRequest, run_id: Id):
    return policy.get_or_404(request.user, "view", ImportRun, pk=run_id)


@router.post(
    "/records/{kind}",
    response=ImportOut,
    summary="Create or update records by their key, validated like a file import (administrators)",
)
def records_upsert(request: HttpRequest, kind: str, payload: RecordsIn):
    policy.require_may(request.user, "crm.start_import")
    if kind not in KINDS:
        raise HttpError(404, f"kind must be one of: {', '.join(KINDS)}")
    options = ImportOptions(
        kind=kind,
        dry_run=payload.dry_run,
        create_people=payload.create_people,
        correction=payload.correction,
    )
    # Running, with a heartbeat, from the start: on SQLite it may wait for an import's write
    # lock, and the worker's upkeep must not take it for an import whose process died.
    run = ImportRun.objects.create(  # type: ignore[misc]
        kind=kind,
        file_name="API",
        status=ImportRun.Status.RUNNING,
        started_at=timezone.now(),
        started_by=request.user,  # signed in: require_may above
    )
    with Heartbeat(heartbeat_name(run.pk)):
        return import_records(payload.records, options, user=request.user, run=run)


# -- Exchange rates ----------------------------------------------------------------------------


class RateOut(Schema):
    currency: str = Field(description="ISO 4217 code of the currency converted")
    to_currency: str = Field(description="The reporting currency (LEADWELL_CURRENCY)")
    rate: Decimal = Field(description="What one unit of `currency` is worth in `to_currency`")
    valid_from: date = Field(description="The first day the rate applies (until the next one)")


class RateIn(Input):
    currency: str = Field(description="ISO 4217 code (EUR) or an unambiguous sign (€)")
    rate: str | float = Field(description="One unit of the currency in the reporting currency")
    valid_from: Day


class RatesIn(Input):
    rates: list[RateIn] = Field(min_length=1, max_length=MAX_RECORDS)
    dry_run: bool = False


@router.get(
    "/exchange-rates",
    response={200: list[RateOut], 404: Message},
    summary="The exchange rates to the reporting currency, by currency and day (everyone)",
    tags=["exchange rates"],
)
def rates_list(request: HttpRequest):
    policy.require_may(request.user, "crm.view_exchange_rates")
    return list(selectors.exchange_rates())


@router.post(
    "/exchange-rates",
    response={200: ImportOut, 404: Message},
    summary="Add or change exchange rates; the deals they convert are converted again, and "
    "their figures refreshed (administrators)",
    tags=["exchange rates"],
)
def rates_set(request: HttpRequest, payload: RatesIn):
    policy.require_may(request.user, "crm.start_import")
    records: list[dict[str, Any]] = [
        {"currency": r.currency, "rate": r.rate, "valid_from": r.valid_from.isoformat()}
        for r in payload.rates
    ]
    options = ImportOptions(kind="exchange-rates", dry_run=payload.dry_run)
    run = ImportRun.objects.create(  # type: ignore[misc]
        kind="exchange-rates",
        file_name="API",
        status=ImportRun.Status.RUNNING,
        started_at=timezone.now(),
        started_by=request.user,
    )
    with Heartbeat(heartbeat_name(run.pk)):
        return import_records(records, options, user=request.user, run=run)
