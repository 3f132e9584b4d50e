"""What the JSON API accepts from a caller, declared once for every endpoint.

- `Id`: an object's id, a whole number from 1 to the largest a 64-bit key holds. A larger one
  would overflow the database driver (a 500 on SQLite, a DataError on PostgreSQL); zero and
  negative ids name nothing. Either answers 422 saying so, wherever the id is sent: in the
  path, the query string or the body.
- `Pages`: page-number pagination whose page number has the same kind of bound.
- `Day`: a date, written YYYY-MM-DD; `PeriodName`: a period, e.g. FY2017-Q3.
- `Input`: the base of every request body. A body is a JSON object with only the documented
  fields (a misspelt field is refused, never silently ignored), each of its JSON type (`"5"` is
  not a number, `0` is not false), finite numbers, and no text holding the NUL character,
  which PostgreSQL cannot store.
- `Filters`: the base of every group of query parameters: the same rules, except that a query
  string is text, so `?page=2` is read as the number it spells.

An answer that refuses input is django-ninja's 422: `{"detail": [{"type", "loc", "msg"}, ...]}`.
"""

import datetime
import re
from typing import Annotated, Any

from ninja import Field, Schema
from ninja.errors import ValidationError
from ninja.pagination import PageNumberPagination
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Strict,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

# The largest value of a 64-bit signed integer: every primary key is a BigAutoField.
MAX_ID = 2**63 - 1
# No list comes near a billion pages; the bound keeps the row offset far inside 64 bits.
MAX_PAGE = 1_000_000_000

NUL = "\x00"


def _an_id(value: int) -> int:
    if not 1 <= value <= MAX_ID:
        raise PydanticCustomError(
            "id_out_of_range",
            "An id is a whole number from 1 to {largest}; no object has the id {value}.",
            {"largest": MAX_ID, "value": value},
        )
    return value


Id = Annotated[
    int,
    AfterValidator(_an_id),
    Field(json_schema_extra={"minimum": 1, "maximum": MAX_ID}),
]

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _written_as_a_day(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str) or not _ISO_DAY.fullmatch(value):
        raise PydanticCustomError("date_format", "Write a date as YYYY-MM-DD, e.g. 2025-04-01.")
    return value


# A date from JSON text: Strict(False) lets the body's strict types read it from its string.
Day = Annotated[datetime.date, BeforeValidator(_written_as_a_day), Strict(False)]


# The period names the API reads (lib/periods.py reads a few more spellings), with years from
# 1000 to 2999 so that every period and the trend before it are days a calendar holds. The empty
# text means the default period.
PERIOD_PATTERN = (
    r"^ *(?:(?:[Ff][Yy] *)?[12][0-9]{3} *[-_ ]? *[Qq][1-4]"
    r"|[Ff][Yy] *[12][0-9]{3}"
    r"|[Ff][Yy] *[12][0-9]{3} *- *[Mm](?:0?[1-9]|1[0-2])"
    r"|[12][0-9]{3}-(?:0?[1-9]|1[0-2]))? *$"
)
_PERIOD = re.compile(PERIOD_PATTERN)


def _a_period(text: str) -> str:
    if not _PERIOD.fullmatch(text):
        raise PydanticCustomError(
            "period_format",
            "Not a period: '{text}'. Write a fiscal quarter (FY2017-Q3 or 2017-Q3), a fiscal year "
            "(FY2017), a fiscal month (FY2017-M04) or a month (2017-03), years 1000 to 2999.",
            {"text": text},
        )
    return text


PeriodName = Annotated[
    str, AfterValidator(_a_period), Field(json_schema_extra={"pattern": PERIOD_PATTERN})
]


def _a_page(value: int) -> int:
    if not 1 <= value <= MAX_PAGE:
        raise PydanticCustomError(
            "page_out_of_range",
            "A page number is a whole number from 1 to {largest}.",
            {"largest": MAX_PAGE},
        )
    return value


class PageQuery(BaseModel):
    page: Annotated[
        int,
        AfterValidator(_a_page),
        Field(json_schema_extra={"minimum": 1, "maximum": MAX_PAGE}),
    ] = Field(1, description="The page number, from 1; a page past the last is empty")
    page_size: int | None = Field(
        None, ge=1, description="Items per page, at most 100 (default: the list's own)"
    )


class Pages(PageNumberPagination):
    """Numbered pages, `?page=` from 1 to MAX_PAGE."""

    Input = PageQuery  # type: ignore[assignment]


def _nul_in(value: Any) -> bool:
    """Whether any text in a JSON value (its keys included) holds the NUL character."""
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(_nul_in(key) or _nul_in(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return any(_nul_in(item) for item in value)
    return False


def _kind_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


# How the schema says "no NUL character" (a JSON Schema pattern, ECMA-262 syntax).
NO_NUL_PATTERN = "^[^\\u0000]*$"


def _document_no_nul(schema: dict[str, Any]) -> None:
    """Give every text in a model's JSON schema (lists of text too) the no-NUL pattern."""
    if schema.get("type") == "string" and "format" not in schema and "enum" not in schema:
        schema.setdefault("pattern", NO_NUL_PATTERN)
    for part in schema.get("properties", {}).values():
        _document_no_nul(part)
    if isinstance(schema.get("additionalProperties"), dict):
        schema.setdefault("propertyNames", {"pattern": NO_NUL_PATTERN})
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            _document_no_nul(schema[key])
    for key in ("anyOf", "oneOf", "allOf"):
        for part in schema.get(key, []):
            _document_no_nul(part)


class Filters(BaseModel):
    """Query parameters: only the documented ones, and text without NUL."""

    model_config = ConfigDict(
        extra="forbid", allow_inf_nan=False, json_schema_extra=_document_no_nul
    )

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        if _nul_in(value):
            raise PydanticCustomError(
                "nul_character",
                "Text cannot hold the NUL character (\\u0000): remove it and send again.",
            )
        return value


class Input(Filters):
    """A request body: a JSON object of the documented fields, each of its own JSON type."""

    model_config = ConfigDict(strict=True)

    @model_validator(mode="before")
    @classmethod
    def _a_json_object(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            raise PydanticCustomError(
                "not_an_object",
                "Send a JSON object with the documented fields (an empty object {} when "
                "none is needed), not {kind}.",
                {"kind": _kind_of(data)},
            )
        return data


class Nothing(Input):
    """The body of an action that needs no input: nothing, or an empty object."""


def invalid(where: tuple[str | int, ...], message: str) -> ValidationError:
    """A 422 for input the endpoint checks itself, shaped like every other: `where` is the
    place of the value, e.g. ("form", "kind") or ("body", "payload", "records")."""
    return ValidationError([{"type": "value_error", "loc": list(where), "msg": message}])


class Message(Schema):
    """A refusal in words: `{"detail": "Not Found"}`."""

    detail: str
