"""The economics of a case: its technical summary priced under each price scenario."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np

from valorize.data.loader import Datum, price_basis, price_scenario, reference
from valorize.economics.capital import (
    cepci,
    equipment_purchase_cost,
    fixed_capital,
    lang_factor,
    latest_cepci_year,
)
from valorize.economics.money import parse_money
from valorize.economics.product_prices import per_kg_contained, product_price
from valorize.economics.refinery import EconomicInputs, PlantFlows, refinery_cash_flow
from valorize.economics.template import irr_details
from valorize.economics.terms import project_terms
from valorize.errors import InputError
from valorize.refinery.case import Economics

#: What a price scenario must price for the refinery.
PRODUCT, FEED = "refined_selenium", "crude_selenium"
#: The price scenarios' item for a sulfidation's sulfur.
SULFUR = "sulfur"
#: The name of the scenario made of a case's own ``user_prices``.
USER = "user"
#: The status of a price the case file gives (it names no data-file reference).
CASE_FILE = "case file"


def case_price_scenarios(e: Economics) -> list[tuple[str, dict[str, Datum]]]:
    """The price scenarios of a case, by name: its ``user_prices`` first, then the named ones.

    A user price replaces the first named scenario's price of that item (USD/kg,
    status ``"case file"``); items it does not give keep the scenario's price.
    """
    named = [(name, price_scenario(name)) for name in e.price_scenarios]
    if not e.user_prices:
        return named
    if USER in e.price_scenarios:
        raise InputError(f"economics.price_scenarios: {USER!r} is the name of user_prices")
    allowed = [PRODUCT, FEED, SULFUR, *e.payable]
    prices = dict(named[0][1]) if named else {}
    for item, text in e.user_prices.items():
        where = f"economics.user_prices.{item}"
        if item not in allowed:
            raise InputError(f"{where}: unknown item; allowed: {', '.join(allowed)}")
        value = parse_money(text, where, per="kg")
        if value < 0:
            raise InputError(f"{where}: a price cannot be negative ({text!r})")
        prices[item] = Datum(value, "USD/kg", CASE_FILE, "")
    return [(USER, prices), *named]


def _source(d: Datum) -> str:
    if d.status == CASE_FILE:
        return CASE_FILE
    return f"{reference(d.reference).citation} ({d.status})"


def economic_inputs(
    e: Economics,
    product_price: np.ndarray,
    feed_price: np.ndarray,
    credit_prices: dict[str, np.ndarray],
) -> EconomicInputs:
    """The case's economics in USD, with the given prices (arrays over scenarios)."""
    wage = parse_money(e.monthly_wage, "economics.monthly_wage", per="month")
    terms = project_terms(
        e,
        capital_cost=capital_estimate(e)["capital_usd"],
        life_years=e.life_years,
        discount_rate=e.discount_rate,
        tax_rate=e.tax_rate,
        labour=e.staff * 12 * wage * (1.0 + e.employer_charges),
        maintenance_fraction=e.maintenance_fraction,
        insurance_fraction=e.insurance_fraction,
    )
    return EconomicInputs(
        terms=terms,
        electricity_price=parse_money(
            e.electricity_price, "economics.electricity_price", per="kWh"
        ),
        waste_disposal_per_kg=parse_money(e.waste_disposal, "economics.waste_disposal", per="t")
        / 1000,
        product_price=product_price,
        feed_price=feed_price,
        credit_prices=credit_prices,
        payable=e.payable,
    )


def capital_estimate(e: Economics) -> dict[str, Any]:
    """Fixed capital in USD of the cost year, from the given total or the equipment list.

    The equipment's purchase costs (correlations of ``data/capital.toml`` or quotes
    escalated by the CEPCI) times the installation factor, plus the contingency.
    """
    year = e.cost_year or latest_cepci_year()
    cepci(year)  # a clear error for a year without an index
    if e.capital_cost is not None:
        given = parse_money(e.capital_cost, "economics.capital_cost")
        return {
            "capital_usd": given * (1.0 + e.contingency),
            "basis": "given total"
            + (f" plus {e.contingency:.0%} contingency" if e.contingency else ""),
            "equipment": [],
        }
    items = [
        equipment_purchase_cost(item, year, f"economics.equipment[{i}]")
        for i, item in enumerate(e.equipment)
    ]
    delivered = sum(row["purchase_cost_usd"] for row in items)
    if e.installation_factor is not None:
        lang, lang_basis = e.installation_factor, "given"
    else:
        datum = lang_factor(e.plant_kind)
        lang, lang_basis = datum.value, f"Lang, {e.plant_kind} ({datum.reference})"
    return {
        "capital_usd": fixed_capital(delivered, lang, e.contingency),
        "basis": (
            f"equipment {delivered:,.0f} USD of {year} x installation factor {lang:g} "
            f"({lang_basis}) x (1 + {e.contingency:g} contingency)"
        ),
        "equipment": items,
    }


def crude_basis(name: str, prices: dict[str, Datum], e: Economics) -> float | None:
    """The Se content a scenario's crude quote is for (None: per kg of contained Se)."""
    if prices[FEED].status == CASE_FILE:
        return None  # a user's crude price is per kg of contained selenium
    scenario = e.price_scenarios[0] if name == USER else name
    return price_basis(scenario, FEED)


def check_pricing(e: Economics, feed_wt_pct: dict[str, float]) -> None:
    """Refuse prices the cash flow would miss (:class:`InputError`).

    Every scenario must price the product, the crude and every ``payable`` and
    ``feed_payable`` element, and the feed must hold those elements. Called when a run
    prices its flows and when a model is built, so a single run and a
    sampled one refuse the same case alike.
    """
    absent = ", ".join(sorted(set(e.payable) - set(feed_wt_pct)))
    if absent:
        raise InputError(f"economics.payable: {absent} not in the residue (the feed has none)")
    absent = ", ".join(sorted(set(e.feed_payable) - set(feed_wt_pct)))
    if absent:
        raise InputError(f"economics.feed_payable: {absent} not in the feed")
    for name, prices in case_price_scenarios(e):
        for field, items in (("payable", e.payable), ("feed_payable", e.feed_payable)):
            for item in items:
                if item not in prices:  # the field the user wrote, and what it may hold
                    priced = ", ".join(k for k in prices if k not in (PRODUCT, FEED))
                    raise InputError(
                        f"economics.{field}.{item}: price scenario {name} has no {item} "
                        f"price; it prices {priced}"
                    )
        for item in (PRODUCT, FEED):
            if item not in prices:
                raise InputError(f"economics.price_scenarios: {name} has no {item} price")


def feed_and_product_prices(
    e: Economics,
    product_quote: np.ndarray,
    crude_quote: np.ndarray,
    crude_basis: np.ndarray | float,
    metal_prices: dict[str, np.ndarray],
    feed_fractions: dict[str, np.ndarray],
    product_se: np.ndarray,
    impurities_ppm: dict[str, np.ndarray] | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Price per kg of crude bought, of product sold, and the grade sold; arrays over scenarios.

    The rules of :mod:`valorize.economics.product_prices` with the case's
    ``crude_pricing``, ``feed_payable`` and ``off_grade``; ``crude_basis`` is the Se
    content, wt %, each crude quote is for (NaN: per kg of contained Se).
    """
    per_kg_se = per_kg_contained(crude_quote, crude_basis)  # NaN: per kg of Se already
    if e.crude_pricing == "flat":
        feed = np.asarray(crude_quote, dtype=float)
    else:
        feed = per_kg_se * feed_fractions["Se"]
    for el, share in e.feed_payable.items():
        feed = feed + share * metal_prices[el] * feed_fractions.get(el, 0.0)
    price, grade = product_price(
        product_quote, per_kg_se, product_se, impurities_ppm=impurities_ppm, off_grade=e.off_grade
    )
    return feed, price, grade


def case_economics(
    summary: dict[str, Any], e: Economics, feed_wt_pct: dict[str, float]
) -> dict[str, Any]:
    """Price the base case's yearly flows under every scenario of ``e``; JSON-ready.

    ``feed_wt_pct`` is the crude's composition (for buying it on its content).
    """
    check_pricing(e, feed_wt_pct)
    names, scenarios = [], []
    for name, prices in case_price_scenarios(e):
        names.append(name)
        scenarios.append(prices)

    def column(item: str) -> np.ndarray:
        return np.array([p[item].value if item in p else 0.0 for p in scenarios])

    residue_t = summary["residue_t_per_yr"]
    residue = {el: residue_t * 1000 * pct / 100 for el, pct in summary["residue_wt_pct"].items()}
    flows = PlantFlows(
        feed=summary["feed_t_per_yr"] * 1000,
        product=summary["product_t_per_yr"] * 1000,
        waste=summary["waste_t_per_yr"] * 1000,
        energy=summary["energy_kWh_per_t_product"] * summary["product_t_per_yr"],
        residue_by_element=residue,
        sulfur=summary.get("sulfur_t_per_yr", 0.0) * 1000,
    )
    unknown = set(e.payable) - set(residue)
    if unknown:
        raise InputError(f"economics.payable: {', '.join(sorted(unknown))} not in the residue")
    capital = capital_estimate(e)
    total = sum(feed_wt_pct.values())
    feed_price, product_price_sold, grade = feed_and_product_prices(
        e,
        column(PRODUCT),
        column(FEED),
        np.array([crude_basis(n, p, e) or np.nan for n, p in zip(names, scenarios, strict=True)]),
        {el: column(el) for el in e.feed_payable},
        {el: pct / total for el, pct in feed_wt_pct.items()},
        np.asarray(summary["product_Se_wt_pct"] / 100.0),
        summary["impurities_ppm"],
    )
    credits = {el: column(el) for el in e.payable}
    inputs = replace(
        economic_inputs(e, product_price_sold, feed_price, credits), sulfur_price=column(SULFUR)
    )
    r = refinery_cash_flow(flows, inputs)
    # the refinery on selenium alone: the same plant with no residue credits
    bare = refinery_cash_flow(flows, replace(inputs, credit_prices={}, payable={}))
    details = irr_details(r)
    out = []

    def money(x: np.ndarray, k: int) -> float:
        return float(np.asarray(x)[k])

    def defined(x: np.ndarray, k: int) -> float | None:
        """A measure that may be undefined (NaN): None, written null in JSON."""
        value = money(x, k)
        return None if np.isnan(value) else value

    for k, name in enumerate(names):
        operating_years = r.years[-e.life_years :]
        last = -1
        out.append(
            {
                "price_scenario": name,
                "prices_usd_per_kg": {item: d.value for item, d in scenarios[k].items()},
                "grade_sold": str(grade[k]) or "off-grade",
                "product_price_usd_per_kg": float(product_price_sold[k]),
                "crude_price_usd_per_kg_crude": float(feed_price[k]),
                "pricing_rules": {
                    "crude_pricing": e.crude_pricing,
                    "off_grade": e.off_grade,
                    "feed_payable": dict(e.feed_payable),
                },
                "price_sources": {item: _source(d) for item, d in scenarios[k].items()},
                "capex_usd": inputs.terms.capital_cost,
                "capex_basis": capital["basis"],
                "equipment": capital["equipment"],
                "grant_usd": inputs.terms.grant,
                "opex_usd_per_yr": float(r.operating_cost[k, last]),
                "revenue_usd_per_yr": float(r.revenue[k, last]),
                "unit_cost_usd_per_kg": money(r.unit_cost, k),
                "refining_cost_usd_per_kg": money(r.refining_cost, k),
                "npv_usd": money(r.npv, k),
                "npv_with_grant_usd": money(r.npv_with_grant, k),
                "irr_pct": None if np.isnan(r.irr[k]) else 100 * money(r.irr, k),
                **{key: values[k] for key, values in details.items()},
                "payback_yr": None if np.isnan(r.payback[k]) else money(r.payback, k),
                "minimum_selling_price_usd_per_kg": defined(r.minimum_selling_price, k),
                "minimum_selling_price_without_credits_usd_per_kg": defined(
                    bare.minimum_selling_price, k
                ),
                "residue_credits_usd_per_yr": float(r.revenue[k, -1])
                - flows.product * float(product_price_sold[k]),
                "equity_npv_usd": money(r.equity_npv, k),
                "equity_irr_pct": None
                if np.isnan(r.equity_irr[k])
                else 100 * money(r.equity_irr, k),
                "minimum_dscr": None if np.isnan(r.minimum_dscr[k]) else money(r.minimum_dscr, k),
                "loan_usd": float(np.asarray(r.loan_drawn).reshape(-1)[k % np.size(r.loan_drawn)]),
                "discount_rate": e.discount_rate,
                "target_irr": e.target_irr,
                "cash_flow": [
                    {
                        "year": int(y),
                        "revenue_usd": float(r.revenue[k, i]),
                        "operating_cost_usd": float(r.operating_cost[k, i]),
                        "tax_usd": float(r.tax[k, i]),
                        "capital_usd": float(r.capital[k, i]),
                        "project_cash_flow_usd": float(r.project_cash_flow[k, i]),
                        "cash_flow_with_grant_usd": float(r.cash_flow[k, i]),
                        "interest_usd": float(r.interest[i]),
                        "principal_usd": float(r.principal[i]),
                        "equity_cash_flow_usd": float(r.equity_cash_flow[k, i]),
                        "working_capital_usd": float(r.working_capital[k, i]),
                    }
                    for i, y in enumerate(r.years)
                ],
                "operating_years": [int(operating_years[0]), int(operating_years[-1])],
            }
        )
    return {"scenarios": out}
