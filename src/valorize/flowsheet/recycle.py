r"""Convergence of recycle loops by Wegstein's method, on whole arrays.

A recycle loop is a fixed point :math:`x = g(x)` of the tear stream x (here
element mass flows, with any leading scenario axes). Direct substitution
:math:`x_{k+1} = g(x_k)` converges slowly when the loop returns much of what
it receives; Wegstein's method (Wegstein, Commun. ACM 1 (1958) 9,
doi:10.1145/368861.368871; e.g. Westerberg et al., *Process Flowsheeting*,
1979, ch. 3) accelerates each component with the secant slope of its last two
iterates,

.. math::

    s = \frac{g(x_k) - g(x_{k-1})}{x_k - x_{k-1}}, \qquad
    q = \frac{s}{s - 1}, \qquad x_{k+1} = q\,x_k + (1 - q)\,g(x_k),

with q bounded to :data:`Q_BOUNDS` for stability (the usual practice). The loop
has converged when :math:`|g(x) - x| \le` tolerance × (|x| + scale) for every
component of every scenario.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from valorize.errors import ConvergenceError

#: Bounds of Wegstein's acceleration factor q (0 is direct substitution): wide enough for
#: loops that return 95 % of their flow (q = -19), finite as the slope s nears 1.
Q_BOUNDS = (-20.0, 0.0)


def wegstein(
    g: Callable[[np.ndarray], np.ndarray],
    x0: np.ndarray,
    *,
    loop: str,
    tolerance: float = 1e-10,
    max_iterations: int = 100,
) -> tuple[np.ndarray, int]:
    """Solve ``x = g(x)`` for a tear stream; return the fixed point and the iterations used.

    Parameters
    ----------
    g
        One pass around the loop: the tear stream in, the tear stream out.
    x0
        First guess (any shape; scenarios broadcast).
    loop
        Name of the loop, for the error message.
    tolerance
        Relative tolerance on every component.
    max_iterations
        Passes allowed before :class:`~valorize.errors.ConvergenceError`.

    Examples
    --------
    >>> x, n = wegstein(lambda x: 0.9 * x + 1.0, np.array(0.0), loop="demo")
    >>> round(float(x), 8), n < 10
    (10.0, True)
    """
    x = np.asarray(x0, dtype=float)
    gx = np.asarray(g(x), dtype=float)
    scale = np.maximum(np.abs(gx).max(), np.finfo(float).tiny)
    x_prev, gx_prev = x, gx
    x = gx  # first step: direct substitution
    residual = np.inf
    for iteration in range(1, max_iterations + 1):
        gx = np.asarray(g(x), dtype=float)
        error = np.abs(gx - x)
        residual = float(np.max(error / (np.abs(x) + scale)))
        if residual <= tolerance:
            return gx, iteration
        dx = x - x_prev
        with np.errstate(divide="ignore", invalid="ignore"):
            s = np.where(np.abs(dx) > 0, (gx - gx_prev) / dx, 0.0)
            q = np.where(np.abs(s - 1.0) > 1e-12, s / (s - 1.0), 0.0)
        q = np.clip(np.nan_to_num(q), *Q_BOUNDS)
        x_prev, gx_prev = x, gx
        x = q * x + (1.0 - q) * gx
    raise ConvergenceError(
        f"recycle loop '{loop}' did not converge: largest relative residual "
        f"{residual:.3g} after {max_iterations} iterations (tolerance {tolerance:g})"
    )
