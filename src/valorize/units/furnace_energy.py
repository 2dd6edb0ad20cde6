r"""The plant's energy for a batch beyond the charge: fixtures, vacuum pumps, cooling water.

The charge's heat-up, fusion and vaporization and the furnace's losses while it runs are
:mod:`valorize.units.vacuum_distillation`'s. A plant also spends, every batch,

.. math::

    E_{fix} &= r\,m_{charge}\,\bar c_{p,fix}\,(T - T_0) \\
    E_{pump} &= P_{pump}\,(t_{down} + t) \\
    E_{cool} &= s\,(E_{charge} + E_{vap} + E_{loss} + E_{fix})

the heat of the crucibles, trays and hot-zone fixtures (a mass ``fixture_mass_ratio`` r
per kg of charge, of graphite's mean heat capacity, reheated from ambient :math:`T_0`
every batch because the furnace is vented between batches), the vacuum pumps running
through the pump-down :math:`t_{down}` and the batch t, and the cooling-water pumps, a
share s of the heat the condenser and the jacket carry away (all the heat put in leaves
through them). Every coefficient is a record of ``data/process.toml`` with its status:
the fixture mass and the pump-down time are assumed, the pump power is a vendor's
nameplate and the others are estimated. The furnace's losses while it runs (radiation to
the condenser, the shell) are in :mod:`valorize.units.furnace_losses`. Not counted: the
pumps' idle hours between batches, and lighting and handling.
"""

from __future__ import annotations

import numpy as np

from valorize.data.loader import process_parameter


def fixture_heat(charge_mass: np.ndarray, temperature: np.ndarray) -> np.ndarray:
    """Heat to bring the fixtures of a charge from ambient to ``temperature``, J.

    Parameters
    ----------
    charge_mass
        kg per batch, any shape.
    temperature
        The highest temperature of the batch, K; broadcasts with ``charge_mass``.
    """
    ratio = process_parameter("fixture_mass_ratio").value
    cp = process_parameter("fixture_heat_capacity").value
    T0 = process_parameter("ambient_temperature").value
    return ratio * np.asarray(charge_mass) * cp * (np.asarray(temperature) - T0)


def furnace_time(duration: np.ndarray) -> np.ndarray:
    """Seconds a batch of ``duration`` seconds holds its furnace: its pump-down, then the run.

    ``pumpdown_time`` is data/process.toml's (assumed). Any shape; the furnace hours a
    year of every route are these times the batches, and the vacuum pumps run through
    them (:func:`pump_energy`).
    """
    return process_parameter("pumpdown_time").value + np.asarray(duration)


def pump_energy(duration: np.ndarray) -> np.ndarray:
    """Electricity of the vacuum pumps for a batch of ``duration`` seconds and its pump-down, J."""
    return process_parameter("vacuum_pump_power").value * furnace_time(duration)


def cooling_energy(heat: np.ndarray) -> np.ndarray:
    """Electricity of the cooling-water pumps to carry ``heat`` (J) away, J."""
    return process_parameter("cooling_water_share").value * np.asarray(heat)
