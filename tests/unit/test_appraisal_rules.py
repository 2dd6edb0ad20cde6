"""The appraisal rules a funder checks (issue 15): payback, IRR, break-even, loans, tax."""

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from valorize.economics.cashflow import (
    IRR_STATUS,
    discounted_payback_period,
    irr_analysis,
    modified_internal_rate_of_return,
    net_present_value,
    payback_period,
)
from valorize.economics.project import income_tax
from valorize.economics.template import PlantMoney, ProjectTerms, project_cash_flow
from valorize.errors import InputError


def test_a_zero_year_0_is_no_payback():
    assert payback_period([0.0, -100.0, 50.0, 50.0, 50.0]) == pytest.approx(3.0)
    assert np.isnan(payback_period([0.0, -100.0, -5.0, -5.0]))  # never
    assert np.isnan(discounted_payback_period(0.1, [0.0, -100.0, 40.0, 40.0]))
    # no spending at all pays back at once; a plant that recovers and falls back
    # paid back when it first recovered
    assert payback_period([0.0, 5.0]) == 0.0
    assert payback_period([-100.0, 150.0, -80.0]) == pytest.approx(100 / 150)
    # money before any spending: the cumulative flow never goes negative, so at once
    assert payback_period([50.0, -10.0, 5.0]) == 0.0


@pytest.mark.parametrize(
    ("flows", "status"),
    [
        ([0.0, 0.0, 0.0], 1),
        ([10.0, 10.0, 10.0], 2),
        ([-100.0, 0.0, 0.0], 2),
        ([-100.0, 0.001, 0.001], 3),  # the root is -99.7 %, below the bracket
        ([-100.0, 230.0, -132.0], 4),  # 10 % and 20 %
        ([-100.0, 60.0, 60.0], 0),
    ],
)
def test_irr_says_why_it_is_missing(flows, status):
    a = irr_analysis(flows)
    assert int(a.status) == status, a.reason()
    assert np.isnan(a.irr) == (status != 0)
    assert a.reason() == IRR_STATUS[status]


def test_every_root_of_an_ambiguous_irr_is_listed():
    # (1 + r)^-t polynomial with roots at 5 %, 25 % and 60 %: three sign changes
    v = np.poly([1 / 1.05, 1 / 1.25, 1 / 1.6])[::-1]  # coefficients of v^0 .. v^3
    a = irr_analysis(-v)
    roots = a.roots[np.isfinite(a.roots)]
    np.testing.assert_allclose(roots, [0.05, 0.25, 0.6], rtol=1e-8)
    assert np.all(np.abs(net_present_value(roots, -v)) < 1e-9)
    # two sign changes and one root in the bracket: the IRR is that root
    flows = np.array([-100.0, 120.0, -1.0])
    one = irr_analysis(flows)
    assert int(one.status) == 0 and npf.irr(flows) == pytest.approx(float(one.irr))


def test_modified_irr_agrees_with_numpy_financial():
    rng = np.random.default_rng(7)
    flows = rng.normal(0, 100, (50, 8))
    flows[:, 0] = -abs(flows[:, 0]) - 1
    ours = modified_internal_rate_of_return(flows, 0.08, 0.12)
    peer = [npf.mirr(f, 0.08, 0.12) for f in flows]
    np.testing.assert_allclose(ours, peer, rtol=1e-12)
    assert np.isnan(modified_internal_rate_of_return([10.0, 10.0], 0.1, 0.1))


def test_losses_are_carried_forward_for_the_years_allowed():
    margin = np.array([-100.0, -50.0, 60.0, 60.0, 60.0])
    assert income_tax(margin, 0.0, 0.2).tolist() == pytest.approx([0, 0, 12, 12, 12])
    assert income_tax(margin, 0.0, 0.2, carry_years=None).tolist() == pytest.approx([0, 0, 0, 0, 6])
    # a loss of year 0 kept one year lapses before year 2; year 1's 50 is used there
    assert income_tax(margin, 0.0, 0.2, carry_years=1).tolist() == pytest.approx([0, 0, 2, 12, 12])
    # at most half of a year's profit may be offset
    assert income_tax(margin, 0.0, 0.2, carry_years=None, offset_share=0.5).tolist() == (
        pytest.approx([0, 0, 6, 6, 6])
    )
    scenarios = income_tax(np.stack([margin, -margin]), 0.0, 0.2, carry_years=None)
    assert scenarios.shape == (2, 5) and scenarios[1].tolist() == pytest.approx([20, 10, 0, 0, 0])


MONEY = PlantMoney(product=50e3, product_price=np.array([20.0]), feed=500e3, other=300e3)


def terms(**kw):
    base = dict(capital_cost=1e6, life_years=10, discount_rate=0.1, tax_rate=0.2, target_irr=0.15)
    base.update(kw)
    return ProjectTerms(**base)


def test_break_even_price_can_be_negative():
    rich = PlantMoney(product=50e3, product_price=np.array([20.0]), credits=5e6, feed=500e3)
    r = project_cash_flow(rich, terms())
    assert r.minimum_selling_price[0] < 0
    at = project_cash_flow(
        PlantMoney(product=50e3, product_price=r.minimum_selling_price, credits=5e6, feed=500e3),
        terms(),
    )
    assert abs(net_present_value(0.15, at.project_cash_flow)[0]) < 1e-3


def test_a_loan_is_drawn_on_what_the_grant_leaves():
    full = project_cash_flow(MONEY, terms(grant=1e6, loan_fraction=0.5, loan_interest_rate=0.1))
    assert np.all(full.principal == 0)  # nothing left to borrow for
    half = project_cash_flow(
        MONEY, terms(grant=4e5, loan_fraction=0.5, loan_interest_rate=0.1, loan_years=5)
    )
    assert half.principal.sum() == pytest.approx(0.5 * 6e5)
    with pytest.raises(InputError, match=r"grant .* exceeds the capital cost"):
        project_cash_flow(MONEY, terms(grant=2e6))
    with pytest.raises(InputError, match=r"in 1 of 2 scenarios"):
        project_cash_flow(MONEY, terms(capital_cost=np.array([2e6, 5e5]), grant=1e6))


def test_a_losing_plant_built_in_year_1_never_pays_back():
    losing = PlantMoney(product=50e3, product_price=np.array([5.0]), feed=500e3)
    r = project_cash_flow(losing, terms(construction_years=2))
    assert np.isnan(r.payback[0]) and np.isnan(r.discounted_payback[0])
    assert int(r.irr_status[0]) == 2  # never positive: no sign change


def test_carried_losses_lower_the_tax_of_a_ramped_plant():
    slow = terms(ramp_up=0.1)
    plain = project_cash_flow(MONEY, slow)
    carried = project_cash_flow(MONEY, terms(ramp_up=0.1, loss_carry_forward_years=10))
    assert carried.tax.sum() < plain.tax.sum()
    assert carried.npv[0] > plain.npv[0]


def test_a_double_root_the_scan_misses_is_not_called_absent():
    a = irr_analysis([-1.0, 2.2, -1.21])  # NPV only touches zero at 10 %
    assert np.isnan(a.irr) and "can be missed" in a.reason()


@settings(max_examples=40, deadline=None, derandomize=True)
@given(
    seed=st.integers(0, 2**32 - 1),
    carry_years=st.one_of(st.none(), st.integers(1, 12)),
    offset_share=st.floats(0.05, 1.0),
    years=st.integers(1, 30),
)
def test_compiled_carry_forward_is_the_numpy_one_to_the_bit(seed, carry_years, offset_share, years):
    rng = np.random.default_rng(seed)
    margin = rng.normal(0.0, 1e6, (64, years)) * rng.uniform(0, 2, (64, 1))
    depreciation = rng.uniform(0.0, 5e5, years)
    rules = {"carry_years": carry_years, "offset_share": offset_share}
    reference = income_tax(margin, depreciation, 0.2, compiled=False, **rules)
    compiled = income_tax(margin, depreciation, 0.2, compiled=True, **rules)
    assert compiled.tobytes() == reference.tobytes()


def test_the_compiled_carry_forward_keeps_numpys_nan_and_no_years():
    p = np.tile(np.array([[np.nan, 100.0, 100.0]]), (600, 1))
    assert np.array_equal(
        income_tax(p, 0.0, 0.2, carry_years=5),
        income_tax(p, 0.0, 0.2, carry_years=5, compiled=False),
        equal_nan=True,
    )
    assert income_tax(np.zeros((600, 0)), 0.0, 0.2, carry_years=5).shape == (600, 0)
