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
"""

import bisect
import datetime
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple

from leadwell.crm.importing.bounds import EXACT_DIGITS
from leadwell.crm.importing.parsing import CellError
from leadwell.crm.models import ExchangeRate, Opportunity
from leadwell.lib.currency import NotACurrency, read_currency, reporting_currency

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
                f"{reporting}, the reporting currency",
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
