"""Numbers as tables show them: money in M USD, ordinary magnitudes without exponents."""

from __future__ import annotations

from typing import Any


def shown(value: Any, unit: str) -> tuple[str, str]:
    """The text of a value and the unit it is shown in (USD become M USD); "n/a" for None.

    A value under 1e-9 in magnitude is shown as 0 (a break-even solved to zero, not a
    tiny price); below 1e5, five significant digits; above, whole numbers with
    thousands separators.
    """
    if value is None:
        return "n/a", unit
    if isinstance(value, str):
        return value, ""
    if unit == "USD":
        return f"{value / 1e6:,.2f}", "M USD"
    if abs(value) < 1e-9:
        return "0", unit
    return (f"{value:,.5g}" if abs(value) < 1e5 else f"{value:,.0f}"), unit


def value_with_unit(value: Any, unit: str) -> str:
    """A value as :func:`shown` gives it, followed by its unit unless it is a pure number."""
    text, unit = shown(value, unit)
    return f"{text} {unit}" if unit not in ("1", "") and value is not None else text


#: Units not written after a number (pure numbers).
DIMENSIONLESS = ("", "1", "SI")


def value_text(value: Any, unit: str) -> str:
    """A recorded value as a reader wants it: ``5 kW/m2``, ``0.054``, ``Se 91.1, Te 1.2 wt %``.

    A table of element shares is written element by element in its order; a list as its
    items; a pure number (unit ``1``) without a unit.
    """
    after = "" if unit in DIMENSIONLESS else f" {unit}"
    if isinstance(value, dict):
        return ", ".join(f"{k} {v:g}" for k, v in value.items()) + after
    if isinstance(value, list | tuple):
        return ", ".join(f"{v:g}" if isinstance(v, float | int) else str(v) for v in value) + after
    if isinstance(value, float | int):
        return f"{value:g}{after}"
    return f"{value}{after}"


def money_text(usd: float | None) -> str:
    """``39.59 M USD``; ``n/a`` for a missing amount."""
    return "n/a" if usd is None else f"{usd / 1e6:,.2f} M USD"


def percent_text(x: float | None) -> str:
    """``205.2 %``; ``n/a`` where there is none (an IRR without a root)."""
    return "n/a" if x is None else f"{x:,.1f} %"


def years_text(x: float | None) -> str:
    """``0.53 yr``; ``never`` for a payback never reached (null in JSON)."""
    return "never" if x is None else f"{x:.2f} yr"


def assumption_rows(records: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Each assumed or estimated number as a report row.

    Its name in words, then the value with its unit, status, citation and note (how
    the value was reached).
    """
    rows = []
    for a in records:
        note = " ".join(str(a.get("note", "")).split())
        text = (
            f"{value_text(a['value'], a['unit'])} ({a['status']}). "
            f"Source: {' '.join(str(a['source']).split())}." + (f" {note}" if note else "")
        )
        rows.append((str(a["name"]).replace("_", " "), text))
    return rows
