r"""The batch-distillation step loop compiled with numba, for many scenarios at once.

:func:`valorize.units.vacuum_distillation.distill` integrates the pools of a batch
step by step with NumPy over a scenario axis; that NumPy code is the reference (the
oracle of ``tests/unit/test_distillation_kernel.py``). For an isothermal batch of an
ideal melt (the rates' constants computed once), with one condenser or with fractional
condensation zones, this module runs the same steps compiled, :data:`LANES` scenarios at
a time: work arrays allocated once per call, no temporary per operation, the
exponentials of a step computed together in SIMD registers (Cody-Waite reduction and a
Taylor polynomial, within three ulps of libm's for the arguments it takes, x <= 0). The
arithmetic is the reference's, in the same order where it matters; the result agrees
with NumPy's to about 1e-13 relative. The charge those steps start from (atoms bound in
compounds and free in the melt) is set up compiled too, in one pass
(:func:`charge_pools`, the same bits). With condensation zones each main step also
splits each element's vapour among the zones (:func:`run_compiled`'s ``zones``).

The step (per scenario; ``k`` an element, ``0`` the solvent; Se's midpoint scheme of
:func:`~valorize.units.vacuum_distillation.distill`):

.. math::

    \lambda_k = A\,K_k / \textstyle\sum_{d} N_d, \qquad
    \lambda_{drop} = \frac{\varepsilon}{1-\varepsilon}
        \frac{\sum_k \lambda_k N_k M_k}{\sum_k (N_k + B_k) M_k}

with ``K`` the atom flux per unit mole fraction and ``B`` the atoms bound in
non-volatile compounds; the step length ``dt = ds / (lambda_0 + lambda_drop)`` at the
midpoint state, and each pool removed by ``N (1 - exp(-(lambda + lambda_drop) dt))``,
the vapour share ``lambda / (lambda + lambda_drop)``. The batch time adds each step's
``ds / 6 (1/r_start + 4/r_mid + 1/r_end)`` with ``r = lambda_0 + lambda_drop`` (Simpson's
rule; the end's rate is the next step's start).

numba is imported only when the kernel is first used (the compiled function is cached
on disk), so short runs never pay for it; without numba the NumPy path runs.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np

from valorize.compiled import compile_kernel
from valorize.thermo.exchange import NEWTON_STEPS, NEWTON_TOLERANCE
from valorize.units.condensation import EXPM1_SERIES_BELOW

#: Scenarios from which a batch runs compiled. NumPy's cost is per step whatever the
#: scenarios, so the kernel wins early: a Balkhash model call of 8 scenarios took 4 ms
#: compiled against 17 with NumPy (2026-12-01). Below it are a case's base crude and its
#: variants, which should not pay numba's import (about 0.3 s).
COMPILED_MIN_SCENARIOS = 8

#: Scenarios stepped together, each in its own lane ``q`` of every work array: their steps
#: are independent, so the processor overlaps them and LLVM runs the lane loops in SIMD
#: registers (four doubles with AVX2); one scenario at a time waits on each division
#: and exponential of its own step. On the Balkhash chunk 32 lanes ran 10 % faster than
#: 8 (2026-12-01); a call of fewer scenarios pads the block, which costs microseconds.
#: 64 lanes ran as fast as 32.
LANES = 32
#: Whether the lane count reaches the compiled code as a run-time value
#: (:data:`_LANES_AT_RUN_TIME`) or as the constant :data:`LANES`; which is faster depends
#: on the LLVM that numba's llvmlite carries. On the Balkhash chunk (µs a scenario, best
#: of 10, one core, 2026-12-02; run time against constant):
#: numba 0.68 (LLVM 22) 1.81 against 2.34-3.31; 0.64 (LLVM 20) 2.40 against 3.12;
#: 0.62 (LLVM 20) 1.83 against 2.43; 0.61 (LLVM 15) 3.33 against 2.10; 0.60 (LLVM 14,
#: as BioSTEAM's environment pins it) 5.13 against 3.06-3.43. The two give the same bits
#: under numba 0.68; under 0.60 the batch time of some lanes differs in its last bit or
#: two (LLVM fuses its multiply-adds otherwise; at most 3.6e-16 relative over 40 random
#: batches, 2026-12-02), every other output the same bits. Below LLVM 20 the kernel's
#: ``lanes`` argument is not read.
LANES_AT_RUN_TIME_FROM_LLVM = 20
_LANES_AT_RUN_TIME = True  # set by _kernel before numba compiles; read as a constant

# exp(x) = 2^k e^r with k = round(x / ln 2) and r = x - k ln 2 (ln 2 in two parts, Cody
# and Waite), |r| <= ln(2)/2; e^r - 1 by its Taylor series to r^13 (the next term is
# below 1e-17 relative), evaluated by Estrin's scheme: powers r^2, r^4, r^8 and pairs of
# terms side by side, five multiply-adds deep where Horner's scheme is twelve. Against
# NumPy's expm1 over 2e6 arguments in each of (-1e-6, 0), (-0.4, 0), (-5, 0), (-700, 0):
# at most 3 ulps (Horner's 2), and the kernel ran 1.86 against 2.15 µs a scenario on the
# Balkhash chunk (numba 0.68; 0.60 2.24 against 2.37; best of 8, 2026-12-02). k is read
# from the low bits of x / ln 2 + 1.5 * 2^52 as an integer, not converted from a float:
# the same k, and under numba 0.60 the kernel ran 2.97 against 3.64 µs a scenario that
# way (0.68 alike; best of 10, 2026-12-02). Mathematical constants, not data.
_LN2_HI = 6.93147180369123816490e-01
_LN2_LO = 1.90821492927058770002e-10
_INV_LN2 = 1.0 / math.log(2.0)
_ROUNDING = 6755399441055744.0  # 1.5 * 2^52: adding and subtracting it rounds to integer
_ROUNDING_BITS = 0x4338000000000000  # the bits of _ROUNDING
_EXP_FLOOR = -708.0  # exp below it underflows to subnormals; a pool that far is gone
_C = tuple(1.0 / math.factorial(k) for k in range(2, 14))
C2, C3, C4, C5, C6, C7, C8, C9, C10, C11, C12, C13 = _C
_TINY = float(np.finfo(float).tiny)  # the floor condensing_share puts under a pressure


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
    reference: np.ndarray,
    saturation: np.ndarray,
    product_zone: int,
    out_masses: np.ndarray,
    out_side: np.ndarray,
    out_energy: np.ndarray,
    out_time: np.ndarray,
    lanes: int,
) -> None:
    scenarios, n = free.shape
    nz = saturation.shape[0]  # condensation zones; 0: one condenser takes everything
    L = lanes if _LANES_AT_RUN_TIME else LANES  # see LANES_AT_RUN_TIME_FROM_LLVM
    ev = np.flatnonzero(dissolved)  # the only pools with free atoms; ev[0] is Se's
    ne = ev.size
    n_ex = exchange_pools.size
    n_p = max(n_ex - 1, 0)  # the metal's partners
    at = np.zeros(max(n_ex, 1), dtype=np.int64)  # exchange pools among the evaporating
    for j in range(n_ex):
        for i in range(ne):
            if ev[i] == exchange_pools[j]:
                at[j] = i
    mm = np.empty(ne)
    pool_at = np.full(n, -1, dtype=np.int64)  # each element's row among the evaporating
    for i in range(ne):
        mm[i] = molar_mass[ev[i]]
        pool_at[ev[i]] = i
    # work arrays, allocated once: element i of lane q at [i * L + q]. A loop over one row
    # reads it through a view that starts at the row (arg_bound, vapours, kn, ...), not
    # at a computed offset, which an older LLVM cannot bound: it then leaves the loop
    # scalar. The kernel of the Balkhash chunk, µs a scenario, offsets against views (one
    # core, best of 12, 2026-12-02): numba 0.60 1.47-1.50 against 0.94-1.03 (with
    # valorize.compiled's vectorizer checks, 1.23-1.32 without); 0.61 1.38 against 0.95;
    # 0.62 1.08 against 1.02; 0.68 1.05-1.07 against 0.94-1.02. The same bits in all.
    F, H, LAM = np.empty(ne * L), np.empty(ne * L), np.empty(ne * L)
    AK, EN = np.empty(ne * L), np.empty(ne * L)
    KX = np.empty(max(n_p, 1) * L)
    KN, KM = np.empty(max(n_p, 1) * L), np.empty(max(n_p, 1) * L)
    acc = np.empty(4 * ne * L)  # (head cut, main run) x (vapour, droplets)
    arg, ex = np.empty((ne + 1) * L), np.empty((ne + 1) * L)
    bits = np.empty((ne + 1) * L, dtype=np.int64)
    pow2 = bits.view(np.float64)
    total, vm, fm, drop = np.empty(L), np.empty(L), np.empty(L), np.empty(L)
    bms = np.empty(2 * L)  # the bound compounds' kg at a step's start, then its midpoint
    bm, half_bm = bms[:L], bms[L:]
    lam_drop, dt, ds = np.empty(L), np.empty(L), np.empty(L)
    arg_bound, ex_bound = arg[ne * L :], ex[ne * L :]  # the bound compounds' row
    energy, t, rem, u_last = np.empty(L), np.empty(L), np.empty(L), np.empty(L)
    t_start, pending = np.empty(L), np.empty(L)
    dilute, u, g, slope = np.empty(L), np.empty(L), np.empty(L), np.empty(L)
    active = np.empty(L, dtype=np.bool_)
    bfrac = np.empty(2 * L)
    # condensation zones: reference and saturation pressures, the partial pressures at a
    # step's start and midpoint, each zone's vapour, the exchanging pools' free shares
    REF, PP = np.empty(ne * L), np.empty(2 * ne * L)
    SAT, ZV = np.empty(max(nz, 1) * ne * L), np.empty(max(nz, 1) * ne * L)
    XS = np.empty(max(n_ex, 1) * L)

    def expm1_less_x(x: float) -> float:
        """:func:`~valorize.units.condensation._expm1_less_x`, one value."""
        if abs(x) >= EXPM1_SERIES_BELOW:
            return math.expm1(x) - x
        series = C9 * x  # the reference's loop, term by term in its order
        series = (series + C8) * x
        series = (series + C7) * x
        series = (series + C6) * x
        series = (series + C5) * x
        series = (series + C4) * x
        series = (series + C3) * x
        series = (series + C2) * x
        return series * x

    def ln_ratio(num: float, den: float) -> float:
        """:func:`~valorize.units.condensation._ln_ratio`, one value."""
        if 0.5 * den < num < 2.0 * den:
            return math.log1p((num - den) / den)
        return math.log(num / den)

    def condensing(p0: float, floor: float, a: float, total: float, sat: float) -> float:
        """:func:`~valorize.units.condensation.condensing_share` of one zone, one value.

        ``floor``, ``a`` and ``total`` are the step's (the same for every zone): ``p0``
        floored, twice the log-ratio of the midpoint's pressure to it, and the flow's
        integral over the step.
        """
        sat = max(sat, _TINY)
        if abs(a) < _TINY:  # a constant pressure
            above = p0 - sat
        else:
            crossing = ln_ratio(sat, floor) / a
            if 0.0 < crossing < 1.0:
                x = abs(a) * (1.0 - crossing if a > 0.0 else crossing)
                above = sat * expm1_less_x(x) / abs(a)
            elif (crossing <= 0.0) == (a > 0.0):  # above saturation all the step
                if a > 0.0:
                    above = p0 * expm1_less_x(a) / a + (p0 - sat)
                else:
                    above = total - sat
            else:
                above = 0.0
        share = max(above, 0.0) / total if total >= _TINY else 0.0
        return min(max(share, 0.0), 1.0)

    def partials(state: np.ndarray, phase: int) -> None:
        """Each pool's equilibrium partial pressure at the melt (after :func:`rates`)."""
        for i in range(ne):
            for q in range(L):
                PP[(phase * ne + i) * L + q] = REF[i * L + q] * (state[i * L + q] / total[q])
        for j in range(n_ex):
            for q in range(L):
                PP[(phase * ne + at[j]) * L + q] *= XS[j * L + q]

    def exponentials(minus_one: float) -> None:
        """ex = exp(arg) - minus_one over every row, two SIMD loops (see _C)."""
        m = (ne + 1) * L
        for j in range(m):
            x = max(arg[j], _EXP_FLOOR)
            shifted = x * _INV_LN2 + _ROUNDING
            pow2[j] = shifted  # k in its low bits (read below as an integer)
            kf = shifted - _ROUNDING
            r = (x - kf * _LN2_HI) - kf * _LN2_LO
            r2 = r * r
            r4 = r2 * r2
            low = (1.0 + C2 * r) + (C3 + C4 * r) * r2 + ((C5 + C6 * r) + (C7 + C8 * r) * r2) * r4
            high = (C9 + C10 * r) + (C11 + C12 * r) * r2 + C13 * r4
            ex[j] = r * (low + high * (r4 * r4))
            bits[j] = (bits[j] - _ROUNDING_BITS + 1023) << 52  # 2^k
        for j in range(m):
            ex[j] = pow2[j] * ex[j] + (pow2[j] - minus_one)

    def newton_terms() -> None:
        """g(u) - u + 1 and g'(u) - 1 of every lane at its u, into ``g`` and ``slope``."""
        g[:] = 0.0
        slope[:] = 0.0
        for j in range(n_p):
            for q in range(L):
                kn = KN[j * L + q]
                r = 1.0 / (total[q] + KM[j * L + q] * u[q])
                g[q] += kn * u[q] * r
                slope[q] += kn * total[q] * r * r

    def exchange(state: np.ndarray) -> None:
        """Scale the metal's and the partners' rates by their free shares, in place.

        The arithmetic of :func:`valorize.thermo.exchange.unexchanged` lane by lane, each
        lane's Newton from its last u (``u_last``) and stopped on its own.
        """
        metal = at[0] * L
        metal_state = state[metal : metal + L]
        for j in range(n_p):  # K N_j and K N_Hg of each partner, the Newton's constants
            at_j = at[j + 1] * L
            partner, kx = state[at_j : at_j + L], KX[j * L : j * L + L]
            kn, km = KN[j * L : j * L + L], KM[j * L : j * L + L]
            for q in range(L):
                kn[q] = kx[q] * partner[q]
                km[q] = kx[q] * metal_state[q]
        for q in range(L):
            kn_sum = 0.0
            for j in range(n_p):
                kn_sum += KN[j * L + q]
            dilute[q] = 1.0 / (1.0 + kn_sum / total[q])
            u[q] = u_last[q] if u_last[q] > 0 else dilute[q]
            active[q] = True
        for k in range(NEWTON_STEPS):
            newton_terms()
            going = 0
            for q in range(L):  # every lane's step computed, a settled lane's not taken
                excess = u[q] - 1.0 + g[q]  # g(u) of the docstring of exchange
                newton = excess / (1.0 + slope[q])
                step = newton if active[q] else 0.0
                landed = u[q] - step
                # from a warm guess above the root: no lower than the dilute limit
                floor = k == 0 and u_last[q] > 0 and excess > 0
                u[q] = max(landed, dilute[q]) if floor else landed
                active[q] = abs(step) > NEWTON_TOLERANCE * u[q]
                going += active[q]
            if going == 0:
                break
        metal_lam = LAM[metal : metal + L]
        for q in range(L):
            metal_lam[q] *= u[q]
            u_last[q] = u[q]
            XS[q] = u[q]
        for j in range(n_p):
            at_j = at[j + 1] * L
            partner_lam, km = LAM[at_j : at_j + L], KM[j * L : j * L + L]
            for q in range(L):
                free_share = total[q] / (total[q] + km[q] * u[q])
                partner_lam[q] *= free_share
                XS[(j + 1) * L + q] = free_share

    def rates(state: np.ndarray) -> None:
        """Each pool's evaporation rate constant, and the vapour and free masses."""
        total[:] = 0.0
        for i in range(ne):
            for q in range(L):
                total[q] += state[i * L + q]
        for i in range(ne):
            for q in range(L):
                LAM[i * L + q] = AK[i * L + q] / total[q]
        if n_ex > 0:
            exchange(state)
        vm[:] = 0.0
        fm[:] = 0.0
        for i in range(ne):
            for q in range(L):
                vm[q] += LAM[i * L + q] * state[i * L + q] * mm[i]
                fm[q] += state[i * L + q] * mm[i]

    for b0 in range(0, scenarios, L):
        lanes = min(L, scenarios - b0)
        for q in range(L):  # lanes past the last scenario repeat the block's first
            s = b0 + (q if q < lanes else 0)
            for i in range(ne):
                F[i * L + q] = free[s, ev[i]]
                AK[i * L + q] = area[s] * k_atoms[s, ev[i]]
                EN[i * L + q] = enthalpy[s, ev[i]]
                if nz > 0:
                    REF[i * L + q] = reference[s, ev[i]]
                    for z in range(nz):
                        SAT[(z * ne + i) * L + q] = saturation[z, s, ev[i]]
            for j in range(n_p):
                KX[j * L + q] = exchange_k[s, j]
            drop[q] = entrainment[s] / (1.0 - entrainment[s])
            b = 0.0
            for k in range(n):
                b += bound[s, k] * molar_mass[k]
            bm[q] = b
        u_last[:] = 0.0
        energy[:] = 0.0
        t[:] = 0.0
        pending[:] = 0.0
        rem[:] = 1.0
        bfrac[:] = 0.0
        acc[:] = 0.0
        ZV[:] = 0.0
        for step in range(2 * steps):
            main = 1 if step >= steps else 0
            for q in range(L):
                s = b0 + (q if q < lanes else 0)
                ds[q] = ds_main[s] if main else ds_cut[s]
            # phase 0: the rates at the start of the step and the state half a step on
            # (exp); phase 1: the rates at that midpoint carry the whole step (expm1).
            # One loop, so the compiled code holds each helper once.
            for phase in range(2):
                rates(F if phase == 0 else H)
                if main and nz > 0:
                    partials(F if phase == 0 else H, phase)
                reach = 0.5 if phase == 0 else 1.0  # of the step (a halving is exact)
                residue_bound = bms[phase * L : phase * L + L]
                for q in range(L):
                    lam_drop[q] = drop[q] * vm[q] / (fm[q] + residue_bound[q])
                    dt[q] = ds[q] / (LAM[q] + lam_drop[q])
                # Simpson's time: the last step's end and this start, then 4 x midpoint
                if phase == 0:
                    for q in range(L):
                        t_start[q] = (pending[q] + ds[q] / 6.0) / (LAM[q] + lam_drop[q])
                else:
                    for q in range(L):
                        sixth = ds[q] / 6.0
                        t[q] += t_start[q] + 4.0 * sixth / (LAM[q] + lam_drop[q])
                        pending[q] = sixth
                for i in range(ne):
                    for q in range(L):
                        arg[i * L + q] = -(LAM[i * L + q] + lam_drop[q]) * (dt[q] * reach)
                for q in range(L):
                    arg_bound[q] = -lam_drop[q] * dt[q] * reach
                exponentials(float(phase))
                if phase == 0:
                    for i in range(ne):
                        for q in range(L):
                            H[i * L + q] = F[i * L + q] * ex[i * L + q]
                    for q in range(L):
                        half_bm[q] = bm[q] * ex_bound[q]
            vap, drp = (2 * main) * ne * L, (2 * main + 1) * ne * L
            vapours, droplets = acc[vap : vap + ne * L], acc[drp : drp + ne * L]
            for i in range(ne):
                for q in range(L):
                    j = i * L + q
                    rate = LAM[j] + lam_drop[q]
                    removed = F[j] * -ex[j]
                    vapour = removed * (LAM[j] / rate if rate > 0 else 0.0)
                    vapours[j] += vapour
                    droplets[j] += removed - vapour
                    F[j] -= removed
                    ex[j] = vapour  # for its heat, in the loop below
            for i in range(ne):
                for q in range(L):
                    energy[q] += ex[i * L + q] * EN[i * L + q]
            if main and nz > 0:  # the vapour condenses zone by zone; the rest passes
                for i in range(ne):
                    for q in range(L):
                        j = i * L + q
                        vapour = ex[j]
                        p_start = PP[j]  # and the step's log-ratio and flow, for each zone
                        p_floor = max(p_start, _TINY)
                        a_step = 2.0 * ln_ratio(max(PP[ne * L + j], _TINY), p_floor)
                        flow = p_start
                        if abs(a_step) >= _TINY:
                            flow = p_start * math.expm1(a_step) / a_step
                        passing, before = vapour, 0.0
                        for z in range(nz):
                            at_z = (z * ne + i) * L + q
                            share = condensing(p_start, p_floor, a_step, flow, SAT[at_z])
                            upto = max(share, before)
                            ZV[at_z] += vapour * (upto - before)
                            passing -= vapour * (upto - before)
                            before = upto
                        acc[j] += passing  # to the cold trap, with the volatile cut
            carried = bfrac[main * L : main * L + L]
            for q in range(L):  # droplets of the compounds that do not evaporate
                if bm[q] > 0:
                    share = -ex_bound[q]
                    carried[q] += rem[q] * share
                    rem[q] -= rem[q] * share
                    bm[q] -= bm[q] * share
        rates(F)  # the last step's end, for its share of Simpson's time
        for q in range(L):
            t[q] += pending[q] / (LAM[q] + drop[q] * vm[q] / (fm[q] + bm[q]))
        for q in range(lanes):  # each stream of each element, mol to kg
            s = b0 + q
            for k in range(n):
                left, b = free[s, k], bound[s, k]
                cut_vap = cut_drop = product_vap = product_drop = 0.0
                i = pool_at[k]
                if i >= 0:
                    j = i * L + q
                    left = F[j]
                    cut_vap += acc[j]
                    cut_drop += acc[ne * L + j]
                    product_vap += acc[2 * ne * L + j]
                    product_drop += acc[3 * ne * L + j]
                cut_drop += b * bfrac[q]
                product_drop += b * bfrac[L + q]
                held = b * rem[q]
                mk = molar_mass[k]
                if nz > 0:  # droplets settle in the first zone the vapour meets
                    first_drop = product_drop
                    for z in range(nz):
                        zone_vap = ZV[(z * ne + i) * L + q] if i >= 0 else 0.0
                        zone_drop = first_drop if z == 0 else 0.0
                        if z == product_zone:
                            product_vap, product_drop = zone_vap, zone_drop
                        else:
                            side = z if z < product_zone else z - 1
                            out_side[side, s, k] = (zone_vap + zone_drop) * mk
                out_masses[0, s, k] = (product_vap + product_drop) * mk
                out_masses[1, s, k] = product_drop * mk
                out_masses[2, s, k] = (cut_vap + cut_drop) * mk
                out_masses[3, s, k] = (left + held) * mk
            out_energy[s] = energy[q]
            out_time[s] = t[q]


@functools.cache
def _kernel() -> Any:
    """The compiled step loop, or None without numba.

    Fused multiply-adds and reciprocals allowed (about 10 % faster, within an ulp or two
    per operation); not the rest of fast-math, which would drop the rounding of the
    exponentials' reduction and the checks for zero rates. Divisions by zero give inf or
    NaN as in the NumPy reference, not an exception, so LLVM can run them in SIMD
    registers (about 15 % faster).

    The lane count is compiled in as a constant or read at run time as the LLVM at hand
    runs faster (:data:`LANES_AT_RUN_TIME_FROM_LLVM`); numba reads the module's globals
    when it compiles, and its disk cache is kept per numba version, so a cached kernel was
    compiled under the same choice.
    """
    global _LANES_AT_RUN_TIME
    try:
        from llvmlite import binding
    except ImportError:  # pragma: no cover - comes with numba; without it no kernel
        return None
    _LANES_AT_RUN_TIME = binding.llvm_version_info[0] >= LANES_AT_RUN_TIME_FROM_LLVM
    return compile_kernel(_run, frozenset({"contract", "arcp"}), error_model="numpy")


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
    zones: tuple[np.ndarray, np.ndarray, int] | None = None,
) -> dict[str, np.ndarray]:
    """Run ``steps`` head-cut steps then ``steps`` main steps of every scenario.

    Parameters
    ----------
    free, bound
        Atoms (mol) free in the melt and bound in non-volatile compounds at the start,
        shape ``(S, n)``.
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
    zones
        Fractional condensation (None: one condenser takes all the main run's vapour):
        each element's reference pressure at the melt (Pa, shape ``(S, n)``, its partial
        pressure over a pure melt), its saturation pressure in each of Z zones, hottest
        first (Pa, shape ``(Z, S, n)``), and the index of the product's zone. Over each
        main step an element's vapour condenses in the zones by
        :func:`~valorize.units.condensation.condensing_share` of its partial
        pressure at the step's start and midpoint; what passes every zone joins the
        volatile cut; droplets settle in the first zone.

    Returns
    -------
    dict
        ``masses``, kg of each element, shape ``(4, S, n)``: the product (vapour and
        droplets), its droplets, the volatile cut and the residue; ``side``, kg of each
        element in each zone but the product's, shape ``(Z - 1, S, n)`` (``(0, S, n)``
        without zones); ``energy`` (J) and ``time`` (s) of shape ``(S,)``.

    Raises
    ------
    RuntimeError
        Without numba (check :func:`compiled_available` first).
    ValueError
        If the solvent's pool (0) or an exchanging pool is not dissolved, or the product's
        zone is not one of the zones.
    """
    kernel = _kernel()
    if kernel is None:
        raise RuntimeError("the compiled distillation kernel needs numba")
    scenarios, n = free.shape
    pools, K = exchange if exchange is not None else ((), np.zeros((scenarios, 0)))
    pools, K = np.array(pools, dtype=np.int64), np.ascontiguousarray(K, dtype=float)
    if not dissolved[0] or not np.all(dissolved[pools]):
        raise ValueError("the solvent's pool and the exchanging pools must be dissolved")
    if zones is None:
        reference, saturation, product_zone = np.zeros((1, n)), np.zeros((0, 1, n)), 0
    else:
        reference, saturation, product_zone = zones
        reference = np.ascontiguousarray(reference, dtype=float)
        saturation = np.ascontiguousarray(saturation, dtype=float)
        if not 0 <= product_zone < saturation.shape[0]:
            raise ValueError(f"the product's zone must be one of the {saturation.shape[0]}")
    out = {
        "masses": np.empty((4, scenarios, n)),
        "side": np.zeros((max(saturation.shape[0] - 1, 0), scenarios, n)),
        "energy": np.empty(scenarios),
        "time": np.empty(scenarios),
    }
    kernel(
        free, bound, k_atoms, enthalpy, molar_mass, dissolved, area, entrainment,
        ds_cut, ds_main, int(steps), pools, K, reference, saturation, int(product_zone),
        out["masses"], out["side"], out["energy"], out["time"], LANES,
    )  # fmt: skip
    return out


class ChargePools(NamedTuple):
    """A charge's atoms by :func:`charge_pools`, each of shape ``(..., n)``."""

    bound: np.ndarray  # mol held in non-volatile compounds
    free: np.ndarray  # mol free in the melt, 0 for the elements that do not evaporate
    feed: np.ndarray  # kg of each element charged
    short: bool  # some scenario has too little solvent to bind its metals
    no_melt: bool  # some scenario's solvent is all bound: no melt is left
    near: bool  # some scenario lies so close to either threshold that its sum decides


#: How close to a threshold of :func:`charge_pools`, as a share of the threshold, a scenario
#: is left to NumPy's sum of its atoms: the kernel adds them in order, NumPy's einsum in
#: its own, and the two differ by a few ulps (about 1e-15 of the sum), far inside this.
THRESHOLD_MARGIN = 1e-6


def _charge(
    w: np.ndarray,
    charge: np.ndarray,
    molar_mass: np.ndarray,
    dissolved: np.ndarray,
    solvent: int,
    bind_k: np.ndarray,
    bind_p: np.ndarray,
    bind_units: np.ndarray,
    bind_count: np.ndarray,
    tolerance: float,
    bound: np.ndarray,
    free: np.ndarray,
    feed: np.ndarray,
    flags: np.ndarray,
) -> None:
    """The set-up of :func:`valorize.units.vacuum_distillation.distill`, a scenario at a time.

    Its NumPy lines' arithmetic in their order (no fused multiply-adds): atoms
    ``w m / M``; each binding ``e`` adds ``N_k / units * count`` to its partner's bound
    atoms, in the given order; free ``max(N - B, 0)`` where dissolved (NaN kept); kg
    ``N M``. ``flags``: [too little solvent somewhere, no melt left somewhere, a scenario
    within :data:`THRESHOLD_MARGIN` of either threshold], the thresholds ``tolerance``
    times the scenario's atoms, summed here in order.
    """
    scenarios, n = w.shape
    mol = np.empty(n)
    flags[0] = flags[1] = flags[2] = 0
    for s in range(scenarios):
        for k in range(n):
            mol[k] = w[s, k] * charge[s] / molar_mass[k]
            bound[s, k] = 0.0
        for e in range(bind_k.size):
            bound[s, bind_p[e]] += mol[bind_k[e]] / bind_units[e] * bind_count[e]
        charged = 0.0
        for k in range(n):
            charged += mol[k]
        limit = tolerance * charged
        for k in range(n):
            left = mol[k] - bound[s, k]
            if left < -limit:
                flags[0] = 1
            if abs(left + limit) <= THRESHOLD_MARGIN * limit:
                flags[2] = 1
            kept = left if (left >= 0.0 or left != left) else 0.0  # NumPy's maximum
            free[s, k] = kept * (1.0 if dissolved[k] else 0.0)
            feed[s, k] = mol[k] * molar_mass[k]
        if free[s, solvent] <= limit:
            flags[1] = 1
        if abs(free[s, solvent] - limit) <= THRESHOLD_MARGIN * limit:
            flags[2] = 1


@functools.cache
def _charge_kernel() -> Any:
    """The compiled charge set-up, or None without numba."""
    return compile_kernel(_charge, error_model="numpy")


def charge_pools(
    w: np.ndarray,
    charge: np.ndarray,
    molar_mass: np.ndarray,
    dissolved: np.ndarray,
    solvent: int,
    binding: Sequence[tuple[int, int, float, float]],
    tolerance: float,
) -> ChargePools | None:
    """A charge's atoms, bound and free, in one pass over its scenarios; None without numba.

    The lines of :func:`~valorize.units.vacuum_distillation.distill` that set up a charge
    without a sulfidation or retained compound (the reference; a test holds the two to the
    bit), for the compiled steps: NumPy makes a temporary per line over every scenario's
    elements, about 6 % of a Balkhash sample (2026-12-02). Where a scenario lies within
    :data:`THRESHOLD_MARGIN` of a threshold (``near``), the caller decides with NumPy's
    sum of the atoms, as the reference does.

    Parameters
    ----------
    w
        Mass fractions, shape ``(..., n)``.
    charge
        Charge mass, kg, broadcast to ``w``'s scenarios.
    molar_mass, dissolved
        kg/mol and the elements free to evaporate, shape ``(n,)``.
    solvent
        The solvent's index among the n elements.
    binding
        ``(k, partner, units, count)``: element k, bound as a compound of which a formula
        unit holds ``units`` of its atoms, binds ``count`` atoms of ``partner`` per unit.
    tolerance
        Share of a scenario's atoms below which a shortfall or a melt counts as none.

    Returns
    -------
    ChargePools or None
        The pools of shape ``(..., n)`` and the thresholds' flags.
    """
    kernel = _charge_kernel()
    if kernel is None:
        return None
    w = np.asarray(w, dtype=float)
    lead, n = w.shape[:-1], w.shape[-1]
    flat_w = np.ascontiguousarray(w).reshape(-1, n)
    scenarios = flat_w.shape[0]
    flat_charge = np.ascontiguousarray(np.broadcast_to(charge, lead), dtype=float).reshape(-1)
    table = np.array(binding, dtype=float).reshape(-1, 4)
    bound, free, feed = (np.empty((scenarios, n)) for _ in range(3))
    flags = np.zeros(3, dtype=np.int64)
    kernel(
        flat_w, flat_charge, np.ascontiguousarray(molar_mass, dtype=float),
        np.ascontiguousarray(dissolved, dtype=np.bool_), int(solvent),
        table[:, 0].astype(np.int64), table[:, 1].astype(np.int64),
        np.ascontiguousarray(table[:, 2]), np.ascontiguousarray(table[:, 3]),
        float(tolerance), bound, free, feed, flags,
    )  # fmt: skip
    shape = (*lead, n)
    return ChargePools(
        bound.reshape(shape),
        free.reshape(shape),
        feed.reshape(shape),
        bool(flags[0]),
        bool(flags[1]),
        bool(flags[2]),
    )
