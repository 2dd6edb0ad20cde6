"""Metrics, parameters, targets and odds in words with units, from the model's declarations.

The command line's tables and the reports name a quantity the same way: its declared
label and unit (:class:`valorize.model.protocol.Metric`), never its dictionary key.
"""

from __future__ import annotations

from typing import Any

from valorize.errors import InputError

#: Shown money is in millions of the currency above this unit's magnitude.
MILLION = 1e6


def metric_heading(model: Any, key: str) -> tuple[str, float]:
    """A metric's or parameter's label with its unit, and the scale its values are shown in.

    ``("net present value (M USD)", 1e-6)`` for ``npv_usd``; a parameter by its
    description (``melt temperature (K)``), or its path in words where it has none; an
    unknown key comes back as it is.
    """
    for m in model.metrics:
        if m.name == key:
            if m.unit == "USD":
                return f"{m.label} (M USD)", 1 / MILLION
            return (f"{m.label} ({m.unit})" if m.unit and m.unit != "1" else m.label), 1.0
    try:
        p = model.parameter(key)
    except InputError:  # not a parameter either: the key is the best name there is
        return key, 1.0
    words = short_description(str(p.description or "")) or key.replace(".", " ").replace("_", " ")
    return (f"{words} ({p.unit})" if p.unit and p.unit != "1" else words), 1.0


#: Where a long description is cut for a label (its first clause is the name).
_CLAUSE_ENDS = (", e.g.", "; ", " (", ": ")
#: Descriptions longer than this are cut at their first clause.
LABEL_LENGTH = 48


def short_description(description: str) -> str:
    """A description short enough to label a row: its first clause when it is long."""
    text = " ".join(description.split())
    if len(text) <= LABEL_LENGTH:
        return text
    cuts = [text.find(end) for end in _CLAUSE_ENDS if 0 < text.find(end)]
    return text[: min(cuts)] if cuts else text


def target_text(model: Any, target: Any) -> str:
    """A target in words: ``product purity (Se) >= 99.5 wt %``."""
    m = model.metric(target.metric)
    unit = "" if m.unit in ("", "1") else f" {m.unit}"
    return f"{m.label} {target.sense} {target.value:g}{unit}"


def probability_label(model: Any, key: str) -> str:
    """``probability_purity_met`` as ``P(product purity (Se) >= 99.5 wt %)``."""
    if key == "probability_npv_negative":
        return "P(NPV < 0)"
    for t in model.targets:
        if key == f"probability_{t.name}":
            return f"P({target_text(model, t)})"
    return key.replace("_", " ")


#: Unit suffixes of result keys, longest first, and the unit they name.
KEY_UNITS = (
    ("_t_per_yr", "t/yr"),
    ("_kg_per_kg", "kg/kg"),
    ("_kwh_per_t", "kWh/t"),
    ("_kWh_per_t", "kWh/t"),
    ("_usd_per_yr", "USD/yr"),
    ("_h_per_yr", "h/yr"),
    ("_hours_per_yr", "h/yr"),
    ("_per_yr", "per yr"),
    ("_wt_pct", "wt %"),
    ("_pct", "%"),
    ("_usd", "USD"),
    ("_m2", "m2"),
    ("_m3", "m3"),
    ("_kW", "kW"),
    ("_kg", "kg"),
    ("_mm", "mm"),
    ("_Pa", "Pa"),
    ("_C", "degC"),
    ("_K", "K"),
    ("_h", "h"),
    ("_t", "t"),
)


def key_words(key: str) -> str:
    """A result key in words with its unit: ``throughput_t_per_yr`` as ``throughput (t/yr)``."""
    for suffix, unit in KEY_UNITS:
        if key.endswith(suffix) and len(key) > len(suffix):
            words = key[: -len(suffix)].replace("_", " ")
            return f"{words} {unit}" if unit == "per yr" else f"{words} ({unit})"
    return key.replace("_", " ")
