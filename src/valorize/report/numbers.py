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
