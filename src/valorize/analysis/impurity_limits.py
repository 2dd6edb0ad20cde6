r"""Impurity limits of a product (``[target] max_ppm``) as search constraints and as text.

A limit :math:`c_{max}` on an impurity of content c (ppm by mass) is met when
:math:`c \le c_{max}`; its relative excess :math:`\max(c/c_{max} - 1, 0)` (for
:math:`c_{max} = 0`, c itself) is zero exactly where it is met, so a search can
add it to a penalty (:mod:`valorize.analysis.optimize`) or require it to be
non-positive (:mod:`valorize.analysis.pareto`).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np


def limit_excess(ppm: np.ndarray, limit: float) -> np.ndarray:
    """Relative excess of a content over its limit; <= 0 where the limit holds."""
    return np.asarray(ppm) / limit - 1.0 if limit > 0 else np.asarray(ppm)


def describe_limits(max_ppm: Mapping[str, float]) -> str:
    """The limits as a phrase to follow a purity target: ', Hg <= 50 ppm, Te <= 100 ppm'."""
    return "".join(f", {symbol} <= {limit:g} ppm" for symbol, limit in max_ppm.items())
