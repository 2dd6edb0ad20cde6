r"""Slime feeds over scenarios: the case slime with sampled Se and Te contents and rate.

Each scenario is a slime (its Se and Te contents set, the other elements scaled in
proportion so the composition still sums to 1) times a slime rate per tonne of
copper; :class:`valorize.slime.model.SlimeModel` runs them through the flowsheet.
"""

from __future__ import annotations

import numpy as np

from valorize.errors import InputError
from valorize.quantities import parse_quantity
from valorize.slime import data
from valorize.slime.case import SlimeCase


def sampled_slimes(case: SlimeCase, x: dict[str, np.ndarray], n: int) -> np.ndarray:
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
