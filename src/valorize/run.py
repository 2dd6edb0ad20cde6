"""``run(case) -> Results``: the whole refinery case as one pure function.

The base crude and every variant are stacked on a scenario axis and distilled
in one call of :func:`valorize.units.vacuum_distillation.distill`; a batch is
scaled to a year by the number of batches the feed rate needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from valorize import __version__
from valorize.case import Case
from valorize.data.loader import (
    dissociating_forms,
    emission_factor,
    process_parameter,
    reference,
)
from valorize.errors import InputError
from valorize.flowsheet.recycle import wegstein
from valorize.quantities import parse_quantity
from valorize.units.kinetics import regime
from valorize.units.vacuum_distillation import (
    CrudeSelenium,
    DistillationConditions,
    DistillationResult,
    distill_passes,
    grade_met,
)

PPM = 1e6


@dataclass(frozen=True)
class Results:
    """What a case run gives: a summary per crude, assumptions and warnings."""

    case_name: str
    title: str
    case_sha256: str
    summary: dict[str, Any]
    variants: list[dict[str, Any]]
    assumptions: list[dict[str, Any]]
    warnings: list[str] = field(default_factory=list)

    def cash_flow_frame(self) -> Any:
        """The yearly cash flow of every price scenario as a pandas DataFrame.

        One row per scenario and year, with the columns of ``results.json``'s
        ``cash_flow`` tables (USD) and a ``price_scenario`` column.
        """
        import pandas as pd

        scenarios = self.summary.get("economics", {}).get("scenarios", [])
        if not scenarios:
            raise InputError(f"case {self.case_name} has no [economics]: no cash flow")
        rows = [
            {"price_scenario": e["price_scenario"], **row}
            for e in scenarios
            for row in e["cash_flow"]
        ]
        return pd.DataFrame(rows).set_index(["price_scenario", "year"])

    def summary_frame(self) -> Any:
        """The base crude and every variant side by side: the scalar results as a DataFrame."""
        import pandas as pd

        columns = {"base": self.summary}
        columns.update({v["name"]: v["summary"] for v in self.variants})
        scalar = (int, float, str)
        return pd.DataFrame(
            {
                name: {k: v for k, v in s.items() if isinstance(v, scalar)}
                for name, s in columns.items()
            }
        )

    def to_json(self) -> dict[str, Any]:
        """The object written to results.json."""
        return {
            "case": self.case_name,
            "title": self.title,
            "valorize_version": __version__,
            "case_sha256": self.case_sha256,
            "summary": self.summary,
            "variants": self.variants,
            "assumptions": self.assumptions,
            "warnings": self.warnings,
        }


def _components(case: Case) -> tuple[str, ...]:
    names = ["Se"]
    for composition in [case.feed.composition_wt_pct] + [
        v.composition_wt_pct for v in case.variants
    ]:
        if next(iter(composition), None) != "Se":
            raise InputError("feed.composition_wt_pct: list Se first")
        names += [s for s in composition if s not in names]
    return tuple(names)


def _fractions(composition: dict[str, float], components: tuple[str, ...], where: str) -> list:
    total = sum(composition.values())
    if abs(total - 100.0) > 1e-6 or any(v < 0 for v in composition.values()):
        raise InputError(
            f"{where}: mass percents must be non-negative and sum to 100 (they sum to {total:g})"
        )
    return [composition.get(s, 0.0) / 100.0 for s in components]


def has_recycle(case: Case) -> bool:
    """Whether residue or a side condensate goes back to the furnace (a recycle loop)."""
    zones = case.operation.condenser_zones
    return case.operation.residue_recycle > 0 or any(z.destination == "recycle" for z in zones)


def waste_condensate(r: DistillationResult, case: Case) -> np.ndarray:
    """Per batch, kg of each element disposed of: volatile cut and side condensates to waste."""
    sides = case.operation.side_condensers
    waste = r.volatile_cut.copy()
    for i, z in enumerate(sides):
        if z.destination != "recycle":
            waste += r.side_condensates[i]
    return waste


def _summary(
    r: DistillationResult, k: int, case: Case, fresh: np.ndarray, batches: np.ndarray
) -> dict[str, Any]:
    """Scenario k of a distillation result as yearly flows.

    ``fresh`` is the crude fed per year (kg per element), ``batches`` the
    batches a year; with a residue recycle only the bled share of the
    residue leaves the plant.
    """
    bleed = 1.0 - case.operation.residue_recycle
    b = float(batches[k])
    per_year = b / 1000.0  # kg per batch -> t per year
    product, cut = r.product[k], r.volatile_cut[k]
    residue = bleed * r.residue[k]
    product_kg = product.sum()
    se_fraction = float(r.purity(product))
    energy = float(r.energy_total[k])
    sides = case.operation.side_condensers
    waste = waste_condensate(r, case)[k]
    out = (product + residue + waste) * b
    balance = np.max(
        np.abs(out - fresh[k]) / np.maximum(fresh[k], np.finfo(float).tiny) * (fresh[k] > 0)
    )

    def composition(stream: np.ndarray) -> dict[str, float]:
        total = stream.sum()
        return {s: float(100 * m / total) for s, m in zip(r.components, stream, strict=True)}

    impurities = {
        s: float(PPM * m / product_kg)
        for s, m in zip(r.components, product, strict=True)
        if s != "Se"
    }

    return {
        "feed_t_per_yr": float(fresh[k].sum() / 1000.0),
        "product_t_per_yr": float(product_kg * per_year),
        "product_Se_wt_pct": 100 * se_fraction,
        "Se_recovery_pct": float(100 * product[0] * b / fresh[k, 0]),
        "residue_t_per_yr": float(residue.sum() * per_year),
        "volatile_cut_t_per_yr": float(cut.sum() * per_year),
        "energy_kWh_per_t_product": energy / 3.6e6 / (product_kg / 1000.0),
        "energy_breakdown_kWh_per_t_product": {
            "heating_and_melting": float(r.energy_heating[k]) / 3.6e6 / (product_kg / 1000.0),
            "vaporization": float(r.energy_vaporization[k]) / 3.6e6 / (product_kg / 1000.0),
            "furnace_losses": float(r.energy_losses[k]) / 3.6e6 / (product_kg / 1000.0),
        },
        "mass_balance_rel_error": float(max(balance, r.mass_balance_error[k])),
        "impurities_ppm": impurities,
        "grade": str(grade_met(se_fraction, impurities)) or "none",
        "batches_per_yr": b,
        "batch_duration_h": float(r.duration[k]) / 3600.0,
        "furnace_hours_per_yr": float(r.duration[k]) * b / 3600.0,
        "residue_wt_pct": composition(residue),
        "volatile_cut_wt_pct": composition(cut),
        "waste_t_per_yr": float(waste.sum() * per_year),
        "side_condensates": [
            {
                "name": z.name,
                "temperature_C": z.temperature - 273.15,
                "destination": z.destination or "waste",
                "t_per_yr": float(r.side_condensates[i, k].sum() * per_year),
                "wt_pct": composition(r.side_condensates[i, k]),
            }
            for i, z in enumerate(sides)
        ],
        "mean_free_path_mm": float(r.mean_free_path[k]) * 1e3,
        "knudsen_number": float(r.knudsen[k]),
        "flow_regime": str(regime(r.knudsen[k])),
        "activity_model": r.model,
        "passes": case.operation.passes,
        "residue_recycle": case.operation.residue_recycle,
    }


def _target_check(summary: dict[str, Any], case: Case, seconds_per_year: float) -> dict:
    t = case.target
    out: dict[str, Any] = {}
    if t.product_rate is not None:
        need = t.product_rate * seconds_per_year / 1000.0
        out["product_t_per_yr"] = {"target": need, "met": summary["product_t_per_yr"] >= need}
    if t.se_min_wt_pct is not None:
        out["product_Se_wt_pct"] = {
            "target": t.se_min_wt_pct,
            "met": summary["product_Se_wt_pct"] >= t.se_min_wt_pct,
        }
    for symbol, limit in t.max_ppm.items():
        out[f"{symbol}_ppm_max"] = {
            "target": limit,
            "met": summary["impurities_ppm"][symbol] <= limit,
        }
    return out


def _assumptions(case: Case) -> list[dict[str, Any]]:
    rows = []
    for name in ("evaporation_coefficient", "entrainment", "furnace_heat_loss"):
        given = {
            "evaporation_coefficient": case.model.evaporation_coefficient,
            "entrainment": case.model.entrainment,
            "furnace_heat_loss": case.model.heat_loss,
        }[name]
        datum = process_parameter(name)
        rows.append(
            {
                "name": name,
                "value": datum.value if given is None else given,
                "unit": "SI",
                "status": datum.status if given is None else "case file",
                "source": reference(datum.reference).citation if given is None else case.case.name,
                "note": datum.note,
            }
        )
    dissociating = dissociating_forms()
    for form in sorted(set(case.feed.forms.values()) & set(dissociating)):
        for name, unit in (("formation_enthalpy", "J/mol"), ("formation_entropy", "J/(mol K)")):
            datum = getattr(dissociating[form], name)
            rows.append(
                {
                    "name": f"{form} {name}",
                    "value": datum.value,
                    "unit": unit,
                    "status": datum.status,
                    "source": reference(datum.reference).citation,
                    "note": datum.note,
                }
            )
    rows.append(
        {
            "name": "feed composition",
            "value": case.feed.composition_wt_pct,
            "unit": "wt %",
            "status": "case file",
            "source": case.feed.source,
            "note": "",
        }
    )
    return rows


def case_conditions(case: Case, **overrides: Any) -> DistillationConditions:
    """The distillation conditions a case describes, data defaults filled in.

    ``overrides`` replace fields (e.g. arrays of temperatures for a search).
    """
    op, m = case.operation, case.model
    program = op.temperature_program
    fields: dict[str, Any] = {
        "temperature": op.temperature if program is None else np.array([T for _, T in program]),
        "program_times": None if program is None else np.array([t for t, _ in program]),
        "pressure": op.pressure,
        "distilled_fraction": op.distilled_fraction,
        "head_cut": op.head_cut,
        "charge_mass": op.charge_mass,
        "evaporation_area": op.evaporation_area,
        "evaporation_coefficient": (
            process_parameter("evaporation_coefficient").value
            if m.evaporation_coefficient is None
            else m.evaporation_coefficient
        ),
        "entrainment": (
            process_parameter("entrainment").value if m.entrainment is None else m.entrainment
        ),
        "steps": m.steps,
        "heat_loss": m.heat_loss,
        "gap": op.gap,
        "condensers": tuple(z.temperature for z in op.condenser_zones),
        "product_condenser": next((i for i, z in enumerate(op.condenser_zones) if z.product), 0),
    }
    fields.update(overrides)
    return DistillationConditions(**fields)


def case_feed(case: Case) -> CrudeSelenium:
    """The base crude of a case (without its variants)."""
    components = tuple(case.feed.composition_wt_pct)
    forms = tuple(case.feed.forms.get(s, "dissolved") for s in components)
    w = np.array(_fractions(case.feed.composition_wt_pct, components, "feed.composition_wt_pct"))
    return CrudeSelenium(components, w, forms)


def add_economics(
    summary: dict[str, Any],
    case: Case,
    priced: dict[str, Any] | None = None,
    economics: Any = None,
) -> None:
    """Add the case's economics and CO2 to a summary (in place); nothing without [economics].

    ``priced`` is the summary the cash flow prices, where it differs from ``summary``
    (a flowsheet credits only the residue its smelter sinks take); ``economics``
    replaces ``case.economics`` for the cash flow (a flowsheet's units add equipment).
    """
    if case.economics is None:
        return
    from valorize.case_economics import case_economics

    economics = case_economics(priced or summary, economics or case.economics)
    first = economics["scenarios"][0]
    for key in (
        "capex_usd",
        "opex_usd_per_yr",
        "revenue_usd_per_yr",
        "unit_cost_usd_per_kg",
        "refining_cost_usd_per_kg",
        "npv_usd",
        "irr_pct",
        "payback_yr",
        "minimum_selling_price_usd_per_kg",
    ):
        summary[key] = first[key]
    summary["price_scenario"] = first["price_scenario"]
    summary["economics"] = economics
    factor = emission_factor(case.economics.grid_emission_factor)
    # scope 2: the furnace runs on grid electricity (the energy balance's kWh)
    summary["co2_kg_per_kg_product"] = summary["energy_kWh_per_t_product"] * factor.value / 1e3
    summary["co2_t_per_yr"] = summary["co2_kg_per_kg_product"] * summary["product_t_per_yr"]
    summary["co2_basis"] = (
        f"scope 2, grid electricity at {factor.value} kg CO2/kWh "
        f"({reference(factor.reference).citation})"
    )
    if case.co2_baseline is not None:
        from valorize.emissions.baseline import avoided_emissions

        summary["co2_avoided"] = avoided_emissions(
            summary, case.co2_baseline, case.economics.grid_emission_factor
        )


def solve_furnace(
    case: Case,
    components: tuple[str, ...],
    fresh: np.ndarray,
    forms: tuple[str, ...],
    conditions: DistillationConditions,
) -> tuple[DistillationResult, np.ndarray, np.ndarray, int]:
    """The furnace a year long: fresh crude plus what the case recycles, loop converged.

    Parameters
    ----------
    case
        The case (its passes, model, charge, residue recycle and condenser zones).
    components
        The elements, in the order of the last axis of ``fresh``.
    fresh
        Fresh crude per year, kg of each element, shape ``(n, elements)``.
    forms, conditions
        The elements' chemical forms and the distillation conditions (arrays over n).

    Returns
    -------
    tuple
        The distillation of one batch of the furnace's charge, the batches a year
        ``(n,)``, the recycled stream ``(n, elements)`` in kg/yr and the Wegstein
        iterations (0 without a recycle).

    Raises
    ------
    ConvergenceError
        When the recycle loop does not converge.
    """
    m = case.model
    charge = case.operation.charge_mass

    def furnace(recycle: np.ndarray) -> tuple[DistillationResult, np.ndarray]:
        """Distil fresh crude plus recycled residue; the batches a year that takes."""
        total = fresh + recycle
        mass = total.sum(axis=-1)
        charge_feed = CrudeSelenium(components, total / mass[..., None], forms)
        result = distill_passes(
            charge_feed, conditions, case.operation.passes, m.activity, allow_ideal=m.allow_ideal
        )
        return result, mass / charge

    share = case.operation.residue_recycle
    sides = case.operation.side_condensers
    returned = [i for i, z in enumerate(sides) if z.destination == "recycle"]
    recycle = np.zeros_like(fresh)
    iterations = 0
    if share > 0 or returned:

        def around_the_loop(stream: np.ndarray) -> np.ndarray:
            result, batches = furnace(stream)
            back = share * result.residue + sum(
                (result.side_condensates[i] for i in returned), np.zeros_like(result.residue)
            )
            return back * batches[..., None]

        loop = " and ".join(
            (["residue recycle"] if share > 0 else [])
            + [f"{sides[i].name} condensate recycle" for i in returned]
        )
        recycle, iterations = wegstein(around_the_loop, recycle, loop=loop)
    result, batches = furnace(recycle)
    return result, batches, recycle, iterations


def run(case: Case, case_sha256: str = "") -> Results:
    """Evaluate a case: the base crude and its variants, one batch each, scaled to a year.

    A case with a ``[flowsheet]`` is solved as that flowsheet
    (:func:`valorize.flowsheet_run.run_flowsheet`).
    """
    if case.flowsheet is not None:
        from valorize.flowsheet_run import run_flowsheet

        return run_flowsheet(case, case_sha256)
    components = _components(case)
    rows = [_fractions(case.feed.composition_wt_pct, components, "feed.composition_wt_pct")]
    for i, v in enumerate(case.variants):
        rows.append(_fractions(v.composition_wt_pct, components, f"variants[{i}]"))
    forms = tuple(case.feed.forms.get(s, "dissolved") for s in components)
    unknown = set(case.feed.forms) - set(components)
    if unknown:
        raise InputError(f"feed.forms: {', '.join(sorted(unknown))} not in the composition")
    feed = CrudeSelenium(components, np.array(rows), forms)
    conditions = case_conditions(case)
    year = parse_quantity("1 yr", "time", "year")
    fresh = feed.mass_fractions * (case.feed.rate * year)  # kg per element per year
    result, batches, recycle, recycle_iterations = solve_furnace(
        case, components, fresh, forms, conditions
    )
    summary = _summary(result, 0, case, fresh, batches)
    if has_recycle(case):
        summary["recycle_t_per_yr"] = float(recycle[0].sum() / 1000.0)
        summary["recycle_iterations"] = recycle_iterations
    summary["target"] = _target_check(summary, case, year)
    add_economics(summary, case)
    variants = []
    for k, v in enumerate(case.variants, start=1):
        s = _summary(result, k, case, fresh, batches)
        s["target"] = _target_check(s, case, year)
        variants.append({"name": v.name, "source": v.source, "summary": s})
    warnings = list(result.warnings)
    if result.ideal_pairs:
        warnings.append(
            "taken as ideal for lack of parameters: "
            + ", ".join("-".join(p) for p in result.ideal_pairs)
        )
    if summary["furnace_hours_per_yr"] > year / 3600:
        warnings.append(
            f"one furnace cannot do it: {summary['furnace_hours_per_yr']:.0f} h/yr of batches"
        )
    return Results(
        case.case.name,
        case.case.title,
        case_sha256,
        summary,
        variants,
        _assumptions(case),
        warnings,
    )
