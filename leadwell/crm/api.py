"""API for CRM data in: file imports (run in the background) and record upserts."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import ninja.errors
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, File, Form, Query, Router, Schema, Status
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
from leadwell.lib.api_input import Day, Filters, Id, Input, Message, Pages, PeriodName, invalid
from leadwell.lib.currency import reporting_currency
from leadwell.lib.heartbeat import Heartbeat
from leadwell.lib.periods import Period, PeriodKind, parse_period, period_of
from leadwell.org.models import Team

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


# -- The forecast call ---------------------------------------------------------------------------

Amount = int | float | str


class DealsOut(Schema):
    won: Decimal = Field(description="Won in the quarter so far")
    commit: Decimal = Field(description="Won plus the open deals in the commit category")
    best_case: Decimal = Field(description="The commit plus the open best-case deals")
    pipeline: Decimal = Field(
        description="The best case plus every other open deal closing in the quarter (deals "
        "the CRM omits from the forecast count nowhere)"
    )
    open_deals: int


class CallOut(Schema):
    submitted_on: date
    commit: Decimal | None
    best_case: Decimal | None
    pipeline: Decimal | None


class SellerCallOut(Schema):
    person: dict[str, Any]
    deals: DealsOut
    call: CallOut | None = Field(description="The latest call for the quarter; null: none yet")


class TeamCallOut(Schema):
    team: dict[str, Any]
    leader: dict[str, Any] | None
    sellers: list[SellerCallOut]
    deals: DealsOut = Field(description="The sellers' deals added up")
    call: CallOut | None = Field(description="The leader's latest call for the team")
    may_call: bool = Field(description="Whether you make the team's call (you lead it)")


class ForecastSheetOut(Schema):
    period: str
    is_open: bool = Field(description="Calls are made for this quarter and the next")
    currency: str
    own: SellerCallOut | None = Field(description="Your own call, when you sell")
    teams: list[TeamCallOut]


class ForecastQuery(Filters):
    period: PeriodName | None = Field(
        None, description="The quarter: last, this (default) or next, e.g. FY2026-Q4"
    )
    team_id: Id | None = Field(None, description="Only this team (one you may see)")


class CallIn(Input):
    period: PeriodName | None = Field(None, description="This quarter (default) or the next")
    team_id: Id | None = Field(
        None, description="The team you lead, for your call for the team; empty: your own call"
    )
    commit: Amount = Field(description="What you are sure of, for the whole quarter")
    best_case: Amount = Field(description="What could land; at least the commit")
    pipeline: Amount = Field(description="Everything still in play; at least the best case")


def _forecast_period(text: str | None) -> Period:
    today = timezone.localdate()
    if text is None or not text.strip():
        return period_of(today, PeriodKind.QUARTER)
    period = parse_period(text)
    offered = selectors.forecast_periods(today)
    if period not in offered:
        names = ", ".join(p.name for p in offered)
        raise invalid(("query", "period"), f"The forecast call is for {names}.")
    return period


def _deals(numbers: selectors.DealNumbers) -> dict[str, Any]:
    return {
        "won": numbers.won,
        "commit": numbers.commit,
        "best_case": numbers.best_case,
        "pipeline": numbers.pipeline,
        "open_deals": numbers.open_deals,
    }


def _seller(line: selectors.SellerLine) -> dict[str, Any]:
    return {
        "person": {"id": line.person.pk, "name": line.person.name},
        "deals": _deals(line.numbers),
        "call": line.call,
    }


@router.get(
    "/forecast-call",
    response={200: ForecastSheetOut, 404: Message},
    summary="The forecast call of a quarter: your own, and the teams' you may see",
    tags=["forecast call"],
)
def forecast_call_read(request: HttpRequest, filters: Query[ForecastQuery]):
    period = _forecast_period(filters.period)
    sheet = selectors.forecast_sheet(request.user, period, team_id=filters.team_id)
    return {
        "period": period.name,
        "is_open": sheet.is_open,
        "currency": reporting_currency(),
        "own": _seller(sheet.own) if sheet.own is not None else None,
        "teams": [
            {
                "team": {"id": block.team.pk, "name": block.team.name},
                "leader": {"id": block.leader.pk, "name": block.leader.name}
                if block.leader
                else None,
                "sellers": [_seller(line) for line in block.sellers],
                "deals": _deals(block.numbers),
                "call": block.call,
                "may_call": block.may_call,
            }
            for block in sheet.teams
        ],
    }


@router.post(
    "/forecast-call",
    response={200: CallOut, 404: Message},
    summary="Make your forecast call for a quarter, or as a team's leader the team's call",
    description="Commit <= best case <= pipeline, in the reporting currency. Calling again "
    "the same day replaces that day's call. A seller's call feeds their forecast accuracy and "
    "bias; nobody calls in another's name.",
    tags=["forecast call"],
)
def forecast_call_submit(request: HttpRequest, payload: CallIn):
    period = _forecast_period(payload.period)
    team = None
    if payload.team_id is not None:
        team = Team.objects.filter(pk=payload.team_id).first()
        if team is None:
            raise HttpError(404, "Not Found")
    try:
        return services.forecast_submit(
            person=policy.person_or_404(request.user),
            period=period,
            commit=str(payload.commit),
            best_case=str(payload.best_case),
            pipeline=str(payload.pipeline),
            by=request.user,
            team=team,
        )
    except ValidationError as problem:
        raise ninja.errors.ValidationError(
            [
                {"type": "value_error", "loc": ["body", "payload", field], "msg": message}
                for field, messages in problem.message_dict.items()
                for message in messages
            ]
        ) from None
