"""Any numeric field of a case, as a model parameter: found, described, read and set by path.

:func:`numeric_fields` walks a validated case (pydantic) and returns every number it
holds as a :class:`~valorize.model.protocol.Parameter` named by its dotted path
(``operation.pressure``, ``site.latitude``, ``roast.volatilized.Se``): the unit from
the field type's :class:`~valorize.quantities.Unit` (or the field name's suffix:
``_pct`` %, ``_kg_per_kg`` kg/kg ...), the bounds from its pydantic constraints
(``ge``, ``gt``, ``le``, ``lt``), the description from the field. Fields left empty
(None: a data default applies) and whole compositions (which must sum to 100) are not
listed; a route declares those it can vary natively. :func:`with_values` returns a
copy of the case with fields replaced.
"""

from __future__ import annotations

import math
from typing import Any, get_args

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from valorize.errors import InputError
from valorize.model.parameter import Parameter
from valorize.quantities import Unit

#: Units read from the end of a field's name, where its type names none.
SUFFIX_UNITS = (
    ("_wt_pct", "wt %"),
    ("_pct_per_yr", "%/yr"),
    ("_pct", "%"),
    ("_kg_per_kg", "kg/kg"),
    ("_kwh_per_t", "kWh/t"),
    ("_kg_per_t_copper", "kg/t"),
    ("_kg_per_m2", "kg/m^2"),
    ("_deg", "deg"),
    ("_years", "yr"),
    ("_fraction", "fraction"),
)

#: Fields whose entries are bound together (a composition sums to 100): never one alone.
BOUND_TOGETHER = ("composition_wt_pct",)


def _metadata(annotation: Any, own: list[Any]) -> list[Any]:
    """A field's constraints and markers, those of ``X | None`` unwrapped too."""
    out = list(own) + list(getattr(annotation, "__metadata__", ()))
    for arg in get_args(annotation):
        out += list(getattr(arg, "__metadata__", ()))
    # a Field(...) inside Annotated keeps its constraints in its own metadata
    return out + [m for f in out if isinstance(f, FieldInfo) for m in f.metadata]


def _constraints(metadata: list[Any]) -> tuple[float, float, str | None]:
    low, high, unit = -math.inf, math.inf, None
    for m in metadata:
        if isinstance(m, Unit):
            unit = m.symbol
        for attr in ("ge", "gt"):
            v = getattr(m, attr, None)
            if v is not None:
                low = max(low, float(v))
        for attr in ("le", "lt"):
            v = getattr(m, attr, None)
            if v is not None:
                high = min(high, float(v))
    return low, high, unit


def _unit_of(name: str, unit: str | None) -> str:
    if unit is not None:
        return unit
    return next((u for suffix, u in SUFFIX_UNITS if name.endswith(suffix)), "1")


def numeric_fields(
    case: BaseModel, prefix: str = "", exclude: tuple[str, ...] = ()
) -> list[Parameter]:
    """Every number of ``case`` (and its nested tables) as a parameter; see the module.

    ``exclude`` lists dotted paths (tables or fields) that are not inputs of the model
    (a ``[target]``, a check against reported figures, a plot's grid).
    """
    out: list[Parameter] = []
    for name, info in type(case).model_fields.items():
        value = getattr(case, name)
        path = f"{prefix}{name}"
        if path in exclude or name in BOUND_TOGETHER:
            continue
        if isinstance(value, BaseModel):
            out += numeric_fields(value, path + ".", exclude)
            continue
        low, high, unit = _constraints(_metadata(info.annotation, info.metadata))
        description = info.description or name.replace("_", " ")
        if isinstance(value, float):
            out.append(
                Parameter(path, _unit_of(name, unit), value, (low, high), description, "case file")
            )
        elif (
            isinstance(value, dict) and value and all(isinstance(v, float) for v in value.values())
        ):
            # entries of a table of numbers (shares by element): the value type's bounds
            args = get_args(info.annotation)
            entry = _metadata(args[-1], []) if args else []
            e_low, e_high, e_unit = _constraints(entry)
            for key, v in value.items():
                out.append(
                    Parameter(
                        f"{path}.{key}",
                        _unit_of(name, e_unit),
                        v,
                        (e_low, e_high),
                        f"{description}: {key}",
                        "case file",
                    )
                )
    return out


def _replace(obj: Any, parts: list[str], value: float, path: str) -> Any:
    head, rest = parts[0], parts[1:]
    if isinstance(obj, BaseModel):
        if head not in type(obj).model_fields:
            raise InputError(f"{path}: the case has no field {head!r}")
        child = getattr(obj, head)
        return obj.model_copy(update={head: _replace(child, rest, value, path) if rest else value})
    if isinstance(obj, dict):
        if head not in obj and rest:
            raise InputError(f"{path}: the case has no entry {head!r}")
        new = dict(obj)
        new[head] = _replace(obj[head], rest, value, path) if rest else value
        return new
    raise InputError(f"{path}: {'.'.join(parts)} is not a field of the case")


def with_values(case: BaseModel, values: dict[str, float]) -> BaseModel:
    """A copy of ``case`` with the fields named by dotted path set to the given numbers."""
    for path, value in values.items():
        case = _replace(case, path.split("."), float(value), path)
    return case


#: Units a case file gives as quantity text (the number, then the unit) rather than a number.
QUANTITY_UNITS = ("K", "Pa", "kg", "s", "J", "m", "m^2", "kg/s", "W/m^2", "J/kg", "yr")


def file_value(p: Parameter, value: float) -> float | str:
    """A parameter's value as its case file writes it: a number, a quantity or money text."""
    if p.unit in QUANTITY_UNITS:
        return f"{float(value)!r} {p.unit}"
    if p.unit.startswith("USD"):
        return f"{float(value)!r} {p.unit.replace('^', '')}"
    return float(value)


def with_file_values(raw: dict[str, Any], values: dict[str, float | str]) -> dict[str, Any]:
    """A deep copy of a parsed case file with the fields named by dotted path replaced."""
    import copy

    out = copy.deepcopy(raw)
    for path, value in values.items():
        *tables, key = path.split(".")
        node = out
        for t in tables:
            node = node.setdefault(t, {})
        node[key] = value
    return out
