r"""Slag to photocatalyst powder: grinding, magnetic separation, calcination, co-catalyst.

Mass balance (per kg of slag, every phase p split between two products):

.. math:: m_p^{mag} = s_p\, w_p, \qquad m_p^{non} = (1 - s_p)\, w_p

with :math:`s_{magnetite}` the magnetite recovery to the magnetic product and the
entrainment share for every other phase. The non-magnetic, fayalite-rich product
is calcined (taken without mass change: an inert atmosphere, so the Fe(II) of
fayalite is not oxidized) and loaded with a co-catalyst of mass share
:math:`x_{cc}` of the powder: :math:`m_{cat} = m^{non}/(1 - x_{cc})`.

Energy balance:

- grinding, Bond's law (Bond 1961), sizes in µm, W in kWh/t:
  :math:`W = 10\,W_i\,(P_{80}^{-1/2} - F_{80}^{-1/2})`;
- calcination heat from natural gas, :math:`Q = m^{non}\,c_p\,(T_c - T_0)/\eta_{furnace}`.

Cost per kg of slag: grinding electricity, calcination gas, co-catalyst and a
processing charge; CO2 per kg of slag: grid electricity and gas combustion.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from valorize.hydrogen.data import value
from valorize.hydrogen.slag import PHASES

#: Temperature the calcination heat is counted from (K).
AMBIENT = 298.15


@dataclass(frozen=True)
class PlantInputs:
    """Settings of the photocatalyst plant, in inside units (J, kg, m, K, USD)."""

    bond_work_index: float  # J/kg
    feed_p80: float  # m
    product_p80: float  # m
    magnetite_to_magnetic: float
    entrainment_to_magnetic: float
    calcination_temperature: float  # K
    heat_capacity: float  # J/(kg K)
    furnace_efficiency: float
    cocatalyst_loading: float  # mass share of the finished powder
    cocatalyst_price: float  # USD/kg
    processing_cost: float  # USD per kg of slag
    electricity_price: float  # USD/J
    gas_price: float  # USD/m3
    gas_heating_value: float  # J/m3
    gas_emission_factor: float  # kg CO2/J
    grid_emission_factor: float  # kg CO2/J

    @classmethod
    def from_data(cls, grid_emission_factor: float) -> PlantInputs:
        """Every setting from ``data/hydrogen.toml``; the grid factor from the caller."""
        return cls(
            bond_work_index=value("bond_work_index_slag"),
            feed_p80=value("feed_size_p80"),
            product_p80=value("product_size_p80"),
            magnetite_to_magnetic=value("magnetic_to_concentrate"),
            entrainment_to_magnetic=value("fayalite_to_magnetic"),
            calcination_temperature=value("calcination_temperature"),
            heat_capacity=value("slag_heat_capacity"),
            furnace_efficiency=value("furnace_efficiency"),
            cocatalyst_loading=value("cocatalyst_loading"),
            cocatalyst_price=value("cocatalyst_price"),
            processing_cost=value("processing_cost"),
            electricity_price=value("electricity_price_almalyk"),
            gas_price=value("gas_price_almalyk"),
            gas_heating_value=value("gas_heating_value"),
            gas_emission_factor=value("gas_emission_factor"),
            grid_emission_factor=grid_emission_factor,
        )


@dataclass(frozen=True)
class PlantBalance:
    """Mass and energy balance of the plant per kg of slag fed, and what it costs."""

    magnetic: dict[str, np.ndarray]  # phase -> kg per kg slag
    nonmagnetic: dict[str, np.ndarray]  # phase -> kg per kg slag
    cocatalyst: np.ndarray  # kg per kg slag
    photocatalyst: np.ndarray  # kg of finished powder per kg slag
    fayalite_grade: np.ndarray  # fayalite share of the finished powder
    grinding_energy: np.ndarray  # J per kg slag
    calcination_heat: np.ndarray  # J (fuel) per kg slag
    gas_volume: np.ndarray  # m3 per kg slag
    cost: np.ndarray  # USD per kg slag
    co2: np.ndarray  # kg CO2 per kg slag

    @property
    def cost_per_kg_photocatalyst(self) -> np.ndarray:
        """USD per kg of finished photocatalyst powder."""
        return self.cost / self.photocatalyst

    @property
    def co2_per_kg_photocatalyst(self) -> np.ndarray:
        """kg CO2 per kg of finished photocatalyst powder."""
        return self.co2 / self.photocatalyst


def bond_energy(work_index: float, feed_p80: float, product_p80: float) -> float:
    r"""Specific grinding energy by Bond's law (J per kg).

    :math:`W = 10\,W_i\,(1/\sqrt{P_{80}} - 1/\sqrt{F_{80}})` with sizes in µm
    (Bond, Br. Chem. Eng. 6 (1961) 378); ``work_index`` in J/kg, sizes in m.

    Examples
    --------
    >>> round(bond_energy(3.6e3 * 15, 2000e-6, 20e-6) / 3.6e3, 2)  # kWh/t
    30.19
    """
    p_um, f_um = product_p80 / 1e-6, feed_p80 / 1e-6
    return 10.0 * work_index * (1.0 / np.sqrt(p_um) - 1.0 / np.sqrt(f_um))


def process_slag(phases: dict[str, np.ndarray], plant: PlantInputs) -> PlantBalance:
    """Mass and energy balance and cost of making photocatalyst from 1 kg of slag.

    Parameters
    ----------
    phases
        Phase mass fractions of the slag (:func:`valorize.hydrogen.slag.normative_phases`).
    plant
        The plant's settings.
    """
    unknown = set(phases) - set(PHASES)
    if unknown:
        raise ValueError(f"unknown phases {sorted(unknown)}")
    magnetic, nonmagnetic = {}, {}
    for name, w in phases.items():
        share = (
            plant.magnetite_to_magnetic if name == "magnetite" else plant.entrainment_to_magnetic
        )
        magnetic[name] = np.asarray(w, dtype=float) * share
        nonmagnetic[name] = np.asarray(w, dtype=float) * (1.0 - share)
    powder = sum(nonmagnetic.values())
    cocatalyst = powder * plant.cocatalyst_loading / (1.0 - plant.cocatalyst_loading)
    photocatalyst = powder + cocatalyst
    grinding = np.asarray(bond_energy(plant.bond_work_index, plant.feed_p80, plant.product_p80))
    heat = (
        powder
        * plant.heat_capacity
        * (plant.calcination_temperature - AMBIENT)
        / plant.furnace_efficiency
    )
    gas = heat / plant.gas_heating_value
    cost = (
        grinding * plant.electricity_price
        + gas * plant.gas_price
        + cocatalyst * plant.cocatalyst_price
        + plant.processing_cost
    )
    co2 = grinding * plant.grid_emission_factor + heat * plant.gas_emission_factor
    return PlantBalance(
        magnetic=magnetic,
        nonmagnetic=nonmagnetic,
        cocatalyst=cocatalyst,
        photocatalyst=photocatalyst,
        fayalite_grade=nonmagnetic["fayalite"] / photocatalyst,
        grinding_energy=grinding,
        calcination_heat=heat,
        gas_volume=gas,
        cost=np.asarray(cost),
        co2=np.asarray(co2),
    )
