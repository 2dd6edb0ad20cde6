r"""The batch-distillation step loop compiled with numba, for many scenarios at once.

:func:`valorize.units.vacuum_distillation.distill` integrates the pools of a batch
step by step with NumPy over a scenario axis; that NumPy code is the reference (the
oracle of ``tests/unit/test_distillation_kernel.py``). For the common case of an
isothermal batch of an ideal melt with one condenser (the rates' constants computed
once) this module runs the same steps fused per scenario: no temporary array per
operation, one exponential per pool and shared quantity, the scenario's pools in
registers. The arithmetic is the reference's, in the same order where it matters; the
result agrees with NumPy's to about 1e-13 relative.

The step (per scenario; ``k`` an element, ``0`` the solvent; Se's midpoint scheme of
:func:`~valorize.units.vacuum_distillation.distill`):

.. math::

    \lambda_k = A\,K_k / \textstyle\sum_{d} N_d, \qquad
    \lambda_{drop} = \frac{\varepsilon}{1-\varepsilon}
        \frac{\sum_k \lambda_k N_k M_k}{\sum_k (N_k + B_k) M_k}

with ``K`` the atom flux per unit mole fraction and ``B`` the atoms bound in
non-volatile compounds; the step length ``dt = ds / (lambda_0 + lambda_drop)`` at the
midpoint state, and each pool removed by ``N (1 - exp(-(lambda + lambda_drop) dt))``,
the vapour share ``lambda / (lambda + lambda_drop)``.

numba is imported only when the kernel is first used (the compiled function is cached
on disk), so short runs never pay for it; without numba the NumPy path runs.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from valorize.compiled import compile_kernel
from valorize.thermo.exchange import NEWTON_STEPS, NEWTON_TOLERANCE

#: Scenarios from which a batch runs compiled. NumPy's cost is per step whatever the
#: scenarios, so the kernel wins early: a Balkhash model call of 8 scenarios took 4 ms
#: compiled against 17 with NumPy (2026-12-01). Below it are a case's base crude and its
#: variants, which should not pay numba's import (about 0.3 s).
COMPILED_MIN_SCENARIOS = 8


def _run(
    free: np.ndarray,
    bound: np.ndarray,
    k_atoms: np.ndarray,
    enthalpy: np.ndarray,
    molar_mass: np.ndarray,
    dissolved: np.ndarray,
    area: np.ndarray,
    entrainment: np.ndarray,
    ds_cut: np.ndarray,
    ds_main: np.ndarray,
    steps: int,
    exchange_pools: np.ndarray,
    exchange_k: np.ndarray,
    out_cut: np.ndarray,
    out_product: np.ndarray,
    out_energy: np.ndarray,
    out_time: np.ndarray,
) -> None:
    scenarios, n = free.shape
    evaporating = np.flatnonzero(dissolved)  # the only pools with free atoms
    exchanging = exchange_pools.size > 0
    partners = exchange_pools[1:]

    lam = np.zeros(n)
    half_free = np.zeros(n)

    def exchange(s: int, half: bool, total: float, guess: float) -> float:
        """Scale the metal's and the partners' rates by their free shares, in place.

        The arithmetic of :func:`valorize.thermo.exchange.unexchanged` for scenario s, at
        its start (``free``) or its half step (``half_free``), from ``guess`` (the last
        evaluation's u; 0 for none). Returns u.
        """
        metal = exchange_pools[0]
        n_m = half_free[metal] if half else free[s, metal]
        kn_sum = 0.0
        for j in range(partners.size):
            n_p = half_free[partners[j]] if half else free[s, partners[j]]
            kn_sum += exchange_k[s, j] * n_p
        dilute = 1.0 / (1.0 + kn_sum / total)
        u = guess if guess > 0 else dilute
        k = 0
        while k < NEWTON_STEPS:
            g = 0.0
            slope = 0.0
            for j in range(partners.size):
                n_p = half_free[partners[j]] if half else free[s, partners[j]]
                kn = exchange_k[s, j] * n_p
                r = 1.0 / (total + exchange_k[s, j] * n_m * u)
                g += kn * u * r
                slope += kn * total * r * r
            if k == 0 and guess > 0 and u - 1.0 + g > 0 and u != dilute:
                u = dilute  # a guess above the root may overshoot: climb from below
                continue
            step = (u - 1.0 + g) / (1.0 + slope)
            u = u - step
            k += 1
            if abs(step) <= NEWTON_TOLERANCE * u:
                break
        lam[metal] *= u
        for j in range(partners.size):
            lam[partners[j]] *= total / (total + exchange_k[s, j] * n_m * u)
        return u

    for s in range(scenarios):
        drop_factor = entrainment[s] / (1.0 - entrainment[s])
        u_last = 0.0  # the exchange's last u, its next Newton start
        t = 0.0
        energy = 0.0
        bound_mass = 0.0
        for k in range(n):
            bound_mass += bound[s, k] * molar_mass[k]
        for step in range(2 * steps):
            main = step >= steps
            ds = ds_main[s] if main else ds_cut[s]
            # the rates at the start of the step
            total_d = 0.0
            for k in evaporating:
                total_d += free[s, k]
            vapour_mass = 0.0
            free_mass = 0.0
            for k in evaporating:
                lam[k] = area[s] * k_atoms[s, k] / total_d
            if exchanging:
                u_last = exchange(s, False, total_d, u_last)
            for k in evaporating:
                vapour_mass += lam[k] * free[s, k] * molar_mass[k]
                free_mass += free[s, k] * molar_mass[k]
            lam_drop = drop_factor * vapour_mass / (free_mass + bound_mass)
            dt0 = ds / (lam[0] + lam_drop)
            # the state half a step on, and its rates
            total_d = 0.0
            for k in evaporating:
                half_free[k] = free[s, k] * np.exp(-(lam[k] + lam_drop) * (dt0 / 2))
                total_d += half_free[k]
            vapour_mass = 0.0
            free_mass = 0.0
            for k in evaporating:
                lam[k] = area[s] * k_atoms[s, k] / total_d
            if exchanging:
                u_last = exchange(s, True, total_d, u_last)
            for k in evaporating:
                vapour_mass += lam[k] * half_free[k] * molar_mass[k]
                free_mass += half_free[k] * molar_mass[k]
            half_bound_mass = bound_mass * np.exp(-lam_drop * dt0 / 2)
            lam_drop = drop_factor * vapour_mass / (free_mass + half_bound_mass)
            dt = ds / (lam[0] + lam_drop)
            for k in evaporating:
                total = lam[k] + lam_drop
                removed = free[s, k] * -np.expm1(-total * dt)
                vapour = removed * (lam[k] / total if total > 0 else 0.0)
                if main:
                    out_product[0, s, k] += vapour
                    out_product[1, s, k] += removed - vapour
                else:
                    out_cut[0, s, k] += vapour
                    out_cut[1, s, k] += removed - vapour
                energy += vapour * enthalpy[s, k]
                free[s, k] -= removed
            if bound_mass > 0:  # droplets of the compounds that do not evaporate
                share = -np.expm1(-lam_drop * dt)
                out = out_product if main else out_cut
                for k in range(n):
                    removed = bound[s, k] * share
                    out[1, s, k] += removed
                    bound[s, k] -= removed
                bound_mass -= bound_mass * share
            t += dt
        out_energy[s] = energy
        out_time[s] = t


@functools.cache
def _kernel() -> Any:
    """The compiled step loop, or None without numba."""
    return compile_kernel(_run)


def compiled_available() -> bool:
    """Whether the compiled kernel can run here (numba imports)."""
    return _kernel() is not None


def compiled_loaded() -> bool:
    """Whether this process has the kernel already: then even one scenario runs compiled.

    Once numba's import is paid (a large call ran compiled), a small call (a
    calibration's walkers inside their prior, a redistilled share of samples) is about
    ten times faster compiled than in NumPy: 3.5 ms against 41 ms for one scenario of
    two distillations (valorize.calibration.zha2023, 2026-12-01).
    """
    return _kernel.cache_info().currsize > 0 and _kernel() is not None


def run_compiled(
    free: np.ndarray,
    bound: np.ndarray,
    k_atoms: np.ndarray,
    enthalpy: np.ndarray,
    molar_mass: np.ndarray,
    dissolved: np.ndarray,
    area: np.ndarray,
    entrainment: np.ndarray,
    ds_cut: np.ndarray,
    ds_main: np.ndarray,
    steps: int,
    exchange: tuple[tuple[int, ...], np.ndarray] | None = None,
) -> dict[str, np.ndarray]:
    """Run ``steps`` head-cut steps then ``steps`` main steps of every scenario.

    Parameters
    ----------
    free, bound
        Atoms (mol) free in the melt and bound in non-volatile compounds at the start,
        shape ``(S, n)``; overwritten with what is left at the end.
    k_atoms
        Atom flux per unit mole fraction and unit area (mol m^-2 s^-1), shape ``(S, n)``,
        0 for an element that does not evaporate.
    enthalpy
        Heat of vaporization per mol of atoms (J/mol), shape ``(S, n)``.
    molar_mass
        kg/mol, shape ``(n,)``; ``dissolved`` (bool, ``(n,)``) marks the evaporating
        pools.
    area, entrainment, ds_cut, ds_main
        Evaporation area (m^2), droplet share of the condensate, and the step of
        ``-ln(1 - distilled)`` in the head cut and in the main run, shape ``(S,)``.
    exchange
        The melt's exchanges (:mod:`valorize.thermo.exchange`): the metal's pool and its
        partners' (indices of the ``n`` elements), and the constants K, shape ``(S, m)``
        for m partners; None without any.

    Returns
    -------
    dict
        ``cut`` and ``product`` of shape ``(2, S, n)`` (vapour, droplets; mol),
        ``energy`` (J) and ``time`` (s) of shape ``(S,)``.

    Raises
    ------
    RuntimeError
        Without numba (check :func:`compiled_available` first).
    """
    kernel = _kernel()
    if kernel is None:
        raise RuntimeError("the compiled distillation kernel needs numba")
    scenarios, n = free.shape
    out = {
        "cut": np.zeros((2, scenarios, n)),
        "product": np.zeros((2, scenarios, n)),
        "energy": np.zeros(scenarios),
        "time": np.zeros(scenarios),
    }
    pools, K = exchange if exchange is not None else ((), np.zeros((scenarios, 0)))
    pools, K = np.array(pools, dtype=np.int64), np.ascontiguousarray(K, dtype=float)
    kernel(
        free, bound, k_atoms, enthalpy, molar_mass, dissolved, area, entrainment,
        ds_cut, ds_main, int(steps), pools, K, out["cut"], out["product"], out["energy"],
        out["time"],
    )  # fmt: skip
    return out
