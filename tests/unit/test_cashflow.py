import numpy as np
import pytest

from valorize.economics.cashflow import (
    discounted_payback_period,
    internal_rate_of_return,
    levelized_cost,
    net_present_value,
    payback_period,
)
from valorize.errors import InputError


def test_npv_by_hand():
    assert net_present_value(0.1, [-100, 110]) == pytest.approx(0.0, abs=1e-12)
    assert net_present_value(0.0, [-100, 30, 30, 30]) == pytest.approx(-10.0)


def test_scenarios_broadcast():
    flows = np.array([[-100, 60, 60], [-100, 80, 80]])
    assert net_present_value(np.array([[0.05], [0.1]]), flows).shape == (2, 2)
    assert internal_rate_of_return(flows.reshape(1, 2, 3)).shape == (1, 2)


def test_irr_without_a_root_in_the_bracket_is_nan():
    assert np.isnan(internal_rate_of_return([100.0, 100.0, 100.0]))


def test_payback():
    assert payback_period([-100, 50, 50, 50]) == pytest.approx(2.0)
    assert payback_period([-100, 40, 40, 40]) == pytest.approx(2.5)
    assert np.isnan(payback_period([-100, 10, 10]))
    assert payback_period([10, 10]) == 0.0
    assert discounted_payback_period(0.1, [-100, 40, 40, 40, 40]) > 2.5


def test_levelized_cost():
    # constant cost 4 per unit of output every year: levelized 4 at any rate
    q = np.array([0, 60, 60, 60])
    c = 4 * q + np.array([0, 0, 0, 0])
    assert levelized_cost(0.08, c, q) == pytest.approx(4.0)
    capex = np.array([100.0, 0, 0, 0])
    assert levelized_cost(0.08, c + capex, q) > 4.0


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: net_present_value(0.1, [5.0]), "at least two years"),
        (lambda: net_present_value(-1.5, [-1.0, 2.0]), "above -100 %"),
        (lambda: net_present_value(0.1, [-1.0, np.nan]), "finite"),
        (lambda: levelized_cost(0.1, [1.0, 1.0], [0.0, 0.0]), "output must be positive"),
    ],
)
def test_bad_inputs(call, message):
    with pytest.raises(InputError, match=message):
        call()


def test_threaded_chunks_give_identical_irr(rng, monkeypatch):
    from valorize.economics import cashflow

    capex = -rng.uniform(1e5, 1e7, (4900, 1))
    flows = np.hstack([capex, -capex * rng.uniform(0.05, 0.3, (4900, 12))])
    # the same path in one thread: seven chunks of 700 flows, each above the compiled
    # IRR's threshold (the NumPy reference agrees with it to the tolerance, not the bit)
    monkeypatch.setattr(cashflow, "IRR_CHUNK", 700)
    monkeypatch.setattr(cashflow.os, "cpu_count", lambda: 1)
    whole = internal_rate_of_return(flows)
    monkeypatch.setattr(cashflow.os, "cpu_count", lambda: 4)
    chunked = internal_rate_of_return(flows)
    np.testing.assert_array_equal(chunked, whole)
    np.testing.assert_allclose(chunked, cashflow._irr(flows, 1e-10, 100), rtol=1e-12)
