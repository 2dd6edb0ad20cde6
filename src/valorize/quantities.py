"""Quantities with units at the edges of valorize; SI floats inside.

Case files and command-line options give quantities as text with a unit
("400 degC", "10 Pa", "1 mmHg"). :func:`parse_quantity` turns such text into a
float in the SI unit of the expected dimension (K, Pa, kg, s, ...) with
:mod:`pint`, which is imported only when text actually needs parsing; pint's answers
are kept between runs (:mod:`valorize.quantity_memo`), so a case read before is read
without importing pint.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from typing import Any

from valorize.errors import InputError
from valorize.quantity_memo import conversion_memo, remember

#: SI unit valorize uses inside for each dimension it accepts at the edges.
SI_UNITS: dict[str, str] = {
    "temperature": "kelvin",
    "pressure": "pascal",
    "mass": "kilogram",
    "time": "second",
    "energy": "joule",
    "length": "meter",
    "area": "meter**2",
    "mass_rate": "kilogram/second",
    "heat_flux": "watt/meter**2",
    "specific_energy": "joule/kilogram",
}

#: The symbol of each SI unit of :data:`SI_UNITS`, as tables and parameters show it.
SI_SYMBOLS: dict[str, str] = {
    "temperature": "K",
    "pressure": "Pa",
    "mass": "kg",
    "time": "s",
    "energy": "J",
    "length": "m",
    "area": "m^2",
    "mass_rate": "kg/s",
    "heat_flux": "W/m^2",
    "specific_energy": "J/kg",
}


@dataclass(frozen=True)
class Unit:
    """The unit a case field's number is in, once read (metadata of its type).

    ``Annotated[float, ..., Unit("K")]`` lets :mod:`valorize.model.fields` name the
    field's unit when the field becomes a model parameter.
    """

    symbol: str


_EXAMPLES: dict[str, str] = {
    "temperature": "'673.15 K' or '400 degC'",
    "pressure": "'10 Pa', '0.1 kPa' or '1 mmHg'",
    "mass": "'75 t' or '1 kg'",
    "time": "'30 min'",
    "energy": "'1 kWh'",
    "length": "'10 mm'",
    "area": "'1 m^2'",
    "mass_rate": "'75 t/yr'",
    "heat_flux": "'5 kW/m^2'",
    "specific_energy": "'120 kWh/t'",
}

_NUMBER_THEN_UNIT = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$")


def _import_pint_without_dask() -> Any:
    """pint, imported as if dask were not installed.

    pint imports dask (about 0.1 s) whenever it can find it, for unit-aware dask
    arrays valorize never makes; with the ``[scale]`` extra installed that would slow
    every command. ``sys.modules["dask"] = None`` makes pint's ``find_spec("dask")``
    answer None while pint is imported; dask itself imports as usual afterwards (where
    a command scales out).
    """
    import sys

    if "pint" in sys.modules or "dask" in sys.modules:
        import pint

        return pint
    sys.modules["dask"] = None  # type: ignore[assignment]
    try:
        import pint
    finally:
        del sys.modules["dask"]
    return pint


@functools.cache
def _registry() -> Any:
    pint = _import_pint_without_dask()
    try:
        # pint parses its unit definitions once and keeps them in the user's cache
        # folder: later starts skip the parse (about 0.4 s)
        return pint.UnitRegistry(autoconvert_offset_to_baseunit=True, cache_folder=":auto:")
    except OSError:  # pragma: no cover - e.g. a read-only home
        return pint.UnitRegistry(autoconvert_offset_to_baseunit=True)


def _pint_value(number: str, unit: str, target: str) -> float:
    """pint's value of ``number unit`` in ``target``: from the memo if read before.

    A miss asks pint and keeps a finite answer (:mod:`valorize.quantity_memo`); pint's
    errors propagate (match them with :func:`_pint_errors`, which imports nothing new:
    an error means pint ran).
    """
    key = f"{number} {unit} -> {target}"
    value = conversion_memo().get(key)
    if value is None:
        value = float(_registry().Quantity(float(number), unit).to(target).magnitude)
        if math.isfinite(value):
            remember(key, value)
    return value


def _pint_errors() -> Any:
    """``pint.errors``, for the except clauses around :func:`_pint_value`."""
    return _import_pint_without_dask().errors


def parse_quantity(text: str | float | int, dimension: str, field: str) -> float:
    """Convert a quantity given as text with a unit into SI.

    Parameters
    ----------
    text
        A number followed by a unit, for example ``"400 degC"``.
    dimension
        One of the keys of :data:`SI_UNITS`.
    field
        The name of the option or case-file field, used in error messages
        (empty when the caller adds it).

    Returns
    -------
    float
        The value in the SI unit of ``dimension``.

    Raises
    ------
    InputError
        If the text has no number, no unit, an unknown unit or a unit of
        another dimension.

    Examples
    --------
    >>> parse_quantity("400 degC", "temperature", "--temperature")
    673.15
    >>> round(parse_quantity("1 mmHg", "pressure", "--pressure"), 3)
    133.322
    """
    if dimension not in SI_UNITS:
        raise ValueError(f"unknown dimension {dimension!r}")
    example = _EXAMPLES[dimension]
    where = f"{field}: " if field else ""
    what = dimension.replace("_", " ")
    if isinstance(text, int | float):
        raise InputError(f"{where}{text!r} has no unit; give a {what} such as {example}")
    match = _NUMBER_THEN_UNIT.match(str(text))
    if match is None:
        raise InputError(f"{where}cannot read {text!r} as a {what}; give e.g. {example}")
    number, unit = match.groups()
    if not unit:
        raise InputError(f"{where}{text!r} has no unit; give a {what} such as {example}")
    _refuse_misleading_unit(unit, text, dimension, where, example)
    try:
        value = _pint_value(number, unit, SI_UNITS[dimension])
    except _pint_errors().UndefinedUnitError:
        raise InputError(
            f"{where}unknown unit {unit!r} in {text!r}; give a {what} such as {example}"
        ) from None
    except _pint_errors().DimensionalityError:
        raise InputError(
            f"{where}{text!r} is not a {what}; give a {what} such as {example}"
        ) from None
    except (_pint_errors().PintError, ValueError, TypeError, AttributeError) as exc:
        raise InputError(f"{where}cannot read {text!r} as a {what} ({exc})") from None
    if not math.isfinite(value):
        raise InputError(f"{where}{text!r} is not a finite {what}; give e.g. {example}")
    return value


def _refuse_misleading_unit(
    unit: str, text: object, dimension: str, where: str, example: str
) -> None:
    """Refuse units pint reads as something the user may not mean.

    A temperature difference (``delta_degC``) where an absolute temperature is asked, and
    ``ton``, which pint reads as the US short ton (907.2 kg), not the tonne.
    """
    words = set(re.findall(r"[A-Za-z_]+", unit))
    if dimension == "temperature" and any(w.startswith("delta_") for w in words):
        raise InputError(
            f"{where}{text!r} is a temperature difference; give an absolute temperature "
            f"such as {example}"
        )
    if words & {"ton", "tons"}:
        raise InputError(
            f"{where}'ton' in {text!r} is ambiguous (pint reads the US short ton, 907.2 kg); "
            "give 't' for the tonne or 'short_ton'"
        )


_RELATIVE = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*%\s*rel\s*$")


def number_and_unit(text: str) -> tuple[float, str] | None:
    """``"91.2 %"`` as ``(91.2, "%")``: the number and the unit text after it; None if none."""
    match = _NUMBER_THEN_UNIT.match(text)
    return (float(match.group(1)), match.group(2)) if match else None


def relative_share(text: object) -> float | None:
    """A relative standard deviation written ``"8 %rel"`` as a share (0.08); None otherwise.

    >>> relative_share("8 %rel"), relative_share("0.05 t")
    (0.08, None)
    """
    match = _RELATIVE.match(text) if isinstance(text, str) else None
    return float(match.group(1)) / 100.0 if match else None


def parse_in_unit(text: str, unit: str, field: str) -> float:
    """Convert a quantity given as text into the given unit (e.g. a correlation's size unit).

    >>> round(parse_in_unit("1 m^3/min", "ft^3/min", "size"), 2)
    35.31
    """
    where = f"{field}: " if field else ""
    match = _NUMBER_THEN_UNIT.match(str(text)) if isinstance(text, str) else None
    if match is None or not match.group(2):
        raise InputError(f"{where}{text!r} needs a number and a unit, such as '1 {unit}'")
    _refuse_misleading_unit(match.group(2), text, "", where, f"'1 {unit}'")
    try:
        return _pint_value(match.group(1), match.group(2), unit)
    except _pint_errors().DimensionalityError:
        raise InputError(f"{where}{text!r} cannot be converted to {unit}") from None
    except (_pint_errors().PintError, ValueError, TypeError, AttributeError) as exc:
        raise InputError(f"{where}cannot read {text!r} ({exc})") from None
