"""Peer implementations used by validation tests and benchmarks (not part of valorize).

`thermo_bubble_flasher` builds a `thermo` (Caleb Bell) ideal VLE flasher whose
pure-liquid vapour pressures are the *same equations with the same constants*
as valorize's data, expressed in thermo's own correlation models:

- Se: valorize's liquid segments (the CRC table's log10 p = A + B/T lines, Poling's
  Antoine above 958 K), written out again here as a user method of thermo's
  ``VaporPressure``. Below T_m valorize's reference is the solid record shifted back
  by n dH_fus, which is the first segment's line, so one method covers the range.
- Te, Pb below their melting points: valorize's solid correlation plus the
  fusion shift n dH_fus/R (1/T - 1/T_m) folds into one DIPPR-101 expression
  ln p = A' + B'/T + C' ln T + D' T, coefficients computed from valorize data.
- S: PPDS Wagner form -> thermo ``Wagner`` (same Tc, Pc, a, b, c, d).
- Hg: Huber, Laesecke & Friend (2006) -> thermo's own HUBER_LAESECKE_FRIEND_2006.

Critical constants and gas heat capacities are required by thermo's phase
objects but do not enter an ideal bubble point at low pressure (ideal gas,
no Poynting correction, no fugacity correction); placeholders are used.
"""

from __future__ import annotations

import math

from valorize.constants import GAS_CONSTANT
from valorize.data.loader import element, vapor_pressure_correlations

LN10 = math.log(10.0)


def _corr(symbol, phase, equation=None):
    for c in vapor_pressure_correlations()[symbol]:
        if c.phase == phase and (equation is None or c.equation == equation):
            return c
    raise LookupError(symbol)


def _dippr101_supercooled(symbol):
    """Solid log10/ln poly + n dH_fus shift, as DIPPR-101 (ln, Pa) coefficients."""
    c = _corr(symbol, "solid")
    el = element(symbol)
    k = el.vapor_atomicity.value * el.enthalpy_of_fusion.value / GAS_CONSTANT
    co = c.coefficients
    assert c.pressure_unit == "Pa"
    if c.equation == "log10_poly":
        A, B, C, D = co["A"] * LN10, co["B"] * LN10, co.get("C", 0.0), co.get("D", 0.0) * LN10
    else:
        A, B, C, D = co["A"], co["B"], co.get("C", 0.0), co.get("D", 0.0)
    return A - k / el.melting_point.value, B + k, C, D


def _selenium_segments():
    """Se's liquid segments of valorize's data evaluated here, as a function p(T) in Pa.

    The CRC table's log10 p = A + B/T segments and Poling's Antoine above them, written
    out again from the data file's coefficients (not through valorize's evaluator); below
    the first segment its line is extended, as valorize extends it to the melting point
    and, shifted back by n dH_fus, the solid record is that same line.
    """
    segments = sorted(
        (c for c in vapor_pressure_correlations()["Se"] if c.phase == "liquid"),
        key=lambda c: c.T_min,
    )

    def pressure(T):
        for c in segments:
            if T <= c.T_max or c is segments[-1]:
                co = c.coefficients
                if c.equation == "antoine":
                    return 10.0 ** (co["A"] - co["B"] / (T + co["C"]))
                return 10.0 ** (co["A"] + co["B"] / T)
        raise AssertionError(T)  # pragma: no cover

    return pressure


def thermo_vapor_pressure(symbol):
    from thermo import VaporPressure

    if symbol == "Hg":
        vp = VaporPressure(CASRN="7439-97-6")
        vp.method = "HUBER_LAESECKE_FRIEND_2006"
        return vp
    vp = VaporPressure()
    if symbol == "Se":
        vp.add_method(_selenium_segments(), Tmin=300.0, Tmax=1100.0, name="valorize")
    elif symbol == "S":
        co = _corr("S", "liquid").coefficients
        a, b, c, d = co["a"]
        vp.add_correlation(
            "valorize",
            "Wagner",
            Tmin=300.0,
            Tmax=co["Tc"],
            Tc=co["Tc"],
            Pc=co["pc"],
            a=a,
            b=b,
            c=c,
            d=d,
        )
    elif symbol in ("Te", "Pb"):
        A, B, C, D = _dippr101_supercooled(symbol)
        vp.add_correlation(
            "valorize",
            "DIPPR101",
            Tmin=300.0,
            Tmax=element(symbol).melting_point.value,
            A=A,
            B=B,
            C=C,
            D=D,
            E=1.0,
        )
    else:  # pragma: no cover
        raise KeyError(symbol)
    vp.method = "valorize"
    return vp


def thermo_bubble_flasher(symbols):
    from thermo import (
        ChemicalConstantsPackage,
        FlashVL,
        GibbsExcessLiquid,
        HeatCapacityGas,
        IdealGas,
        PropertyCorrelationsPackage,
        VolumeLiquid,
    )

    n = len(symbols)
    constants = ChemicalConstantsPackage(
        names=list(symbols),
        MWs=[element(s).molar_mass.value * 1e3 for s in symbols],
        Tcs=[2000.0] * n,
        Pcs=[1e7] * n,
        omegas=[0.0] * n,  # placeholders, unused here
    )
    vps = [thermo_vapor_pressure(s) for s in symbols]
    cps = [HeatCapacityGas(poly_fit=(50.0, 5000.0, [2.5 * GAS_CONSTANT])) for _ in symbols]
    vms = [
        VolumeLiquid(poly_fit=(50.0, 5000.0, [element(s).liquid_molar_volume.value]))
        for s in symbols
    ]
    correlations = PropertyCorrelationsPackage(
        constants, VaporPressures=vps, HeatCapacityGases=cps, VolumeLiquids=vms, skip_missing=True
    )
    zs = [1.0 / n] * n
    liquid = GibbsExcessLiquid(
        VaporPressures=vps,
        HeatCapacityGases=cps,
        VolumeLiquids=vms,
        use_Poynting=False,
        use_phis_sat=False,
        T=500.0,
        P=10.0,
        zs=zs,
    )
    gas = IdealGas(HeatCapacityGases=cps, T=500.0, P=10.0, zs=zs)
    return FlashVL(constants, correlations, liquid=liquid, gas=gas)


def thermo_bubble_temperature(flasher, zs, P):
    return flasher.flash(P=P, VF=0.0, zs=list(zs)).T
