"""Thermodynamic consistency of every activity model.

Two exact relations are checked numerically across composition and temperature,
for random but physically sized parameters:

1. ln gamma_i is the partial molar derivative of n g^E/RT (finite differences
   in mole numbers, relative agreement 1e-6);
2. Gibbs-Duhem: sum_i x_i d ln gamma_i = 0 along any composition path
   (absolute residual 1e-8 per unit step).

Source of the relations: e.g. Prausnitz, Lichtenthaler & de Azevedo,
Molecular Thermodynamics of Fluid-Phase Equilibria, 3rd ed., 1999, ch. 6.
"""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from valorize.constants import GAS_CONSTANT
from valorize.thermo.activity import MIVM, IdealSolution, RedlichKister, RegularSolution, Wilson

COMPONENTS = ("A", "B", "C", "D")


def make_models(rng, n):
    comps = COMPONENTS[:n]
    V = rng.uniform(7e-6, 25e-6, n)
    omega = rng.uniform(-30e3, 30e3, (n, n))
    omega = np.triu(omega, 1)
    omega = omega + omega.T
    energies = rng.uniform(-8e3, 8e3, (n, n))
    np.fill_diagonal(energies, 0.0)
    fixed = np.full((n, n), np.nan)
    np.fill_diagonal(fixed, 1.0)
    B = rng.uniform(0.2, 3.0, (n, n))
    np.fill_diagonal(B, 1.0)
    T_ref = rng.uniform(600, 1400, (n, n))
    T_ref = np.triu(T_ref, 1) + np.triu(T_ref, 1).T + np.eye(n)
    Z = rng.uniform(2, 12, n)
    pairs = tuple(itertools.combinations(range(n), 2))
    rk_a = rng.uniform(-20e3, 20e3, (len(pairs), 3))
    rk_b = rng.uniform(-5.0, 5.0, (len(pairs), 3))
    return [
        IdealSolution(comps),
        RegularSolution(comps, omega),
        RedlichKister(comps, pairs, rk_a, rk_b),
        Wilson(comps, energies, V, fixed),
        MIVM(comps, B, T_ref, V, Z),
    ]


def n_gE(model, n_moles, T):
    total = n_moles.sum(axis=-1, keepdims=True)
    return total[..., 0] * model.excess_gibbs_RT(n_moles / total, T)


@pytest.mark.parametrize("n", [2, 3, 4])
def test_ln_gamma_is_partial_molar_excess_gibbs(rng, n):
    for model in make_models(rng, n):
        x = rng.dirichlet(np.ones(n), size=50)
        T = rng.uniform(500, 1500, 50)
        analytic = model.ln_gamma(x, T)
        numeric = np.empty_like(x)
        h = 1e-6
        for i in range(n):
            up, down = x.copy(), x.copy()
            up[:, i] += h
            down[:, i] -= h
            numeric[:, i] = (n_gE(model, up, T) - n_gE(model, down, T)) / (2 * h)
        np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-7, err_msg=model.name)


@pytest.mark.parametrize("n", [2, 3, 4])
def test_gibbs_duhem(rng, n):
    for model in make_models(rng, n):
        x0 = rng.dirichlet(np.ones(n), size=40)
        direction = rng.normal(size=(40, n))
        direction -= direction.mean(axis=1, keepdims=True)  # stays on the simplex
        h = 1e-6
        T = 900.0
        d_ln_gamma = (
            model.ln_gamma(x0 + h * direction, T) - model.ln_gamma(x0 - h * direction, T)
        ) / (2 * h)
        residual = np.sum(x0 * d_ln_gamma, axis=-1)
        assert np.max(np.abs(residual)) < 1e-6, model.name


def test_pure_components_have_gamma_one(rng):
    for model in make_models(rng, 3):
        for i in range(3):
            x = np.zeros(3)
            x[i] = 1.0
            assert model.ln_gamma(x, 800.0)[i] == pytest.approx(0.0, abs=1e-12)
            assert model.excess_gibbs_RT(x, 800.0) == pytest.approx(0.0, abs=1e-12)


def test_mivm_binary_matches_taos_closed_form(rng):
    """Tao (2000) binary equations, written out independently of the implementation."""
    V1, V2, Z1, Z2, B12, B21 = 17e-6, 19e-6, 9.0, 7.0, 1.4, 0.6
    model = MIVM(
        ("A", "B"),
        np.array([[1, B12], [B21, 1]]),
        np.ones((2, 2)) * 1000.0,
        np.array([V1, V2]),
        np.array([Z1, Z2]),
    )
    x1 = np.linspace(0.01, 0.99, 25)
    x2 = 1 - x1
    d1 = x1 * V1 + x2 * V2 * B21
    d2 = x2 * V2 + x1 * V1 * B12
    ln_g1 = (
        np.log(V1 / d1)
        + x2 * (V2 * B21 / d1 - V1 * B12 / d2)
        - x2**2
        / 2
        * (
            Z1 * B21**2 * np.log(B21) / (x1 + x2 * B21) ** 2
            + Z2 * B12 * np.log(B12) / (x2 + x1 * B12) ** 2
        )
    )
    ln_g2 = (
        np.log(V2 / d2)
        - x1 * (V2 * B21 / d1 - V1 * B12 / d2)
        - x1**2
        / 2
        * (
            Z2 * B12**2 * np.log(B12) / (x2 + x1 * B12) ** 2
            + Z1 * B21 * np.log(B21) / (x1 + x2 * B21) ** 2
        )
    )
    got = model.ln_gamma(np.stack([x1, x2], axis=-1), 1000.0)
    np.testing.assert_allclose(got[:, 0], ln_g1, rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(got[:, 1], ln_g2, rtol=1e-12, atol=1e-13)


def test_mivm_temperature_extrapolation_keeps_pair_energy():
    """B(T) = B(T0)^(T0/T): -kT ln B is the same at every T."""
    model = MIVM(
        ("A", "B"),
        np.array([[1, 0.5], [2.0, 1]]),
        np.full((2, 2), 800.0),
        np.array([1e-5, 1e-5]),
        np.array([8.0, 8.0]),
    )
    for T in (600.0, 800.0, 1200.0):
        B = model.B(np.array(T))
        np.testing.assert_allclose(-T * np.log(B), -800.0 * np.log([[1, 0.5], [2.0, 1]]))


def test_wilson_ideal_fallback_pair_is_ideal():
    V = np.array([1e-5, 2e-5])
    fixed = np.ones((2, 2))
    model = Wilson(("A", "B"), np.zeros((2, 2)), V, fixed)
    x = np.array([[0.3, 0.7], [0.9, 0.1]])
    np.testing.assert_allclose(model.ln_gamma(x, 700.0), 0.0, atol=1e-15)


def test_models_broadcast_over_scenario_axes(rng):
    for model in make_models(rng, 3):
        x = rng.dirichlet(np.ones(3), size=(4, 5))
        T = rng.uniform(600, 900, (4, 5))
        full = model.ln_gamma(x, T)
        assert full.shape == (4, 5, 3)
        for i, j in itertools.product(range(4), range(5)):
            np.testing.assert_allclose(full[i, j], model.ln_gamma(x[i, j], T[i, j]), rtol=1e-13)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    x1=st.floats(0.001, 0.999),
    B12=st.floats(0.05, 20.0),
    B21=st.floats(0.05, 20.0),
    T=st.floats(400.0, 2000.0),
)
def test_mivm_binary_gibbs_duhem_property(x1, B12, B21, T):
    model = MIVM(
        ("A", "B"),
        np.array([[1, B12], [B21, 1]]),
        np.full((2, 2), 1000.0),
        np.array([1.7e-5, 2.2e-5]),
        np.array([10.0, 6.0]),
    )
    h = 1e-4 * min(x1, 1 - x1)  # a step that stays small where ln(gamma) is steep
    up = model.ln_gamma(np.array([x1 + h, 1 - x1 - h]), T)
    down = model.ln_gamma(np.array([x1 - h, 1 - x1 + h]), T)
    d = (up - down) / (2 * h)
    # relative to the size of the two terms: finite differences lose digits where lnγ is steep
    scale = abs(x1 * d[0]) + abs((1 - x1) * d[1])
    assert abs(x1 * d[0] + (1 - x1) * d[1]) <= 1e-6 * scale + 1e-9


def test_redlich_kister_binary_matches_closed_form():
    """RT ln g1 = x2^2 [L0 + L1(3x1 - x2) + L2(x1 - x2)(5x1 - x2)] (e.g. Lukas, Fries &
    Sundman, Computational Thermodynamics, 2007, ch. 5), and symmetrically for 2."""
    L0, L1, L2, T = 5000.0, -1200.0, 800.0, 900.0
    model = RedlichKister(("A", "B"), ((0, 1),), np.array([[L0, L1, L2]]), np.zeros((1, 3)))
    x1 = np.linspace(0.0, 1.0, 21)
    x2 = 1 - x1
    RT = GAS_CONSTANT * T
    g1 = x2**2 * (L0 + L1 * (3 * x1 - x2) + L2 * (x1 - x2) * (5 * x1 - x2)) / RT
    g2 = x1**2 * (L0 - L1 * (3 * x2 - x1) + L2 * (x2 - x1) * (5 * x2 - x1)) / RT
    got = model.ln_gamma(np.stack([x1, x2], axis=-1), T)
    np.testing.assert_allclose(got[:, 0], g1, atol=1e-13)
    np.testing.assert_allclose(got[:, 1], g2, atol=1e-13)
