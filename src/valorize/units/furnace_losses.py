r"""The furnace's heat losses while a batch runs: radiation to the condenser, and the shell.

The melt's free surface faces the condenser across a gap much smaller than its width,
so the two exchange heat as parallel grey surfaces (view factor 1). Around the hot zone
the heat leaks through the insulation to the shell and from the shell to the hall:

.. math::

    \dot Q_{rad} &= A\,\frac{\sigma\,(T^4 - T_c^4)}{1/\varepsilon_m + 1/\varepsilon_c - 1} \\
    \dot Q_{shell} &= A_{wall}\,\frac{T - T_0}{\delta/k(\bar T) + 1/h}

with A the melt's surface, :math:`T_c` the wall temperature of the first condenser the
vapour meets, :math:`\varepsilon_m` and :math:`\varepsilon_c` the emissivities of the
melt and the condenser, :math:`A_{wall}` the inner area of the insulated hot zone,
:math:`\delta` the insulation's thickness, :math:`k` its conductivity at the mean of the
melt and ambient temperatures :math:`\bar T` (linear in T, held at the data's lowest
temperature below it, as the VDI Heat Atlas table is read), and h the shell's combined
convection and radiation coefficient to the hall at :math:`T_0`. The resistance of the
shell's steel and of the heater's gap is neglected (small next to the insulation's).

Every coefficient is a record of ``data/process.toml`` with its status and source: the
melt's emissivity is assumed (no measured value for selenium was found; the refractive
index of trigonal Se bounds a smooth opaque surface's normal emissivity at 0.70-0.79),
the condenser's is an oxidized steel's, the insulation a lightweight refractory brick's
(VDI Heat Atlas), the hot zone a medium vacuum furnace's (800 x 800 x 1200 mm).
Not counted: the heater's own losses, the feedthroughs and the idle hot-hold (the
furnace is vented and cooled between batches, see :mod:`valorize.units.furnace_energy`).
"""

from __future__ import annotations

import numpy as np

from valorize.constants import STEFAN_BOLTZMANN
from valorize.data.loader import process_parameter


def radiation_to_condenser(
    melt_temperature: np.ndarray | float,
    condenser_temperature: np.ndarray | float,
    area: np.ndarray | float,
) -> np.ndarray:
    """Heat the melt radiates to the condenser, W.

    Parameters
    ----------
    melt_temperature, condenser_temperature
        K, any shapes that broadcast.
    area
        The melt's free surface, m².

    Returns
    -------
    numpy.ndarray
        W, the broadcast shape; 0 where the condenser is the hotter (the heat it would
        give the melt is not credited: whatever keeps the condenser that hot pays it).
    """
    eps_m = process_parameter("melt_emissivity").value
    eps_c = process_parameter("condenser_emissivity").value
    exchange = 1.0 / (1.0 / eps_m + 1.0 / eps_c - 1.0)
    T, Tc = np.asarray(melt_temperature, float), np.asarray(condenser_temperature, float)
    return np.asarray(area) * exchange * STEFAN_BOLTZMANN * np.maximum(T**4 - Tc**4, 0.0)


def insulation_conductivity(temperature: np.ndarray | float) -> np.ndarray:
    """Conductivity of the hot zone's insulation at its mean temperature, W/(m K).

    Linear between the data's points, held at the lowest point's value below it.
    """
    T = np.asarray(temperature, float)
    base = process_parameter("insulation_conductivity")
    slope = process_parameter("insulation_conductivity_slope").value
    T_low = process_parameter("insulation_conductivity_temperature").value
    return base.value + slope * (np.maximum(T, T_low) - T_low)


def shell_loss(melt_temperature: np.ndarray | float) -> np.ndarray:
    """Heat lost through the hot zone's insulation and shell to the hall, W.

    Parameters
    ----------
    melt_temperature
        K, any shape; the inner face of the insulation is taken at it.

    Returns
    -------
    numpy.ndarray
        W, the shape of ``melt_temperature``.
    """
    T = np.asarray(melt_temperature, float)
    T0 = process_parameter("ambient_temperature").value
    wall = process_parameter("hot_zone_wall_area").value
    thickness = process_parameter("insulation_thickness").value
    h = process_parameter("shell_heat_transfer_coefficient").value
    k = insulation_conductivity((T + T0) / 2.0)
    return wall * (T - T0) / (thickness / k + 1.0 / h)


def default_condenser_temperature() -> float:
    """The condenser wall's temperature where a case gives no condenser, K."""
    return process_parameter("condenser_wall_temperature").value
