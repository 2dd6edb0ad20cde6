r"""The probability of a negative NPV of a slime route over its uncertain inputs.

Each sample is a slime (its Se and Te contents set, the other elements scaled in
proportion so the composition still sums to 1), a slime rate per tonne of copper,
the roast's Se shares (where the sources disagree) and price factors on Se and Te.
All samples go through the whole flowsheet (route, precious metals, vacuum
refining) and :func:`valorize.slime.economics.plant_economics` in one vectorized
call; a price factor scales the revenue of its product.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from valorize.errors import InputError
from valorize.quantities import parse_quantity
from valorize.slime import data
from valorize.slime.case import SlimeCase

#: Latin-hypercube samples for the probability of a negative NPV.
RISK_SAMPLES = 1024


def slime_risk(case: SlimeCase, route: str, seed: int = 0) -> dict[str, Any]:
    """P(NPV < 0) and the NPV's 5th, 50th and 95th percentiles; JSON-ready."""
    if not case.uncertainty:
        return {"probability_npv_negative": None, "risk_basis": "no [[uncertainty]] inputs"}
    if case.economics is None:
        raise InputError("the slime case has no [economics]: no NPV to be uncertain about")
    from valorize.analysis.sampling import sample_distributions
    from valorize.slime.economics import plant_economics
    from valorize.slime.run import flowsheet

    n = RISK_SAMPLES
    x = sample_distributions({d.parameter: d.distribution_of() for d in case.uncertainty}, n, seed)
    base = data.fractions(case.slime.composition_wt_pct, "slime.composition_wt_pct")
    w = np.broadcast_to(base, (n, base.size)).copy()
    fixed = np.ones(base.size, dtype=bool)
    for element in ("Se", "Te"):
        key = f"slime.{element}_wt_pct"
        if key in x:
            k = data.ELEMENTS.index(element)
            if np.any(x[key] < 0) or np.any(x[key] >= 100):
                raise InputError(f"uncertainty: {key} must stay between 0 and 100 %")
            w[:, k] = x[key] / 100.0
            fixed[k] = False
    # scale the elements not sampled so every composition sums to 1
    scale = (1.0 - w[:, ~fixed].sum(axis=1)) / w[:, fixed].sum(axis=1)
    if np.any(scale < 0):
        raise InputError("uncertainty: the sampled Se and Te contents exceed 100 %")
    w[:, fixed] *= scale[:, None]
    ratio = x.get(
        "plant.slime_kg_per_t_copper",
        np.full(n, 1000.0 * data.value("slime_per_copper"))
        if case.plant.slime_kg_per_t_copper is None
        else np.full(n, case.plant.slime_kg_per_t_copper),
    )
    year = parse_quantity("1 yr", "time", "year")
    feed = w * (case.plant.copper_output * year * ratio / 1000.0)[:, None]
    roast = None
    shares = {k: v for k, v in x.items() if k.startswith("roast.")}
    if shares:
        if route != "roast":
            raise InputError(f"uncertainty: {next(iter(shares))} applies to the roast route only")
        from dataclasses import replace

        from valorize.slime.run import roast_parameters

        base = roast_parameters(case)
        fields = {}
        for field in ("volatilized", "to_crude"):
            arr = np.broadcast_to(getattr(base, field), (n, len(data.ELEMENTS))).copy()
            key = f"roast.{field}.Se"
            if key in shares:
                if np.any(shares[key] < 0) or np.any(shares[key] > 1):
                    raise InputError(f"uncertainty: {key} must stay between 0 and 1")
                arr[:, data.ELEMENTS.index("Se")] = shares[key]
            fields[field] = arr
        roast = replace(base, **fields)
    f = flowsheet(feed, case, route, roast)
    i = {e: data.ELEMENTS.index(e) for e in ("Se", "Te", "Au", "Ag")}
    stage, pm, refinery = f["stage"], f["precious_metals"], f["refinery"]
    side = stage.side_products
    te = pm.tellurium[:, i["Te"]] + (
        side["tellurium cement"][:, i["Te"]] if "tellurium cement" in side else 0.0
    )
    au = pm.gold[:, i["Au"]] + (
        side["gold precipitate"][:, i["Au"]] if "gold precipitate" in side else 0.0
    )
    sold = {
        "Se": refinery.product.sum(axis=-1) * x.get("price_factor.Se", 1.0),
        "Te": te * x.get("price_factor.Te", 1.0),
        "Au": au,
        "Ag": pm.silver[:, i["Ag"]],
    }
    # only the NPV is read: a price factor scales its product's revenue through the mass
    e = plant_economics(sold, stage.reagents, f["energy"], case.economics)
    npv = np.array(e["npv_usd"], dtype=float)
    return {
        "probability_npv_negative": float(np.mean(npv < 0)),
        "npv_p5_p50_p95_usd": [float(v) for v in np.percentile(npv, [5, 50, 95])],
        "risk_basis": f"{n} Latin-hypercube samples of "
        + ", ".join(d.parameter for d in case.uncertainty),
    }
