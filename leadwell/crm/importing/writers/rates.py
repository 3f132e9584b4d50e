"""Writer for exchange rates: how much one unit of a currency is worth in the reporting
currency, from a day on.

A rate that is new or changed converts again every deal of its currency that a rate converts
(or that waited for one): their amounts in the reporting currency are rewritten, marked as
written by this import, so that the summaries of their sellers and periods are refreshed with
the import (leadwell/metrics/receivers.py). Deals converted by their own file's converted
column, or already in the reporting currency, are left as they are. A check counts the deals
it would convert again, and writes nothing.
"""

from typing import Any

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
    changed = []
    deals = (
        Opportunity.objects.filter(currency=currency, amount__isnull=False)
        .exclude(conversion__in=[Conversion.FILE, Conversion.SAME])
        .values_list("pk", "amount", "close_date", "amount_in_reporting_currency", "conversion")
    )
    for pk, amount, close_date, current, conversion in deals.iterator(chunk_size=2000):
        rate = rates.rate(currency, close_date)
        if rate is None or amount is None:
            continue  # no rate in force on its day: it stays as it was
        new = in_reporting_currency(amount, rate)
        if new == current and conversion == Conversion.RATE:
            continue
        changed.append(
            Opportunity(
                pk=pk,
                amount_in_reporting_currency=new,
                conversion=Conversion.RATE,
                exchange_rate=rate,
                last_import=run,
                updated_at=timezone.now(),
            )
        )
    if writing and changed:
        Opportunity.objects.bulk_update(
            changed,
            [
                "amount_in_reporting_currency",
                "conversion",
                "exchange_rate",
                "last_import",
                "updated_at",
            ],
            batch_size=500,
        )
    return len(changed)
