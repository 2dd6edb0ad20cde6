"""NPV and IRR against numpy-financial, the peer library, on many random cash flows.

Peer: numpy-financial (https://github.com/numpy/numpy-financial), npf.npv and
npf.irr, one cash flow at a time. Tolerances: NPV relative 1e-12; IRR absolute
1e-6, on conventional cash flows (one sign change: a unique IRR).
"""

import numpy as np
import numpy_financial as npf
import pytest

from valorize.economics.cashflow import internal_rate_of_return, net_present_value

pytestmark = pytest.mark.validation


def conventional_flows(rng, n, years):
    capex = -rng.uniform(1e5, 1e7, (n, 1))
    ramp = rng.uniform(0.05, 0.4, (n, 1)) * -capex
    income = ramp * rng.uniform(0.5, 1.5, (n, years))
    return np.hstack([capex, income])


def test_npv_matches_numpy_financial(rng):
    flows = rng.normal(0, 1e6, (300, 16))
    rates = rng.uniform(-0.5, 0.5, 300)
    ours = net_present_value(rates, flows)
    theirs = np.array([npf.npv(r, f) for r, f in zip(rates, flows, strict=True)])
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-6)


@pytest.mark.parametrize("years", [3, 10, 25])
def test_irr_matches_numpy_financial(rng, years):
    flows = conventional_flows(rng, 300, years)
    ours = internal_rate_of_return(flows)
    theirs = np.array([npf.irr(f) for f in flows])
    np.testing.assert_allclose(ours, theirs, atol=1e-6)
    # and the definition itself: NPV at the IRR is zero
    residual = net_present_value(ours, flows) / np.abs(flows).sum(axis=1)
    assert np.max(np.abs(residual)) < 1e-10


def test_irr_of_losing_projects_is_negative_and_exact(rng):
    flows = conventional_flows(rng, 100, 8)
    flows[:, 1:] *= 0.1  # never pays back: IRR below zero
    ours = internal_rate_of_return(flows)
    theirs = np.array([npf.irr(f) for f in flows])
    assert np.all(ours < 0)
    np.testing.assert_allclose(ours, theirs, atol=1e-6)
