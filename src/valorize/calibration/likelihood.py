r"""The likelihood of a batch log given a model's predictions, censored values included.

Each measured value :math:`y_i` of an output is the model's prediction :math:`\mu(\theta)`
plus a normal measurement error of its stated sd :math:`\sigma_i = s_i + r_i |\mu|`
(absolute :math:`s_i`, or relative :math:`r_i` to the true value); a value below the
detection limit :math:`L_i` only says that the measurement fell below it (left
censoring, as for a Tobit model):

.. math::

    \log p(y \mid \theta) = \sum_{i\,\text{measured}} \left[-\tfrac12
    \left(\frac{y_i - \mu}{\sigma_i}\right)^2 - \log \sigma_i - \tfrac12 \log 2\pi\right]
    + \sum_{i\,\text{censored}} \log \Phi\!\left(\frac{L_i - \mu}{\sigma_i}\right).

Without conditions in the log the model predicts the same value for every batch (the
batches are repeated measurements of one operating point): :math:`\mu` has shape
``(n,)``. With them (``[conditions]``, one value per batch) it predicts each batch at
its own conditions: :math:`\mu` has shape ``(n, rows)`` and each measurement is read
against its batch's column. Batch-to-batch changes the model is not told about widen
the residuals, and the posterior predictive check shows it.
"""

from __future__ import annotations

import numpy as np
from scipy.special import log_ndtr

from valorize.calibration.log import Observations

_HALF_LOG_2PI = 0.5 * np.log(2.0 * np.pi)


def batch_predictions(predicted: np.ndarray, obs: Observations) -> np.ndarray:
    """The prediction for each measurement of ``obs``: ``(n, 1)``, or ``(n, m)`` per batch.

    ``predicted`` is ``(n,)`` (one operating point) or ``(n, rows)`` (each batch at its
    own conditions, the columns picked by ``obs.rows``).
    """
    mu = np.asarray(predicted, dtype=float)
    if mu.ndim == 1:
        return mu[:, None]
    return mu[:, obs.rows] if obs.rows is not None else mu


def log_likelihood(
    predicted: dict[str, np.ndarray], observations: tuple[Observations, ...]
) -> np.ndarray:
    """The log-likelihood of every scenario, shape ``(n,)``; -inf where a prediction is NaN.

    Parameters
    ----------
    predicted
        Output name -> the model's value in each of ``n`` scenarios, shape ``(n,)``,
        or ``(n, rows)`` for each batch at its own conditions.
    observations
        The log's measurements of each output.
    """
    total: np.ndarray | None = None
    for obs in observations:
        mu = batch_predictions(predicted[obs.name], obs)
        sd = obs.error(mu)
        with np.errstate(divide="ignore", invalid="ignore"):
            z = (obs.value[None, :] - mu) / sd
            exact = -0.5 * z**2 - np.log(sd) - _HALF_LOG_2PI
        part = np.where(obs.censored[None, :], log_ndtr(z), exact).sum(axis=1)
        total = part if total is None else total + part
    assert total is not None  # a log holds at least one output (read_batch_log)
    return np.where(np.isfinite(total), total, -np.inf)
