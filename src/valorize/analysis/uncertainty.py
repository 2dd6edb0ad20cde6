"""Monte Carlo over a case: sampled inputs through distillation and economics, in chunks.

The uncertain inputs of a case (``[[uncertainty]]`` in the case file) are
sampled on the unit hypercube (:mod:`valorize.analysis.sampling`), mapped to
their distributions, and evaluated in chunks: each chunk is one vectorized
call of the distillation model and one of the cash-flow model. Outputs per
sample are the purity, recovery, output, energy and, when the case has
economics, NPV and IRR under its first price scenario (with any sampled
price replacing the scenario's). The summary gives the mean and the 5th, 50th
and 95th percentiles of each, and the probabilities of meeting the purity and
output targets and of a negative NPV.

Supported inputs (:data:`PARAMETERS`): the entrainment, the evaporation
coefficient, the distilled fraction, the head cut, the melt temperature (K),
the Se content of the crude (wt %, the impurities scaled in proportion) and
the refined and crude selenium prices (USD/kg).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from valorize.analysis.sampling import Distribution, unit_samples
from valorize.case import Case
from valorize.errors import InputError
from valorize.quantities import parse_quantity
from valorize.run import case_conditions
from valorize.units.vacuum_distillation import CrudeSelenium, distill_passes

#: Inputs a case may declare uncertain, and the unit their distribution is in.
PARAMETERS = {
    "model.entrainment": "fraction",
    "model.evaporation_coefficient": "fraction",
    "operation.distilled_fraction": "fraction",
    "operation.head_cut": "fraction",
    "operation.temperature": "K",
    "feed.Se_wt_pct": "wt %",
    "price.refined_selenium": "USD/kg",
    "price.crude_selenium": "USD/kg",
}

#: Samples evaluated per vectorized call.
CHUNK = 20_000

OUTPUTS = (
    "product_Se_wt_pct",
    "Se_recovery_pct",
    "product_t_per_yr",
    "energy_kWh_per_t_product",
    "npv_usd",
    "irr_pct",
)


@dataclass(frozen=True)
class UncertaintyResult:
    """Every sample's outputs (arrays) and the summary."""

    samples: dict[str, np.ndarray]
    outputs: dict[str, np.ndarray]
    summary: dict[str, Any]


def declared_distributions(case: Case) -> dict[str, Distribution]:
    """The case's uncertain inputs by parameter name, checked."""
    out = {}
    for i, u in enumerate(case.uncertainty):
        if u.parameter not in PARAMETERS:
            raise InputError(
                f"uncertainty[{i}].parameter: {u.parameter!r} is not one of "
                + ", ".join(PARAMETERS)
            )
        if u.parameter in out:
            raise InputError(f"uncertainty[{i}].parameter: {u.parameter} is given twice")
        out[u.parameter] = Distribution(u.distribution, tuple(u.parameters))
    if not out:
        raise InputError("the case declares no [[uncertainty]] inputs")
    return out


def evaluate_samples(case: Case, x: dict[str, np.ndarray], n: int) -> dict[str, np.ndarray]:
    """The case's outputs for n samples of its inputs ``x`` (parameter -> array), one call."""
    from valorize.case_economics import FEED, PRODUCT, case_price_scenarios, economic_inputs
    from valorize.economics.refinery import PlantFlows, refinery_cash_flow

    components = tuple(case.feed.composition_wt_pct)
    forms = tuple(case.feed.forms.get(s, "dissolved") for s in components)
    w0 = np.array([case.feed.composition_wt_pct[s] for s in components]) / 100.0
    w = np.broadcast_to(w0, (n, w0.size)).copy()
    if "feed.Se_wt_pct" in x:
        se = np.clip(x["feed.Se_wt_pct"] / 100.0, 0.0, 1.0)
        w[:, 1:] = w0[1:] * ((1.0 - se) / (1.0 - w0[0]))[:, None]
        w[:, 0] = se
    overrides = {
        key.split(".", 1)[1]: value
        for key, value in x.items()
        if key.split(".")[0] in ("model", "operation")
    }
    conditions = case_conditions(case, **overrides)
    m = case.model
    r = distill_passes(
        CrudeSelenium(components, w, forms),
        conditions,
        case.operation.passes,
        m.activity,
        allow_ideal=m.allow_ideal,
    )
    year = parse_quantity("1 yr", "time", "year")
    batches = case.feed.rate * year / case.operation.charge_mass
    product = r.product.sum(axis=-1) * batches
    out = {
        "product_Se_wt_pct": 100 * r.purity(r.product),
        "Se_recovery_pct": 100 * r.selenium_recovery,
        "product_t_per_yr": product / 1000.0,
        "energy_kWh_per_t_product": r.energy_total / 3.6e6 / (r.product.sum(axis=-1) / 1000),
    }
    e = case.economics
    if e is not None:
        prices = case_price_scenarios(e)[0][1]
        product_price = x.get("price.refined_selenium", np.full(n, prices[PRODUCT].value))
        feed_price = x.get("price.crude_selenium", np.full(n, prices[FEED].value))
        credits = {el: np.full(n, prices[el].value) for el in e.payable}
        residue = r.residue * batches
        flows = PlantFlows(
            feed=r.feed.sum(axis=-1) * batches,
            product=product,
            volatile_cut=r.volatile_cut.sum(axis=-1) * batches,
            energy=r.energy_total / 3.6e6 * batches,
            residue_by_element={s: residue[:, k] for k, s in enumerate(components)},
        )
        cf = refinery_cash_flow(
            flows, economic_inputs(e, product_price, feed_price, credits), break_even=False
        )
        out["npv_usd"] = cf.npv
        out["irr_pct"] = 100 * cf.irr
    return out


def run_uncertainty(case: Case, samples: int, seed: int, method: str = "lhs") -> UncertaintyResult:
    """Sample the case's uncertain inputs and evaluate the case for every sample."""
    if case.operation.residue_recycle > 0:
        raise InputError("operation.residue_recycle: uncertainty runs do not handle it yet")
    dists = declared_distributions(case)
    u = unit_samples(method, samples, len(dists), seed)
    x_all = {key: d.ppf(u[:, j]) for j, (key, d) in enumerate(dists.items())}
    parts: dict[str, list[np.ndarray]] = {}
    for start in range(0, samples, CHUNK):
        chunk = {k: v[start : start + CHUNK] for k, v in x_all.items()}
        n = len(next(iter(chunk.values())))
        for key, value in evaluate_samples(case, chunk, n).items():
            parts.setdefault(key, []).append(value)
    outputs = {k: np.concatenate(v) for k, v in parts.items()}
    summary: dict[str, Any] = {"samples": samples, "seed": seed, "method": method, "outputs": {}}
    for key, v in outputs.items():
        finite = v[np.isfinite(v)]
        if finite.size == 0:
            continue
        p5, p50, p95 = np.percentile(finite, [5, 50, 95])
        summary["outputs"][key] = {
            "mean": float(finite.mean()),
            "p5": float(p5),
            "p50": float(p50),
            "p95": float(p95),
        }
    t = case.target
    if t.se_min_wt_pct is not None:
        summary["probability_purity_met"] = float(
            np.mean(outputs["product_Se_wt_pct"] >= t.se_min_wt_pct)
        )
    if t.product_rate is not None:
        need = t.product_rate * parse_quantity("1 yr", "time", "year") / 1000.0
        summary["probability_output_met"] = float(np.mean(outputs["product_t_per_yr"] >= need))
    if "npv_usd" in outputs:
        summary["probability_npv_negative"] = float(np.mean(outputs["npv_usd"] < 0))
        from valorize.case_economics import case_price_scenarios

        summary["price_scenario"] = case_price_scenarios(case.economics)[0][0]
    summary["inputs"] = {
        key: {"distribution": d.kind, "parameters": list(d.parameters), "unit": PARAMETERS[key]}
        for key, d in dists.items()
    }
    return UncertaintyResult(x_all, outputs, summary)
