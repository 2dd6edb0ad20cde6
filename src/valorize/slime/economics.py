r"""Yearly money and CO2 of a slime plant, vectorized over scenarios.

The plant is appraised with the cash-flow template every route shares
(:func:`valorize.economics.template.project_cash_flow`, theory there). Its main
product is the refined selenium; Te, Au and Ag are by-product credits. Each
product p earns :math:`\pi_p\,f_p\,m_p` with the price :math:`\pi_p` of a price
scenario of ``data/economics.toml`` and the payable share :math:`f_p` of the case.
Operating cost is reagents at the prices of ``data/anode_slime.toml`` (the
template's reagents), energy at the case's electricity price (its utilities),
staff, and maintenance as a share of the capital cost. Construction, ramp-up,
depreciation, grant, loan and working capital are the case's shared terms
(:class:`valorize.economics.terms.FinancingTerms`): by default the capital is
spent in year 0 and written off straight-line over the plant's life. The unit
cost of selenium is the levelized cost of the whole plant per kg of refined Se,
gross or net of the by-product credits. CO2 is scope 2: the plant's electricity
times the grid factor of ``data/economics.toml``; reagent footprints are not
counted (no sourced factors in the data folder).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np

from valorize.data.loader import emission_factor, price_basis, price_scenario, reference
from valorize.economics.product_prices import per_kg_contained, product_price
from valorize.economics.template import (
    PlantMoney,
    ProjectTerms,
    every_year,
    irr_details,
    project_cash_flow,
    project_measures,
)
from valorize.economics.terms import project_terms
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


def _plant_money(
    products_kg: dict[str, np.ndarray],
    reagents_kg: dict[str, np.ndarray],
    energy_j: np.ndarray,
    e: EconomicsSpec,
    price_factors: dict[str, np.ndarray] | None,
    se_fraction: np.ndarray | None,
    impurities_ppm: dict[str, np.ndarray] | None,
) -> tuple[PlantMoney, ProjectTerms, dict[str, Any]]:
    """The plant's money, its project terms, and the parts they are made of.

    See :func:`plant_economics`.
    """
    prices = price_scenario(e.price_scenario)
    factors = price_factors or {}
    quote = {
        p: prices[key].value * np.asarray(factors.get(p, 1.0)) for p, key in PRODUCT_PRICES.items()
    }
    grade = None
    if se_fraction is not None:  # selenium sells at the grade it meets
        crude = per_kg_contained(
            prices["crude_selenium"].value, price_basis(e.price_scenario, "crude_selenium")
        )
        quote["Se"], grade = product_price(
            quote["Se"], crude, se_fraction, impurities_ppm=impurities_ppm, off_grade=e.off_grade
        )
    price = {p: quote[p] * e.payable.get(p, 1.0) for p in PRODUCT_PRICES}
    revenue_by = {p: price[p] * np.asarray(products_kg[p]) for p in PRODUCT_PRICES}
    revenue = sum(revenue_by.values())
    reagent_cost = sum(
        data.value(REAGENT_PRICES[r]) * np.asarray(kg) for r, kg in reagents_kg.items()
    )
    kwh = np.asarray(energy_j) / _KWH
    energy_cost = kwh * e.electricity_price
    credits = revenue - revenue_by["Se"]
    se = np.asarray(products_kg["Se"], dtype=float)
    money = PlantMoney(
        product=every_year(se),
        product_price=price["Se"],
        credits=every_year(credits),
        reagents=every_year(reagent_cost),
        utilities=every_year(energy_cost),
    )
    terms = project_terms(
        e,
        capital_cost=e.capital_cost,
        life_years=e.life_years,
        discount_rate=e.discount_rate,
        tax_rate=e.tax_rate,
        labour=e.staff * e.monthly_wage * 12.0 * (1.0 + e.employer_charges),
        maintenance_fraction=e.maintenance_fraction,
        insurance_fraction=e.insurance_fraction,
    )
    parts = {
        "price": price, "grade": grade, "revenue": revenue, "revenue_by": revenue_by,
        "reagent_cost": reagent_cost, "energy_cost": energy_cost, "kwh": kwh, "se": se,
    }  # fmt: skip
    return money, terms, parts


def plant_measures(
    products_kg: dict[str, np.ndarray],
    reagents_kg: dict[str, np.ndarray],
    energy_j: np.ndarray,
    e: EconomicsSpec,
    price_factors: dict[str, np.ndarray] | None = None,
    *,
    se_fraction: np.ndarray | None = None,
    impurities_ppm: dict[str, np.ndarray] | None = None,
) -> dict[str, np.ndarray]:
    """NPV (USD), IRR (%), gross selenium cost (USD/kg) and CO2 (t/yr) as arrays.

    For a sample run: :func:`plant_economics`' numbers without its lists and its other
    measures (:func:`~valorize.economics.template.project_measures`, compiled for many
    scenarios); NaN where an IRR is undefined.

    Raises
    ------
    InputError
        For economic terms with no meaning, or a plant that makes no selenium.
    """
    money, terms, parts = _plant_money(
        products_kg, reagents_kg, energy_j, e, price_factors, se_fraction, impurities_ppm
    )
    r = project_measures(money, terms)
    gross = project_measures(replace(money, credits=0.0), terms)
    co2 = parts["kwh"] * emission_factor(e.grid_emission_factor).value  # kg per year
    return {
        "npv_usd": r.npv,
        "irr_pct": 100 * r.irr,
        "se_cost_usd_per_kg": gross.unit_cost,
        "co2_t_per_yr": co2 / 1000.0,
    }


def plant_economics(
    products_kg: dict[str, np.ndarray],
    reagents_kg: dict[str, np.ndarray],
    energy_j: np.ndarray,
    e: EconomicsSpec,
    price_factors: dict[str, np.ndarray] | None = None,
    *,
    se_fraction: np.ndarray | None = None,
    impurities_ppm: dict[str, np.ndarray] | None = None,
    break_even: bool = False,
) -> dict[str, Any]:
    """Money and CO2 per scenario: lists over the leading axis of the inputs.

    ``price_factors`` scale each product's price of the case's scenario (per scenario),
    for a sampled price; the products' masses, and so the costs per kg, stay as made.
    ``break_even`` adds the selenium price (payable share applied) that earns the case's
    ``target_irr`` with the by-product credits (a bisection over the cash flow). With the
    refined selenium's mass fraction ``se_fraction`` (and its ``impurities_ppm``) its
    price follows the grade it meets (:mod:`valorize.economics.product_prices`; the
    case's ``off_grade`` rule below every priced grade).

    Raises
    ------
    InputError
        For economic terms with no meaning, or a plant that makes no selenium.
    """
    money, terms, parts = _plant_money(
        products_kg, reagents_kg, energy_j, e, price_factors, se_fraction, impurities_ppm
    )
    price, grade, kwh, se = parts["price"], parts["grade"], parts["kwh"], parts["se"]
    r = project_cash_flow(money, terms, break_even=break_even)
    opex = r.operating_cost[..., -1]  # a year at full capacity
    gross = project_cash_flow(replace(money, credits=0.0), terms, break_even=False)
    factor = emission_factor(e.grid_emission_factor)
    co2 = kwh * factor.value  # kg per year

    def listed(x: Any) -> list[float | None]:
        return [None if not np.isfinite(v) else float(v) for v in np.ravel(x)]

    return {
        "price_scenario": e.price_scenario,
        "se_grade_sold": None
        if grade is None
        else [str(g) or "off-grade" for g in np.ravel(grade)],
        "se_price_usd_per_kg": listed(price["Se"]),
        "revenue_usd_per_yr": listed(parts["revenue"]),
        "revenue_by_product_usd_per_yr": {p: listed(v) for p, v in parts["revenue_by"].items()},
        "reagent_cost_usd_per_yr": listed(parts["reagent_cost"]),
        "energy_cost_usd_per_yr": listed(parts["energy_cost"]),
        "opex_usd_per_yr": listed(opex),
        "capex_usd": e.capital_cost,
        "capex_source": e.capital_cost_source,
        "grant_usd": terms.grant,
        "npv_usd": listed(r.npv),
        **irr_details(r),
        "npv_with_grant_usd": listed(r.npv_with_grant),
        "irr_pct": listed(100 * r.irr),
        "payback_yr": listed(r.payback),
        "equity_npv_usd": listed(r.equity_npv),
        "equity_irr_pct": listed(100 * r.equity_irr),
        "se_cost_usd_per_kg": listed(gross.unit_cost),
        "se_cost_net_of_credits_usd_per_kg": listed(r.unit_cost),
        "se_minimum_selling_price_usd_per_kg": listed(r.minimum_selling_price),
        "target_irr": e.target_irr,
        "co2_t_per_yr": listed(co2 / 1000.0),
        "co2_kg_per_kg_se": listed(co2 / se),
        "co2_basis": (
            f"scope 2 only: electricity at {factor.value} kg CO2/kWh "
            f"({reference(factor.reference).citation}); reagents not counted"
        ),
    }
