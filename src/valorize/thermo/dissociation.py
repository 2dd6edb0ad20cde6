r"""Vapour pressure of a metal over a compound that evaporates by dissociating.

Mercury in crude selenium is bound as HgSe, which does not evaporate as a
molecule: it dissociates, HgSe(s) = Hg(g) + Se(l). Writing the reaction as the
sum of the compound's decomposition into liquid metal and solid partner, the
partner's fusion, and the metal's evaporation gives the metal's pressure over
the compound:

.. math::

    p_M = p^*_M(T)\,\exp\!\left(\frac{\Delta_f G_{MX}(T) - \Delta G_{fus,X}(T)}{RT}\right)
          \frac{a_{MX}}{a_X},

with :math:`p^*_M` the vapour pressure of liquid M (``data/vapor_pressure.toml``),
:math:`\Delta_f G_{MX} = \Delta_f H - T\Delta_f S` the Gibbs energy of formation of
MX from liquid M and solid X (heat-capacity change neglected), and
:math:`\Delta G_{fus,X} = \Delta H_{fus}(1 - T/T_m)` where X is molten (zero
below its melting point). :func:`ln_reference_pressure_and_slope` returns the
pressure at unit activities (``a_MX = a_X = 1``) and its temperature slope,

.. math::

    \frac{d\ln p_M}{dT} = \frac{d\ln p^*_M}{dT}
        + \frac{-\Delta_f H + \Delta H_{fus,X}[T > T_m]}{RT^2},

so the vaporization enthalpy of the reaction is that of the metal plus the
compound's dissociation (and the partner's fusion). The form's data and their
status are in ``data/forms.toml`` (``[dissociating.*]``); the approach follows
the Hg-over-HgTe analysis of Brebrick (J. Electrochem. Soc. 1989,
doi:10.1149/1.2096558).
"""

from __future__ import annotations

import numpy as np

from valorize.constants import GAS_CONSTANT
from valorize.data.loader import dissociating_forms, element
from valorize.errors import InputError
from valorize.thermo.vapor_pressure import ln_liquid_reference_pressure_and_slope


def ln_reference_pressure_and_slope(
    form: str, temperature: np.ndarray | float
) -> tuple[np.ndarray, np.ndarray]:
    r"""``ln(p_M/Pa)`` over the compound at unit activities, and ``d ln p_M/dT`` (1/K).

    Parameters
    ----------
    form
        Key of a ``[dissociating.*]`` record of ``data/forms.toml`` (``"HgSe"``).
    temperature
        Temperature, K (any shape).

    Examples
    --------
    >>> ln_p, _ = ln_reference_pressure_and_slope("HgTe", 385.0)
    >>> 0.5e-8 < float(np.exp(ln_p)) / 101325.0 < 2e-8
    True
    """
    forms = dissociating_forms()
    if form not in forms:
        raise InputError(f"unknown dissociating form {form!r}; use one of {', '.join(forms)}")
    f = forms[form]
    T = np.asarray(temperature, dtype=float)
    ln_p, slope = ln_liquid_reference_pressure_and_slope(f.vapour, T)
    dH, dS = f.formation_enthalpy.value, f.formation_entropy.value
    partner = element(f.partner)
    molten = T > partner.melting_point.value
    h_fus = np.where(molten, partner.enthalpy_of_fusion.value, 0.0)
    g_fus = h_fus * (1.0 - T / partner.melting_point.value)
    RT = GAS_CONSTANT * T
    ln_p = ln_p + (dH - T * dS - g_fus) / RT
    slope = slope + (-dH + h_fus) / (RT * T)
    return ln_p, slope


def reference_pressure(form: str, temperature: np.ndarray | float) -> np.ndarray:
    """Pressure (Pa) of the metal over the pure compound with the pure partner."""
    return np.exp(ln_reference_pressure_and_slope(form, temperature)[0])
