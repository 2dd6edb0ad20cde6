r"""Levelized cost of photocatalytic hydrogen over STH efficiency and catalyst cost, and break-even.

Per m² of panel over a life of N years at discount rate r: the panel and its land
in year 0 (land per m² of panel = land price / ground coverage), O&M a share of the
panel cost each year, the photocatalyst sheet (cost :math:`c` per m²) bought in
year 0 and again every L years, and per kg of hydrogen the compression
electricity. Hydrogen in year t ≥ 1 with yearly loss d since the last sheet:

.. math:: m_t = \eta_{STH}\,q_t, \qquad
          q_t = \frac{H_{poa}\,\rho_{sep}}{\Delta G^\circ/M_{H_2}}\,(1-d)^{(t-1) \bmod L}

With a CO2 price p the route pays for its own emissions: the compression
electricity's (grid factor) and the catalyst-making's (per sheet). The levelized
cost then has the form (sums discounted, :math:`k_t` = 1 when a sheet is bought)

.. math:: LCOH(\eta, c) = \frac{F + (c + p\,g)\,K}{\eta\,Q} + b, \quad
          F = \sum_t f_t v^t,\ K = \sum_t k_t v^t,\ Q = \sum_t q_t v^t

with :math:`b` the cost per kg of compression (and its CO2). LCOH falls as 1/η
and rises linearly in c, so the break-even with a reference cost :math:`R`
(reforming) is closed-form:
:math:`\eta^* = (F + (c + p g) K)/(Q (R - b))` and
:math:`c^* = (\eta Q (R - b) - F)/K - p g`. :func:`lcoh` evaluates the full cash
flows with :func:`valorize.economics.cashflow.levelized_cost`, vectorized over any
grid of η and c; the tests check the closed forms against it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from valorize.economics.cashflow import discount_factors, levelized_cost
from valorize.hydrogen.solar import gibbs_energy_per_kg


@dataclass(frozen=True)
class PanelEconomics:
    """Everything but STH and catalyst cost that sets the photocatalytic LCOH (per m² panel)."""

    poa_irradiation: float  # J/m2 per year, typical year
    separation_recovery: float
    degradation: float  # activity lost per year since the last sheet
    catalyst_life: int  # years between sheets
    panel_cost: float  # USD/m2
    panel_om: float  # share of panel cost per year
    land_cost: float  # USD per m2 of panel (land price / ground coverage)
    compression_energy: float  # J per kg H2
    electricity_price: float  # USD/J
    grid_emission_factor: float  # kg CO2/J
    catalyst_co2: float  # kg CO2 per m2 of sheet made
    discount_rate: float
    years: int

    def _t(self) -> np.ndarray:
        return np.arange(self.years + 1)

    def output_per_sth(self) -> np.ndarray:
        """kg H2 per m2 per unit STH in each year (year 0: nothing)."""
        t = self._t()
        age = np.where(t >= 1, (t - 1) % self.catalyst_life, 0)
        base = self.poa_irradiation * self.separation_recovery / gibbs_energy_per_kg()
        return np.where(t >= 1, base * (1.0 - self.degradation) ** age, 0.0)

    def sheets_bought(self) -> np.ndarray:
        """1 in the years a photocatalyst sheet is bought (year 0 and every life after)."""
        t = self._t()
        return ((t % self.catalyst_life == 0) & (t < self.years)).astype(float)

    def fixed_costs(self) -> np.ndarray:
        """Panel, land and O&M per m2 by year (USD)."""
        t = self._t()
        return np.where(t == 0, self.panel_cost + self.land_cost, self.panel_om * self.panel_cost)

    def co2_per_kg_compression(self) -> float:
        """kg CO2 per kg H2 from compression electricity."""
        return self.compression_energy * self.grid_emission_factor

    def per_kg_cost(self, co2_price: float = 0.0) -> float:
        """b: compression electricity and its CO2 price, USD per kg H2."""
        return self.compression_energy * self.electricity_price + co2_price * (
            self.co2_per_kg_compression()
        )

    def sums(self) -> tuple[float, float, float]:
        """Discounted sums F (USD/m2), K (sheets) and Q (kg/m2 per unit STH)."""
        v = discount_factors(self.discount_rate, self.years + 1)
        return (
            float(np.sum(self.fixed_costs() * v)),
            float(np.sum(self.sheets_bought() * v)),
            float(np.sum(self.output_per_sth() * v)),
        )

    def co2_per_kg(self, sth: float) -> float:
        """kg CO2 per kg H2 over the life: compression plus catalyst sheets made."""
        made = float(np.sum(self.output_per_sth())) * sth
        return (
            self.co2_per_kg_compression()
            + self.catalyst_co2 * float(np.sum(self.sheets_bought())) / made
        )


def lcoh(
    panel: PanelEconomics,
    sth: np.ndarray | float,
    catalyst_cost: np.ndarray | float,
    co2_price: float = 0.0,
) -> np.ndarray:
    """Levelized cost of hydrogen (USD/kg) from the full yearly cash flows; broadcasts."""
    sth = np.asarray(sth, dtype=float)
    c = np.asarray(catalyst_cost, dtype=float)
    sth, c = np.broadcast_arrays(sth, c)
    made = sth[..., None] * panel.output_per_sth()
    sheet = c + co2_price * panel.catalyst_co2
    costs = panel.fixed_costs() + sheet[..., None] * panel.sheets_bought()
    costs = costs + made * panel.per_kg_cost(co2_price)
    return levelized_cost(panel.discount_rate, costs, made)


def breakeven_sth(
    panel: PanelEconomics,
    catalyst_cost: np.ndarray | float,
    reference: float,
    co2_price: float = 0.0,
) -> np.ndarray:
    """STH at which :func:`lcoh` equals ``reference`` (USD/kg); inf if it never does."""
    F, K, Q = panel.sums()
    margin = reference - panel.per_kg_cost(co2_price)
    top = F + (np.asarray(catalyst_cost, dtype=float) + co2_price * panel.catalyst_co2) * K
    with np.errstate(divide="ignore"):
        return np.where(margin > 0, top / (Q * margin), np.inf)


def breakeven_catalyst_cost(
    panel: PanelEconomics, sth: np.ndarray | float, reference: float, co2_price: float = 0.0
) -> np.ndarray:
    """Catalyst cost (USD/m2) at which :func:`lcoh` equals ``reference``; negative: none."""
    F, K, Q = panel.sums()
    margin = reference - panel.per_kg_cost(co2_price)
    return (np.asarray(sth, dtype=float) * Q * margin - F) / K - co2_price * panel.catalyst_co2
