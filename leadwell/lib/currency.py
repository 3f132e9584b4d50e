"""Currency codes: ISO 4217, as pycountry keeps it, and the organisation's reporting currency.

A code is checked against the standard's list, never guessed from its shape: `Sin_Factura`
("no invoice" in a Spanish export) is not a currency called SIN. A few symbols are accepted
where they name one currency only (€, £, ₹); a sign several currencies share (`$`, `¥`, `kr`)
is read as the reporting currency when that is one of them, and refused otherwise
(docs/decisions.md). The same table reads the sign an amount is written with (`€1.000`).
"""

import re
from functools import cache

import pycountry
from django.conf import settings

# Symbols that name one currency whatever the file's country.
SYMBOLS = {"€": "EUR", "£": "GBP", "₹": "INR", "₩": "KRW", "₪": "ILS", "₺": "TRY", "₽": "RUB"}
# Spellings that add a country to a dollar or a real.
PREFIXED = {"US$": "USD", "C$": "CAD", "CA$": "CAD", "A$": "AUD", "AU$": "AUD", "NZ$": "NZD"}
PREFIXED |= {"HK$": "HKD", "S$": "SGD", "R$": "BRL", "MX$": "MXN"}
# Signs several currencies share: each stands for the reporting currency when that is one of
# them, and for none otherwise (a file's `$` is not known to be US dollars in a euro company).
# The likeliest first: they are the examples a message gives.
_DOLLARS = sorted(c.alpha_3 for c in pycountry.currencies if "Dollar" in c.name)
SHARED = {
    "$": ("USD", "CAD", "AUD", *(code for code in _DOLLARS if code not in ("USD", "CAD", "AUD"))),
    "¥": ("JPY", "CNY"),
    "kr": ("SEK", "NOK", "DKK", "ISK"),
}
# Every sign an amount may be written with, longest first (so `US$` is not read as `$`).
SIGNS = sorted([*SYMBOLS, *PREFIXED, *SHARED], key=len, reverse=True)


# Codes the standard keeps for "no currency" and for testing: never a deal's currency.
NOT_MONEY = {"XXX", "XTS"}


class NotACurrency(ValueError):
    """The message says why, and how to write the value instead."""


@cache
def name_of(code: str) -> str | None:
    """The currency's name (Euro) when `code` is an ISO 4217 code, else None."""
    if len(code) != 3 or code.upper() in NOT_MONEY:
        return None
    found = pycountry.currencies.get(alpha_3=code.upper())
    return found.name if found is not None else None


def is_dollar(code: str) -> bool:
    return "Dollar" in (name_of(code) or "")


def reporting_currency() -> str:
    """The organisation's reporting currency (LEADWELL_CURRENCY): every figure is in it."""
    return str(settings.LEADWELL_CURRENCY)


def read_currency(value: object, *, reporting: str | None = None) -> str:
    """The ISO 4217 code a cell names (`eur`, `EUR`, `€`, ` usd `), or NotACurrency."""
    raw = " ".join(str(value).split())
    reporting = reporting or reporting_currency()
    if raw in SYMBOLS:
        return SYMBOLS[raw]
    if raw.upper() in PREFIXED:
        return PREFIXED[raw.upper()]
    if raw in SHARED:
        return shared_sign(raw, reporting)
    if re.fullmatch(r"[A-Za-z]{3}", raw) and name_of(raw):
        return raw.upper()
    raise NotACurrency(
        "not a currency code: write the ISO 4217 code of the currency (USD, EUR, GBP, ...)"
    )


def shared_sign(sign: str, reporting: str) -> str:
    """The reporting currency, when it is one of the currencies that write `sign`; else
    NotACurrency saying which currencies it could be."""
    if reporting in SHARED[sign]:
        return reporting
    codes = SHARED[sign]
    examples = ", ".join(codes[:3]) + (", ..." if len(codes) > 3 else "")
    raise NotACurrency(f"{sign} is the sign of several currencies: write the code ({examples})")


def check_setting(value: str) -> str:
    """LEADWELL_CURRENCY as the settings keep it, or a message saying what is wrong."""
    code = value.strip().upper()
    if len(code) != 3 or not name_of(code):
        raise ValueError(
            f"LEADWELL_CURRENCY must be an ISO 4217 currency code such as USD, EUR or GBP, "
            f"not {value!r}."
        )
    return code
