"""Iman-Conover rank correlation: the asked rho is reached and marginals are kept."""

import numpy as np
import pytest
from scipy.stats import spearmanr

from valorize.analysis.correlation import iman_conover, spearman_matrix
from valorize.analysis.sampling import Distribution, chunk_unit_samples
from valorize.errors import InputError

NAMES = ["a", "b", "c"]


@pytest.mark.parametrize("rho", [-0.6, 0.3, 0.8, 0.95])
def test_achieved_rank_correlation_and_marginals(rho):
    n = 4000
    u = chunk_unit_samples("lhs", 0, n, 3, seed=11, index=0)
    c = spearman_matrix(NAMES, [("a", "b", rho)])
    out = iman_conover(u, c, np.random.default_rng(5))
    # marginals: each column is a permutation of the input column
    for j in range(3):
        np.testing.assert_array_equal(np.sort(out[:, j]), np.sort(u[:, j]))
    # the standard error of a sample Spearman rho is about 1/sqrt(n - 1); allow 3 of them
    tolerance = 3 / np.sqrt(n - 1)
    assert spearmanr(out[:, 0], out[:, 1]).statistic == pytest.approx(rho, abs=tolerance)
    assert abs(spearmanr(out[:, 0], out[:, 2]).statistic) < tolerance


def test_marginal_of_a_distribution_is_unchanged():
    u = chunk_unit_samples("mc", 0, 2000, 2, seed=1, index=0)
    d = Distribution("lognormal", (2.0, 0.5))
    c = spearman_matrix(["x", "y"], [("x", "y", 0.7)])
    out = iman_conover(u, c, np.random.default_rng(0))
    np.testing.assert_array_equal(np.sort(d.ppf(out[:, 0])), np.sort(d.ppf(u[:, 0])))


@pytest.mark.parametrize(
    ("pairs", "message"),
    [
        ([("a", "z", 0.5)], "'z' is not an uncertain input"),
        ([("a", "b", 1.2)], "outside -1 to 1"),
        ([("a", "a", 0.2)], "two different inputs"),
        ([("a", "b", 0.2), ("b", "a", 0.3)], "given twice"),
        ([("a", "b", 0.9), ("b", "c", 0.9), ("a", "c", -0.9)], "not positive definite"),
        ([("a", "b", 1.0)], "not positive definite"),
    ],
)
def test_bad_correlations(pairs, message):
    with pytest.raises(InputError, match=message):
        spearman_matrix(NAMES, pairs)


def test_too_few_samples_for_a_correlation():
    c = spearman_matrix(["x", "y"], [("x", "y", 0.5)])
    with pytest.raises(InputError, match="too few"):
        iman_conover(np.full((3, 2), 0.5), c, np.random.default_rng(0))


def test_the_fast_order_is_the_stable_sorts_with_ties_and_nans_too():
    from valorize.analysis.correlation import _stable_order

    rng = np.random.default_rng(4)
    cases = [
        rng.standard_normal(5000),  # distinct: the quick sort's order
        np.round(rng.standard_normal(5000), 1),  # many ties: by position
        np.array([1.0, np.nan, 0.0, np.nan, 1.0, -0.0, 0.0]),
        np.array([2.0]),
        np.array([]),
    ]
    for values in cases:
        assert np.array_equal(_stable_order(values), np.argsort(values, kind="stable"))
