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
