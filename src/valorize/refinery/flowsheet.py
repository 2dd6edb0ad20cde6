"""A case with a ``[flowsheet]``: build its units, solve them, report streams, units and money.

The crude of ``[feed]`` (and of every ``[[variants]]``, on the scenario axis) is
the feed stream named ``flowsheet.feed``; the ``vacuum_furnace`` takes its
conditions from ``[operation]`` and ``[model]``. The summary has the keys of a
plain run (product, purity, recovery, residue, volatile cut, energy, economics,
CO2) computed from the sinks and the units, plus the streams table and each
unit's design and cost. See docs/flowsheets.md.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from valorize.constants import ZERO_CELSIUS
from valorize.errors import ConvergenceError, InputError
from valorize.flowsheet.blocks import KINDS
from valorize.flowsheet.stream import Stream
from valorize.flowsheet.system import Solution, System
from valorize.flowsheet.unit import Unit, seconds_per_year
from valorize.refinery.case import Case, FlowsheetUnit, ModelOptions, Operation
from valorize.refinery.inputs import case_components, case_conditions, mass_fractions
from valorize.refinery.presets import SULFUR
from valorize.refinery.results import (
    PPM,
    Results,
    add_economics,
    cap_to_furnaces,
    capacity_warning,
    case_assumptions,
    run_warnings,
    target_check,
)
from valorize.units.kinetics import regime
from valorize.units.vacuum_distillation import (
    DistillationConditions,
    DistillationResult,
    grade_met,
)


def build_units(case: Case, conditions: Any = None) -> list[Unit]:
    """The case's units as unit models (wiring is checked by :class:`System`).

    ``conditions`` replace the furnace's conditions of the case (arrays over scenarios).
    """
    conditions = case_conditions(case) if conditions is None else conditions
    return unit_models(case.flowsheet.unit, case.operation, case.model, case.feed.forms, conditions)


def unit_models(
    specs: list[FlowsheetUnit],
    operation: Operation,
    model: ModelOptions,
    forms: dict[str, str],
    conditions: DistillationConditions,
) -> list[Unit]:
    """Unit models of flowsheet units; the furnace distils under ``conditions``.

    ``operation`` gives the passes, ``model`` the activity model, ``forms`` the chemical
    form of each element of the feed.
    """
    T = np.asarray(conditions.temperature, dtype=float)
    # a temperature program melts at its highest point; scenarios each at their own
    T_furnace = float(T.max()) if conditions.program_times is not None else T
    if operation.sulfidation is not None:  # the dose enters the furnace as a feed of its own
        specs = [
            spec.model_copy(update={"inlets": [*spec.inlets, SULFUR]})
            if spec.kind == "vacuum_furnace"
            else spec
            for spec in specs
        ]
    return [_unit(spec, operation, model, forms, conditions, T_furnace) for spec in specs]


def sulfur_stream(
    case: Case, crude: Stream, conditions: DistillationConditions | None = None
) -> Stream | None:
    """A sulfidation's dose as a feed, kg/s: ``sulfur_dose`` wt % of the crude, as S.

    The dose is the furnace ``conditions``' (per scenario) where given, else the case's.
    None without a sulfidation.

    Raises
    ------
    InputError
        Where the feed's composition does not list S.
    """
    step = case.operation.sulfidation
    if step is None:
        return None
    if "S" not in crude.components:
        raise InputError(
            "operation.sulfidation: list S in feed.composition_wt_pct (0 if the crude holds "
            "none) so that the dose has an element to join"
        )
    given = None if conditions is None else conditions.sulfidation
    dose = step.sulfur_dose / 100.0 if given is None else np.asarray(given.dose, dtype=float)
    mass = np.zeros(np.broadcast_shapes(np.shape(crude.mass), (*np.shape(dose), 1)))
    mass[..., crude.components.index("S")] = dose * crude.mass.sum(axis=-1)
    return Stream(SULFUR, crude.components, mass, None, "solid")


def sulfur_fed(system: System) -> np.ndarray | float:
    """The sulfur a system is fed for a sulfidation, kg/s (0 without one)."""
    stream = system.feeds.get(SULFUR)
    return 0.0 if stream is None else stream.mass.sum(axis=-1)


def _unit(
    spec: FlowsheetUnit,
    operation: Operation,
    model: ModelOptions,
    forms: dict[str, str],
    conditions: DistillationConditions,
    T_furnace: Any,
) -> Unit:
    common = {
        "name": spec.name,
        "inlets": tuple(spec.inlets),
        "outlets": tuple(spec.outlets),
        "equipment": tuple(spec.equipment),
    }
    cls = KINDS[spec.kind]
    if spec.kind == "melter":
        return cls(**common, temperature=spec.temperature or T_furnace)
    if spec.kind == "vacuum_furnace":
        return cls(
            **common,
            conditions=conditions,
            passes=operation.passes,
            activity=model.activity,
            allow_ideal=model.allow_ideal,
            forms=dict(forms),
            extrapolate=model.extrapolate,
        )
    if spec.kind == "caster":
        return cls(**common, energy_per_kg=spec.energy, loss_share=spec.loss_share)
    if spec.kind == "splitter":
        return cls(**common, fractions=tuple(spec.fractions))
    if spec.kind == "sink":
        return cls(**common, destination=spec.destination)
    return cls(**common)


def feed_stream(case: Case) -> Stream:
    """The crude of [feed] and of every variant, kg/s, scenarios on the first axis."""
    components = case_components(case)
    rows = [mass_fractions(case.feed.composition_wt_pct, components, "feed.composition_wt_pct")]
    for i, v in enumerate(case.variants):
        rows.append(mass_fractions(v.composition_wt_pct, components, f"variants[{i}]"))
    unknown = set(case.feed.forms) - set(components)
    if unknown:
        raise InputError(f"feed.forms: {', '.join(sorted(unknown))} not in the composition")
    return Stream(case.flowsheet.feed, components, np.array(rows) * case.feed.rate, None, "solid")


def solve_case(
    case: Case, feed: Stream | None = None, conditions: Any = None
) -> tuple[System, Solution]:
    """The case's system and its solution (every scenario at once).

    ``feed`` replaces the crude of [feed] and its variants (kg/s, scenarios on the first
    axis); ``conditions`` the furnace's conditions.
    """
    units = build_units(case, conditions)
    furnaces = [u for u in units if u.kind == "vacuum_furnace"]
    if len(furnaces) != 1:
        raise InputError(f"flowsheet: give exactly one vacuum_furnace unit, not {len(furnaces)}")
    if not any(u.kind == "sink" and u.destination == "sale" for u in units):
        raise InputError("flowsheet: no sink with destination 'sale': the plant sells nothing")
    crude = feed_stream(case) if feed is None else feed
    feeds = {case.flowsheet.feed: crude}
    sulfur = sulfur_stream(case, crude, conditions)
    if sulfur is not None:
        feeds[SULFUR] = sulfur
    system = System(units, feeds)
    try:
        return system, system.solve()
    except ConvergenceError as exc:
        recycle = case.operation.residue_recycle
        if recycle <= 0:
            raise
        raise ConvergenceError(  # the plain case's recycle, made a loop here: name it
            f"operation.residue_recycle = {recycle:g}: {exc} (recycle less residue)"
        ) from None


def _composition(mass: np.ndarray, components: tuple[str, ...]) -> dict[str, float]:
    total = mass.sum()
    if total <= 0:
        return dict.fromkeys(components, 0.0)
    return {s: float(100 * m / total) for s, m in zip(components, mass, strict=True)}


def _at(value: Any, k: int) -> float:
    """Scenario k of a value that may be a scalar or an array over scenarios."""
    a = np.asarray(value, dtype=float)
    return float(a) if a.ndim == 0 else float(a.reshape(-1)[k] if a.size > 1 else a.item())


def sinks(system: System, solution: Solution, destination: str) -> np.ndarray:
    """Mass flow (kg/s) of every element leaving through sinks of one destination."""
    n = len(next(iter(system.feeds.values())).components)
    total = np.zeros(n)
    for name, unit in system.units.items():
        if unit.kind == "sink" and unit.destination == destination:
            total = total + solution.balances[name].details["stream"].mass
    return total


def _summary(case: Case, system: System, solution: Solution, k: int) -> dict[str, Any]:
    """Scenario k as yearly flows, with the streams table and the units' design and cost."""
    year = seconds_per_year()
    t_yr = year / 1000.0  # kg/s -> t/yr
    feed = next(iter(system.feeds.values()))
    components = feed.components
    fresh = feed.mass[k]

    def row(a: np.ndarray) -> np.ndarray:
        a = np.asarray(a, dtype=float)
        return a if a.ndim == 1 else a[k] if a.shape[0] > 1 else a[0]

    sold, smelter = row(sinks(system, solution, "sale")), row(sinks(system, solution, "smelter"))
    stockpile, waste = (row(sinks(system, solution, d)) for d in ("stockpile", "waste"))
    furnace = next(u for u in system.units.values() if u.kind == "vacuum_furnace")
    fb = solution.balances[furnace.name]
    r: DistillationResult = fb.details["result"]
    cut = row(solution.streams[furnace.outlets[2]].mass)
    product_kg_s = sold.sum()
    if product_kg_s <= 0:
        raise InputError("flowsheet: the sale sinks receive nothing: no product")
    se_fraction = sold[0] / product_kg_s
    impurities = {
        s: float(PPM * m / product_kg_s) for s, m in zip(components, sold, strict=True) if s != "Se"
    }
    out = sold + smelter + stockpile + waste
    fed = sum(row(f.mass) for f in system.feeds.values())  # the crude and a sulfidation's dose
    balance = np.max(np.abs(out - fed) / np.maximum(fed, np.finfo(float).tiny) * (fed > 0))
    price = case.economics.electricity_price if case.economics is not None else None
    unit_rows, energy_w = [], 0.0
    cost_year = None
    if case.economics is not None:
        from valorize.economics.capital import latest_cepci_year

        cost_year = case.economics.cost_year or latest_cepci_year()
    for name, unit in system.units.items():
        b = solution.balances[name]
        d = unit.design(b)
        energy_w += _at(b.electricity, k)
        entry: dict[str, Any] = {
            "name": name,
            "kind": unit.kind,
            "inlets": list(unit.inlets),
            "outlets": list(unit.outlets),
            "sizes": {key: _at(v, k) for key, v in d.sizes.items()},
            "electricity_kW": _at(d.electricity_kW, k),
            "heat_kW": _at(d.heat_kW, k),
        }
        if unit.kind == "sink":
            entry["destination"] = unit.destination
        if cost_year is not None:
            from valorize.economics.money import parse_money

            per_kwh = parse_money(price, "economics.electricity_price", per="kWh")
            c = unit.cost(d, per_kwh, cost_year)
            copies = case.operation.furnaces if unit.kind == "vacuum_furnace" else 1
            entry["purchase_cost_usd"] = c.purchase_usd * copies  # every furnace is bought
            entry["utilities_usd_per_yr"] = _at(c.utilities_usd_per_yr, k)
            entry["equipment"] = list(c.items)
        unit_rows.append(entry)
    producer = system.producer
    consumer = {s: u.name for u in system.units.values() for s in u.inlets}
    tears = {s for loop in solution.loops for s in loop.tears}
    streams = []
    for name, s in solution.streams.items():
        m = row(s.mass)
        streams.append(
            {
                "name": name,
                "from": producer.get(name, "feed"),
                "to": consumer.get(name, ""),
                "t_per_yr": float(m.sum() * t_yr),
                "wt_pct": _composition(m, components),
                "temperature_C": None if s.temperature is None else _at(s.temperature, k) - 273.15,
                "phase": s.phase,
                "tear": name in tears,
            }
        )
    product_t = product_kg_s * t_yr
    kwh_per_t = energy_w * year / 3.6e6 / product_t

    def per_t(watts: float) -> float:
        return watts * year / 3.6e6 / product_t

    # the furnace's power split as its batch's energy is: vaporization, losses, the plant's
    # fixtures, pumps and cooling, and the heat-up and melting less what a molten inlet brings
    rate = _at(fb.details["batches_per_s"], k)
    parts = {
        "vaporization": r.energy_vaporization,
        **(
            {"furnace_losses": r.energy_losses}  # the case's own loss per m2 of melt
            if case.model.heat_loss is not None
            else {"radiation_to_condenser": r.energy_radiation, "furnace_shell": r.energy_shell}
        ),
        "fixtures": r.energy_fixtures,
        "vacuum_pumps": r.energy_pumps,
        "cooling_water": r.energy_cooling,
    }
    watts = {name: _at(v, k) * rate for name, v in parts.items()}
    # the rest: the heat-up less the molten inlet's heat, which never exceeds it (the
    # furnace's balance caps the credit), so a difference below zero is rounding
    heating = max(_at(fb.electricity, k) - sum(watts.values()), 0.0)
    breakdown = {
        "heating_and_melting": per_t(heating),
        **{name: per_t(w) for name, w in watts.items()},
    }
    for kind in ("melter", "caster"):
        units = [n for n, u in system.units.items() if u.kind == kind]
        if units:
            breakdown[kind] = per_t(sum(_at(solution.balances[n].electricity, k) for n in units))
    zones = case.operation.side_condensers
    condensers = furnace.conditions.condensers
    side_temperatures = [
        t for i, t in enumerate(condensers) if i != furnace.conditions.product_condenser
    ]

    def destination(stream: str) -> str:
        """Where a side condensate goes: a sink's destination, recycle, or the unit taking it."""
        unit = system.units.get(consumer.get(stream, ""))
        if unit is None:
            return ""
        if unit.kind == "sink":
            return unit.destination
        return "recycle" if stream in tears else unit.name

    residue = smelter + stockpile
    summary: dict[str, Any] = {
        "feed_t_per_yr": float(fresh.sum() * t_yr),
        **_sulfidation_summary(case, system, r, k),
        "product_t_per_yr": float(product_t),
        "product_Se_wt_pct": float(100 * se_fraction),
        "Se_recovery_pct": float(100 * sold[0] / fresh[0]),
        "residue_t_per_yr": float(residue.sum() * t_yr),
        "residue_sold_t_per_yr": float(smelter.sum() * t_yr),
        "stockpile_t_per_yr": float(stockpile.sum() * t_yr),
        "volatile_cut_t_per_yr": float(cut.sum() * t_yr),
        "energy_kWh_per_t_product": float(kwh_per_t),
        "energy_breakdown_kWh_per_t_product": breakdown,
        "mass_balance_rel_error": float(max(balance, _at(r.mass_balance_error, k))),
        "impurities_ppm": impurities,
        "grade": str(grade_met(se_fraction, impurities)) or "none",
        "batches_per_yr": _at(fb.details["batches_per_s"], k) * year,
        "batch_duration_h": _at(r.duration, k) / 3600.0,
        "furnace_hours_per_yr": _at(fb.details["furnace_hours_per_yr"], k),
        "residue_wt_pct": _composition(residue, components),
        "residue_sold_wt_pct": _composition(smelter, components),
        "volatile_cut_wt_pct": _composition(cut, components),
        "waste_t_per_yr": float(waste.sum() * t_yr),
        "side_condensates": [
            {
                "name": zone.name,
                "stream": s,
                "temperature_C": _at(T, k) - 273.15,
                "destination": destination(s),
                "t_per_yr": float(row(solution.streams[s].mass).sum() * t_yr),
                "wt_pct": _composition(row(solution.streams[s].mass), components),
            }
            for s, zone, T in zip(furnace.outlets[3:], zones, side_temperatures, strict=True)
        ],
        "mean_free_path_mm": _at(r.mean_free_path, k) * 1e3,
        "knudsen_number": _at(r.knudsen, k),
        "flow_regime": str(regime(_at(r.knudsen, k))),
        "gas_resistance_share": _at(r.gas_resistance_share, k),
        "activity_model": r.model,
        "passes": case.operation.passes,
        "residue_recycle": case.operation.residue_recycle,
        "streams": streams,
        "units": unit_rows,
    }
    if solution.loops:
        summary["recycle_t_per_yr"] = sum(
            float(row(solution.streams[s].mass).sum() * t_yr) for s in sorted(tears)
        )
        summary["recycle_iterations"] = max(solution.iterations.values())
        summary["recycle_loops"] = [loop.label for loop in solution.loops]
    return summary


def _sulfidation_summary(
    case: Case, system: System, r: DistillationResult, k: int
) -> dict[str, Any]:
    """What scenario k's sulfidation did and took: its dose and the mercury it turned.

    Without a sulfidation: no sulfur, and ``sulfidation`` None.
    """
    step = case.operation.sulfidation
    if step is None:
        return {"sulfur_t_per_yr": 0.0, "sulfidation": None}
    return {
        "sulfur_t_per_yr": _at(sulfur_fed(system), k) * seconds_per_year() / 1000.0,
        "sulfidation": {
            "sulfur_dose_wt_pct": step.sulfur_dose,
            "temperature_C": step.temperature - ZERO_CELSIUS,
            "time_h": step.time / 3600.0,
            "hgs": step.hgs,
            "hg_as_hgs_pct": 100.0 * _at(r.hgs_share, k),
        },
    }


def _sulfidation_warnings(case: Case, system: System, solution: Solution) -> list[str]:
    """What a sulfidation's model does not follow in this flowsheet, said in its results."""
    step = case.operation.sulfidation
    if step is None:
        return []
    out = []
    if step.hgs == "retained" and solution.loops:
        out.append(
            "sulfidation: what goes back to the furnace carries its HgS back as HgSe (streams "
            "carry elements, not compounds), so part of the mercury the sulfidation held is "
            "released again: the retained limit is understated"
        )
    if any(u.kind == "melter" for u in system.units.values()):
        out.append(
            "sulfidation: a melter before the furnace melts the crude, while the sulfidation "
            "takes it solid with the sulfur molten; the melter's heat leaves the dose out"
        )
    return out


def economics_with_units(case: Case, system: System) -> Any:
    """The case's economics, its equipment list extended by the units' equipment.

    A vacuum furnace unit's equipment counts once per furnace of ``operation.furnaces``.
    """
    e = case.economics
    furnaces = case.operation.furnaces
    items = [
        item.model_copy(update={"count": item.count * furnaces})
        if u.kind == "vacuum_furnace" and furnaces > 1
        else item
        for u in system.units.values()
        for item in u.equipment
    ]
    if e is None or e.capital_cost is not None or not items:
        return e
    return e.model_copy(update={"equipment": [*e.equipment, *items]})


def run_flowsheet(case: Case, case_sha256: str = "") -> Results:
    """Solve a case's flowsheet for the base crude and its variants; JSON-ready results."""
    system, solution = solve_case(case)
    year = seconds_per_year()
    economics = economics_with_units(case, system)
    summaries = []
    for k in range(1 + len(case.variants)):
        s = _summary(case, system, solution, k)
        cap_to_furnaces(s, case.operation.furnaces)
        s["target"] = target_check(s, case, year)
        summaries.append(s)
    summary = summaries[0]
    priced = {
        **summary,
        "feed_t_per_yr": summary["crude_processed_t_per_yr"],  # the plant buys what it refines
        "residue_t_per_yr": summary["residue_sold_t_per_yr"],
        "residue_wt_pct": summary["residue_sold_wt_pct"],
    }
    add_economics(summary, case, priced, economics)
    if case.economics is not None and case.economics.capital_cost is not None:
        if any(u.equipment for u in system.units.values()):
            summary["capital_note"] = (
                "capital is the given total; the units' equipment costs are reported, not added"
            )
    furnace = next(u for u in system.units.values() if u.kind == "vacuum_furnace")
    r = solution.balances[furnace.name].details["result"]
    warnings = run_warnings(r, summary) + _sulfidation_warnings(case, system, solution)
    for v, s in zip(case.variants, summaries[1:], strict=True):
        capped = capacity_warning(s)
        if capped is not None:
            warnings.append(f"variant {v.name!r}: {capped}")
    variants = [
        {"name": v.name, "source": v.source, "summary": s}
        for v, s in zip(case.variants, summaries[1:], strict=True)
    ]
    return Results(
        case.case.name,
        case.case.title,
        case_sha256,
        summary,
        variants,
        case_assumptions(case) + _unit_assumptions(case),
        warnings,
    )


def _unit_assumptions(case: Case) -> list[dict[str, Any]]:
    """The data defaults the flowsheet's casters use, with their status."""
    from valorize.data.loader import process_parameter, reference

    rows = []
    for spec in case.flowsheet.unit:
        if spec.kind != "caster":
            continue
        for name, given in (("casting_energy", spec.energy), ("casting_loss", spec.loss_share)):
            datum = process_parameter(name)
            rows.append(
                {
                    "name": f"{spec.name}: {name}",
                    "value": datum.in_unit(given),
                    "unit": datum.unit,
                    "status": datum.status if given is None else "case file",
                    "source": reference(datum.reference).citation
                    if given is None
                    else case.case.name,
                    "note": datum.note,
                }
            )
    return rows
