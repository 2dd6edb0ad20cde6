"""A parameter of a model: a case field analyses may vary, with its unit, bounds and source."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from valorize.errors import InputError

#: How pint spells the units parameters are given in, where it differs.
PINT_UNITS = {
    "fraction": "dimensionless",
    "1": "dimensionless",
    "wt %": "percent",
    "%": "percent",
    "%/yr": "percent/year",
    "deg": "degree",
}


@dataclass(frozen=True)
class Parameter:
    """An input of a model: a case field that analyses may vary.

    Attributes
    ----------
    name
        Dotted path of the case field (``operation.temperature``).
    unit
        Unit of the values :meth:`Model.evaluate` takes (and distributions are in).
    baseline
        The case's value, data defaults filled in, in ``unit``.
    bounds
        Physical bounds (low, high) in ``unit``; infinite where unbounded.
    description
        What it is, in words.
    source
        Where the baseline comes from (the case file or a data record's citation).
    """

    name: str
    unit: str
    baseline: float
    bounds: tuple[float, float]
    description: str
    source: str = ""

    def read(self, value: float | str, where: str, spread: bool = False) -> float:
        """A number of this parameter in its unit: a bare number as it is, text converted.

        ``"380 degC"`` for a parameter in K gives 653.15; ``"70 t/yr"`` in kg/s gives
        0.00222; money (``"25 USD/kg"``) is converted at the dated exchange rates. With
        ``spread`` (a normal distribution's standard deviation) the text is read as a
        difference: ``"20 degC"`` is 20 K, not 293.15 K.

        Raises
        ------
        InputError
            For text that is not a quantity of the parameter's dimension.
        """
        if not isinstance(value, str):
            return float(value)
        if self.unit.startswith("USD"):
            from valorize.economics.money import parse_money

            per = self.unit.split("/", 1)[1].replace("^", "") if "/" in self.unit else None
            return parse_money(value, where, per=per)
        from valorize.quantities import parse_in_unit

        unit = PINT_UNITS.get(self.unit, self.unit)
        number = parse_in_unit(value, unit, where)
        if not spread:
            return number
        zero = value.strip().split(maxsplit=1)
        return number - parse_in_unit(f"0 {zero[1]}", unit, where) if len(zero) == 2 else number

    def check(self, values: np.ndarray, where: str) -> None:
        """Raise :class:`~valorize.errors.InputError` unless all values lie in the bounds."""
        low, high = self.bounds
        bad = ~np.isfinite(values) | (values < low) | (values > high)
        if np.any(bad):
            v = float(np.asarray(values)[bad].flat[0])
            unit = "" if self.unit == "1" else f" {self.unit}"
            raise InputError(
                f"{where}: {self.name} = {v:g}{unit} is outside its bounds "
                f"[{low:g}, {high:g}]{unit}"
            )
