"""The cash-flow template every route shares, and the terms every case shares."""

import numpy as np
import pytest

from valorize.economics.cashflow import net_present_value
from valorize.economics.template import PlantMoney, ProjectTerms, every_year, project_cash_flow
from valorize.errors import InputError

MONEY = PlantMoney(
    product=every_year(1000.0),
    product_price=np.array([50.0, 80.0]),
    credits=every_year(5000.0),
    feed=every_year(10000.0),
    utilities=every_year(2000.0),
)
TERMS = ProjectTerms(
    capital_cost=100000.0, life_years=8, discount_rate=0.08, tax_rate=0.2, target_irr=0.15
)


def test_a_plain_project_by_hand():
    # year 0: -I; years 1..8: margin less tax on (margin - I/8)
    r = project_cash_flow(MONEY, TERMS)
    margin = 1000.0 * np.array([50.0, 80.0]) + 5000.0 - 12000.0
    tax = 0.2 * np.maximum(margin - 100000.0 / 8, 0.0)
    expected = np.concatenate([[[-100000.0]] * 2, np.repeat((margin - tax)[:, None], 8, 1)], 1)
    np.testing.assert_allclose(r.project_cash_flow, expected)
    np.testing.assert_allclose(r.npv, net_present_value(0.08, expected))
    # the minimum selling price earns the target IRR exactly
    at = project_cash_flow(
        PlantMoney(**{**MONEY.__dict__, "product_price": r.minimum_selling_price}), TERMS
    )
    np.testing.assert_allclose(net_present_value(0.15, at.project_cash_flow), 0.0, atol=1e-3)


def test_a_profile_over_the_years_and_several_assets():
    # output falls 10 % a year; a part bought in year 3; two assets depreciated differently
    made = 1000.0 * 0.9 ** np.arange(5)
    other = np.where(np.arange(5) == 2, 3000.0, 0.0)
    money = PlantMoney(product=made, product_price=20.0, other=other)
    terms = ProjectTerms(
        capital_cost=30000.0,
        life_years=5,
        discount_rate=0.1,
        tax_rate=0.25,
        target_irr=0.15,
        depreciable=((20000.0, 5), (5000.0, 2)),  # the rest (land) is not written off
    )
    r = project_cash_flow(money, terms)
    dep = np.array([0, 4000 + 2500, 4000 + 2500, 4000, 4000, 4000])
    margin = np.concatenate([[0.0], made * 20.0 - other])
    tax = 0.25 * np.maximum(margin - dep, 0.0)
    np.testing.assert_allclose(r.tax, tax)
    np.testing.assert_allclose(r.project_cash_flow, margin - tax - 30000.0 * (np.arange(6) == 0))


def test_capital_over_scenarios_and_the_grant():
    terms = ProjectTerms(
        capital_cost=np.array([1e5, 2e5]),
        life_years=8,
        discount_rate=0.08,
        tax_rate=0.2,
        construction_years=2,
        grant=5e4,
    )
    r = project_cash_flow(MONEY, terms, break_even=False)
    np.testing.assert_allclose(r.project_cash_flow[:, 0], [-5e4, -1e5])
    np.testing.assert_allclose(r.cash_flow[:, 0] - r.project_cash_flow[:, 0], 5e4)
    assert np.isnan(r.minimum_selling_price).all()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (dict(life_years=0), "life_years"),
        (dict(tax_rate=1.0), "tax_rate"),
        (dict(ramp_up=0.0), "ramp_up"),
        (dict(grant=-1.0), "grant must not be negative"),
        (dict(life_years=3, loan_fraction=0.5, loan_years=5), "loan_years"),
    ],
)
def test_terms_with_no_meaning_are_refused(changes, message):
    from dataclasses import replace

    with pytest.raises(InputError, match=message):
        project_cash_flow(MONEY, replace(TERMS, **changes))


def test_no_product_is_refused():
    with pytest.raises(InputError, match="makes no product"):
        project_cash_flow(PlantMoney(product=every_year(0.0), product_price=1.0), TERMS)


def _case_with(name: str, extra: str):
    """A built-in case's text with lines added to its [economics] table."""
    from importlib.resources import files

    from valorize.model.registry import model_from_text

    text = (files("valorize.cases") / f"{name}.toml").read_text(encoding="utf-8")
    return model_from_text(text.replace("[economics]\n", "[economics]\n" + extra, 1))


@pytest.mark.parametrize("name", ["almalyk-anode-slime", "almalyk-slag-hydrogen"])
def test_every_route_takes_the_shared_financing_terms(name):
    base = _case_with(name, "").detail()["summary"]["npv_usd"]
    later = _case_with(name, "construction_years = 2\nramp_up = 0.5\n").detail()
    # building longer and starting slower moves the money: the terms are not ignored
    assert np.isfinite(later["summary"]["npv_usd"])
    assert later["summary"]["npv_usd"] != pytest.approx(base)
    granted = _case_with(name, 'grant = "1e6 USD"\n').detail()
    project = granted.get("project") or granted["routes"][next(iter(granted["routes"]))]
    economics = project.get("economics", project)
    with_grant = np.asarray(economics["npv_with_grant_usd"], dtype=float)
    np.testing.assert_allclose(with_grant, np.asarray(economics["npv_usd"]) + 1e6)


@pytest.mark.parametrize("name", ["almalyk-anode-slime", "almalyk-slag-hydrogen"])
def test_a_bad_shared_term_is_refused_when_the_case_is_read(name):
    with pytest.raises(InputError, match="ramp_up"):
        _case_with(name, "ramp_up = 0\n")


def test_a_loan_on_capital_over_scenarios_is_each_scenarios_loan():
    from dataclasses import replace

    terms = replace(
        TERMS, capital_cost=np.array([1e5, 2e5]), loan_fraction=0.5, loan_interest_rate=0.1
    )
    both = project_cash_flow(MONEY, terms, break_even=False)
    for k, capital in enumerate((1e5, 2e5)):
        one = project_cash_flow(MONEY, replace(terms, capital_cost=capital), break_even=False)
        np.testing.assert_allclose(both.equity_cash_flow[k], one.equity_cash_flow[k])
        np.testing.assert_allclose(both.interest[k], one.interest)


def test_coverage_counts_the_operating_years_and_a_short_life_needs_no_loan_years():
    from dataclasses import replace

    built = replace(
        TERMS, construction_years=2, loan_fraction=0.5, loan_interest_rate=0.12, loan_years=5
    )
    r = project_cash_flow(MONEY, built, break_even=False)
    assert np.all(r.interest[:2] >= 0) and r.interest[1] > 0  # paid while building
    assert np.all(r.minimum_dscr > 1)  # the operating years' coverage, not the building's
    short = project_cash_flow(MONEY, replace(TERMS, life_years=3), break_even=False)
    assert np.all(np.isfinite(short.npv)) and np.all(np.isnan(short.minimum_dscr))


def test_the_hydrogen_field_takes_a_loan():
    base = _case_with("almalyk-slag-hydrogen", "").detail()["project"]
    loan = _case_with(
        "almalyk-slag-hydrogen", "loan_fraction = 0.5\nloan_interest_rate = 0.1\n"
    ).detail()["project"]
    assert loan["npv_usd"] == pytest.approx(base["npv_usd"])  # the project is the project
    assert loan["equity_npv_usd"] != pytest.approx(base["equity_npv_usd"])


def test_the_slime_plant_has_a_minimum_selling_price():
    e = _case_with("almalyk-anode-slime", "").detail()["routes"]
    economics = next(iter(e.values()))["economics"]
    prices = economics["se_minimum_selling_price_usd_per_kg"]
    net_costs = economics["se_cost_net_of_credits_usd_per_kg"]
    # gold and silver pay for everything: the break-even selenium price is negative, as
    # the net cost is, and not clamped at zero (issue 15)
    assert all(p is not None and p < 0 for p in prices)
    assert all(c < 0 for c in net_costs)
