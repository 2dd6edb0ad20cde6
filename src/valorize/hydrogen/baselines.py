r"""Baselines: steam methane reforming and water electrolysis (grid or PV), cost and CO2 per kg.

Each is levelized over its life with :func:`valorize.economics.cashflow.levelized_cost`
on a plant of 1 W of rated input or output: capital in year 0, then yearly costs and
output for ``years`` years,

.. math:: LCOH = \frac{C_0 + \sum_{t=1}^{N} c\,(1+r)^{-t}}{\sum_{t=1}^{N} q\,(1+r)^{-t}}

- SMR (IEA, *The Future of Hydrogen*, 2019, annex): 1 W of H2 (LHV) per
  :math:`C_0` = capex; gas per kg = LHV(H2) / η / NCV(gas); output
  :math:`q = CF \cdot 8766\,h / LHV`. CO2: 9.35 kg/kg direct, 11.2 with upstream
  (Cho et al. 2022).
- Electrolysis: 1 W of electricity in; :math:`q = CF \cdot 8766\,h / e` with
  :math:`e` = 52 kWh/kg (CATF 2021); electricity at the grid tariff (CO2: grid
  factor × e) or at the PV cost, with PV's capacity factor from pvlib (CO2: PV
  life-cycle factor × e).

A CO2 price adds :math:`p_{CO_2}` times the direct emissions to the cost.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from valorize.economics.cashflow import levelized_cost
from valorize.hydrogen.data import value

#: Seconds in a year of 365.25 days.
YEAR = 365.25 * 86400.0


def lower_heating_value() -> float:
    """LHV of H2 (J/kg) from the enthalpy of formation of water vapour."""
    from valorize.hydrogen.data import hydrogen_molar_mass

    return value("enthalpy_water_gas") / hydrogen_molar_mass()


def higher_heating_value() -> float:
    """HHV of H2 (J/kg) from the enthalpy of formation of liquid water."""
    from valorize.hydrogen.data import hydrogen_molar_mass

    return value("enthalpy_water_liquid") / hydrogen_molar_mass()


def levelize(
    rate: float,
    years: int,
    capex: np.ndarray | float,
    cost: np.ndarray | float,
    output: np.ndarray | float,
) -> np.ndarray:
    """Levelized cost of a plant with ``capex`` in year 0, then ``cost`` and ``output`` a year."""
    capex, cost, output = np.broadcast_arrays(
        np.asarray(capex, float), np.asarray(cost, float), np.asarray(output, float)
    )
    t = np.arange(years + 1)
    costs = np.where(t == 0, capex[..., None], cost[..., None])
    made = np.where(t == 0, 0.0, output[..., None])
    return levelized_cost(rate, costs, made)


@dataclass(frozen=True)
class RouteResult:
    """Cost (USD/kg) and CO2 (kg/kg) of a hydrogen route."""

    name: str
    cost: float
    co2: float  # kg CO2 per kg H2 that a CO2 price applies to (direct / scope 1-2)
    co2_lifecycle: float

    def cost_with_co2_price(self, price: float) -> float:
        """Cost per kg with a CO2 price (USD per kg CO2) on :attr:`co2`."""
        return self.cost + price * self.co2


def steam_methane_reforming(rate: float, years: int, gas_price: float) -> RouteResult:
    """SMR without capture at ``gas_price`` (USD per m3)."""
    lhv = lower_heating_value()
    capex = value("smr_capex")  # USD per W of H2 (LHV)
    made = value("smr_capacity_factor") * YEAR / lhv  # kg per W per year
    gas_per_kg = lhv / value("smr_efficiency") / value("gas_heating_value")  # m3/kg
    yearly = value("smr_om") * capex + made * gas_per_kg * gas_price
    cost = float(levelize(rate, years, capex, yearly, made))
    return RouteResult(
        "steam methane reforming", cost, value("smr_co2_direct"), value("smr_co2_lifecycle")
    )


def electrolysis(
    name: str,
    rate: float,
    years: int,
    electricity_price: float,
    capacity_factor: float,
    emission_factor: float,
) -> RouteResult:
    """Electrolysis at ``electricity_price`` (USD/J) run ``capacity_factor`` of the year."""
    energy = value("electrolysis_specific_energy")  # J per kg
    capex = value("electrolyser_capex")  # USD per W of electricity in
    made = capacity_factor * YEAR / energy  # kg per W per year
    yearly = value("electrolyser_om") * capex + made * energy * electricity_price
    cost = float(levelize(rate, years, capex, yearly, made))
    co2 = energy * emission_factor
    return RouteResult(name, cost, co2, co2)


def pv_capacity_factor(poa_typical: float) -> float:
    """PV capacity factor: typical-year POA irradiation × performance ratio / (1 kW/m2 × year)."""
    return poa_typical * value("pv_performance_ratio") / (1000.0 * YEAR)
