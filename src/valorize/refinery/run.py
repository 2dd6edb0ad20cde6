"""``run(case) -> Results``: the whole refinery case as one pure function.

The base crude and every variant are stacked on a scenario axis and distilled
in one call of :func:`valorize.units.vacuum_distillation.distill`; a batch is
scaled to a year by the number of batches the feed rate needs.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from valorize.errors import InputError
from valorize.flowsheet.blocks.furnace import VacuumFurnace
from valorize.flowsheet.recycle import wegstein
from valorize.quantities import parse_quantity
from valorize.refinery.case import Case
from valorize.refinery.inputs import case_components, case_conditions, mass_fractions
from valorize.refinery.results import (
    PPM,
    Results,
    add_economics,
    case_assumptions,
    run_warnings,
    target_check,
)
from valorize.scenario_axis import rows
from valorize.units.kinetics import regime
from valorize.units.vacuum_distillation import (
    CrudeSelenium,
    DistillationConditions,
    DistillationResult,
    grade_met,
)


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


def solve_furnace(
    case: Case,
    components: tuple[str, ...],
    fresh: np.ndarray,
    forms: tuple[str, ...],
    conditions: DistillationConditions,
) -> tuple[DistillationResult, np.ndarray, np.ndarray, int]:
    """The furnace a year long: fresh crude plus what the case recycles, loop converged.

    The furnace is the flowsheet's block
    (:meth:`valorize.flowsheet.blocks.furnace.VacuumFurnace.distill_flow`), the one place
    a batch becomes a year for every route.

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

    def furnace(
        recycle: np.ndarray, index: np.ndarray | None = None
    ) -> tuple[DistillationResult, np.ndarray]:
        """Distil fresh crude plus recycled residue; the batches a year that takes.

        ``index``: the scenarios to distil (all by default).
        """
        unit = VacuumFurnace.preset(
            conditions.take(index),
            case.operation.passes,
            m.activity,
            m.allow_ideal,
            dict(zip(components, forms, strict=True)),
        )
        return unit.distill_flow(components, rows(fresh, index, 1) + recycle)

    share = case.operation.residue_recycle
    sides = case.operation.side_condensers
    returned = [i for i, z in enumerate(sides) if z.destination == "recycle"]
    recycle = np.zeros_like(fresh)
    iterations = 0
    if share > 0 or returned:

        def around_the_loop(stream: np.ndarray, index: np.ndarray | None) -> np.ndarray:
            result, batches = furnace(stream, index)
            back = share * result.residue + sum(
                (result.side_condensates[i] for i in returned), np.zeros_like(result.residue)
            )
            return back * batches[..., None]

        loop = " and ".join(
            (["residue recycle"] if share > 0 else [])
            + [f"{sides[i].name} condensate recycle" for i in returned]
        )
        recycle, iterations = wegstein(around_the_loop, recycle, loop=loop, item_ndim=1)
    result, batches = furnace(recycle)
    return result, batches, recycle, iterations


def run(case: Case, case_sha256: str = "") -> Results:
    """Evaluate a case: the base crude and its variants, one batch each, scaled to a year.

    A case with a ``[flowsheet]`` is solved as that flowsheet
    (:func:`valorize.refinery.flowsheet.run_flowsheet`).
    """
    if case.flowsheet is not None:
        from valorize.refinery.flowsheet import run_flowsheet

        return run_flowsheet(case, case_sha256)
    components = case_components(case)
    rows = [mass_fractions(case.feed.composition_wt_pct, components, "feed.composition_wt_pct")]
    for i, v in enumerate(case.variants):
        rows.append(mass_fractions(v.composition_wt_pct, components, f"variants[{i}]"))
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
    summary["target"] = target_check(summary, case, year)
    add_economics(summary, case)
    variants = []
    for k, v in enumerate(case.variants, start=1):
        s = _summary(result, k, case, fresh, batches)
        s["target"] = target_check(s, case, year)
        variants.append({"name": v.name, "source": v.source, "summary": s})
    warnings = run_warnings(result, summary, year)
    return Results(
        case.case.name,
        case.case.title,
        case_sha256,
        summary,
        variants,
        case_assumptions(case),
        warnings,
    )
