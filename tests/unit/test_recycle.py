import numpy as np
import pytest

from valorize.errors import ConvergenceError
from valorize.flowsheet.recycle import wegstein


def test_linear_loop_converges_to_the_fixed_point_fast():
    # a loop returning 95 % of its flow plus a fresh 1.0: x = 20; direct substitution
    # would need ~450 passes for 1e-10
    x, n = wegstein(lambda x: 0.95 * x + 1.0, np.zeros(3), loop="linear")
    np.testing.assert_allclose(x, 20.0, rtol=1e-9)
    assert n < 10


def test_nonlinear_loop_with_scenarios():
    fresh = np.array([[1.0, 2.0], [3.0, 0.5]])
    x, _ = wegstein(lambda x: fresh + 0.5 * x / (1 + 0.01 * x), np.zeros((2, 2)), loop="nl")
    np.testing.assert_allclose(x, fresh + 0.5 * x / (1 + 0.01 * x), rtol=1e-9)


def test_divergent_loop_names_itself():
    with pytest.raises(ConvergenceError, match=r"loop 'runaway'.*after 20 iterations"):
        wegstein(
            lambda x: 1.5 * x + np.sin(x) + 1.0, np.zeros(1), loop="runaway", max_iterations=20
        )


def _scenario_loop(returned: np.ndarray, fresh: np.ndarray, calls: list):
    """x = fresh + r x / (1 + x) per scenario; records which scenarios each pass took."""

    def g(x: np.ndarray, index: np.ndarray | None) -> np.ndarray:
        rows = np.arange(len(fresh)) if index is None else index
        calls.append(rows)
        r, f = returned[rows][:, None], fresh[rows]
        return f + r * x / (1.0 + x)

    return g


def test_converged_scenarios_leave_the_iteration():
    # scenario 0 returns almost nothing (converges in a few passes), scenario 1 returns a lot
    returned = np.array([1e-6, 0.9])
    fresh = np.array([[1.0, 2.0], [1.0, 2.0]])
    calls: list = []
    g = _scenario_loop(returned, fresh, calls)
    x, n = wegstein(g, np.zeros((2, 2)), loop="masked", tolerance=1e-13, item_ndim=1)
    np.testing.assert_allclose(x, g(x, None), rtol=1e-12)
    taken = [len(c) for c in calls[:-1]]
    assert taken[0] == 2 and taken[-1] == 1  # the fast scenario left before the end
    assert sum(taken) < 2 * len(taken)
    assert n == len(calls) - 2  # passes of the slowest scenario (first call is the start)


def test_a_scenario_converges_to_the_same_bits_alone_or_in_a_batch():
    returned = np.array([0.2, 0.95, 0.5])
    fresh = np.array([[1.0, 0.1], [3.0, 2.0], [0.5, 5.0]])
    batch, _ = wegstein(
        _scenario_loop(returned, fresh, []), np.zeros((3, 2)), loop="b", item_ndim=1
    )
    for k in range(3):
        alone, _ = wegstein(
            _scenario_loop(returned[k : k + 1], fresh[k : k + 1], []),
            np.zeros((1, 2)),
            loop="a",
            item_ndim=1,
        )
        np.testing.assert_array_equal(batch[k], alone[0])


def test_a_loop_without_a_scenario_axis_is_one_problem():
    x, _ = wegstein(lambda x, index: 0.5 * x + 1.0, np.zeros(3), loop="one", item_ndim=1)
    np.testing.assert_allclose(x, 2.0, rtol=1e-9)


def test_an_unconverged_scenario_is_reported():
    def g(x: np.ndarray, index: np.ndarray | None) -> np.ndarray:
        rows = np.arange(2) if index is None else index
        runaway = (rows == 1)[:, None]  # the second scenario has no fixed point
        return np.where(runaway, 1.5 * x + np.sin(x) + 1.0, 0.5 * x + 1.0)

    with pytest.raises(ConvergenceError, match=r"'grow'.*after 30 iterations"):
        wegstein(g, np.zeros((2, 1)), loop="grow", item_ndim=1, max_iterations=30)
