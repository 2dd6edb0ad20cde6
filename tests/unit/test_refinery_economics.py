import numpy as np
import pytest

from valorize.economics.cashflow import net_present_value
from valorize.economics.money import parse_money
from valorize.economics.refinery import EconomicInputs, PlantFlows, refinery_cash_flow
from valorize.economics.template import ProjectTerms
from valorize.errors import InputError

FLOWS = PlantFlows(
    feed=75e3,
    product=62e3,
    waste=3e3,
    energy=9.5e3,
    residue_by_element={"Te": 900.0, "Ag": 450.0},
)


PRICES = dict(
    electricity_price=0.06,
    waste_disposal_per_kg=1.0,
    product_price=np.array([25.0, 130.0]),
    feed_price=np.array([15.0, 11.0]),
    credit_prices={"Te": np.array([70.0, 70.0])},
    payable={"Te": 0.5},
)


def inputs(**kw):
    terms = dict(
        capital_cost=1.0e6,
        construction_years=1,
        life_years=10,
        ramp_up=0.8,
        discount_rate=0.1,
        tax_rate=0.2,
        depreciation="straight-line",
        depreciation_years=10,
        grant=0.0,
        labour=10 * 10_000.0,
        maintenance_fraction=0.03,
        insurance_fraction=0.01,
        target_irr=0.15,
    )
    prices = dict(PRICES)
    for key, value in kw.items():
        (prices if key in PRICES else terms)[key] = value
    return EconomicInputs(terms=ProjectTerms(**terms), **prices)


def test_money_in_currencies():
    assert parse_money("4 USD/kg", "x", per="kg") == 4.0
    assert parse_money("458.7 KZT", "x") == pytest.approx(1.0)
    with pytest.raises(InputError, match="unknown currency 'EUR'"):
        parse_money("5 EUR", "economics.grant")
    with pytest.raises(InputError, match="must be per kWh"):
        parse_money("5 USD", "economics.electricity_price", per="kWh")
    with pytest.raises(InputError, match="needs a currency"):
        parse_money(5.0, "economics.capital_cost")


def test_measures_are_consistent():
    r = refinery_cash_flow(FLOWS, inputs())
    # NPV at the IRR is zero; NPV at the target IRR of the break-even price is zero
    assert np.allclose(net_present_value(r.irr, r.project_cash_flow), 0.0, atol=1e-3)
    at_break_even = refinery_cash_flow(FLOWS, inputs(product_price=r.minimum_selling_price))
    assert np.allclose(net_present_value(0.15, at_break_even.project_cash_flow), 0.0, atol=1.0)
    # higher selenium price, higher NPV
    assert r.npv[1] > r.npv[0]


def test_grant_adds_its_present_value_only_to_the_npv_with_grant():
    plain = refinery_cash_flow(FLOWS, inputs())
    granted = refinery_cash_flow(FLOWS, inputs(grant=4e5))
    np.testing.assert_allclose(granted.npv, plain.npv)
    np.testing.assert_allclose(granted.npv_with_grant - plain.npv_with_grant, 4e5)
    np.testing.assert_allclose(granted.refining_cost, plain.refining_cost)


def test_refining_cost_of_a_labour_only_plant():
    r = refinery_cash_flow(
        FLOWS,
        inputs(capital_cost=1e-9, ramp_up=1.0, electricity_price=0.0, waste_disposal_per_kg=0.0),
    )
    assert r.refining_cost[0] == pytest.approx(10 * 10_000.0 / 62e3, rel=1e-6)


def test_declining_balance_depreciates_the_whole_plant():
    from valorize.economics.project import depreciation_schedule

    d = depreciation_schedule(1e6, "declining-balance", 8, 20)
    assert d.sum() == pytest.approx(1e6)
    assert d[0] == pytest.approx(2.5e5)


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        (dict(life_years=0), "life_years"),
        (dict(tax_rate=1.5), "tax_rate"),
        (dict(ramp_up=0.0), "ramp_up"),
        (dict(depreciation="sum-of-digits"), "depreciation"),
    ],
)
def test_bad_economic_inputs(kw, message):
    with pytest.raises(InputError, match=message):
        refinery_cash_flow(FLOWS, inputs(**kw))


def test_a_loan_changes_the_owner_view_not_the_project():
    base = refinery_cash_flow(FLOWS, inputs(grant=2e5))
    levered = refinery_cash_flow(
        FLOWS, inputs(grant=2e5, loan_fraction=0.6, loan_interest_rate=0.12, loan_years=5)
    )
    np.testing.assert_allclose(levered.npv, base.npv)
    np.testing.assert_allclose(levered.project_cash_flow, base.project_cash_flow)
    loan = 0.6 * (1.0e6 - 2e5)  # drawn on the owner's spending, after the grant
    assert levered.principal.sum() == pytest.approx(loan)
    drawdown = np.zeros(levered.years.shape)
    drawdown[0] = loan  # one year of building
    # by hand: project + grant + drawdown - interest - principal + the tax the interest saves
    levered_tax = 0.2 * np.maximum(
        levered.revenue
        - levered.operating_cost
        - 1.0e6 / 10 * (levered.years >= 1)
        - levered.interest,
        0.0,
    )
    expected = (
        base.project_cash_flow
        + (base.cash_flow - base.project_cash_flow)
        + drawdown
        - levered.interest
        - levered.principal
        + (base.tax - levered_tax)
    )
    np.testing.assert_allclose(levered.equity_cash_flow, expected, rtol=1e-12, atol=1e-6)
    assert np.all(levered.equity_npv < base.npv_with_grant + loan)
    assert np.all(levered.minimum_dscr > 1) and np.all(np.isnan(base.minimum_dscr))
