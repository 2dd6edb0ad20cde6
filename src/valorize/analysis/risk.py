"""The odds of a negative NPV of any model, with the basis stated: one measure for every route.

:func:`npv_risk` runs :func:`valorize.analysis.uncertainty.run_uncertainty` on a
model with the given sample count and seed (Latin hypercube), so every project a
portfolio compares is judged on the same number of samples from the same seed.
"""

from __future__ import annotations

from typing import Any

from valorize.errors import InputError
from valorize.model.protocol import Model


def npv_risk(model: Model, samples: int, seed: int = 0) -> dict[str, Any]:
    """P(NPV < 0) and the NPV's 5th, 50th and 95th percentiles over the case's uncertain inputs.

    Returns
    -------
    dict
        ``probability_npv_negative`` (None without uncertain inputs, samples or an NPV),
        ``npv_p5_p50_p95_usd`` and ``risk_basis`` (what was sampled, how many times,
        with which seed, and what was left out).

    Raises
    ------
    InputError
        For a negative sample count (0 asks for none).
    """
    if samples < 0:
        raise InputError(f"--samples: give 0 (no P(NPV < 0)) or more samples, not {samples}")
    if not any(m.name == "npv_usd" for m in model.metrics):
        return {"probability_npv_negative": None, "risk_basis": "the case has no NPV"}
    if not model.uncertain:
        return {
            "probability_npv_negative": None,
            "risk_basis": "the case declares no uncertain inputs",
        }
    if samples < 1:
        return {"probability_npv_negative": None, "risk_basis": "no samples asked for"}
    from valorize.analysis.uncertainty import run_uncertainty

    s = run_uncertainty(model, samples, seed, "lhs", keep=False).summary
    npv = s["outputs"].get("npv_usd", {})
    basis = f"{samples} Latin-hypercube samples (seed {seed}) of " + ", ".join(s["inputs"])
    left = s.get("left_out")
    if left:
        basis += f" ({', '.join(left['inputs'])} left out: {left['why']})"
    if s["failed_samples"]:
        basis += f"; {s['failed_samples']} samples could not be evaluated"
    return {
        "probability_npv_negative": s["probability_npv_negative"],
        "npv_p5_p50_p95_usd": [npv.get(k) for k in ("p5", "p50", "p95")],
        "risk_basis": basis,
    }
