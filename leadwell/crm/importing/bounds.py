"""What a cell may hold, read from the model field its value is written into.

A value the database cannot keep exactly must never reach it. SQLite would keep `1e309` as
infinity and a 20-digit amount rounded, after which every page that reads them fails;
PostgreSQL would stop the whole import with an error. So each column's parser is wrapped in a
check built from the declaration of the field the column is written into (`FieldSpec.into`):
max_digits and decimal_places, max_length, the range of the integer type, the choices. A value
outside them is a bad value on its line, with the reason, like any other; the bounds move with
the schema because they are read from it.
"""

import datetime
import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.apps import apps
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations

from leadwell.crm.importing.fields import FieldSpec
from leadwell.crm.importing.parsing import CellError
from leadwell.crm.models import Account

# SQLite keeps a decimal column's value as a double, exact to 15 significant digits; beyond
# that it rounds (and Django then cannot read 9999999999999999.99 back at all). Numbers are
# held to the digits every supported database keeps exactly, so a file means the same on all.
EXACT_DIGITS = 15

# A DateField holds years 1 to 9999, but the fiscal calendar the summaries are computed over
# runs from the earliest to the latest date in the CRM data, a year to spare each side, day by
# day. A CRM date outside these years is a typo (0217, 20177), and keeping it would make every
# summary span centuries.
FIRST_DAY = datetime.date(1950, 1, 1)
LAST_DAY = datetime.date(2099, 12, 31)

# Neither database can keep a NUL character, nor a lone surrogate (which is not Unicode text).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")

# Text some fields keep in another form too, which must fit its own column:
# (the form's field, how it is made from the value).
ALSO_KEPT_AS: dict[str, list[tuple[str, Callable[[str], str]]]] = {
    "crm.Account.name": [("crm.Account.name_key", Account.key_for)],
    "crm.Opportunity.currency": [("crm.Opportunity.currency", str.upper)],
    "org.Person.email": [("org.Person.email", str.lower)],
}


def model_field(into: str) -> Any:
    """The model field named "app.Model.field"."""
    app_label, model_name, field_name = into.split(".")
    return apps.get_model(app_label, model_name)._meta.get_field(field_name)


def bounded(spec: FieldSpec, parse: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """`parse`, refusing what the field the column is written into cannot hold."""
    check = _check_for(spec)

    def read(value: Any) -> Any:
        if isinstance(value, str) and _UNSTORABLE.search(value):
            raise CellError(unstorable_reason(value))
        return check(parse(value))

    return read


def unstorable_reason(value: str) -> str:
    if "\x00" in value:
        return "contains a NUL character (\\x00), which cannot be stored"
    return "contains an unpaired surrogate, which is not text that can be stored"


def _check_for(spec: FieldSpec) -> Callable[[Any], Any]:
    field = model_field(spec.into)
    if spec.type in ("decimal", "percent"):
        return decimal_check(field)
    if spec.type == "integer":
        return integer_check(field)
    if spec.type == "date":
        return date_check(field)
    if spec.type == "period":
        return period_check(field)
    if spec.type == "choice:yes_no":
        # Read to yes or no, which the writer turns into an outcome or a status (those
        # are checked where they are kept).
        return _as_read
    if spec.type.startswith("choice:"):
        return choice_check(field)
    return text_check(spec, field)


def _as_read(value: Any) -> Any:
    return value


def decimal_check(field: models.DecimalField) -> Callable[[Decimal], Decimal]:
    places = field.decimal_places
    whole_digits = min(field.max_digits, EXACT_DIGITS) - places
    step = Decimal(1).scaleb(-places)
    limit = Decimal(10) ** whole_digits
    largest = f"{limit - step:,}"
    reason = f"out of range: numbers here are kept between -{largest} and {largest}"

    def check(value: Decimal) -> Decimal:
        if not value.is_finite():
            raise CellError("not a number")
        if value and value.adjusted() >= whole_digits:
            raise CellError(reason)
        # Rounded here to what the column keeps, so the value stored is the value read back.
        value = value.quantize(step, rounding=ROUND_HALF_UP)
        if abs(value) >= limit:
            raise CellError(reason)
        return value

    return check


def integer_check(field: models.Field) -> Callable[[Decimal], int]:
    # The range of the field's type on every database (SQLite's integers are wider).
    low, high = BaseDatabaseOperations.integer_field_ranges[field.get_internal_type()]
    reason = f"out of range: whole numbers here are kept between {low:,} and {high:,}"

    def check(value: Decimal) -> int:
        if not value.is_finite() or not low <= value <= high:
            raise CellError(reason if value.is_finite() else "not a number")
        return int(value)

    return check


def date_check(field: models.DateField) -> Callable[[datetime.date], datetime.date]:
    reason = f"out of range: dates are kept from {FIRST_DAY} to {LAST_DAY}"

    def check(value: datetime.date) -> datetime.date:
        if not FIRST_DAY <= value <= LAST_DAY:
            raise CellError(reason)
        return value

    return check


def period_check(field: models.DateField) -> Callable[[Any], Any]:
    within = date_check(field)

    def check(period: Any) -> Any:
        within(period.start)
        return period

    return check


def choice_check(field: models.Field) -> Callable[[str], str]:
    allowed = {value for value, _ in field.flatchoices}

    def check(value: str) -> str:
        # The importer's spellings all lead to the model's choices; this holds them there.
        if value not in allowed:
            raise CellError(f"not one of {', '.join(sorted(allowed))}")
        return value

    return check


def text_check(spec: FieldSpec, field: models.CharField) -> Callable[[str], str]:
    length = int(field.max_length or 0)
    also = [
        (int(model_field(into).max_length or 0), form)
        for into, form in ALSO_KEPT_AS.get(spec.into, [])
    ]
    too_long = f"too long: at most {length} characters"

    def check(value: str) -> str:
        if len(value) > length:
            if not spec.cut:
                raise CellError(too_long)
            value = value[:length].rstrip()
        for limit, form in also:
            if len(form(value)) > limit:
                raise CellError(too_long)
        return value

    return check
