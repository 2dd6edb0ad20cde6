"""The dashboard's page for a case of any route: controls from the model's parameters.

A route with no page of its own (anode slime, slag to hydrogen, crude tellurium) gets
one control per native parameter of its model (label, unit and bounds from the
:class:`~valorize.model.protocol.Parameter`), its metrics with labels and units, its
targets met or not. An edited value that is a field of the case file is written back
into the TOML text (comments and sources kept, :mod:`tomlkit`), so a saved scenario or
a downloaded case holds it; a parameter that is not a field (a price factor) changes
the answer on the page only, and the page says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from valorize.errors import ValorizeError
from valorize.model.protocol import Model

#: Units whose numbers are written to a case file as bare numbers (shares, percents).
PLAIN_UNITS = ("fraction", "1", "%", "wt %", "kg/kg", "kWh/t", "kg/t", "deg", "J/mol")
#: Units written to a case file as quantity text, the number then the unit.
QUANTITY_UNITS = ("K", "Pa", "kg", "m^2", "m", "s", "kg/s")


@dataclass(frozen=True)
class Control:
    """One number input: the parameter, its label, start value and bounds."""

    name: str
    label: str
    value: float
    low: float | None
    high: float | None


def controls_of(model: Model) -> list[Control]:
    """A control per native parameter of the model, in the order the model lists them."""
    out = []
    for p in model.native_parameters:
        low, high = p.bounds
        out.append(
            Control(
                p.name,
                f"{p.description} ({p.unit})",
                float(p.baseline),
                float(low) if np.isfinite(low) else None,
                float(high) if np.isfinite(high) else None,
            )
        )
    return out


def answers(model: Model, values: dict[str, float]) -> tuple[list, list]:
    """The metrics (label, value, unit) and targets (text, met) at the controls' values."""
    x = {k: np.array([v]) for k, v in values.items() if v != model.parameter(k).baseline}
    y = model.evaluate(x, 1)
    metrics = [(m.label, float(y[m.name][0]), m.unit) for m in model.metrics]
    targets = []
    for t in model.targets:
        m = model.metric(t.metric)
        targets.append((f"{m.label} {t.sense} {t.value:g} {m.unit}", bool(t.met(y[t.metric])[0])))
    return metrics, targets


def apply_values(text: str, model: Model, values: dict[str, float]) -> tuple[str, list[str]]:
    """The case text with each changed value that is a field of the file written in.

    Returns the text and the names of the changed parameters that are not fields of the
    file (they move the page's answer but not the saved case).
    """
    import tomlkit

    doc = tomlkit.parse(text)
    left_out = []
    for name, value in values.items():
        p = model.parameter(name)
        if value == p.baseline:
            continue
        *tables, key = name.split(".")
        node: Any = doc
        for t in tables:
            node = node.get(t) if hasattr(node, "get") else None
            if node is None:
                break
        writable = p.unit in (*PLAIN_UNITS, *QUANTITY_UNITS)
        if node is None or not hasattr(node, "__contains__") or key not in node or not writable:
            left_out.append(name)  # not a field the file holds: the page's answer only
            continue
        number = float(value)
        node[key] = f"{number!r} {p.unit}" if p.unit in QUANTITY_UNITS else number
    return tomlkit.dumps(doc), left_out


def checked(text: str, where: str) -> Model | str:
    """The model of a case text, or the one-line reason it cannot be read."""
    from valorize.model.registry import model_from_text

    try:
        return model_from_text(text, where)
    except ValorizeError as exc:
        return str(exc).splitlines()[0]
