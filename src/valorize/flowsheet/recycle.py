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
component of every scenario. Given the scenario axis, each scenario is judged on
its own scale (the largest flow of its first pass) and leaves the iteration as
soon as it has converged, so a batch costs the passes its unconverged scenarios
need, and a scenario's answer is the one it would have alone.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from valorize.errors import ConvergenceError

#: Bounds of Wegstein's acceleration factor q (0 is direct substitution): wide enough for
#: loops that return 95 % of their flow (q = -19), finite as the slope s nears 1.
Q_BOUNDS = (-20.0, 0.0)


def wegstein(
    g: Callable[..., np.ndarray],
    x0: np.ndarray,
    *,
    loop: str,
    tolerance: float = 1e-10,
    max_iterations: int = 100,
    item_ndim: int | None = None,
    q_bounds: tuple[float, float] = Q_BOUNDS,
) -> tuple[np.ndarray, int]:
    """Solve ``x = g(x)`` for a tear stream; return the fixed point and the iterations used.

    Parameters
    ----------
    g
        One pass around the loop: the tear stream in, the tear stream out. With
        ``item_ndim`` given it is called as ``g(x, index)``: ``x`` holds the rows of the
        scenarios still iterating and ``index`` their positions on the scenario axis
        (``None`` for all of them).
    x0
        First guess (any shape; scenarios broadcast).
    loop
        Name of the loop, for the error message.
    tolerance
        Relative tolerance on every component.
    max_iterations
        Passes allowed before :class:`~valorize.errors.ConvergenceError`.
    item_ndim
        Axes of one scenario's tear stream (the trailing axes). Where the loop's answer has
        one axis more, that leading axis is the scenario axis: each scenario is tested on
        its own scale and leaves the iteration once converged, so the passes cost what the
        unconverged scenarios cost, and a scenario's answer does not depend on the others
        of its batch. ``None``: the whole array is one problem.
    q_bounds
        Bounds of the acceleration factor q (:data:`Q_BOUNDS` by default; (0, 0) is direct
        substitution).

    Returns
    -------
    tuple
        The fixed point (the shape of ``g``'s answer) and the passes of the slowest
        scenario.

    Raises
    ------
    ConvergenceError
        When some scenario has not converged after ``max_iterations`` passes.

    Examples
    --------
    >>> x, n = wegstein(lambda x: 0.9 * x + 1.0, np.array(0.0), loop="demo")
    >>> round(float(x), 8), n < 10
    (10.0, True)
    """
    if item_ndim is None:
        x, n = _masked(
            lambda x, index: g(x[0])[None],
            np.asarray(x0, dtype=float)[None],
            loop,
            tolerance,
            max_iterations,
            q_bounds,
        )
        return x[0], n
    gx = np.asarray(g(np.asarray(x0, dtype=float), None), dtype=float)
    if gx.ndim == item_ndim + 1:  # a scenario axis in front
        x_start = np.broadcast_to(np.asarray(x0, dtype=float), gx.shape)
        return _masked(g, x_start, loop, tolerance, max_iterations, q_bounds, first=gx)
    x, n = _masked(
        lambda x, index: np.asarray(g(x[0], None))[None],
        np.asarray(x0, dtype=float)[None],
        loop,
        tolerance,
        max_iterations,
        q_bounds,
        first=gx[None],
    )
    return x[0], n


def _masked(
    g: Callable[[np.ndarray, np.ndarray | None], np.ndarray],
    x0: np.ndarray,
    loop: str,
    tolerance: float,
    max_iterations: int,
    q_bounds: tuple[float, float],
    first: np.ndarray | None = None,
) -> tuple[np.ndarray, int]:
    """Wegstein's method over the leading (scenario) axis; converged rows leave."""
    x = x0
    gx = np.asarray(g(x, None), dtype=float) if first is None else first
    within = tuple(range(1, gx.ndim))  # the axes of one scenario

    def largest(a: np.ndarray) -> np.ndarray:
        return a.max(axis=within) if within else a

    scale = np.maximum(largest(np.abs(gx)), np.finfo(float).tiny)
    scale = scale.reshape(scale.shape + (1,) * len(within))
    out = np.empty_like(gx)
    active = np.arange(gx.shape[0])
    x_prev, gx_prev = x, gx
    x = gx  # first step: direct substitution
    residual = np.full(gx.shape[0], np.inf)
    for iteration in range(1, max_iterations + 1):
        everyone = len(active) == out.shape[0]
        gx = np.asarray(g(x, None if everyone else active), dtype=float)
        residual = largest(np.abs(gx - x) / (np.abs(x) + scale))
        done = residual <= tolerance
        out[active[done]] = gx[done]
        if done.all():
            return out, iteration
        if done.any():
            keep = ~done
            x, x_prev, gx, gx_prev = x[keep], x_prev[keep], gx[keep], gx_prev[keep]
            active, scale, residual = active[keep], scale[keep], residual[keep]
        dx = x - x_prev
        with np.errstate(divide="ignore", invalid="ignore"):
            s = np.where(np.abs(dx) > 0, (gx - gx_prev) / dx, 0.0)
            q = np.where(np.abs(s - 1.0) > 1e-12, s / (s - 1.0), 0.0)
        q = np.clip(np.nan_to_num(q), *q_bounds)
        x_prev, gx_prev = x, gx
        x = q * x + (1.0 - q) * gx
    worst = float(np.nanmax(residual)) if np.any(np.isfinite(residual)) else float("nan")
    raise ConvergenceError(
        f"recycle loop '{loop}' did not converge: largest relative residual "
        f"{worst:.3g} after {max_iterations} iterations (tolerance {tolerance:g})"
    )
