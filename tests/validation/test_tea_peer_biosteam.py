"""valorize's after-tax cash flow of the Balkhash case against BioSTEAM's TEA (issue 15, item 8).

Peer: BioSTEAM 2.51.19 (``biosteam.TEA``, Cortes-Pena et al.; NumPy 1.26.4, Python
3.11), run on the figures of the built-in ``balkhash-selenium`` case's first price
scenario (``news-2024``). BioSTEAM is not needed here: both sides are stored in
``tests/validation/data``. Regenerate them with::

    python benchmarks/peer_tea_biosteam.py export               # valorize's venv
    /tmp/peer/bin/python benchmarks/peer_tea_biosteam.py peer   # biosteam<2.52, py3.11

The first writes ``balkhash_tea_inputs.json`` (capital, construction, life, ramp-up,
rates, depreciation fractions, fixed and variable costs, product, price and credits,
USD; checked to give back the case's own NPV, IRR, payback and break-even price), the
second ``biosteam_tea_balkhash.json`` (BioSTEAM's NPV, IRR, PBP, break-even prices and
yearly cash-flow tables, with the SHA-256 of the inputs it read).

Tolerance: 1e-6 relative for NPV at the discount rate, the IRR, the break-even
product price at the target IRR (with and without the residue credits), BioSTEAM's
payback period and the yearly sales, operating cost, depreciation, tax, capital and
cash flow (absolute 1e-9 of the capital for zero entries). Found: NPV identical, the
yearly lines and the payback within 4e-16, the break-even prices within 2e-13, the IRR
within 6.4e-9 (valorize's own IRR stops once its NPV is within 1e-10 of the summed
flows, 0.004 USD here, at an IRR of 905 %; BioSTEAM's polished root leaves 3e-10 USD).

Conventions that match once set so (the peer script's settings):

- ramp-up: valorize runs the first operating year at ``ramp_up`` of the product,
  credits and variable costs, with the fixed costs in full; BioSTEAM's start-up is a
  part of the first year (``startup_months``) at fractions of sales, variable and
  fixed costs: ``startup_months = 12``, ``startup_salesfrac = startup_VOCfrac =
  ramp_up``, ``startup_FOCfrac = 1`` make the two the same;
- capital: BioSTEAM derives it from equipment (a Lang factor or bare-module factors,
  ``_DPI``, ``_TDC``, ``_FCI``); here those return the case's capital, so the whole
  capital is depreciable (TDC = FCI), as in valorize; no equipment replacement;
- depreciation: the case's rule (Kazakhstan's pooled declining balance at 25 %, the
  book value written off in the last year) is not one of BioSTEAM's schedules (SL,
  DDB, SYD, MACRS); it is given as a custom array of fractions of the capital from
  the first operating year, where both start it;
- variable and fixed costs: BioSTEAM's VOC is the feed streams' cost plus utilities
  (electricity as its power utility, the volatile cut's disposal as an outlet utility
  at a negative price, like its 'Ash disposal'); the fixed costs (labour, maintenance
  and insurance as shares of the capital) are the TEA's ``_FOC``; flows are per hour
  times 8760 operating hours, valorize's per year;
- income tax: both tax ``rate * max(0, sales - costs - depreciation - losses)`` with
  losses carried forward without limit and offsetting the whole profit (BioSTEAM's
  ``taxable_earnings_with_fowarded_losses``), so the comparison sets valorize's
  ``loss_carry_forward_years = None``, ``loss_offset_share = 1``;
- no grant, no loan, no working capital in the comparison.

Conventions that differ, and how each is handled:

- loss carry-forward: the case's own tax code (KZ) carries losses 10 years;
  BioSTEAM carries them without limit. Set to unlimited on valorize's side. At the
  scenario's price no year makes a loss; at the break-even price the first operating
  year does (depreciation and full fixed costs at 80 % capacity), and it is set off
  in the second and third, so the carry-forward is exercised and checked (carrying
  none would change the tax; the case's 10 years give the same tax as no limit).
- grant: BioSTEAM has none; the case's 280e6 KZT grant is left out. valorize's
  NPV, IRR, payback and break-even price are on the project's merit, without it,
  anyway; only its ``npv_with_grant`` and ``cash_flow`` carry it.
- year count and discounting: valorize's year 0 is the first construction year and
  year t is discounted by (1 + r)^-t; BioSTEAM's table starts at ``duration[0] -
  len(construction_schedule)`` and discounts by exponents ``-B+1 .. L``: the last
  construction year is its present. The same for B = 1 (this case); for B > 1
  BioSTEAM's NPV is valorize's times (1 + r)^(B - 1), which the test applies.
  IRR and break-even prices do not depend on it.
- payback: BioSTEAM's ``PBP`` is FCI over a full year's net earnings without
  depreciation, ``FCI / ((1 - tax) (sales - AOC))`` (untaxed when negative), a
  simple payback with no ramp-up, construction time or depreciation tax shield;
  valorize's payback is the time from year 0 at which the cumulative project cash
  flow turns non-negative, interpolated within the year (0.113 yr here against
  BioSTEAM's 0.091). BioSTEAM's definition is computed from valorize's lines and
  compared.
- root solving: BioSTEAM's ``solve_IRR`` stops at 1e-6 in the IRR or 10 USD of NPV,
  ``solve_price`` (``solve_sales``) at 10 USD/yr of sales or 100 USD of NPV: here
  its IRR is 1.4e-5 and its break-even prices 4.8e-5 (with the credits) and 9.9e-6
  (without) relative from the exact roots.
  Those stock results are checked against their own stopping rule (valorize's NPV at
  them within 10 and 100 USD); the roots polished with Brent's method on BioSTEAM's
  own NPV (``TEA.NPV``, ``NPV_at_IRR``) are compared at 1e-6.
- not compared (zero here): working capital (BioSTEAM ties a share of the FCI in the
  last construction year, valorize a share of a year's operating cost in the first
  operating year) and loans (BioSTEAM deducts the whole loan payment from taxable
  income, valorize only the interest).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from valorize.economics.cashflow import net_present_value
from valorize.economics.project import depreciation_schedule, income_tax
from valorize.economics.template import PlantMoney, ProjectTerms, every_year, project_cash_flow

pytestmark = pytest.mark.validation

DATA = Path(__file__).parent / "data"
INPUTS_PATH = DATA / "balkhash_tea_inputs.json"
PEER_PATH = DATA / "biosteam_tea_balkhash.json"
RTOL = 1e-6
#: BioSTEAM's own stopping rules: solve_IRR's and solve_sales's ytol, USD of NPV.
SOLVE_IRR_YTOL, SOLVE_SALES_YTOL = 10.0, 100.0


@pytest.fixture(scope="module")
def inputs() -> dict:
    return json.loads(INPUTS_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def peer() -> dict:
    return json.loads(PEER_PATH.read_text(encoding="utf-8"))


def plant_money(x: dict, price: float | None = None, credits: bool = True) -> PlantMoney:
    """The exported yearly figures as valorize's PlantMoney (USD)."""
    return PlantMoney(
        product=every_year(x["product_kg_per_yr"]),
        product_price=x["product_price_usd_per_kg"] if price is None else price,
        credits=every_year(x["by_product_credits_usd_per_yr"] if credits else 0.0),
        feed=every_year(x["feed_usd_per_yr"]),
        reagents=every_year(x["reagents_usd_per_yr"]),
        utilities=every_year(x["utilities_usd_per_yr"]),
        waste=every_year(x["waste_usd_per_yr"]),
        other=every_year(x["other_usd_per_yr"]),
    )


def project_terms(x: dict) -> ProjectTerms:
    """The exported terms as valorize's ProjectTerms, with the case's depreciation rule."""
    d = x["depreciation"]
    return ProjectTerms(
        capital_cost=x["capital_cost_usd"],
        life_years=x["life_years"],
        discount_rate=x["discount_rate"],
        tax_rate=x["tax_rate"],
        construction_years=x["construction_years"],
        ramp_up=x["ramp_up"],
        depreciation=d["rule"],
        depreciation_years=d["years"],
        depreciation_rate=d["rate"],
        grant=x["grant_usd"],
        labour=x["labour_usd_per_yr"],
        maintenance_fraction=x["maintenance_fraction"],
        insurance_fraction=x["insurance_fraction"],
        working_capital=x["working_capital_fraction"],
        loan_fraction=x["loan_fraction"],
        target_irr=x["target_irr"],
        loss_carry_forward_years=x["loss_carry_forward_years"],
        loss_offset_share=x["loss_offset_share"],
    )


@pytest.fixture(scope="module")
def ours(inputs):
    return project_cash_flow(plant_money(inputs), project_terms(inputs))


def column(table: dict, name: str) -> np.ndarray:
    return np.asarray(table[f"{name} [USD]"], dtype=float)


def assert_lines(x: dict, table: dict, r, depreciation: np.ndarray) -> None:
    """valorize's yearly lines against a BioSTEAM cash-flow table, year by year."""
    atol = 1e-9 * x["capital_cost_usd"]
    pairs = {
        "Sales": r.revenue,
        "Annual operating cost (excluding depreciation)": r.operating_cost,
        "Depreciation": depreciation,
        "Tax": r.tax,
        "Fixed capital investment": r.capital,
        "Cash flow": r.project_cash_flow,
    }
    for name, line in pairs.items():
        np.testing.assert_allclose(
            line, column(table, name), rtol=RTOL, atol=atol, err_msg=f"yearly {name}"
        )


def depreciation_line(x: dict) -> np.ndarray:
    """valorize's depreciation on the plant's years, from the case's rule."""
    t = project_terms(x)
    line = np.zeros(t.build_years + t.life_years)
    line[t.build_years :] = depreciation_schedule(
        t.capital_cost, t.depreciation, t.depreciation_years, t.life_years, t.depreciation_rate
    )
    return line


def test_peer_read_these_inputs(inputs, peer):
    """The peer's file was made from this inputs file, and BioSTEAM sees the same money."""
    digest = hashlib.sha256(INPUTS_PATH.read_bytes()).hexdigest()
    assert peer["inputs_sha256"] == digest, "regenerate biosteam_tea_balkhash.json (peer mode)"
    assert peer["biosteam_version"].startswith("2.51")
    x, c = inputs, peer["checks"]
    sales = (
        x["product_kg_per_yr"] * x["product_price_usd_per_kg"] + x["by_product_credits_usd_per_yr"]
    )
    variable = x["feed_usd_per_yr"] + x["utilities_usd_per_yr"] + x["waste_usd_per_yr"]
    fixed = (
        x["labour_usd_per_yr"]
        + (x["maintenance_fraction"] + x["insurance_fraction"]) * x["capital_cost_usd"]
    )
    np.testing.assert_allclose(
        [c["sales_usd_per_yr"], c["VOC_usd_per_yr"], c["FOC_usd_per_yr"], c["FCI_usd"]],
        [sales, variable, fixed, x["capital_cost_usd"]],
        rtol=1e-12,
    )
    assert c["TDC_usd"] == c["FCI_usd"]
    s = peer["settings"]
    assert s["lang_factor"] is None and s["WC_over_FCI"] == 0 and not s["finance_interest"]
    assert s["startup_months"] == 12 and s["startup_FOCfrac"] == 1
    assert s["startup_salesfrac"] == s["startup_VOCfrac"] == x["ramp_up"]


def test_depreciation_fractions_are_the_case_rule(inputs, peer):
    """The exported fractions are valorize's rule; BioSTEAM used them as given."""
    d = inputs["depreciation"]
    fractions = depreciation_schedule(1.0, d["rule"], d["years"], inputs["life_years"], d["rate"])
    np.testing.assert_array_equal(fractions, d["fractions_of_capital"])
    assert peer["settings"]["depreciation"] == d["fractions_of_capital"]
    assert fractions.sum() == pytest.approx(1.0, rel=1e-12)


def test_npv_at_the_discount_rate(inputs, peer, ours):
    """NPV: BioSTEAM's present is the last construction year, valorize's the first."""
    shift = (1 + inputs["discount_rate"]) ** (inputs["construction_years"] - 1)
    assert float(ours.npv) * shift == pytest.approx(peer["npv_usd"], rel=RTOL)
    # the discount factors themselves
    t = ours.years - (inputs["construction_years"] - 1)
    np.testing.assert_allclose(
        (1 + inputs["discount_rate"]) ** -t.astype(float),
        peer["cashflow_table"]["Discount factor"],
        rtol=1e-14,
    )


def test_irr(peer, ours):
    """IRR: the exact root at 1e-6; BioSTEAM's solve_IRR within its own stopping rule."""
    assert float(ours.irr) == pytest.approx(peer["irr_polished"], rel=RTOL)
    stock = peer["irr_solve_IRR"]
    residual = float(net_present_value(stock, ours.project_cash_flow))
    assert abs(residual) < SOLVE_IRR_YTOL or abs(stock - float(ours.irr)) < 1e-6


@pytest.mark.parametrize("credits", [True, False], ids=["with-credits", "without-credits"])
def test_break_even_price(inputs, peer, credits):
    """Product price for NPV = 0 at the target IRR (negative: the credits alone earn it)."""
    terms = project_terms(inputs)
    r = project_cash_flow(plant_money(inputs, credits=credits), terms)
    theirs = peer["break_even" if credits else "break_even_without_credits"]
    assert float(r.minimum_selling_price) == pytest.approx(theirs["polished_usd_per_kg"], rel=RTOL)
    # BioSTEAM's solve_price stopped within 100 USD of NPV (10 USD/yr of sales)
    stock = theirs["solve_price_usd_per_kg"]
    at_stock = project_cash_flow(
        plant_money(inputs, price=stock, credits=credits), terms, break_even=False
    )
    residual = float(net_present_value(terms.target_irr, at_stock.project_cash_flow))
    sales_gap = abs(stock - float(r.minimum_selling_price)) * inputs["product_kg_per_yr"]
    assert abs(residual) < SOLVE_SALES_YTOL or sales_gap < 10.0


def test_biosteam_payback_from_valorize_lines(inputs, peer, ours):
    """BioSTEAM's PBP, FCI / ((1 - tax)(sales - AOC)) at full capacity, from valorize's lines."""
    margin = float(ours.revenue[-1] - ours.operating_cost[-1])
    net = (1 - inputs["tax_rate"]) * margin if margin > 0 else margin
    assert net == pytest.approx(peer["net_earnings_usd_per_yr"], rel=RTOL)
    assert inputs["capital_cost_usd"] / net == pytest.approx(peer["PBP_yr"], rel=RTOL)


def test_yearly_lines_at_the_scenario_price(inputs, peer, ours):
    """Sales, operating cost, depreciation, tax, capital and cash flow, year by year."""
    table = peer["cashflow_table"]
    assert len(table["year"]) == len(ours.years)
    assert_lines(inputs, table, ours, depreciation_line(inputs))


def test_yearly_lines_at_the_break_even_price(inputs, peer):
    """The same at BioSTEAM's break-even price, where losses are carried forward."""
    theirs = peer["break_even"]
    table = theirs["cashflow_table_at_polished_price"]
    terms = project_terms(inputs)
    money = plant_money(inputs, price=theirs["polished_usd_per_kg"])
    r = project_cash_flow(money, terms, break_even=False)
    assert min(column(table, "Forwarded losses")) < 0, "no loss to carry: not a test of it"
    assert_lines(inputs, table, r, depreciation_line(inputs))
    taxed = column(table, "Taxed earnings")
    np.testing.assert_allclose(
        r.tax / terms.tax_rate, taxed, rtol=RTOL, atol=1e-9 * inputs["capital_cost_usd"]
    )
    # carrying no loss would tax those years: the rule is what makes the lines agree
    untaxed = income_tax(
        r.revenue - r.operating_cost, depreciation_line(inputs), terms.tax_rate, carry_years=0
    )
    assert not np.allclose(untaxed, column(table, "Tax"), rtol=RTOL)
    # the case's own rule (KZ, 10 years) gives the same here: losses are used up in time
    own = replace(terms, loss_carry_forward_years=inputs["case_own"]["loss_carry_forward_years"])
    r_own = project_cash_flow(money, own, break_even=False)
    np.testing.assert_allclose(r_own.tax, r.tax, rtol=0, atol=0)
