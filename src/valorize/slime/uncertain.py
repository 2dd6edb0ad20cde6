r"""The uncertain inputs a slime case may sample, by path, and how samples reach the units.

A path names one input of the flowsheet:

- ``STEP.SPLIT.ELEMENT``: one element's share of a split table of
  ``data/anode_slime.toml`` (``roast.volatilized.Se``, ``leach.leached.Te``,
  ``precious_metals.to_tellurium.Te`` ...), a number from 0 to 1;
- ``STEP.DOSE``: a reagent dose or energy figure of a step, in the case file's
  unit (``roast.acid_dose_kg_per_kg``, ``leach.energy_kwh_per_t`` ...);
- ``slime.Se_wt_pct`` / ``slime.Te_wt_pct`` (the other elements scaled in
  proportion), ``plant.slime_kg_per_t_copper``, and ``price_factor.P`` for the
  products P (Se, Te, Au, Ag).

:func:`sampled_parameters` turns ``n`` samples into one parameter object per
step whose sampled entries are arrays over the samples: share tables become
(n, elements) arrays, scalars (n,) arrays, so the whole flowsheet runs once,
vectorized, as for the case's variants.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np

from valorize.errors import InputError
from valorize.slime.data import ELEMENTS

_KWH = 3.6e6

#: Split tables of each step (the fields of its parameter class).
SPLIT_TABLES: dict[str, tuple[str, ...]] = {
    "roast": ("volatilized", "to_crude"),
    "leach": ("leached", "gold_precipitated", "to_crude", "te_cemented"),
    "precious_metals": ("to_copper_solution", "to_dore", "refined_from_dore", "to_tellurium"),
}

#: Scalar inputs of each step: path -> (field, factor to the inside unit, lowest value).
DOSES: dict[str, tuple[str, float, float]] = {
    "roast.acid_dose_kg_per_kg": ("acid_dose", 1.0, 0.0),
    "roast.so2_excess": ("so2_excess", 1.0, 1.0),
    "roast.energy_kwh_per_t": ("energy", _KWH / 1e3, 0.0),
    "leach.acid_dose_kg_per_kg": ("acid_dose", 1.0, 0.0),
    "leach.mno2_dose_kg_per_kg": ("mno2_dose", 1.0, 0.0),
    "leach.nacl_dose_kg_per_kg": ("nacl_dose", 1.0, 0.0),
    "leach.so2_excess": ("so2_excess", 1.0, 1.0),
    "leach.energy_kwh_per_t": ("energy", _KWH / 1e3, 0.0),
    "precious_metals.energy_kwh_per_t": ("energy", _KWH / 1e3, 0.0),
}

#: Inputs outside the steps.
GENERAL: tuple[str, ...] = (
    "slime.Se_wt_pct",
    "slime.Te_wt_pct",
    "plant.slime_kg_per_t_copper",
    "price_factor.Se",
    "price_factor.Te",
    "price_factor.Au",
    "price_factor.Ag",
)


def allowed_text() -> str:
    """The allowed paths in one line, for error messages."""
    tables = "; ".join(f"{s}.{'|'.join(t)}" for s, t in SPLIT_TABLES.items())
    return (
        f"STEP.SPLIT.ELEMENT ({tables}; ELEMENT one of {', '.join(ELEMENTS)}), "
        f"{', '.join(DOSES)}, {', '.join(GENERAL)}"
    )


def check_path(path: str) -> None:
    """Raise ``ValueError`` (one line) unless ``path`` names an uncertain input."""
    if path in DOSES or path in GENERAL:
        return
    parts = path.split(".")
    if len(parts) == 3 and parts[1] in SPLIT_TABLES.get(parts[0], ()) and parts[2] in ELEMENTS:
        return
    raise ValueError(f"{path!r} is not an uncertain input of the slime route; use {allowed_text()}")


def is_share(path: str) -> bool:
    """Whether ``path`` is an element's share of a split table (a number from 0 to 1)."""
    return len(path.split(".")) == 3 and step_of(path) is not None


def check_bounds(path: str, distribution: str, parameters: list[float | str]) -> None:
    """Raise ``ValueError`` if a bounded distribution of a share reaches outside [0, 1].

    Uniform, log-uniform, triangular and PERT parameters are all bounds or modes; unbounded
    distributions (normal, lognormal) are checked on their samples instead.
    """
    if not is_share(path) or distribution not in ("uniform", "loguniform", "triangular", "pert"):
        return
    if not all(isinstance(v, int | float) for v in parameters):
        return  # quantities are read, and checked, by the model
    if any(not 0.0 <= float(v) <= 1.0 for v in parameters):
        raise ValueError(
            f"{path} is a share: its {distribution} parameters must lie between 0 and 1, "
            f"not {list(parameters)}"
        )


def step_of(path: str) -> str | None:
    """The step a path belongs to (``roast``, ``leach``, ``precious_metals``), else None."""
    step = path.split(".")[0]
    return step if step in SPLIT_TABLES else None


def applies(path: str, route: str) -> bool:
    """Whether ``route``'s flowsheet has the input ``path`` (the other route's do not)."""
    step = step_of(path)
    return step is None or step == "precious_metals" or step == route


def sampled_parameters(base: Any, step: str, x: dict[str, np.ndarray], n: int) -> Any:
    """``base`` (a step's parameters) with the sampled entries of ``x`` as arrays over n.

    Raises :class:`~valorize.errors.InputError` naming the path if a sampled share
    leaves [0, 1] or a dose falls below its lowest value.
    """
    fields: dict[str, Any] = {}
    for path, values in x.items():
        if step_of(path) != step:
            continue
        values = np.asarray(values, dtype=float)
        if path in DOSES:
            name, factor, lowest = DOSES[path]
            if np.any(~np.isfinite(values)) or np.any(values < lowest):
                raise InputError(
                    f"uncertainty: {path} must stay at or above {lowest:g} "
                    f"(sampled {float(np.min(values)):g})"
                )
            fields[name] = values * factor
            continue
        _, table, element = path.split(".")
        if np.any(~np.isfinite(values)) or np.any(values < 0) or np.any(values > 1):
            raise InputError(
                f"uncertainty: {path} must stay between 0 and 1 (sampled "
                f"{float(np.min(values)):g} to {float(np.max(values)):g}); use a distribution "
                "inside [0, 1]"
            )
        if table not in fields:
            shares = np.asarray(getattr(base, table), dtype=float)
            fields[table] = np.broadcast_to(shares, (n, len(ELEMENTS))).copy()
        fields[table][:, ELEMENTS.index(element)] = values
    return replace(base, **fields) if fields else base
