"""The tabulated beta inverse CDF against SciPy's, over random shapes and probabilities."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special, stats

from valorize.analysis.beta_inverse import TOLERANCE, beta_ppf
from valorize.analysis.sampling import Distribution


@settings(max_examples=30, deadline=None, derandomize=True)
@given(
    alpha=st.floats(1.0, 5.0),
    beta=st.floats(1.0, 5.0),
    seed=st.integers(0, 2**32 - 1),
)
def test_each_value_has_the_probability_asked_for(alpha, beta, seed):
    u = np.random.default_rng(seed).random(20_000)
    x = beta_ppf(alpha, beta, u)
    assert np.all((x >= 0) & (x <= 1))
    # the forward function at the value gives back u, as closely as the table promises
    assert np.max(np.abs(special.betainc(alpha, beta, x) - u)) <= 2 * TOLERANCE
    exact = special.betaincinv(alpha, beta, u)
    density = stats.beta(alpha, beta).pdf(exact)
    inner = density > 0.05  # away from the tails, x itself is as close as TOLERANCE / f
    assert np.all(np.abs(x - exact)[inner] <= 2 * TOLERANCE / density[inner])


def test_the_ends_and_order_hold():
    u = np.array([0.0, 1e-12, 0.25, 0.5, 0.75, 1 - 1e-12, 1.0])
    x = beta_ppf(2.2, 3.8, u)
    assert x[0] == 0.0 and x[-1] == 1.0
    assert np.all(np.diff(x) > 0)
    np.testing.assert_allclose(x, special.betaincinv(2.2, 3.8, u), rtol=1e-12, atol=0)


def test_a_pert_input_samples_through_the_table():
    d = Distribution("pert", (0.0098, 0.054, 0.44))
    u = np.linspace(0.001, 0.999, 999)
    scipy_values = d._frozen().ppf(u)
    np.testing.assert_allclose(d.ppf(u), scipy_values, rtol=0, atol=1e-12)


def test_probabilities_outside_0_1_give_nan_as_scipy_does():
    x = beta_ppf(2.0, 3.0, np.array([-0.1, np.nan, 1.5, 0.5]))
    assert np.isnan(x[:3]).all() and np.isfinite(x[3])


def test_a_single_probability_and_a_grid_keep_their_shapes():
    assert beta_ppf(2.0, 3.0, 0.5).shape == ()
    assert float(beta_ppf(2.0, 3.0, 0.5)) == float(beta_ppf(2.0, 3.0, np.array([0.5]))[0])
    assert beta_ppf(2.0, 3.0, np.full((3, 4), 0.25)).shape == (3, 4)
    assert Distribution("pert", (1.0, 2.0, 4.0)).quantile(0.5) > 1.0


def test_far_in_the_lower_tail_the_value_comes_from_the_leading_term():
    # betaincinv gives NaN below about 1e-108 for (3, 3); I_x = x^a / (a B) there
    x = beta_ppf(3.0, 3.0, np.array([1e-200, 1e-108]))
    assert np.all(np.isfinite(x))
    np.testing.assert_allclose(special.betainc(3.0, 3.0, x), [1e-200, 1e-108], rtol=1e-12)


def test_the_table_rises_across_its_nodes_within_rounding():
    from valorize.analysis.beta_inverse import NODES

    nodes = np.arange(1, NODES) / NODES
    below, above = np.nextafter(nodes, 0), np.nextafter(nodes, 1)
    x = beta_ppf(2.049253361767398, 3.950746638232602, np.stack([below, nodes, above]))
    assert np.all(np.diff(x, axis=0) >= -4 * np.spacing(x[1]))  # betaincinv's own: 2 ulp
