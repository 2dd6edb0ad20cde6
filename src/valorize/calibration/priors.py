"""Which parameters a calibration learns, and their priors.

The priors are the case's ``[[uncertainty]]`` distributions of the learned parameters
(their source carried along). Without a list of parameters, every uncertain input the
log can inform is learned: those whose move from their prior's 5th to 95th percentile,
the others at their baselines, shifts some output of the log by more than
:data:`INFORMED_SHIFT` of its measurement sd (one vectorized call of the model).
"""

from __future__ import annotations

import numpy as np

from valorize.calibration.log import BatchLog
from valorize.calibration.sampler import Prior
from valorize.errors import InputError
from valorize.model.protocol import Model

#: Shift of an output, in its measurement sd, from which a parameter counts as informed.
INFORMED_SHIFT = 0.25
#: Distributions a prior can be (a density).
DENSITIES = ("uniform", "triangular", "normal", "lognormal", "loguniform", "pert")


def _declared(model: Model) -> dict[str, Prior]:
    """The case's uncertain inputs that have a density, as priors."""
    from valorize.analysis.uncertainty import declared_distributions

    sources = {u.parameter: u.source for u in model.uncertain}
    return {
        name: Prior(name, d, sources.get(name, ""))
        for name, d in declared_distributions(model).items()
        if d.kind in DENSITIES
    }


def informed(model: Model, log: BatchLog, priors: dict[str, Prior]) -> list[str]:
    """The parameters whose prior range moves some output of the log (see module doc)."""
    names = list(priors)
    n = 1 + 2 * len(names)
    x = {k: np.full(n, priors[k].distribution.quantile(0.5)) for k in names}
    for j, k in enumerate(names):
        x[k][1 + 2 * j] = priors[k].distribution.quantile(0.05)
        x[k][2 + 2 * j] = priors[k].distribution.quantile(0.95)
    y = model.evaluate(x, n, observables=True)
    out = []
    for j, k in enumerate(names):
        for obs in log.observations:
            shift = abs(y[obs.name][2 + 2 * j] - y[obs.name][1 + 2 * j])
            sd = float(np.median(obs.error(y[obs.name][0])))
            if np.isfinite(shift) and shift > INFORMED_SHIFT * sd:
                out.append(k)
                break
    return out


def choose_priors(model: Model, log: BatchLog, learn: list[str] | None) -> tuple[Prior, ...]:
    """The priors of the parameters to learn: ``learn``, or those the log informs.

    By default the log's conditions (given batch by batch) are not among them.

    Raises
    ------
    InputError
        For a parameter that is not one of the case's uncertain inputs with a density, one
        named twice, or when the log informs none of them.
    """
    declared = _declared(model)
    if learn:
        twice = sorted({k for k in learn if learn.count(k) > 1})
        if twice:  # one parameter, one dimension of the posterior
            raise InputError(f"--learn: {twice[0]} is named twice; name each parameter once")
        missing = [k for k in learn if k not in declared]
        if missing:
            raise InputError(
                f"--learn: {missing[0]} has no prior: give it an [[uncertainty]] entry with a "
                "uniform, triangular, normal, lognormal, loguniform or pert distribution in the "
                "case; those with one: " + (", ".join(declared) or "none")
            )
        return tuple(declared[k] for k in learn)
    # a condition of the log is given batch by batch, never learned
    chosen = informed(model, log, {k: v for k, v in declared.items() if k not in log.conditions})
    if not chosen:
        raise InputError(
            "no uncertain input of the case moves an output of the log by more than "
            f"{INFORMED_SHIFT:g} of its sd: nothing to learn from it"
        )
    return tuple(declared[k] for k in chosen)
