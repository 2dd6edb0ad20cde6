r"""Evaporation from a melt under a residual gas, from molecular flow to continuum.

**At the surface** (Hertz-Knudsen-Langmuir, e.g. Safarian & Engh, Metall. Mater.
Trans. A 44 (2013) 747, doi:10.1007/s11661-012-1464-2) the molar flux of a vapour
species of molar mass M whose equilibrium partial pressure at the melt is p is at most

.. math:: J_s = \alpha\,\frac{p}{\sqrt{2\pi M R T}} = \alpha\,k_s\,p

with the evaporation coefficient :math:`\alpha \le 1` (the condenser is cold, so no
vapour comes back).

**Across the gas** between the melt and the condenser (a gap L), the vapour must
cross the residual gas. P is the pressure the gauge reads, at the pump side of the
condenser where the vapour has condensed and only the non-condensable gas is left. The
vapour's diffusivity in it is the Chapman-Enskog one for rigid spheres (Chapman &
Cowling; Bird, Stewart & Lightfoot, *Transport Phenomena*, 2nd ed., eq. 17.3-10 with a
collision integral of 1),

.. math::

    D = \frac{3}{16}\,\frac{\sqrt{2\pi k_B T/\mu}}{n\,\pi\,\sigma_{12}^2},
    \qquad n = \frac{P}{k_B T},

with the reduced mass :math:`\mu` of a vapour and a gas molecule and :math:`\sigma_{12}`
the mean of their collision diameters. As P falls D grows without bound, so in the
molecular regime the gas offers no resistance and the free-evaporation flux reaches the
condenser. With a uniform total pressure P across the gap (Stefan's diffusion through a
stagnant gas) the gas-side conductance is

.. math::

    k_g = \frac{D}{R T L}\,\phi(y), \qquad \phi(y) = \frac{-\ln(1-y)}{y},
    \quad y = \frac{p_v}{P},

with :math:`p_v` the melt's total vapour pressure. When :math:`p_v \ge P` the vapour
pushes the residual gas away (:math:`\phi \to \infty`): evaporation is *intensive* and
only the surface limits it. Surface and gas act in series,

.. math:: J = \frac{p}{1/(\alpha k_s) + 1/k_g},

so the residual pressure sets the rate: with :math:`P \ll p_v` (or a Knudsen number
:math:`\lambda/L \gg 1`) the rate is the free-evaporation one and the flux ratios of
two species go as :math:`p_i/\sqrt{M_i}`; with :math:`P \gg p_v` it falls as
:math:`D\,p/(R T L) \propto p/P` and the flux ratios go as :math:`p_i D_i`, close to the
equilibrium vapour's. The mean free path of a vapour molecule of collision diameter d at
pressure P is :math:`\lambda = k_B T/(\sqrt2\,\pi d^2 P)`; :math:`Kn = \lambda/L` names
the regime: molecular (Kn > 1), transition, or continuum (Kn < 0.01).

Validity: rigid spheres (the collision integral's temperature dependence is left out: D
reads 7-27 % low against measured binary diffusivities, docs/validation.md), one
collision diameter for every vapour molecule, a flat gap with the condenser as a perfect
sink, and the melt's vapour pressure for the Stefan factor taken as the solvent's own
(the melt is mostly solvent). The switch from intensive evaporation to diffusion at
:math:`p_v = P` is sharper than in a real furnace, where the vapour's own flow stirs the
gas near the melt; the transition regime between molecular and continuum flow is not
modelled beyond this bridge.
"""

from __future__ import annotations

import math

import numpy as np

from valorize.constants import AVOGADRO, BOLTZMANN, GAS_CONSTANT
from valorize.data.loader import process_parameter


def surface_conductance(
    molar_mass: np.ndarray | float, temperature: np.ndarray | float, coefficient: np.ndarray | float
) -> np.ndarray:
    r"""Hertz-Knudsen-Langmuir flux per Pa, :math:`\alpha/\sqrt{2\pi M R T}`, mol m⁻² s⁻¹ Pa⁻¹.

    Times the equilibrium partial pressure at the surface it is the free-evaporation flux
    (back pressure neglected). Arguments broadcast.

    Parameters
    ----------
    molar_mass
        Molar mass of the vapour molecule, kg/mol.
    temperature
        Surface temperature, K.
    coefficient
        Evaporation coefficient, 0 < alpha <= 1.

    Examples
    --------
    >>> round(float(100.0 * surface_conductance(0.2, 600.0, 1.0)), 4)
    1.263
    """
    return np.asarray(coefficient) / np.sqrt(
        2.0 * math.pi * np.asarray(molar_mass) * GAS_CONSTANT * np.asarray(temperature)
    )


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


def molecular_diffusivity(
    temperature: np.ndarray | float,
    pressure: np.ndarray | float,
    vapour_molar_mass: np.ndarray | float,
    vapour_diameter: float,
    gas_molar_mass: float,
    gas_diameter: float,
) -> np.ndarray:
    r"""Diffusivity of a vapour in a gas, :math:`D_m` of the module docstring, m² s⁻¹.

    Parameters
    ----------
    temperature, pressure
        K and Pa of the gas; broadcast.
    vapour_molar_mass, gas_molar_mass
        kg/mol.
    vapour_diameter, gas_diameter
        Collision diameters, m.

    Examples
    --------
    Oxygen in nitrogen at 273 K and 1 atm, collision diameters of Poling et al. (2001):
    rigid spheres read about 10 % below the measured 1.8e-5 m²/s.

    >>> round(float(molecular_diffusivity(273.15, 101325.0, 0.032, 3.467e-10, 0.028, 3.798e-10)), 7)
    1.65e-05
    """
    T = np.asarray(temperature, dtype=float)
    mu = (
        np.asarray(vapour_molar_mass)
        * gas_molar_mass
        / (np.asarray(vapour_molar_mass) + gas_molar_mass)
        / AVOGADRO
    )
    n = np.asarray(pressure, dtype=float) / (BOLTZMANN * T)
    sigma = 0.5 * (vapour_diameter + gas_diameter)
    return 3.0 / 16.0 * np.sqrt(2.0 * math.pi * BOLTZMANN * T / mu) / (n * math.pi * sigma**2)


def stefan_factor(y: np.ndarray) -> np.ndarray:
    r"""Bulk-flow factor :math:`-\ln(1-y)/y` of diffusion through a stagnant gas; inf at y >= 1."""
    y = np.asarray(y, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(y > 1e-8, -np.log1p(-np.minimum(y, 1.0)) / np.where(y > 0, y, 1.0), 1.0)
    return np.where(y >= 1.0, np.inf, out)


def gas_conductance(
    temperature: np.ndarray | float,
    pressure: np.ndarray | float,
    vapour_pressure: np.ndarray | float,
    vapour_molar_mass: np.ndarray | float,
    gap: np.ndarray | float,
    vapour_diameter: float,
    gas_molar_mass: float,
    gas_diameter: float,
) -> np.ndarray:
    r"""Gas-side conductance :math:`k_g = D\,\phi(p_v/P)/(R T L)`, mol m⁻² s⁻¹ Pa⁻¹.

    Infinite where the melt's vapour pressure ``vapour_pressure`` reaches the residual
    pressure (intensive evaporation). Arguments broadcast; SI units.
    """
    T = np.asarray(temperature, dtype=float)
    D = molecular_diffusivity(
        T, pressure, vapour_molar_mass, vapour_diameter, gas_molar_mass, gas_diameter
    )
    phi = stefan_factor(np.asarray(vapour_pressure) / np.asarray(pressure))
    return D * phi / (GAS_CONSTANT * T * np.asarray(gap))


def evaporation_conductance(surface: np.ndarray | float, gas: np.ndarray | float) -> np.ndarray:
    r"""Surface and gas in series, :math:`1/(1/k_s' + 1/k_g)` (``gas`` may be inf)."""
    surface = np.asarray(surface, dtype=float)
    with np.errstate(divide="ignore"):
        return 1.0 / (1.0 / surface + 1.0 / np.asarray(gas, dtype=float))
