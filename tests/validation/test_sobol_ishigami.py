"""Sobol indices of the Ishigami function against their analytic values.

Ishigami & Homma (1990), f = sin x1 + a sin^2 x2 + b x3^4 sin x1 with
x_i ~ U(-pi, pi), a = 7, b = 0.1. Analytic indices (Saltelli et al., Global
Sensitivity Analysis: The Primer, 2008, sec. 4.6; the values SALib's own tests
use): S1 = 0.3139, 0.4424, 0; ST = 0.5576, 0.4424, 0.2437. Tolerance: 0.03,
about three times the bootstrap confidence half-width at 2^13 base samples.
"""

import numpy as np
import pytest

from valorize.analysis.sampling import Distribution
from valorize.analysis.sensitivity import morris_screening, sobol_indices

pytestmark = pytest.mark.validation

A, B = 7.0, 0.1
INPUTS = {f"x{i}": Distribution("uniform", (-np.pi, np.pi)) for i in (1, 2, 3)}


def ishigami(x, n):
    x1, x2, x3 = x["x1"], x["x2"], x["x3"]
    return {"f": np.sin(x1) + A * np.sin(x2) ** 2 + B * x3**4 * np.sin(x1)}


def test_sobol_matches_analytic_indices():
    s = sobol_indices(ishigami, INPUTS, 2**13, seed=1)["f"]
    for name, s1, st in (("x1", 0.3139, 0.5576), ("x2", 0.4424, 0.4424), ("x3", 0.0, 0.2437)):
        assert s[name]["S1"] == pytest.approx(s1, abs=0.03), name
        assert s[name]["ST"] == pytest.approx(st, abs=0.03), name


def test_morris_ranks_x3_as_interacting():
    m = morris_screening(ishigami, INPUTS, 200, seed=1)["f"]
    # x2 acts alone (sigma small against mu*); x3 only through its interaction with x1
    assert m["x3"]["sigma"] > m["x3"]["mu_star"] * 0.5
    assert min(m[k]["mu_star"] for k in m) > 0


def test_sobol_sample_size_must_be_a_power_of_two():
    from valorize.errors import InputError

    with pytest.raises(InputError, match="power of 2"):
        sobol_indices(ishigami, INPUTS, 1000, seed=0)
