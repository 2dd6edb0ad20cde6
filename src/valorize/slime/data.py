"""Records of ``data/anode_slime.toml`` in inside units, each with its status and reference.

Values in the file keep their source's unit (kg/t, kWh/t, USD/t, wt %);
:func:`parameter` returns them converted: kg/kg, J/kg, USD/kg, fractions.
Split tables (``[roast.*]``, ``[leach.*]``, ``[precious_metals.*]``) give a
share per element; :func:`split` returns them as an array over
:data:`ELEMENTS`, zero for an element the table does not list.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from valorize.data.loader import STATUSES, Datum, _read, references
from valorize.errors import InputError, MissingParameterError

#: Elements of a slime, in the order of every array of this package; ``other``
#: is the rest of the slime (O, sulfate, Ba, Si ...), carried as one pseudo-element.
ELEMENTS: tuple[str, ...] = (
    "Se",
    "Te",
    "Cu",
    "Ag",
    "Au",
    "Pb",
    "Ni",
    "As",
    "Sb",
    "Bi",
    "S",
    "Fe",
    "other",
)

_KWH = 3.6e6

#: Factor from the file's unit to the inside unit.
_FACTORS: dict[str, float] = {
    "1": 1.0,
    "kg/t": 1e-3,
    "kg/kg": 1.0,
    "kWh/t": _KWH / 1e3,
    "USD/t": 1e-3,
}


def _check(record: dict[str, Any], where: str) -> None:
    if record["reference"] not in references():
        raise ValueError(f"{where}: reference {record['reference']!r} is not in references.toml")
    if record["status"] not in STATUSES:
        raise ValueError(f"{where}: status {record['status']!r} is not one of {STATUSES}")


def _raw() -> dict[str, Any]:
    return _read("anode_slime.toml")


@functools.cache
def parameters() -> dict[str, Datum]:
    """Every ``[parameter.NAME]`` of ``anode_slime.toml``, by name, in inside units."""
    out = {}
    for name, v in _raw()["parameter"].items():
        where = f"anode_slime.toml [parameter.{name}]"
        _check(v, where)
        if v["unit"] not in _FACTORS:
            raise ValueError(f"{where}: unit {v['unit']!r} is not one of {sorted(_FACTORS)}")
        out[name] = Datum(
            value=float(v["value"]) * _FACTORS[v["unit"]],
            unit=v["unit"],
            status=v["status"],
            reference=v["reference"],
            note=v.get("note", ""),
        )
    return out


def parameter(name: str) -> Datum:
    """One record of ``anode_slime.toml`` (value in inside units, with status and reference)."""
    try:
        return parameters()[name]
    except KeyError:
        raise MissingParameterError(f"no parameter {name!r} in anode_slime.toml") from None


def value(name: str) -> float:
    """The value of :func:`parameter` ``name`` in inside units."""
    return parameter(name).value


@functools.cache
def split_records() -> dict[str, dict[str, Any]]:
    """Every split table, keyed ``'roast.volatilized'`` etc., checked (shares in [0, 1])."""
    data = _raw()
    out = {}
    for step in ("roast", "leach", "precious_metals"):
        for name, v in data[step].items():
            where = f"anode_slime.toml [{step}.{name}]"
            _check(v, where)
            unknown = set(v["values"]) - set(ELEMENTS)
            if unknown:
                raise ValueError(f"{where}: unknown element {sorted(unknown)[0]!r}")
            if any(not 0.0 <= float(s) <= 1.0 for s in v["values"].values()):
                raise ValueError(f"{where}: shares must lie in [0, 1]")
            out[f"{step}.{name}"] = v
    return out


def split(key: str) -> np.ndarray:
    """Shares of split table ``key`` (e.g. ``'roast.volatilized'``) over :data:`ELEMENTS`."""
    records = split_records()
    if key not in records:
        raise MissingParameterError(f"no split table {key!r} in anode_slime.toml")
    values = records[key]["values"]
    return np.array([float(values.get(e, 0.0)) for e in ELEMENTS])


@functools.cache
def compositions() -> dict[str, Datum]:
    """Slime analyses of ``[composition.NAME]``: value is a wt % dict over :data:`ELEMENTS`."""
    out = {}
    for name, v in _raw()["composition"].items():
        where = f"anode_slime.toml [composition.{name}]"
        _check(v, where)
        out[name] = Datum(v["values"], "wt%", v["status"], v["reference"], v.get("note", ""))
    return out


@functools.cache
def ranges() -> dict[str, dict[str, Any]]:
    """Bounds of the uncertain inputs, ``[range."PATH"]``: low, high, status, reference, note.

    Each PATH is an input of the slime route (tests/unit/test_slime_data.py checks it).
    """
    out = {}
    for path, v in _raw().get("range", {}).items():
        where = f"anode_slime.toml [range.{path!r}]"
        _check(v, where)
        if not float(v["low"]) <= float(v["high"]):
            raise ValueError(f"{where}: low must not exceed high")
        out[path] = v
    return out


@functools.cache
def atomic_weights() -> dict[str, float]:
    """Standard atomic weights (kg/mol) the reagent balances use."""
    record = _raw()["atomic_weight"]
    _check(record, "anode_slime.toml [atomic_weight]")
    return {symbol: float(m) * 1e-3 for symbol, m in record["values"].items()}


def fractions(composition_wt_pct: dict[str, float], where: str) -> np.ndarray:
    """Mass fractions over :data:`ELEMENTS` from a wt % dict that must sum to 100."""
    unknown = sorted(set(composition_wt_pct) - set(ELEMENTS))
    if unknown:
        raise InputError(f"{where}: unknown element {unknown[0]!r}; known: {', '.join(ELEMENTS)}")
    if any(v < 0 for v in composition_wt_pct.values()):
        raise InputError(f"{where}: mass percentages must not be negative")
    total = sum(composition_wt_pct.values())
    if abs(total - 100.0) > 1e-6:
        raise InputError(f"{where}: mass percentages must sum to 100, not {total:g}")
    return np.array([composition_wt_pct.get(e, 0.0) / 100.0 for e in ELEMENTS])


def assumed_records() -> list[dict[str, Any]]:
    """The assumed records of ``anode_slime.toml``: parameters, split tables, ranges.

    Rows of name, value and unit as in the file, status, source and note.
    """
    from valorize.data.loader import reference

    raw = _raw()
    rows = [
        {
            "name": name,
            "value": raw["parameter"][name]["value"],
            "unit": d.unit,
            "status": d.status,
            "source": reference(d.reference).citation,
            "note": d.note,
        }
        for name, d in sorted(parameters().items())
        if d.status == "assumed"
    ]
    for key, v in sorted(split_records().items()):
        if v["status"] == "assumed":
            rows.append(
                {
                    "name": key,
                    "value": v["values"],
                    "unit": "fraction",
                    "status": v["status"],
                    "source": reference(v["reference"]).citation,
                    "note": v.get("note", ""),
                }
            )
    for key, v in sorted(ranges().items()):
        if v["status"] == "assumed":
            rows.append(
                {
                    "name": f"range.{key}",
                    "value": [v["low"], v["high"]],
                    "unit": "",
                    "status": v["status"],
                    "source": reference(v["reference"]).citation,
                    "note": v.get("note", ""),
                }
            )
    return rows
