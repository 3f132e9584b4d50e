"""Money in one currency: every deal keeps its own amount and currency and its amount in the
reporting currency (LEADWELL_CURRENCY), converted from the file's own converted column or at
the exchange rate in force on its close date; figures add only the latter."""

import csv
import datetime
import io
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from leadwell.crm.models import ExchangeRate, ImportRun, Opportunity
from leadwell.lib.currency import check_setting
from leadwell.metrics.compute import recompute
from leadwell.metrics.models import ORG_ID
from tests.conftest import deal, figure_of

from .helpers import error_reasons, import_file, write

pytestmark = pytest.mark.django_db

RATES = "Currency,Rate,Valid From\nEUR,1.10,2024-01-01\nEUR,1.08,2024-04-01\nGBP,1.27,2024-01-01\n"
DEALS = (
    "Opportunity ID,Opportunity Owner,Stage,Amount,Currency,Close Date\n"
    "D1,Sam Ortiz,Closed Won,1000,EUR,2024-02-15\n"
    "D2,Sam Ortiz,Closed Won,1000,EUR,2024-05-02\n"
    "D3,Sam Ortiz,Closed Won,2500.55,GBP,2024-04-30\n"
    "D4,Sam Ortiz,Closed Won,700,USD,2024-04-30\n"
    "D5,Sofia Berg,Closed Won,333.33,eur,2024-04-01\n"
    "D6,Sofia Berg,Prospecting,9000,€,\n"
)


def rates_in_force(rates_csv: str) -> dict[str, list[tuple[datetime.date, Decimal]]]:
    """The rates file read with the csv module alone: currency -> [(valid from, rate)]."""
    table: dict[str, list[tuple[datetime.date, Decimal]]] = {}
    for row in csv.DictReader(io.StringIO(rates_csv)):
        day = datetime.date.fromisoformat(row["Valid From"])
        table.setdefault(row["Currency"], []).append((day, Decimal(row["Rate"])))
    return {currency: sorted(rows) for currency, rows in table.items()}


def expected_in_usd(deals_csv: str, rates_csv: str) -> dict[str, Decimal]:
    """Each deal's amount in USD, computed from the two files alone."""
    signs = {"€": "EUR", "£": "GBP"}
    rates = rates_in_force(rates_csv)
    result = {}
    for row in csv.DictReader(io.StringIO(deals_csv)):
        currency = signs.get(row["Currency"], row["Currency"].upper())
        amount = Decimal(row["Amount"])
        if currency == "USD":
            result[row["Opportunity ID"]] = amount
            continue
        close = row["Close Date"]
        if close:
            day = datetime.date.fromisoformat(close)
            rate = [r for valid_from, r in rates[currency] if valid_from <= day][-1]
        else:
            rate = rates[currency][-1][1]
        result[row["Opportunity ID"]] = (amount * rate).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
    return result


def bookings(scope_kind: str, scope_id: int, start: datetime.date) -> float | None:
    return figure_of(scope_kind, scope_id, "quarter", start, "bookings")


def imported(tmp_path, content: str, kind: str = "opportunities", name: str = "f.csv", **kw):
    run = import_file(write(tmp_path, content, name), kind, **kw)
    assert run.status == "succeeded", (run.message, run.errors)
    return run


def test_a_file_of_euros_pounds_and_dollars_converts_each_deal_at_the_rate_in_force_on_its_close_date(
    personas, tmp_path
):
    imported(tmp_path, RATES, "exchange-rates", "rates.csv")
    imported(tmp_path, DEALS)
    expected = expected_in_usd(DEALS, RATES)
    stored = {o.external_id: o for o in Opportunity.objects.all()}
    assert {k: o.amount_in_reporting_currency for k, o in stored.items()} == expected
    # Each keeps its own amount and currency, and how it was converted.
    assert (stored["D1"].amount, stored["D1"].currency) == (Decimal(1000), "EUR")
    assert (stored["D1"].conversion, stored["D1"].exchange_rate) == ("rate", Decimal("1.1"))
    assert (stored["D2"].exchange_rate, stored["D5"].exchange_rate) == (Decimal("1.08"),) * 2
    assert (stored["D4"].conversion, stored["D4"].exchange_rate) == ("same", 1)
    assert stored["D6"].currency == "EUR"  # the sign, and no close date: the newest rate
    # Q2 bookings add the USD amounts only, never the raw ones.
    q2 = datetime.date(2024, 4, 1)
    won_q2 = ["D2", "D3", "D4", "D5"]
    assert bookings("org", ORG_ID, q2) == pytest.approx(float(sum(expected[k] for k in won_q2)))
    sam = ["D2", "D3", "D4"]
    assert bookings("person", personas.seller.pk, q2) == pytest.approx(
        float(sum(expected[k] for k in sam))
    )


def test_an_amount_in_a_currency_without_a_rate_is_a_bad_row_naming_the_currency_and_the_fix(
    personas, tmp_path
):
    imported(tmp_path, RATES, "exchange-rates", "rates.csv")
    content = (
        "Opportunity ID,Opportunity Owner,Stage,Amount,Currency,Close Date\n"
        "D1,Sam Ortiz,Closed Won,1000,JPY,2024-03-01\n"
        "D2,Sam Ortiz,Closed Won,1000,EUR,2023-12-31\n"
        "D3,Sam Ortiz,Closed Won,,JPY,2024-03-01\n"
    )
    run = import_file(write(tmp_path, content))
    assert run.status == "refused"
    fix = (
        ": import exchange rates (leadwell import exchange-rates FILE, with columns currency, "
        "rate, valid from) with a {0} rate valid from that day or earlier, or give the file's "
        "own converted amount column"
    )
    assert error_reasons(run) == [
        (2, "Currency", "no exchange rate for JPY to USD on 2024-03-01" + fix.format("JPY")),
        (3, "Currency", "no exchange rate for EUR to USD on 2023-12-31" + fix.format("EUR")),
    ]
    assert [e["value"] for e in run.errors] == ["JPY", "EUR"]
    assert not Opportunity.objects.exists()


def test_a_value_that_is_not_an_iso_currency_code_is_a_bad_value_not_a_currency(personas, tmp_path):
    content = (
        "Opportunity ID,Opportunity Owner,Stage,Amount,Currency\n"
        "D1,Sam Ortiz,Prospecting,100,Sin_Factura\n"
        "D2,Sam Ortiz,Prospecting,100,SIN\n"
        "D3,Sam Ortiz,Prospecting,100,XXX\n"
    )
    run = import_file(write(tmp_path, content))
    reason = "not a currency code: write the ISO 4217 code of the currency (USD, EUR, GBP, ...)"
    assert error_reasons(run) == [(line, "Currency", reason) for line in (2, 3, 4)]
    assert [e["value"] for e in run.errors] == ["Sin_Factura", "SIN", "XXX"]


def test_a_dollar_sign_is_the_reporting_currency_only_when_that_is_a_dollar(
    personas, tmp_path, settings
):
    content = (
        "Opportunity ID,Opportunity Owner,Stage,Amount,Currency\nD1,Sam Ortiz,Prospecting,100,$\n"
    )
    imported(tmp_path, content)
    assert Opportunity.objects.get().currency == "USD"
    settings.LEADWELL_CURRENCY = "EUR"
    run = import_file(write(tmp_path, content.replace("D1", "D2"), "eur.csv"))
    assert error_reasons(run) == [
        (2, "Currency", "$ is the sign of several currencies: write the code (USD, CAD, AUD, ...)")
    ]


def test_a_file_without_a_currency_column_is_in_the_reporting_currency_and_says_so(
    personas, tmp_path, settings
):
    settings.LEADWELL_CURRENCY = "GBP"
    run = imported(
        tmp_path, "Opportunity ID,Opportunity Owner,Stage,Amount\nD1,Sam Ortiz,Prospecting,100\n"
    )
    found = Opportunity.objects.get()
    assert (found.currency, found.amount_in_reporting_currency) == ("GBP", Decimal(100))
    assert {
        "column": "Currency",
        "reason": "the file has no currency column: its amounts are taken to be in GBP, "
        "the reporting currency, unless written with a currency's sign or code "
        "(€1.000, EUR 1,000)",
    } in run.warnings


SALESFORCE_REPORT = (
    "Opportunity ID,Opportunity Owner,Stage,Close Date,Amount Currency,Amount,"
    "Amount (converted) Currency,Amount (converted)\n"
    'S1,Sam Ortiz,Closed Won,2024-02-01,EUR,"1,000.00",USD,"1,093.40"\n'
    "S2,Sam Ortiz,Closed Won,2024-02-01,USD,500.00,USD,500.00\n"
)


def test_a_salesforce_report_with_converted_amounts_uses_them_and_needs_no_rate(personas, tmp_path):
    run = imported(tmp_path, SALESFORCE_REPORT)
    columns = {c["header"]: c["field"] for c in run.columns}
    assert columns["Amount"] == "amount"
    assert columns["Amount (converted)"] == "converted_amount"
    assert columns["Amount (converted) Currency"] == "converted_currency"
    s1 = Opportunity.objects.get(external_id="S1")
    assert (s1.amount, s1.currency) == (Decimal(1000), "EUR")
    assert (s1.amount_in_reporting_currency, s1.conversion) == (Decimal("1093.40"), "file")
    assert s1.exchange_rate == Decimal("1.0934")
    assert bookings("org", ORG_ID, datetime.date(2024, 1, 1)) == pytest.approx(1593.40)


def test_converted_amounts_in_another_currency_than_the_reporting_one_are_bad_rows(
    personas, tmp_path
):
    content = SALESFORCE_REPORT.replace(',USD,"1,093.40"', ',GBP,"860.00"')
    run = import_file(write(tmp_path, content))
    assert error_reasons(run) == [
        (
            2,
            "Amount (converted) Currency",
            "the converted amount is in GBP, not in USD (the reporting currency, "
            "LEADWELL_CURRENCY): export it converted to USD, or leave the converted column out "
            "(mapping) and import exchange rates",
        )
    ]


def test_changing_a_rate_converts_its_deals_again_and_refreshes_the_scorecards(personas, tmp_path):
    imported(tmp_path, RATES, "exchange-rates", "rates.csv")
    imported(tmp_path, DEALS)
    imported(tmp_path, SALESFORCE_REPORT, name="report.csv")
    q2 = datetime.date(2024, 4, 1)
    before = bookings("org", ORG_ID, q2)
    changed = RATES.replace("EUR,1.08,2024-04-01", "EUR,1.20,2024-04-01")
    run = imported(tmp_path, changed, "exchange-rates", "new-rates.csv")
    assert (run.created, run.updated, run.unchanged) == (0, 1, 2)
    # D2, D5 and D6 stand under the changed rate; D1 under the January one, S1 converted by
    # its own file, D4 already in dollars.
    assert {
        "column": "Rate",
        "reason": "3 deal(s) in EUR were converted again: their amounts "
        "in USD changed, and so do the figures they count in",
    } in run.warnings
    expected = expected_in_usd(DEALS, changed)
    stored = dict(Opportunity.objects.values_list("external_id", "amount_in_reporting_currency"))
    assert {k: stored[k] for k in expected} == expected
    assert stored["S1"] == Decimal("1093.40")
    after = bookings("org", ORG_ID, q2)
    assert after == pytest.approx(
        before + float((Decimal("1.20") - Decimal("1.08")) * Decimal("1333.33"))
    )
    assert after == pytest.approx(float(sum(expected[k] for k in ["D2", "D3", "D4", "D5"])))
    # The refresh is what a full recompute gives.
    recompute()
    assert bookings("org", ORG_ID, q2) == pytest.approx(after)
    assert bookings("person", personas.seller2.pk, q2) == pytest.approx(float(expected["D5"]))


def test_a_rates_dry_run_counts_what_the_import_does_and_converts_nothing(personas, tmp_path):
    imported(tmp_path, RATES, "exchange-rates", "rates.csv")
    imported(tmp_path, DEALS)
    changed = RATES.replace("1.08", "1.20") + "CHF,1.13,2024-01-01\n"
    path = write(tmp_path, changed, "new.csv")
    snapshot = list(Opportunity.objects.values_list("pk", "amount_in_reporting_currency"))
    checked = import_file(path, "exchange-rates", dry_run=True)
    assert checked.status == "dry_run"
    assert list(Opportunity.objects.values_list("pk", "amount_in_reporting_currency")) == snapshot
    assert ExchangeRate.objects.count() == 3
    done = import_file(path, "exchange-rates")
    assert (checked.created, checked.updated, checked.unchanged) == (1, 1, 2)
    assert (done.created, done.updated, done.unchanged) == (1, 1, 2)
    assert [w["reason"].split(":")[0] for w in checked.warnings] == [
        "3 deal(s) in EUR would be converted again"
    ]
    assert [w["reason"].split(":")[0] for w in done.warnings] == [
        "3 deal(s) in EUR were converted again"
    ]


def test_deals_imported_before_their_rate_count_once_it_is_imported(personas, tmp_path):
    # Deals kept before exchange rates existed (an older Leadwell): no figure counts them.
    imported(
        tmp_path,
        "\n".join(
            line.rsplit(",", 2)[0] + ",USD," + line.rsplit(",", 1)[1]
            if line.startswith("D")
            else line
            for line in DEALS.splitlines()
        ),
    )
    Opportunity.objects.filter(external_id="D1").update(
        currency="EUR", amount_in_reporting_currency=None, conversion="", exchange_rate=None
    )
    q1 = datetime.date(2024, 1, 1)
    recompute()
    assert bookings("org", ORG_ID, q1) in (None, 0)
    page = personas.client("admin").get(reverse("settings")).content.decode()
    assert "1 deal in EUR" in page
    imported(tmp_path, RATES, "exchange-rates", "rates.csv")
    assert Opportunity.objects.get(external_id="D1").amount_in_reporting_currency == Decimal(1100)
    assert bookings("org", ORG_ID, q1) == pytest.approx(1100)


def test_rates_are_read_forgivingly_and_bad_ones_are_bad_rows(personas, tmp_path):
    content = (
        "currency,exchange rate,valid from\n"
        'eur,"1,10",01.01.2024\n'
        "USD,1,01.01.2024\n"
        "Sin_Factura,2,01.01.2024\n"
        "GBP,0,01.01.2024\n"
        'USD,"1,5",01.01.2024\n'
    )
    run = import_file(write(tmp_path, content), "exchange-rates")
    assert error_reasons(run) == [
        (
            4,
            "currency",
            "not a currency code: write the ISO 4217 code of the currency (USD, EUR, GBP, ...)",
        ),
        (5, "exchange rate", "a rate must be more than 0"),
        (6, "exchange rate", "USD is the reporting currency: its rate is 1"),
    ]
    good = import_file(
        write(tmp_path, "\n".join(content.splitlines()[:3]) + "\n", "ok.csv"), "exchange-rates"
    )
    assert good.status == "succeeded" and (good.created, good.skipped) == (1, 1)
    assert list(
        ExchangeRate.objects.values_list("currency", "to_currency", "rate", "valid_from")
    ) == [("EUR", "USD", Decimal("1.1"), datetime.date(2024, 1, 1))]
    assert good.warnings[-1]["reason"] == (
        "1 row(s) of USD, the reporting currency, were skipped: it needs no rate"
    )


def test_the_reporting_currency_must_be_an_iso_code():
    assert check_setting(" eur ") == "EUR"
    for bad in ("XYZ", "Euro", "", "XXX"):
        with pytest.raises(ValueError, match="LEADWELL_CURRENCY must be an ISO 4217"):
            check_setting(bad)


def test_a_bad_reporting_currency_stops_leadwell_with_a_clear_message(monkeypatch):
    import importlib

    import leadwell.settings as leadwell_settings

    monkeypatch.setenv("LEADWELL_CURRENCY", "Dollars")
    with pytest.raises(ImproperlyConfigured, match="LEADWELL_CURRENCY must be an ISO 4217"):
        importlib.reload(leadwell_settings)
    monkeypatch.delenv("LEADWELL_CURRENCY")
    importlib.reload(leadwell_settings)


def test_a_deal_made_in_the_reporting_currency_is_its_own_reporting_amount(personas):
    made = deal(personas.seller, "won", 1234, "2024-02-01")
    assert (made.currency, made.amount_in_reporting_currency, made.conversion) == (
        "USD",
        Decimal(1234),
        "same",
    )


def test_the_migration_fills_the_reporting_amount_of_deals_in_the_reporting_currency(personas):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("leadwell.crm.migrations.0006_money_in_one_currency")
    usd = deal(personas.seller, "won", 500, "2024-02-01")
    eur = deal(personas.seller, "won", 400, "2024-02-01", currency="EUR")
    Opportunity.objects.update(amount_in_reporting_currency=None, conversion="", exchange_rate=None)
    migration.fill_reporting_amounts(apps, None)
    usd.refresh_from_db()
    eur.refresh_from_db()
    assert (usd.amount_in_reporting_currency, usd.conversion) == (Decimal(500), "same")
    assert (eur.amount_in_reporting_currency, eur.conversion) == (None, "")


def test_the_settings_page_shows_the_reporting_currency_and_the_rates(personas, tmp_path):
    imported(tmp_path, RATES, "exchange-rates", "rates.csv")
    for who in ("seller", "leader", "admin"):
        page = personas.client(who).get(reverse("settings"))
        assert page.status_code == 200
        text = page.content.decode()
        assert "<strong>USD</strong> (US Dollar)" in text, who
        assert (
            '<td>GBP</td><td class="num">1.27</td><td><time datetime="2024-01-01">1 Jan 2024</time></td>'
            in text
        ), who
        assert ("Import exchange rates</a>" in text) == (who == "admin"), who


def test_the_deals_page_shows_each_deal_in_the_reporting_currency_and_its_own(personas, tmp_path):
    imported(tmp_path, RATES, "exchange-rates", "rates.csv")
    imported(tmp_path, DEALS)
    url = reverse("metrics:deals", args=[personas.seller.pk])
    page = personas.client("leader").get(f"{url}?period=2024-Q2&metric=bookings").content.decode()
    assert "Amount (USD)" in page
    assert '1,080<br><span class="muted">1,000 EUR at 1.08</span>' in page
    assert "Amounts are in USD, the reporting currency." in page


def test_rates_through_the_api_everyone_reads_and_only_administrators_set(personas):
    body = {"rates": [{"currency": "EUR", "rate": "1.1", "valid_from": "2024-01-01"}]}
    seller = personas.api("seller")
    refused = seller.post("/api/v1/exchange-rates", body, content_type="application/json")
    assert refused.status_code == 404
    assert not ExchangeRate.objects.exists()
    deal(personas.seller, "won", 1000, "2024-02-01", currency="EUR")
    answer = personas.api("admin").post(
        "/api/v1/exchange-rates", body, content_type="application/json"
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "succeeded" and answer.json()["counts"]["created"] == 1
    assert Opportunity.objects.get().amount_in_reporting_currency == Decimal(1100)
    for who in ("seller", "leader", "admin"):
        listed = personas.api(who).get("/api/v1/exchange-rates")
        assert listed.status_code == 200, who
        assert listed.json() == [
            {
                "currency": "EUR",
                "to_currency": "USD",
                "rate": "1.1000000000",
                "valid_from": "2024-01-01",
            }
        ]
    bad = {"rates": [{"currency": "Sin_Factura", "rate": "1.1", "valid_from": "2024-01-01"}]}
    refused_value = personas.api("admin").post(
        "/api/v1/exchange-rates", bad, content_type="application/json"
    )
    assert refused_value.json()["status"] == "refused"
    assert refused_value.json()["errors"][0]["value"] == "Sin_Factura"
    assert ImportRun.objects.filter(kind="exchange-rates").count() == 2


def test_an_administrator_imports_exchange_rates_on_the_imports_page(personas):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = personas.client("admin")
    response = client.post(
        reverse("import-new"),
        {
            "kind": "exchange-rates",
            "preset": "auto",
            "key": "",
            "file": SimpleUploadedFile("rates.csv", RATES.encode()),
        },
    )
    run = ImportRun.objects.get()
    assert response["Location"] == reverse("import-review", args=[run.pk])
    client.post(reverse("import-start", args=[run.pk]), {"action": "import"})
    done = client.get(reverse("import-review", args=[run.pk])).content.decode()
    assert "Created <strong>3</strong>" in done
    assert ExchangeRate.objects.count() == 3


def test_after_the_reporting_currency_changes_recompute_converts_every_deal_into_it(
    personas, tmp_path, settings, monkeypatch
):
    from click.testing import CliRunner

    from leadwell.cli import main

    imported(tmp_path, RATES, "exchange-rates", "rates.csv")
    imported(tmp_path, DEALS)
    imported(tmp_path, SALESFORCE_REPORT, name="report.csv")
    settings.LEADWELL_CURRENCY = "EUR"
    # Until converted again, the pages say the figures are in the old currency.
    page = personas.client("admin").get(reverse("settings")).content.decode()
    assert "8 deals were converted into another reporting currency than EUR" in page
    url = reverse("metrics:person", args=[personas.seller.pk])
    scorecard = personas.client("seller").get(f"{url}?period=2024-Q2").content.decode()
    assert "8 deals still count in the reporting currency used before EUR" in scorecard
    imported(tmp_path, "Currency,Rate,Valid From\nUSD,0.9,2024-01-01\n", "exchange-rates", "r.csv")
    monkeypatch.setenv("LEADWELL_DATA_DIR", str(tmp_path))
    result = CliRunner().invoke(main, ["recompute"], prog_name="leadwell", catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "Converted 8 deal(s) into the reporting currency first." in result.output
    found = {
        o.external_id: (o.amount_in_reporting_currency, o.reporting_currency, o.conversion)
        for o in Opportunity.objects.all()
    }
    assert found["D1"] == (Decimal(1000), "EUR", "same")  # its own amount, in euros
    assert found["D4"] == (Decimal(630), "EUR", "rate")  # 700 USD at 0.9
    # Salesforce's conversion was into dollars: converted at the rates now.
    assert found["S1"] == (Decimal(1000), "EUR", "same")
    assert found["S2"] == (Decimal(450), "EUR", "rate")
    # GBP has no rate to EUR: counted in no amount, and said so.
    assert found["D3"] == (None, "", "")
    page = personas.client("admin").get(reverse("settings")).content.decode()
    assert "converted into another reporting currency" not in page
    assert "1 deal in GBP" in page
    q2 = datetime.date(2024, 4, 1)
    euros = Decimal(1000) + Decimal(630) + Decimal("333.33")  # D2, D4, D5
    assert bookings("org", ORG_ID, q2) == pytest.approx(float(euros))


def test_an_amount_too_large_once_converted_is_a_bad_row_not_a_database_error(personas, tmp_path):
    imported(tmp_path, "Currency,Rate,Valid From\nEUR,20000,2024-01-01\n", "exchange-rates")
    content = (
        "Opportunity ID,Opportunity Owner,Stage,Amount,Currency,Close Date\n"
        "D1,Sam Ortiz,Prospecting,9999999999999,EUR,2024-03-01\n"
    )
    run = import_file(write(tmp_path, content))
    assert error_reasons(run) == [
        (
            2,
            "Amount",
            "out of range: 9,999,999,999,999.00 EUR at 20000 is more than 9,999,999,999,999.99 USD, "
            "the most an amount can be",
        )
    ]


# --- an amount's own currency sign ------------------------------------------------------

SIGNED_HEADER = "Opportunity ID,Opportunity Owner,Stage,Amount,Close Date\n"


def test_a_euro_sign_on_an_amount_makes_the_deal_euros_converted_at_the_rate_in_force(
    personas, tmp_path
):
    imported(tmp_path, RATES, "exchange-rates", "rates.csv")
    imported(
        tmp_path,
        SIGNED_HEADER + 'E1,Sam Ortiz,Closed Won,"€1,000",2024-02-15\n'
        'E2,Sam Ortiz,Closed Won,"1 000 €",2024-05-02\n'
        'E3,Sam Ortiz,Closed Won,"EUR 1,000",2024-05-02\n',
    )
    found = {o.external_id: o for o in Opportunity.objects.all()}
    assert {k: (o.amount, o.currency) for k, o in found.items()} == {
        k: (Decimal(1000), "EUR") for k in ("E1", "E2", "E3")
    }
    assert found["E1"].amount_in_reporting_currency == Decimal("1100.00")  # at 1.10
    assert found["E2"].amount_in_reporting_currency == Decimal("1080.00")  # at 1.08
    assert found["E1"].conversion == "rate"


def test_a_pound_sign_without_a_pound_rate_is_a_bad_row_naming_gbp_and_the_fix(personas, tmp_path):
    run = import_file(write(tmp_path, SIGNED_HEADER + "P1,Sam Ortiz,Closed Won,£250,2024-02-15\n"))
    assert run.status == "refused"
    [error] = run.errors
    assert (error["column"], error["value"]) == ("Amount", "£250")
    assert error["reason"].startswith("no exchange rate for GBP to USD on 2024-02-15")
    assert "import exchange rates" in error["reason"]
    assert not Opportunity.objects.exists()


def test_a_dollar_sign_on_an_amount_is_the_reporting_currency_when_that_is_a_dollar(
    personas, tmp_path
):
    imported(tmp_path, SIGNED_HEADER + 'U1,Sam Ortiz,Prospecting,"$1,234.56",\n')
    found = Opportunity.objects.get()
    assert (found.amount, found.currency, found.conversion) == (Decimal("1234.56"), "USD", "same")


def test_a_dollar_sign_on_an_amount_is_a_bad_row_when_the_reporting_currency_is_not_a_dollar(
    personas, tmp_path, settings
):
    settings.LEADWELL_CURRENCY = "EUR"
    run = import_file(write(tmp_path, SIGNED_HEADER + 'U1,Sam Ortiz,Prospecting,"$1,234.56",\n'))
    assert error_reasons(run) == [
        (
            2,
            "Amount",
            "$ is the sign of several currencies (USD, CAD, AUD, ...) and EUR, the reporting "
            "currency, is not one of them: add a currency column, or write the currency's code "
            "in the amount (e.g. EUR 1,000)",
        )
    ]
    assert [e["value"] for e in run.errors] == ["$1,234.56"]


def test_a_currency_column_that_contradicts_the_amounts_sign_is_a_bad_row_naming_both(
    personas, tmp_path
):
    imported(tmp_path, RATES + "CAD,0.74,2024-01-01\n", "exchange-rates", "rates.csv")
    content = (
        "Opportunity ID,Opportunity Owner,Stage,Amount,Deal Currency\n"
        "C1,Sam Ortiz,Prospecting,€100,GBP\n"
        "C2,Sam Ortiz,Prospecting,€100,EUR\n"  # agreeing: fine
        "C3,Sam Ortiz,Prospecting,$100,CAD\n"  # a dollar sign on a dollar currency: fine
    )
    run = import_file(write(tmp_path, content), mapping={"columns": {"currency": "Deal Currency"}})
    assert error_reasons(run) == [
        (
            2,
            "Amount",
            "the amount is written in EUR but the Deal Currency column says GBP: "
            "correct one of them",
        )
    ]
    assert [e["value"] for e in run.errors] == ["€100"]


def test_plain_numbers_are_in_the_reporting_currency_as_before_and_no_sign_is_said(
    personas, tmp_path
):
    run = imported(
        tmp_path,
        SIGNED_HEADER + 'N1,Sam Ortiz,Prospecting,"1,000.50",\nN2,Sam Ortiz,Prospecting,-20,\n',
    )
    assert set(Opportunity.objects.values_list("currency", "conversion")) == {("USD", "same")}
    assert not [w for w in run.warnings if "sign" in w["reason"] and w["column"] == "Amount"]


def test_the_currencies_read_from_signs_are_said_once_with_their_rows(personas, tmp_path):
    imported(tmp_path, RATES, "exchange-rates", "rates.csv")
    run = imported(
        tmp_path,
        SIGNED_HEADER + "S1,Sam Ortiz,Prospecting,€100,\n"
        "S2,Sam Ortiz,Prospecting,€200,\n"
        "S3,Sam Ortiz,Prospecting,300 €,\n"
        "S4,Sam Ortiz,Prospecting,£400,\n"
        "S5,Sam Ortiz,Prospecting,500,\n",
    )
    assert {
        "column": "Amount",
        "reason": "currency read from the amount's sign: EUR (3 rows), GBP (1 row)",
    } in run.warnings
    assert dict(Opportunity.objects.values_list("external_id", "currency")) == {
        "S1": "EUR",
        "S2": "EUR",
        "S3": "EUR",
        "S4": "GBP",
        "S5": "USD",
    }


def test_the_first_rows_shown_before_importing_carry_each_amounts_currency_sign(personas, tmp_path):
    from leadwell.crm.importing.preview import preview
    from leadwell.crm.importing.rows import ImportOptions

    path = write(
        tmp_path,
        SIGNED_HEADER + 'E1,Sam Ortiz,Closed Won,"€1,000",2024-02-15\n'
        "P1,Sam Ortiz,Closed Won,250,2024-02-15\n",
    )
    shown = preview(path, ImportOptions(kind="opportunities"))
    assert [row["values"]["amount"] for row in shown.rows] == ["1000.00 €", "250.00"]
