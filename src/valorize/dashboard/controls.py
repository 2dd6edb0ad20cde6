"""The dashboard's controls as values, read from a case and written back into its TOML.

The edited case is the original TOML text with only the controlled fields
changed (comments and sources kept, with :mod:`tomlkit`), so a downloaded
case file still says where each number comes from.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from valorize.data.loader import price_scenario, process_parameter
from valorize.quantities import parse_quantity
from valorize.refinery.case import Case, case_from_text
from valorize.refinery.economics import FEED, PRODUCT, case_price_scenarios

#: Decimals kept when a control value is written to the case file.
DECIMALS = 6


@dataclass(frozen=True)
class Controls:
    """What the dashboard lets a user change, in the units its controls show.

    ``refined_price`` and ``crude_price`` (USD/kg) are None for a case
    without economics. ``sulfur_dose_pct`` (wt % of the crude, 0 for none) and ``hgs``
    (its limit) are a sulfidation's (units/sulfidation.py).
    """

    composition_wt_pct: dict[str, float]
    temperature_degC: float
    pressure_Pa: float
    entrainment_pct: float
    refined_price: float | None = None
    crude_price: float | None = None
    sulfur_dose_pct: float = 0.0
    hgs: str = "retained"


def zero_celsius() -> float:
    """0 degC in kelvin, as pint defines it."""
    return parse_quantity("0 degC", "temperature", "")


def controls_from_case(case: Case) -> Controls:
    """The control values a case starts from (defaults of data/process.toml filled in).

    A case with a temperature program starts from the program's highest temperature.
    """
    op = case.operation
    T = op.temperature
    if T is None:
        T = max(T for _, T in op.temperature_program or [])
    entrainment = case.model.entrainment
    if entrainment is None:
        entrainment = process_parameter("entrainment").value
    refined = crude = None
    if case.economics is not None:
        _, prices = case_price_scenarios(case.economics)[0]
        refined, crude = prices[PRODUCT].value, prices[FEED].value
    step = op.sulfidation
    return Controls(
        composition_wt_pct=dict(case.feed.composition_wt_pct),
        temperature_degC=round(T - zero_celsius(), DECIMALS),
        pressure_Pa=op.pressure,
        entrainment_pct=round(100 * entrainment, DECIMALS),
        refined_price=refined,
        crude_price=crude,
        sulfur_dose_pct=0.0 if step is None else step.sulfur_dose,
        hgs="retained" if step is None else step.hgs,
    )


def _user_prices(doc: Any, c: Controls) -> None:
    """Write the prices that differ from the first named scenario as ``user_prices``."""
    import tomlkit

    economics = doc["economics"]
    names = list(economics.get("price_scenarios", []))
    named = price_scenario(names[0]) if names else {}
    wanted = {PRODUCT: c.refined_price, FEED: c.crude_price}
    old = dict(economics.get("user_prices", {}))
    for item, value in wanted.items():
        if value is None:
            continue
        if item in named and abs(named[item].value - value) <= 10**-DECIMALS:
            old.pop(item, None)
        else:
            old[item] = f"{round(value, DECIMALS):g} USD/kg"
    if old:
        table = tomlkit.inline_table()
        table.update(old)
        economics["user_prices"] = table
    elif "user_prices" in economics:
        del economics["user_prices"]


def _sulfidation(operation: Any, c: Controls) -> None:
    """Write the sulfidation's dose and limit into ``[operation]``, or remove it at 0."""
    import tomlkit

    if c.sulfur_dose_pct <= 0:
        if "sulfidation" in operation:
            del operation["sulfidation"]
        return
    table = tomlkit.inline_table()
    old = dict(operation.get("sulfidation", {}))
    hold_K = process_parameter("sulfidation_temperature").value
    table.update(
        {
            "sulfur_dose": round(c.sulfur_dose_pct, DECIMALS),
            "temperature": old.get("temperature", f"{hold_K:g} K"),
            "time": old.get("time", f"{process_parameter('sulfidation_time').value:g} s"),
            "hgs": c.hgs,
            **({"source": old["source"]} if "source" in old else {}),
        }
    )
    operation["sulfidation"] = table


def apply_controls(text: str, c: Controls) -> str:
    """The case TOML ``text`` with the controlled fields set to ``c``.

    ``text`` must be a valid case (an :class:`~valorize.errors.InputError` if not);
    fields whose control did not change are left as written. Sets
    ``feed.composition_wt_pct``, ``operation.temperature`` (dropping a temperature
    program), ``operation.pressure``, ``model.entrainment``, ``operation.sulfidation``
    (removed at a zero dose; a new one holds at the data's temperature and time) and, for
    a case with economics, ``economics.user_prices`` where a price differs from the first
    named price scenario.
    """
    import tomlkit

    old = controls_from_case(case_from_text(text))
    if c == old:
        return text
    doc: Any = tomlkit.parse(text)
    if c.composition_wt_pct != old.composition_wt_pct:
        composition = tomlkit.inline_table()
        composition.update({k: round(v, DECIMALS) for k, v in c.composition_wt_pct.items()})
        doc["feed"]["composition_wt_pct"] = composition
    operation: Any = doc["operation"]
    if c.temperature_degC != old.temperature_degC:
        operation["temperature"] = f"{round(c.temperature_degC, DECIMALS):g} degC"
        if "temperature_program" in operation:
            del operation["temperature_program"]
    if c.pressure_Pa != old.pressure_Pa:
        operation["pressure"] = f"{round(c.pressure_Pa, DECIMALS):g} Pa"
    if c.entrainment_pct != old.entrainment_pct:
        if "model" not in doc:
            doc["model"] = tomlkit.table()
        doc["model"]["entrainment"] = round(c.entrainment_pct / 100, DECIMALS + 2)
    if (c.sulfur_dose_pct, c.hgs) != (old.sulfur_dose_pct, old.hgs):
        _sulfidation(operation, c)
    if "economics" in doc and (c.refined_price, c.crude_price) != (
        old.refined_price,
        old.crude_price,
    ):
        _user_prices(doc, c)
    return tomlkit.dumps(doc)
