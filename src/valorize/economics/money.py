"""Money with a currency at the edges, USD inside.

Case files give amounts as text with an ISO currency code ("280e6 KZT",
"4 USD", "2500000 UZS"); prices per quantity as "25 USD/kg" or
"18 KZT/kWh". Exchange rates are dated records of ``data/economics.toml``
with their source; the case's economics says which date to use.
"""

from __future__ import annotations

import re

from valorize.data.loader import exchange_rate
from valorize.errors import InputError

_MONEY = re.compile(
    r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*([A-Za-z]{3})\s*(?:/\s*(\S+))?\s*$"
)


def parse_money(text: str, field: str, per: str | None = None) -> float:
    """Convert ``"280e6 KZT"`` (or ``"25 USD/kg"`` with ``per="kg"``) to USD.

    Parameters
    ----------
    text
        Amount, a space, an ISO 4217 code, and for prices ``/unit``.
    field
        Case-file field for error messages.
    per
        The unit a price must be given per (``"kg"``, ``"kWh"``, ``"t"``,
        ``"month"``), or None for a plain amount.

    Examples
    --------
    >>> parse_money("4 USD/kg", "price", per="kg")
    4.0
    """
    if not isinstance(text, str):
        raise InputError(f"{field}: {text!r} needs a currency, e.g. '4 USD' or '280e6 KZT'")
    match = _MONEY.match(text)
    if match is None:
        example = f"'4 USD/{per}'" if per else "'280e6 KZT'"
        raise InputError(f"{field}: cannot read {text!r} as money; give e.g. {example}")
    amount, currency, unit = match.groups()
    if (unit or None) != per:
        wanted = f"per {per}" if per else "without a '/unit'"
        raise InputError(f"{field}: {text!r} must be {wanted}")
    return float(amount) / exchange_rate(currency.upper(), field)
