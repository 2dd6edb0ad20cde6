"""What a refinery case feeds the furnace: its elements, crude fractions and conditions."""

from __future__ import annotations

from typing import Any

import numpy as np

from valorize.data.loader import process_parameter
from valorize.errors import InputError
from valorize.refinery.case import Case, ModelOptions, Operation
from valorize.units.sulfidation import Sulfidation
from valorize.units.vacuum_distillation import CrudeSelenium, DistillationConditions


def case_components(case: Case) -> tuple[str, ...]:
    """The elements of the base crude and every variant, Se first, in a fixed order."""
    names = ["Se"]
    for composition in [case.feed.composition_wt_pct] + [
        v.composition_wt_pct for v in case.variants
    ]:
        if next(iter(composition), None) != "Se":
            raise InputError("feed.composition_wt_pct: list Se first")
        names += [s for s in composition if s not in names]
    return tuple(names)


def mass_fractions(composition: dict[str, float], components: tuple[str, ...], where: str) -> list:
    """A wt % composition as mass fractions over ``components``; it must sum to 100."""
    total = sum(composition.values())
    if abs(total - 100.0) > 1e-6 or any(v < 0 for v in composition.values()):
        raise InputError(
            f"{where}: mass percents must be non-negative and sum to 100 (they sum to {total:g})"
        )
    return [composition.get(s, 0.0) / 100.0 for s in components]


def case_conditions(case: Case, **overrides: Any) -> DistillationConditions:
    """The distillation conditions a case describes, data defaults filled in.

    ``overrides`` replace fields (e.g. arrays of temperatures for a search).
    """
    return operation_conditions(case.operation, case.model, **overrides)


def operation_conditions(
    op: Operation, m: ModelOptions, **overrides: Any
) -> DistillationConditions:
    """The distillation conditions of an ``[operation]`` and a ``[model]`` table.

    Any route with a vacuum furnace (the refinery, the slime's refining step, crude
    tellurium) describes it with these two tables; data defaults are filled in and
    ``overrides`` replace fields.
    """
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
        "sulfidation": None
        if op.sulfidation is None
        else Sulfidation(
            op.sulfidation.sulfur_dose / 100.0,
            op.sulfidation.temperature,
            op.sulfidation.time,
            op.sulfidation.hgs,
        ),
    }
    fields.update(overrides)
    return DistillationConditions(**fields)


def case_feed(case: Case) -> CrudeSelenium:
    """The base crude of a case (without its variants)."""
    components = tuple(case.feed.composition_wt_pct)
    forms = tuple(case.feed.forms.get(s, "dissolved") for s in components)
    w = np.array(
        mass_fractions(case.feed.composition_wt_pct, components, "feed.composition_wt_pct")
    )
    return CrudeSelenium(components, w, forms)


def case_or_data(given: float | None, name: str) -> tuple[float, str]:
    """The case's value of a process parameter, else ``data/process.toml``'s, and its source."""
    from valorize.data.loader import reference

    if given is not None:
        return given, "case file"
    datum = process_parameter(name)
    return datum.value, f"{reference(datum.reference).citation} ({datum.status})"


def scenario_crude(composition_wt_pct: dict[str, float], content_pct: Any, n: int) -> np.ndarray:
    """Mass fractions (n, elements) of a crude with its solvent (first element) set.

    ``content_pct`` (wt %, shape (n,), or None for the crude as given) replaces the
    solvent's content; the impurities are scaled in proportion so every row sums to 1.
    """
    w0 = np.array(list(composition_wt_pct.values())) / 100.0
    w = np.broadcast_to(w0, (n, w0.size)).copy()
    if content_pct is not None:
        solvent = np.asarray(content_pct, dtype=float) / 100.0
        w[:, 1:] = w0[1:] * ((1.0 - solvent) / (1.0 - w0[0]))[:, None]
        w[:, 0] = solvent
    return w


def scenario_conditions(case: Any, x: dict[str, Any], steps: int | None = None) -> Any:
    """The furnace's conditions with the sampled ``model.*`` and ``operation.*`` inputs.

    A sampled temperature is held over the batch (no program); a sampled product
    condenser temperature is the one condenser before the trap; ``steps`` replaces the
    case's integration steps.
    """
    overrides: dict[str, Any] = {
        key.split(".", 1)[1]: value
        for key, value in x.items()
        if key.split(".")[0] in ("model", "operation")
    }
    if "temperature" in overrides:
        overrides["program_times"] = None
    if "condenser_temperature" in overrides:
        overrides["condensers"] = (overrides.pop("condenser_temperature"),)
        overrides["product_condenser"] = 0
    step = {k.split(".", 1)[1]: overrides.pop(k) for k in list(overrides) if "." in k}
    if step:  # operation.sulfidation.* (the model's native sulfidation parameters)
        given = case.operation.sulfidation
        overrides["sulfidation"] = Sulfidation(
            step.get("sulfur_dose", given.sulfur_dose) / 100.0,
            step.get("temperature", given.temperature),
            step.get("time", given.time),
            given.hgs,
        )
    overrides["steps"] = steps or case.model.steps
    return case_conditions(case, **overrides)


def within_data(
    search: tuple[float, float],
    composition: dict[str, float],
    forms: dict[str, str],
    reference: str,
    extrapolate: bool,
) -> tuple[float, float]:
    """A temperature range to search (K), narrowed to the vapour-pressure data of the melt.

    ``reference`` is ``"liquid"`` for a melt temperature and ``"stable"`` for a condenser's;
    the elements that evaporate (dissolved, or the metal of a dissociating compound) bind
    it, as they bind a run (``units/vacuum_distillation.py``). With ``extrapolate`` or an
    empty overlap the range is returned as given (the run then extrapolates or refuses).
    """
    from valorize.thermo.vapor_pressure import valid_range
    from valorize.units.vacuum_distillation import melt_compounds

    if extrapolate:
        return search
    solvent = next(iter(composition))
    dissociating = melt_compounds(solvent)
    lo, hi = search
    for symbol, share in composition.items():
        form = forms.get(symbol, "dissolved")
        if share > 0 and (form == "dissolved" or form in dissociating):
            low, high = valid_range(symbol, reference)
            lo, hi = max(lo, low), min(hi, high)
    return (lo, hi) if lo < hi else search
