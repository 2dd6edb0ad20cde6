r"""The probability of a negative NPV of a slime route over its uncertain inputs.

Each sample is a slime (its Se and Te contents set, the other elements scaled in
proportion so the composition still sums to 1), a slime rate per tonne of copper,
any split, dose or energy figure of the route and the precious-metals plant named
by path (:mod:`valorize.slime.uncertain`: ``roast.volatilized.Se``,
``precious_metals.to_tellurium.Te`` ...) and price factors on the products. All
samples go through the whole flowsheet (route, precious metals, vacuum refining)
and :func:`valorize.slime.economics.plant_economics` in one vectorized call; a
price factor scales the revenue of its product. Inputs of the other route
(``leach.*`` for the roast) are left out: that flowsheet does not have them.
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


def _slimes(case: SlimeCase, x: dict[str, np.ndarray], n: int) -> np.ndarray:
    """Yearly slime feeds (n, elements), kg, with the sampled Se/Te contents and rate."""
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
    default = (
        1000.0 * data.value("slime_per_copper")
        if case.plant.slime_kg_per_t_copper is None
        else case.plant.slime_kg_per_t_copper
    )
    ratio = x.get("plant.slime_kg_per_t_copper", np.full(n, default))
    if np.any(ratio <= 0):
        raise InputError("uncertainty: plant.slime_kg_per_t_copper must stay above 0")
    year = parse_quantity("1 yr", "time", "year")
    return w * (case.plant.copper_output * year * ratio / 1000.0)[:, None]


def sample_flowsheet(case: SlimeCase, route: str, n: int, seed: int = 0) -> dict[str, Any]:
    """``n`` Latin-hypercube samples of the case's uncertain inputs through ``route``.

    Returns the samples ``x`` (path -> array), the paths ``used`` by the route,
    the feeds (n, elements), the :func:`~valorize.slime.run.flowsheet` and its
    ``products`` (kg/yr per sample).
    """
    from valorize.analysis.sampling import sample_distributions
    from valorize.slime.run import (
        flowsheet,
        leach_parameters,
        precious_metal_parameters,
        products,
        roast_parameters,
    )
    from valorize.slime.uncertain import applies, sampled_parameters

    used = [d for d in case.uncertainty if applies(d.parameter, route)]
    x = sample_distributions({d.parameter: d.distribution_of() for d in used}, n, seed)
    feed = _slimes(case, x, n)
    roast = sampled_parameters(roast_parameters(case), "roast", x, n)
    leach = sampled_parameters(leach_parameters(case), "leach", x, n)
    pm = sampled_parameters(precious_metal_parameters(case), "precious_metals", x, n)
    f = flowsheet(feed, case, route, roast, leach, pm)
    return {
        "x": x,
        "used": [d.parameter for d in used],
        "feed": feed,
        "flowsheet": f,
        "products": products(f),
    }


def slime_risk(case: SlimeCase, route: str, seed: int = 0, n: int = RISK_SAMPLES) -> dict[str, Any]:
    """P(NPV < 0), the NPV's and the products' 5th, 50th and 95th percentiles; JSON-ready."""
    if not case.uncertainty:
        return {"probability_npv_negative": None, "risk_basis": "no [[uncertainty]] inputs"}
    if case.economics is None:
        raise InputError("the slime case has no [economics]: no NPV to be uncertain about")
    from valorize.slime.economics import plant_economics

    s = sample_flowsheet(case, route, n, seed)
    x, made = s["x"], s["products"]
    sold = {p: m * x.get(f"price_factor.{p}", 1.0) for p, m in made.items()}
    # only the NPV is read: a price factor scales its product's revenue through the mass
    f = s["flowsheet"]
    e = plant_economics(sold, f["stage"].reagents, f["energy"], case.economics)
    npv = np.array(e["npv_usd"], dtype=float)
    left_out = [d.parameter for d in case.uncertainty if d.parameter not in s["used"]]
    basis = f"{n} Latin-hypercube samples of " + ", ".join(s["used"])
    if left_out:
        basis += f" ({', '.join(left_out)} left out: not in the {route} route)"
    return {
        "probability_npv_negative": float(np.mean(npv < 0)),
        "npv_p5_p50_p95_usd": [float(v) for v in np.percentile(npv, [5, 50, 95])],
        "products_p5_p50_p95_t_per_yr": {
            p: [float(v) / 1000.0 for v in np.percentile(m, [5, 50, 95])] for p, m in made.items()
        },
        "mass_balance_rel_error_max": float(np.max(f["balance_error"])),
        "risk_basis": basis,
    }
