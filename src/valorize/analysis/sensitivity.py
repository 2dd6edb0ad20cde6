r"""Which uncertain inputs drive the answer: rank correlations and a tornado.

*Spearman rank correlation* (e.g. Saltelli et al., *Global Sensitivity
Analysis: The Primer*, 2008, ch. 1) between each sampled input and each output
of a Monte Carlo run (:mod:`valorize.analysis.uncertainty`): robust to
monotonic non-linearity, blind to interactions.

*Tornado* (one at a time): every input is set to the 5th and then the 95th
percentile of its distribution while the others stay at their medians; the
swing of each output between the two runs ranks the inputs. All 2·d + 1 runs
are one vectorized call of the case's model.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from valorize.analysis.uncertainty import declared_distributions, evaluate_samples, run_uncertainty
from valorize.case import Case
from valorize.errors import InputError

#: Percentiles of each input's distribution used as its low and high in the tornado.
TORNADO_PERCENTILES = (0.05, 0.95)


def spearman(case: Case, samples: int, seed: int, method: str = "lhs") -> dict[str, Any]:
    """Spearman rank correlation of every input with every output."""
    from scipy.stats import spearmanr

    result = run_uncertainty(case, samples, seed, method)
    table: dict[str, dict[str, float]] = {}
    for out_key, y in result.outputs.items():
        ok = np.isfinite(y)
        row = {}
        for in_key, x in result.samples.items():
            if np.ptp(y[ok]) == 0 or np.ptp(x[ok]) == 0:
                row[in_key] = 0.0
                continue
            row[in_key] = float(spearmanr(x[ok], y[ok]).statistic)
        table[out_key] = row
    return {"method": "spearman", "samples": samples, "seed": seed, "correlations": table}


def tornado(case: Case) -> dict[str, Any]:
    """Output swings when each input goes from its 5th to its 95th percentile alone."""
    dists = declared_distributions(case)
    keys = list(dists)
    d = len(keys)
    if d == 0:  # pragma: no cover - declared_distributions already refuses this
        raise InputError("no uncertain inputs")
    medians = {k: float(dists[k].ppf(np.array(0.5))) for k in keys}
    lows = {k: float(dists[k].ppf(np.array(TORNADO_PERCENTILES[0]))) for k in keys}
    highs = {k: float(dists[k].ppf(np.array(TORNADO_PERCENTILES[1]))) for k in keys}
    # scenario 0: all medians; 1 + 2j: input j low; 2 + 2j: input j high
    n = 1 + 2 * d
    x = {k: np.full(n, medians[k]) for k in keys}
    for j, k in enumerate(keys):
        x[k][1 + 2 * j] = lows[k]
        x[k][2 + 2 * j] = highs[k]
    outputs = evaluate_samples(case, x, n)
    bars: dict[str, list[dict[str, Any]]] = {}
    for out_key, y in outputs.items():
        rows = []
        for j, k in enumerate(keys):
            lo, hi = float(y[1 + 2 * j]), float(y[2 + 2 * j])
            rows.append(
                {
                    "input": k,
                    "input_low": lows[k],
                    "input_high": highs[k],
                    "output_at_low": lo,
                    "output_at_high": hi,
                    "swing": abs(hi - lo),
                }
            )
        rows.sort(key=lambda r: -r["swing"] if np.isfinite(r["swing"]) else 0.0)
        bars[out_key] = rows
    base = {k: float(v[0]) for k, v in outputs.items()}
    return {
        "method": "tornado",
        "percentiles": list(TORNADO_PERCENTILES),
        "base_at_medians": base,
        "bars": bars,
    }
