"""The minimum selling price's root search: false position with the Illinois rule."""

import numpy as np
import pytest
from scipy.optimize import brentq

from valorize.economics.template import BREAK_EVEN_TOLERANCE, _illinois


def _kinked(rng: np.random.Generator, n: int):
    """Increasing piecewise-linear functions (an NPV whose tax changes regime at kinks)."""
    slopes = rng.lognormal(0.0, 2.0, (n, 4))
    kinks = np.sort(rng.uniform(-50.0, 50.0, (n, 4)), axis=1)
    offset = rng.uniform(-1e3, 1e3, n)

    def f(x: np.ndarray) -> np.ndarray:
        return offset + (slopes * np.maximum(x[:, None] - kinks, 0.0)).sum(axis=1) + 1e-3 * x

    return f


def _search(f, n: int, lo: float, hi: float) -> np.ndarray:
    lo_, hi_ = np.full(n, lo), np.full(n, hi)
    return _illinois(f, lo_, hi_, f(lo_), f(hi_))


@pytest.mark.parametrize("seed", range(5))
def test_the_root_of_a_kinked_function_is_brents_within_the_tolerance(seed):
    f = _kinked(np.random.default_rng(seed), 200)
    lo, hi = -1e6, 1e6
    assert np.all(f(np.full(200, lo)) < 0) and np.all(f(np.full(200, hi)) > 0)
    root = _search(f, 200, lo, hi)
    for k in range(200):
        one = lambda x, k=k: float(f(np.full(200, x))[k])  # noqa: E731
        expected = brentq(one, lo, hi, xtol=1e-15, rtol=1e-15)
        assert root[k] == pytest.approx(expected, rel=10 * BREAK_EVEN_TOLERANCE, abs=1e-11)


def test_a_curved_function_converges_too_and_each_element_on_its_own():
    targets = np.array([1e-6, 0.5, 3.0, 1e4])

    def f(x: np.ndarray) -> np.ndarray:
        return np.expm1(x) - targets[: x.size]

    root = _search(f, 4, -20.0, 20.0)
    exact = np.log1p(targets)  # within the tolerance of max(1, |root|)
    assert np.all(np.abs(root - exact) <= BREAK_EVEN_TOLERANCE * np.maximum(1.0, exact))
    alone = [_search(lambda x, k=k: np.expm1(x) - targets[k], 1, -20.0, 20.0)[0] for k in range(4)]
    assert np.array_equal(root, np.array(alone))


def test_a_root_on_a_steep_kink_is_bracketed_not_guessed():
    # the secant across a kink overstates the slope on its flat side, so |f(x)| over it
    # understates the distance to the root; the search checks past x before it stops
    def f(x: np.ndarray) -> np.ndarray:
        return np.where(x < 0, 1e14 * x, 1e-3 * x)

    root = _search(f, 1, -10.0, 1e9)
    assert abs(root[0]) <= BREAK_EVEN_TOLERANCE
    # a root on a kink of an NPV: after tax the slope falls to 1 - tax (0.99 here)
    calls = []

    def npv(x: np.ndarray) -> np.ndarray:
        calls.append(x)
        return np.where(x < 3e5, x - 3e5, 0.01 * (x - 3e5))

    lo, hi = np.array([-10.0]), np.array([1e7])
    root = _illinois(npv, lo, hi, npv(lo), npv(hi))
    assert abs(root[0] - 3e5) <= BREAK_EVEN_TOLERANCE * 3e5
    assert len(calls) <= 3 * 64  # at most three times bisection's evaluations
    # and one out of iterations returns its bracket's middle
    one = _illinois(
        lambda x: np.expm1(x) - 3.0, np.array([-20.0]), np.array([20.0]),
        np.array([np.expm1(-20.0) - 3.0]), np.array([np.expm1(20.0) - 3.0]), max_iterations=3,
    )  # fmt: skip
    assert -20.0 < one[0] < 20.0 and one[0] != 20.0


def test_a_root_at_an_end_and_a_flat_zero_are_returned():
    def f(x: np.ndarray) -> np.ndarray:
        return x - 2.0

    lo, hi = np.array([2.0, -5.0]), np.array([9.0, 2.0])
    assert np.array_equal(_illinois(f, lo, hi, f(lo), f(hi)), [2.0, 2.0])
    # f zero at both ends (a price out of reach, see _break_even_price): not searched
    z = np.zeros(1)
    assert _illinois(lambda x: np.full_like(x, np.nan), z - 1, z + 1, z, z)[0] == -1.0
