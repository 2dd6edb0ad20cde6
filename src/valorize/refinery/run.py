"""``run(case) -> Results``: the whole refinery case as one pure function.

Every refinery case is solved as a flowsheet: its own ``[flowsheet]``, or the plain
refinery's preset (:mod:`valorize.refinery.presets`). The base crude and every variant
are stacked on a scenario axis; the vacuum furnace distils a batch of the crude and
scales it to a year by the batches the feed rate needs.
"""

from __future__ import annotations

import numpy as np

from valorize.errors import InputError
from valorize.refinery.case import MIN_SELENIUM_KEPT, Case, Operation
from valorize.refinery.results import Results
from valorize.units.vacuum_distillation import DistillationConditions, DistillationResult


def solve_furnace(
    case: Case,
    components: tuple[str, ...],
    fresh: np.ndarray,
    forms: tuple[str, ...],
    conditions: DistillationConditions,
) -> tuple[DistillationResult, np.ndarray, np.ndarray, int]:
    """The furnace a year long: fresh crude plus what the case recycles, loop converged.

    Solved as the plain refinery's preset flowsheet
    (:func:`valorize.refinery.presets.plain_flowsheet`): the flowsheet's furnace block,
    the one place a batch becomes a year for every route, with the case's residue
    recycle and recycled side condensates as its recycle loop (Wegstein, converged
    scenarios leaving the iteration). For a route whose case has the refinery's
    ``[operation]`` and ``[model]`` but not its feed (crude tellurium).

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
        passes (0 without a recycle).

    Raises
    ------
    ConvergenceError
        When the recycle loop does not converge.
    """
    from valorize.flowsheet.stream import Stream
    from valorize.flowsheet.system import System
    from valorize.flowsheet.unit import seconds_per_year
    from valorize.refinery.flowsheet import unit_models
    from valorize.refinery.presets import CRUDE, plain_flowsheet

    if case.operation.sulfidation is not None:
        raise InputError(
            "operation.sulfidation: only a selenium refinery's case takes a sulfidation, as "
            "the crude's pre-treatment"
        )
    year = seconds_per_year()
    units = unit_models(
        plain_flowsheet(case.operation).unit,
        case.operation,
        case.model,
        dict(zip(components, forms, strict=True)),
        conditions,
    )
    system = System(units, {CRUDE: Stream(CRUDE, components, fresh / year, None, "solid")})
    solution = system.solve()
    furnace = next(u for u in system.units.values() if u.kind == "vacuum_furnace")
    details = solution.balances[furnace.name].details
    tears = [s for loop in solution.loops for s in loop.tears]
    recycle = sum((solution.streams[s].mass * year for s in tears), np.zeros_like(fresh))
    iterations = max(solution.iterations.values(), default=0)
    return details["result"], details["batches_per_s"] * year, recycle, iterations


def run(case: Case, case_sha256: str = "") -> Results:
    """Evaluate a case: the base crude and its variants, scaled to a year, as its flowsheet.

    A case with a ``[flowsheet]`` is solved as that flowsheet, a plain case as the plain
    refinery's preset (:func:`valorize.refinery.presets.plain_flowsheet`), both by
    :func:`valorize.refinery.flowsheet.run_flowsheet`.
    """
    from valorize.refinery.flowsheet import run_flowsheet
    from valorize.refinery.presets import as_flowsheet

    results = run_flowsheet(as_flowsheet(case), case_sha256)
    if case.economics is None or case.economics.off_grade != "redistil":
        return results
    return _redistilled(case, results, case_sha256)


#: Passes added at most when ``off_grade = "redistil"`` sends the product back.
REDISTIL_EXTRA_PASSES = 3


def _redistilled(case: Case, results: Results, case_sha256: str) -> Results:
    """The case distilled with more passes while its product meets no priced grade.

    A pass more at a time, at most :data:`REDISTIL_EXTRA_PASSES` (and the case's limit
    of 10); what still meets none is sold as crude. Variants take the same passes.
    """
    from valorize.economics.product_prices import meets_a_priced_grade
    from valorize.refinery.flowsheet import run_flowsheet
    from valorize.refinery.presets import as_flowsheet

    for passes in redistil_passes(case.operation):
        s = results.summary
        if meets_a_priced_grade(s["product_Se_wt_pct"] / 100.0, s["impurities_ppm"]):
            return results
        operation = case.operation.model_copy(update={"passes": passes})
        again = case.model_copy(update={"operation": operation})
        results = run_flowsheet(as_flowsheet(again), case_sha256)
        results.warnings.append(
            f"the product of {passes - 1} pass(es) met no priced grade: it is distilled "
            f"{passes} times (economics.off_grade = 'redistil'), variants too"
        )
    s = results.summary
    if not meets_a_priced_grade(s["product_Se_wt_pct"] / 100.0, s["impurities_ppm"]):
        results.warnings.append(
            f"after {s['passes']} pass(es) the product still meets no priced grade: it is "
            "sold as crude on its selenium content"
        )
    return results


def redistil_passes(operation: Operation) -> range:
    """The pass counts ``off_grade = "redistil"`` may try after the case's own.

    At most :data:`REDISTIL_EXTRA_PASSES` more, no more than the case allows (10), and
    none that would keep less of the selenium than the case reader accepts
    (:data:`~valorize.refinery.case.MIN_SELENIUM_KEPT`).
    """
    kept_per_pass = operation.distilled_fraction * (1.0 - operation.head_cut)
    last = min(operation.passes + REDISTIL_EXTRA_PASSES, 10)
    while last > operation.passes and kept_per_pass**last < MIN_SELENIUM_KEPT:
        last -= 1
    return range(operation.passes + 1, last + 1)
