"""Records of ``data/hydrogen.toml`` in SI units, each with its status and reference.

Values in the file keep their source's unit (kJ/mol, USD/kWh, UZS/m3, wt%, kWh/t);
:func:`parameter` returns them converted to valorize's inside units: J, kg, m, Pa,
K, USD, fractions (``%`` -> 0.01), years for lifetimes and rates per year. Money in
another currency is converted with the dated rates of ``economics.toml``.
"""

from __future__ import annotations

import functools
from typing import Any

from valorize.data.loader import STATUSES, Datum, _read, exchange_rate, references
from valorize.errors import MissingParameterError

_KWH = 3.6e6

#: Factor from the file's unit to the inside unit (offsets handled apart).
_FACTORS: dict[str, float] = {
    "1": 1.0,
    "%": 0.01,
    "%/yr": 0.01,
    "wt%": 0.01,
    "kJ/mol": 1e3,
    "kJ/(kg K)": 1e3,
    "MJ/m3": 1e6,
    "kWh/kg": _KWH,
    "kWh/t": _KWH / 1e3,
    "kg/GJ": 1e-9,
    "kg/kWh": 1.0 / _KWH,
    "kg/kg": 1.0,
    "kg/m2": 1.0,
    "t/t": 1.0,
    "USD/kg": 1.0,
    "USD/t": 1e-3,
    "USD/m2": 1.0,
    "USD/kW": 1e-3,
    "USD/kWh": 1.0 / _KWH,
    "bar": 1e5,
    "m": 1.0,
    "um": 1e-6,
    "deg": 1.0,
    "d/yr": 1.0,
    "yr": 1.0,
}
#: Units with a currency other than USD: (currency, factor of the rest).
_MONEY: dict[str, tuple[str, float]] = {"UZS/m3": ("UZS", 1.0), "UZS/kWh": ("UZS", 1.0 / _KWH)}


def _to_inside(value: float, unit: str, where: str) -> float:
    if unit == "degC":
        return value + 273.15
    if unit in _MONEY:
        currency, factor = _MONEY[unit]
        return value * factor / exchange_rate(currency, where)
    if unit not in _FACTORS:
        raise ValueError(f"{where}: unit {unit!r} is not one of {sorted(_FACTORS)}")
    return value * _FACTORS[unit]


def _check(record: dict[str, Any], where: str) -> None:
    if record["reference"] not in references():
        raise ValueError(f"{where}: reference {record['reference']!r} is not in references.toml")
    if record["status"] not in STATUSES:
        raise ValueError(f"{where}: status {record['status']!r} is not one of {STATUSES}")


@functools.cache
def parameters() -> dict[str, Datum]:
    """Every ``[parameter.NAME]`` of ``hydrogen.toml``, by name, in inside units."""
    table = _read("hydrogen.toml")["parameter"]
    out = {}
    for name, v in table.items():
        where = f"hydrogen.toml [parameter.{name}]"
        _check(v, where)
        out[name] = Datum(
            value=_to_inside(float(v["value"]), v["unit"], where),
            unit=v["unit"],
            status=v["status"],
            reference=v["reference"],
            note=v.get("note", ""),
        )
    return out


def parameter(name: str) -> Datum:
    """One record of ``hydrogen.toml`` (value in inside units, with status and reference)."""
    try:
        return parameters()[name]
    except KeyError:
        raise MissingParameterError(f"no parameter {name!r} in hydrogen.toml") from None


def value(name: str) -> float:
    """The value of :func:`parameter` ``name`` in inside units."""
    return parameter(name).value


@functools.cache
def atomic_weights() -> dict[str, float]:
    """Standard atomic weights (kg/mol) of the elements the slag model uses."""
    record = _read("hydrogen.toml")["atomic_weight"]
    _check(record, "hydrogen.toml [atomic_weight]")
    return {symbol: float(m) * 1e-3 for symbol, m in record["values"].items()}


def hydrogen_molar_mass() -> float:
    """Molar mass of H2 (kg/mol) from the atomic weight of hydrogen."""
    return 2.0 * atomic_weights()["H"]


def assumed_records() -> list[dict[str, Any]]:
    """The assumed records of ``hydrogen.toml``, as every route's results list them.

    Rows of name, value and unit as in the file, status, source and note.
    """
    from valorize.data.loader import reference

    table = _read("hydrogen.toml")["parameter"]
    return [
        {
            "name": name,
            "value": table[name]["value"],
            "unit": d.unit,
            "status": d.status,
            "source": reference(d.reference).citation,
            "note": d.note,
        }
        for name, d in sorted(parameters().items())
        if d.status == "assumed"
    ]
