"""The scenario axis: picking some scenarios out of a value that may vary over them.

Every model input that varies over scenarios is a scalar (the same in all of them)
or an array whose leading axis is the scenario axis; a leading axis of length 1
broadcasts. :func:`rows` picks scenarios out of such a value, so that a solver can
carry on with the scenarios it has not finished (e.g. a recycle loop whose converged
scenarios leave the iteration, :func:`valorize.flowsheet.recycle.wegstein`).
"""

from __future__ import annotations

from typing import Any

import numpy as np


def rows(value: Any, index: np.ndarray | None, ndim: int = 0) -> Any:
    """The scenarios ``index`` of ``value``, whose own shape has ``ndim`` axes.

    Parameters
    ----------
    value
        A scalar, None, or an array of shape ``(n, *item)`` or ``item`` where ``item``
        has ``ndim`` axes (0 for a number per scenario, 1 for a vector per scenario).
    index
        Integer positions on the scenario axis; None keeps every scenario.
    ndim
        Axes of the value in one scenario.

    Returns
    -------
    Any
        ``value[index]`` where it has a scenario axis longer than 1, else ``value``.
    """
    if index is None or value is None:
        return value
    a = np.asarray(value)
    if a.ndim <= ndim or a.shape[0] == 1:
        return value
    return a[index]
