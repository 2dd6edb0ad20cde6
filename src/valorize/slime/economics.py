r"""Yearly money and CO2 of a slime plant, vectorized over scenarios.

Revenue is :math:`R = \sum_p \pi_p\,f_p\,m_p` over the products p (refined Se,
Te, Au, Ag) with the prices :math:`\pi_p` of a price scenario of
``data/economics.toml`` and the payable shares :math:`f_p` of the case.
Operating cost is reagents at the prices of ``data/anode_slime.toml``, energy
at the case's electricity price, staff, and maintenance as a share of the
capital cost :math:`I`. The cash flow is :math:`-I` in year 0 and
:math:`(R - C) - \tau \max(0, R - C - I/L)` in years 1..L (straight-line
depreciation over the life L, tax rate :math:`\tau`); NPV, IRR and payback come
from :mod:`valorize.economics.cashflow`. The unit cost of selenium is the
levelized cost :math:`\sum_t c_t (1+r)^{-t} / \sum_t q_t (1+r)^{-t}` with
:math:`c_0 = I` and :math:`c_t = C` (gross), or :math:`C` less the Te, Au and
Ag revenue (net of by-product credits). CO2 is scope 2: the plant's
electricity times the grid factor of ``data/economics.toml``; reagent
footprints are not counted (no sourced factors in the data folder).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from valorize.data.loader import emission_factor, price_scenario, reference
from valorize.economics.cashflow import (
    internal_rate_of_return,
    levelized_cost,
    net_present_value,
    payback_period,
)
from valorize.economics.project import depreciation_schedule, income_tax
from valorize.slime import data
from valorize.slime.case import EconomicsSpec

_KWH = 3.6e6
#: Price records of anode_slime.toml for each reagent.
REAGENT_PRICES = {
    "H2SO4": "price_sulfuric_acid",
    "SO2": "price_sulfur_dioxide",
    "MnO2": "price_manganese_dioxide",
    "NaCl": "price_sodium_chloride",
}
#: Keys of a price scenario for each product.
PRODUCT_PRICES = {"Se": "refined_selenium", "Te": "Te", "Au": "Au", "Ag": "Ag"}


def plant_economics(
    products_kg: dict[str, np.ndarray],
    reagents_kg: dict[str, np.ndarray],
    energy_j: np.ndarray,
    e: EconomicsSpec,
    price_factors: dict[str, np.ndarray] | None = None,
) -> dict[str, Any]:
    """Money and CO2 per scenario: lists over the leading axis of the inputs.

    ``price_factors`` scale each product's price of the case's scenario (per scenario),
    for a sampled price; the products' masses, and so the costs per kg, stay as made.
    """
    prices = price_scenario(e.price_scenario)
    factors = price_factors or {}
    revenue_by = {
        p: prices[key].value
        * np.asarray(factors.get(p, 1.0))
        * e.payable.get(p, 1.0)
        * np.asarray(products_kg[p])
        for p, key in PRODUCT_PRICES.items()
    }
    revenue = sum(revenue_by.values())
    reagent_cost = sum(
        data.value(REAGENT_PRICES[r]) * np.asarray(kg) for r, kg in reagents_kg.items()
    )
    kwh = np.asarray(energy_j) / _KWH
    energy_cost = kwh * e.electricity_price
    fixed = e.staff * e.monthly_wage * 12.0 + e.maintenance_fraction * e.capital_cost
    opex = reagent_cost + energy_cost + fixed
    life = e.life_years
    margin = revenue - opex
    # the same tax rule as every route's; straight-line over the plant's life, and the
    # margin is the same every year, so is the depreciation
    yearly = depreciation_schedule(e.capital_cost, "straight-line", life, life)[0]
    tax = income_tax(margin, yearly, e.tax_rate)
    yearly = margin - tax
    shape = np.shape(yearly)
    flows = np.concatenate(
        [np.full((*shape, 1), -e.capital_cost), np.repeat(yearly[..., None], life, axis=-1)],
        axis=-1,
    )
    se = np.asarray(products_kg["Se"])
    quantities = np.concatenate([np.zeros((*shape, 1)), np.repeat(se[..., None], life, -1)], -1)
    credits = revenue - revenue_by["Se"]

    def levelized(yearly_cost: np.ndarray) -> np.ndarray:
        costs = np.concatenate(
            [np.full((*shape, 1), e.capital_cost), np.repeat(yearly_cost[..., None], life, -1)],
            -1,
        )
        return levelized_cost(e.discount_rate, costs, quantities)

    factor = emission_factor(e.grid_emission_factor)
    co2 = kwh * factor.value  # kg per year

    def listed(x: Any) -> list[float | None]:
        return [None if not np.isfinite(v) else float(v) for v in np.ravel(x)]

    return {
        "price_scenario": e.price_scenario,
        "revenue_usd_per_yr": listed(revenue),
        "revenue_by_product_usd_per_yr": {p: listed(v) for p, v in revenue_by.items()},
        "reagent_cost_usd_per_yr": listed(reagent_cost),
        "energy_cost_usd_per_yr": listed(energy_cost),
        "opex_usd_per_yr": listed(opex),
        "capex_usd": e.capital_cost,
        "capex_source": e.capital_cost_source,
        "npv_usd": listed(net_present_value(e.discount_rate, flows)),
        "irr_pct": listed(100 * internal_rate_of_return(flows)),
        "payback_yr": listed(payback_period(flows)),
        "se_cost_usd_per_kg": listed(levelized(opex)),
        "se_cost_net_of_credits_usd_per_kg": listed(levelized(opex - credits)),
        "co2_t_per_yr": listed(co2 / 1000.0),
        "co2_kg_per_kg_se": listed(co2 / se),
        "co2_basis": (
            f"scope 2 only: electricity at {factor.value} kg CO2/kWh "
            f"({reference(factor.reference).citation}); reagents not counted"
        ),
    }
