"""Money in one currency: reading currency cells, and converting a deal's amount into the
organisation's reporting currency (LEADWELL_CURRENCY).

A deal is converted, in this order of trust:
1. its amount is already in the reporting currency: it is its own reporting amount;
2. the file carries its own converted amount (Salesforce's `Amount (converted)`, in the
   currency of `Amount (converted) Currency`), which must be in the reporting currency;
3. the exchange rate of its currency in force on its close date (the newest rate whose
   `valid_from` is on or before it); a deal without a close date takes the newest rate.
Otherwise it is a bad row that names the currency, the day and the fix: an amount is never
counted as zero, nor added to amounts in another currency.

A deal's currency is its currency column's, else the sign its amount is written with (`€1.000`,
`EUR 1,000`; a sign several currencies share only when the reporting currency is one of them),
else the reporting currency (`deal_currency`).
"""

import bisect
import datetime
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple

from leadwell.crm.importing.bounds import EXACT_DIGITS
from leadwell.crm.importing.parsing import CellError, currency_sign, text
from leadwell.crm.models import ExchangeRate, Opportunity
from leadwell.lib.currency import SHARED, NotACurrency, read_currency, reporting_currency

CENT = Decimal("0.01")
# The largest amount kept exactly on every database (as bounds.py holds the file's amounts).
LARGEST = Decimal(10) ** (EXACT_DIGITS - 2)
RATE_PLACES = Decimal(1).scaleb(-10)
ONE = Decimal(1)
Conversion = Opportunity.Conversion


def currency_parser() -> Any:
    """A cell parser for currency columns: an ISO 4217 code (any case) or an unambiguous sign."""
    reporting = reporting_currency()

    def parse(value: Any) -> str:
        try:
            return read_currency(value, reporting=reporting)
        except NotACurrency as problem:
            raise CellError(str(problem)) from None

    return parse


def amount_sign(value: Any) -> tuple[str, str] | None:
    """The sign an amount cell is written with, for `deal_currency`: (the sign, the cell) or
    None for a plain number. The cell is made readable only if the deal is refused."""
    sign = currency_sign(value)
    return (sign, value) if sign else None


class UnclearCurrency(Exception):
    """A deal whose currency cannot be known: the message names the value and the fix;
    `field` is the column to blame and `value` the cell as written."""

    def __init__(self, message: str, field: str, value: str) -> None:
        super().__init__(message)
        self.field, self.value = field, value


def deal_currency(
    column: str | None,
    sign: tuple[str, str] | None,
    reporting: str,
    *,
    currency_column: str = "Currency",
) -> tuple[str, bool]:
    """A deal's currency, and whether its amount's sign said it: the currency column's when it
    is filled, else the sign its amount is written with, else the reporting currency.

    `sign` is what `amount_sign` read: (the sign, the cell as written). A sign several
    currencies share stands for the column's currency when it is one of them, else for the
    reporting currency when that is one of them; otherwise, like a sign that names no
    currency, or another currency than the column's, it is UnclearCurrency.
    """
    if sign is None:
        return column or reporting, False
    written, cell = sign[0], text(sign[1])
    fix = "add a currency column, or write the currency's code in the amount (e.g. EUR 1,000)"
    if written in SHARED:
        codes = SHARED[written]
        if column is not None and column in codes:
            return column, False
        if column is None and reporting in codes:
            return reporting, True
        if column is None:
            examples = ", ".join(codes[:3]) + (", ..." if len(codes) > 3 else "")
            raise UnclearCurrency(
                f"{written} is the sign of several currencies ({examples}) and {reporting}, "
                f"the reporting currency, is not one of them: {fix}",
                "amount",
                cell,
            )
        signed = written
    else:
        try:
            signed = read_currency(written, reporting=reporting)
        except NotACurrency:
            raise UnclearCurrency(
                f"{written} is not a currency sign or ISO 4217 code: {fix}", "amount", cell
            ) from None
        if column is None:
            return signed, True
        if signed == column:
            return column, False
    raise UnclearCurrency(
        f"the amount is written in {signed} but the {currency_column} column says {column}: "
        f"correct one of them",
        "amount",
        cell,
    )


def in_reporting_currency(amount: Decimal, rate: Decimal) -> Decimal:
    """An amount converted at a rate, rounded to the cent (half up), as every figure keeps it."""
    return (amount * rate).quantize(CENT, rounding=ROUND_HALF_UP)


class Converted(NamedTuple):  # one per deal: a tuple is the cheapest to make
    amount: Decimal | None
    conversion: str
    rate: Decimal | None


class NoRate(Exception):
    """The message names the currency, the day and the fix; `field` the column to blame."""

    def __init__(self, message: str, field: str = "currency") -> None:
        super().__init__(message)
        self.field = field


def no_rate_message(currency: str, reporting: str, day: datetime.date | None) -> str:
    when = f"on {day.isoformat()}" if day else "(the deal has no close date)"
    return (
        f"no exchange rate for {currency} to {reporting} {when}: import exchange rates "
        f"(leadwell import exchange-rates FILE, with columns currency, rate, valid from) "
        f"with a {currency} rate valid from that day or earlier, or give the file's own "
        f"converted amount column"
    )


class Rates:
    """The exchange rates to the reporting currency, by currency, oldest first."""

    def __init__(self, reporting: str | None = None) -> None:
        self.reporting = reporting or reporting_currency()
        days: dict[str, list[datetime.date]] = defaultdict(list)
        rates: dict[str, list[Decimal]] = defaultdict(list)
        for currency, day, rate in ExchangeRate.objects.filter(
            to_currency=self.reporting
        ).values_list("currency", "valid_from", "rate"):
            days[currency].append(day)
            rates[currency].append(rate)
        self.days, self.rates = dict(days), dict(rates)

    def put(self, currency: str, day: datetime.date, rate: Decimal) -> None:
        """Add or replace the rate of `currency` from `day` on (what an import brings)."""
        days = self.days.setdefault(currency, [])
        rates = self.rates.setdefault(currency, [])
        at = bisect.bisect_left(days, day)
        if at < len(days) and days[at] == day:
            rates[at] = rate
        else:
            days.insert(at, day)
            rates.insert(at, rate)

    def rate(self, currency: str, day: datetime.date | None) -> Decimal | None:
        """The rate in force on `day` (the newest rate when there is no day), or None."""
        days = self.days.get(currency)
        if not days:
            return None
        if day is None:
            return self.rates[currency][-1]
        at = bisect.bisect_right(days, day)
        return self.rates[currency][at - 1] if at else None

    def convert(
        self,
        amount: Decimal | None,
        currency: str,
        close_date: datetime.date | None,
        *,
        converted: Decimal | None = None,
        converted_currency: str | None = None,
    ) -> Converted:
        """The deal's amount in the reporting currency, or NoRate."""
        if converted is None:  # the commonest deal first
            if amount is None:
                return Converted(None, Conversion.NONE, None)
            if currency == self.reporting:
                return Converted(amount, Conversion.SAME, ONE)
        else:
            if converted_currency and converted_currency != self.reporting:
                raise NoRate(
                    f"the converted amount is in {converted_currency}, not in {self.reporting} "
                    f"(the reporting currency, LEADWELL_CURRENCY): export it converted to "
                    f"{self.reporting}, or leave the converted column out (mapping) and import "
                    f"exchange rates",
                    "converted_currency",
                )
            rate = (converted / amount).quantize(RATE_PLACES) if amount else None
            return Converted(converted, Conversion.FILE, rate)
        rate = self.rate(currency, close_date)
        if rate is None:
            raise NoRate(no_rate_message(currency, self.reporting, close_date))
        result = in_reporting_currency(amount, rate)
        if abs(result) >= LARGEST:
            raise NoRate(
                f"out of range: {amount:,} {currency} at {format(rate.normalize(), 'f')} is "
                f"more than {LARGEST - CENT:,} {self.reporting}, the most an amount can be",
                "amount",
            )
        return Converted(result, Conversion.RATE, rate)


def currency_warnings(columns: dict[str, int], reporting: str) -> list[dict[str, str]]:
    """What a file of deals leaves to be assumed about its money, said once."""
    warnings = []
    if "amount" in columns and "currency" not in columns:
        warnings.append(
            {
                "column": "Currency",
                "reason": f"the file has no currency column: its amounts are taken to be in "
                f"{reporting}, the reporting currency, unless written with a currency's sign "
                f"or code (€1.000, EUR 1,000)",
            }
        )
    if "converted_amount" in columns and "converted_currency" not in columns:
        warnings.append(
            {
                "column": "Converted amount currency",
                "reason": f"the file does not say the currency of its converted amounts: they "
                f"are taken to be in {reporting}, the reporting currency",
            }
        )
    return warnings
