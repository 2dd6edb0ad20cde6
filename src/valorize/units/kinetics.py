r"""Evaporation into vacuum: Hertz-Knudsen-Langmuir flux and the gas regime.

Hertz-Knudsen-Langmuir (e.g. Safarian & Engh, Metall. Mater. Trans. A 44
(2013) 747, doi:10.1007/s11661-012-1464-2): the molar flux of a vapour
species of molar mass M leaving a surface where its equilibrium partial
pressure is p, into a space where it is p_back, is

.. math::

    J = \alpha\,\frac{p - p_{back}}{\sqrt{2\pi M R T}} \quad [\mathrm{mol\,m^{-2}\,s^{-1}}]

with the evaporation coefficient :math:`\alpha \le 1`; :math:`\alpha = 1` is
the upper bound. The mean free path of a gas molecule of collision diameter d
at pressure P is :math:`\lambda = k_B T/(\sqrt2\,\pi d^2 P)`; with an
evaporator-condenser gap L the Knudsen number :math:`Kn = \lambda/L` tells the
regime: molecular (Kn > 1, free flight to the condenser), transition, or
continuum (Kn < 0.01, evaporation throttled by diffusion through the gas).
"""

from __future__ import annotations

import math

import numpy as np

from valorize.constants import BOLTZMANN, GAS_CONSTANT
from valorize.data.loader import process_parameter


def hkl_flux(
    pressure: np.ndarray, molar_mass: np.ndarray, temperature: np.ndarray, coefficient: float
) -> np.ndarray:
    r"""Hertz-Knudsen-Langmuir molar flux :math:`\alpha p/\sqrt{2\pi M R T}`, mol m⁻² s⁻¹.

    Parameters
    ----------
    pressure
        Equilibrium partial pressure at the surface, Pa (back pressure neglected).
    molar_mass
        Molar mass of the vapour molecule, kg/mol.
    temperature
        Surface temperature, K.
    coefficient
        Evaporation coefficient, 0 < alpha <= 1.

    Examples
    --------
    >>> round(float(hkl_flux(100.0, 0.2, 600.0, 1.0)), 4)
    1.263
    """
    return coefficient * pressure / np.sqrt(2.0 * math.pi * molar_mass * GAS_CONSTANT * temperature)


def mean_free_path(temperature: np.ndarray, pressure: np.ndarray, diameter: float) -> np.ndarray:
    r"""Mean free path :math:`k_B T/(\sqrt2\pi d^2 P)`, m."""
    return BOLTZMANN * np.asarray(temperature) / (math.sqrt(2.0) * math.pi * diameter**2 * pressure)


def regime(knudsen: np.ndarray) -> np.ndarray:
    """Name of the gas-flow regime for each Knudsen number."""
    kn = np.asarray(knudsen)
    molecular = process_parameter("knudsen_molecular").value
    continuum = process_parameter("knudsen_continuum").value
    return np.where(
        kn >= molecular, "molecular", np.where(kn <= continuum, "continuum", "transition")
    )
