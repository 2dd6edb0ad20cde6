"""One-line messages for bad control values, keyed by the control they belong next to.

The checks mirror what the model would refuse, but say it in the control's
own words before the model runs: mass percents that do not sum to 100, a melt
below selenium's melting point (``data/elements.toml``), a pressure, share or
price out of range, a sulfur dose with no S in the composition.
"""

from __future__ import annotations

from valorize.dashboard.controls import Controls, zero_celsius
from valorize.data.loader import element
from valorize.units.sulfidation import MAX_DOSE_WT_PCT

#: The keys of the controls a message can belong to.
COMPOSITION, TEMPERATURE, PRESSURE, ENTRAINMENT, SULFIDATION, PRICES, CASE = (
    "composition",
    "temperature",
    "pressure",
    "entrainment",
    "sulfidation",
    "prices",
    "case",
)

#: How far from 100 the mass percents may sum (the tolerance of valorize.refinery.run).
SUM_TOLERANCE = 1e-6


def check_controls(c: Controls) -> dict[str, str]:
    """Messages for the controls whose values the model cannot take; empty when all are fine."""
    out: dict[str, str] = {}
    comp = c.composition_wt_pct
    negative = [k for k, v in comp.items() if v < 0]
    total = sum(comp.values())
    if "Se" not in comp or next(iter(comp)) != "Se":
        out[COMPOSITION] = "composition: selenium (Se) must be listed first"
    elif negative:
        out[COMPOSITION] = f"composition: {', '.join(negative)} cannot be negative"
    elif abs(total - 100.0) > SUM_TOLERANCE:
        out[COMPOSITION] = (
            f"composition: the mass percents sum to {total:.4g} %, not 100 %; "
            f"change one by {100.0 - total:+.4g}"
        )
    melting = element("Se").melting_point.value - zero_celsius()
    if c.temperature_degC <= melting:
        out[TEMPERATURE] = (
            f"temperature: {c.temperature_degC:g} degC is not above selenium's melting point "
            f"({melting:.1f} degC); the crude must be molten"
        )
    if not c.pressure_Pa > 0:
        out[PRESSURE] = f"pressure: {c.pressure_Pa:g} Pa; give a residual pressure above 0 Pa"
    if not 0 <= c.entrainment_pct < 100:
        out[ENTRAINMENT] = (
            f"entrainment: {c.entrainment_pct:g} %; give a share of the condensate from 0 to "
            "below 100 %"
        )
    if c.sulfur_dose_pct > 0 and "S" not in comp:
        out[SULFIDATION] = (
            "sulfidation: the crude's composition does not list S; add it (0 if the crude "
            "holds none) so the dose has an element to join"
        )
    elif not 0 <= c.sulfur_dose_pct <= MAX_DOSE_WT_PCT:
        out[SULFIDATION] = (
            f"sulfidation: {c.sulfur_dose_pct:g} wt %; give 0 (none) to {MAX_DOSE_WT_PCT:g}"
        )
    prices = {"refined Se": c.refined_price, "crude Se": c.crude_price}
    bad = [name for name, p in prices.items() if p is not None and p < 0]
    if bad:
        out[PRICES] = f"prices: the {' and '.join(bad)} price cannot be negative"
    return out


#: Case-file fields and the control that sets them, for messages from the model.
_FIELDS = {
    "feed.composition_wt_pct": COMPOSITION,
    "operation.temperature": TEMPERATURE,
    "operation.pressure": PRESSURE,
    "model.entrainment": ENTRAINMENT,
    "operation.sulfidation": SULFIDATION,
    "economics.user_prices": PRICES,
}


def control_of(message: str) -> str:
    """The control a model's error message belongs next to (``"case"`` if none)."""
    for field, control in _FIELDS.items():
        if field in message:
            return control
    return CASE
