"""Writer for exchange rates: how much one unit of a currency is worth in the reporting
currency, from a day on.

A rate that is new or changed converts again every deal of its currency that a rate converts
(or that waited for one): their amounts in the reporting currency are rewritten, marked as
written by this import, so that the summaries of their sellers and periods are refreshed with
the import (leadwell/metrics/receivers.py). Deals converted by their own file's converted
column, or already in the reporting currency, are left as they are. A check counts the deals
it would convert again, and writes nothing.
"""

from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from leadwell.crm.importing.money import Rates, in_reporting_currency
from leadwell.crm.importing.rows import Row, RowError
from leadwell.crm.importing.writers.base import Item, Writer, upsert
from leadwell.crm.models import ExchangeRate, Opportunity

Conversion = Opportunity.Conversion


class RateWriter(Writer):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.rates = Rates()
        self.touched: set[str] = set()
        self.own_currency_rows = 0

    def write(self, rows: list[Row]) -> list[RowError]:
        errors: list[RowError] = []
        items: list[Item] = []
        reporting = self.rates.reporting
        for row in rows:
            v = row.values
            if v["rate"] <= 0:
                errors.append(self.error(row, "rate", "a rate must be more than 0"))
                continue
            if v["currency"] == reporting:
                if v["rate"] != 1:
                    reason = f"{reporting} is the reporting currency: its rate is 1"
                    errors.append(self.error(row, "rate", reason))
                else:
                    self.own_currency_rows += 1
                    self.counts["skipped"] += 1
                continue
            data = {
                "currency": v["currency"],
                "to_currency": reporting,
                "rate": v["rate"],
                "valid_from": v["valid_from"],
            }
            items.append((row, (v["currency"], v["valid_from"]), data))
        candidates = ExchangeRate.objects.filter(
            to_currency=reporting, currency__in={d["currency"] for _, _, d in items}
        )

        def touched(data: dict[str, Any]) -> None:
            self.touched.add(data["currency"])
            self.rates.put(data["currency"], data["valid_from"], data["rate"])

        errors += upsert(
            self,
            candidates,
            lambda r: (r.currency, r.valid_from),
            items,
            key_field="currency",
            on_change=lambda _, old, new: touched(new),
            on_create=touched,
        )
        return errors

    def finish(self) -> list[RowError]:
        errors = super().finish()
        reporting = self.rates.reporting
        if self.own_currency_rows:
            self.warnings.append(
                {
                    "column": self.plan.column_name("currency"),
                    "reason": f"{self.own_currency_rows} row(s) of {reporting}, the reporting "
                    f"currency, were skipped: it needs no rate",
                }
            )
        for currency in sorted(self.touched):
            count = reconvert(self.rates, currency, run=self.run, writing=self.writing)
            if count:
                self.warnings.append(
                    {
                        "column": self.plan.column_name("rate"),
                        "reason": f"{count} deal(s) in {currency} "
                        f"{'were' if self.writing else 'would be'} converted again: their "
                        f"amounts in {reporting} changed, and so do the figures they count in",
                    }
                )
        return errors


def reconvert(rates: Rates, currency: str, *, run=None, writing: bool = True) -> int:
    """Convert again, at `rates`, the deals of `currency` a rate converts (or that wait for
    one); returns how many changed. Only counts when not `writing`."""
    deals = Opportunity.objects.filter(currency=currency, amount__isnull=False).exclude(
        conversion__in=[Conversion.FILE, Conversion.SAME]
    )
    return convert_again(rates, deals, run=run, writing=writing)


def convert_stale(*, writing: bool = True) -> int:
    """Convert again every deal whose amount is not in the reporting currency of now: those no
    rate converted yet, and all of them after LEADWELL_CURRENCY changed (`leadwell recompute`
    runs it). A file's own converted amount into another currency cannot be kept: such a deal
    is converted at the rates, or waits for one. Returns how many changed."""
    rates = Rates()
    deals = Opportunity.objects.filter(amount__isnull=False).filter(
        Q(amount_in_reporting_currency__isnull=True) | ~Q(reporting_currency=rates.reporting)
    )
    return convert_again(rates, deals, writing=writing)


def convert_again(rates: Rates, deals: QuerySet[Opportunity], *, run=None, writing=True) -> int:
    reporting = rates.reporting
    changed = []
    fields = ["amount_in_reporting_currency", "reporting_currency", "conversion", "exchange_rate"]
    rows = deals.values_list("pk", "amount", "currency", "close_date", *fields)
    for pk, amount, currency, close_date, *current in rows.iterator(chunk_size=2000):
        if current[2] == Conversion.FILE and current[1] == reporting:
            continue  # the CRM's own conversion, into the reporting currency
        if currency == reporting:
            new = [amount, reporting, Conversion.SAME, Decimal(1)]
        elif (rate := rates.rate(currency, close_date)) is not None:
            new = [in_reporting_currency(amount, rate), reporting, Conversion.RATE, rate]
        else:
            new = [None, "", Conversion.NONE, None]
        if new == current:
            continue
        deal = Opportunity(pk=pk, last_import=run, updated_at=timezone.now())
        for name, value in zip(fields, new, strict=True):
            setattr(deal, name, value)
        changed.append(deal)
    if writing and changed:
        Opportunity.objects.bulk_update(
            changed, [*fields, "updated_at", *(["last_import"] if run else [])], batch_size=500
        )
    return len(changed)
