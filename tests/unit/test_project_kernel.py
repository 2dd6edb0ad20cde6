"""The compiled yearly cash flow against the NumPy lines over random plants and terms."""

import warnings
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from valorize.economics import project_kernel
from valorize.economics.project import DEPRECIATION_METHODS
from valorize.economics.template import (
    PlantMoney,
    ProjectTerms,
    _compiled_measures,
    _scenario_shape,
    project_cash_flow,
    project_measures,
)
from valorize.errors import InputError

SCENARIOS = project_kernel.COMPILED_MIN_SCENARIOS + 7


def _plant(seed: int) -> tuple[PlantMoney, ProjectTerms]:
    """Random money and terms: lines per year or constant, losses, ramp-up, assets, rules."""
    rng = np.random.default_rng(seed)
    life = int(rng.integers(1, 40))
    build = int(rng.integers(0, 4))
    n = SCENARIOS

    def line(scale: float) -> np.ndarray:
        years = life if rng.random() < 0.5 else 1
        return rng.lognormal(0.0, 1.0, (n, years)) * scale

    capital = rng.lognormal(13.0, 1.0, n) if rng.random() < 0.7 else float(rng.lognormal(13, 1))
    money = PlantMoney(
        product=line(1e4),
        product_price=rng.normal(40.0, 30.0, n),  # some plants lose money every year
        credits=line(1e5) if rng.random() < 0.7 else 0.0,
        feed=line(2e5),
        reagents=line(1e4),
        utilities=line(3e4),
        waste=line(1e3),
        other=0.0 if rng.random() < 0.5 else line(1e4),
    )
    method = str(rng.choice(DEPRECIATION_METHODS))
    depreciable = ()
    if rng.random() < 0.3:
        depreciable = ((np.min(capital) * 0.5, int(rng.integers(1, 30))), (1e5, 5))
    terms = ProjectTerms(
        capital_cost=capital,
        life_years=life,
        discount_rate=float(rng.uniform(-0.05, 0.3)),
        tax_rate=float(rng.uniform(0.0, 0.5)),
        construction_years=build,
        ramp_up=float(rng.uniform(0.1, 1.0)),
        depreciation=method,
        depreciation_years=int(rng.integers(1, 30)),
        depreciation_rate=float(rng.uniform(0.05, 0.5)),
        depreciable=depreciable,
        grant=float(np.min(capital) * rng.uniform(0.0, 1.0)),
        labour=float(rng.uniform(0.0, 5e5)),
        maintenance_fraction=float(rng.uniform(0.0, 0.05)),
        insurance_fraction=float(rng.uniform(0.0, 0.02)),
        working_capital=float(rng.uniform(0.0, 0.3)),
        loss_carry_forward_years=[None, 0, 1, 5, 20][int(rng.integers(0, 5))],
        loss_offset_share=float(rng.uniform(0.2, 1.0)),
        loan_fraction=float(rng.uniform(0.0, 0.8)),
        loan_interest_rate=0.08,
        loan_years=1,
    )
    return money, terms


@settings(max_examples=30, deadline=None, derandomize=True)
@given(seed=st.integers(0, 2**32 - 1))
def test_compiled_measures_equal_the_numpy_lines_to_the_bit(seed):
    money, terms = _plant(seed)
    assert _compiled_measures(money, terms, _scenario_shape(money, terms)) is not None
    compiled = project_measures(money, terms, compiled=True)
    reference = project_cash_flow(money, terms, break_even=False)
    # the same operations in the same order, the year sums in NumPy's pairwise order
    for name in ("project_cash_flow", "npv", "unit_cost", "refining_cost", "irr", "irr_status"):
        np.testing.assert_array_equal(getattr(compiled, name), getattr(reference, name), name)


def test_the_numpy_path_is_the_cash_flows_own():
    money, terms = _plant(3)
    numpy = project_measures(money, terms, compiled=False)
    full = project_cash_flow(money, terms, break_even=False)
    for name in ("project_cash_flow", "npv", "unit_cost", "refining_cost", "irr"):
        np.testing.assert_array_equal(getattr(numpy, name), getattr(full, name))


def test_more_years_than_a_pairwise_block_sum_in_turn_within_an_ulp():
    money, terms = _plant(11)
    money = PlantMoney(product=np.full((SCENARIOS, 1), 1e4), product_price=50.0, feed=3e5)
    terms = ProjectTerms(capital_cost=1e6, life_years=140, discount_rate=0.02, tax_rate=0.2)
    compiled = project_measures(money, terms, compiled=True)
    reference = project_cash_flow(money, terms, break_even=False)
    np.testing.assert_array_equal(compiled.npv, reference.npv)
    np.testing.assert_allclose(compiled.unit_cost, reference.unit_cost, rtol=1e-14)


def test_scenario_axes_keep_their_shape():
    money = PlantMoney(product=np.full((3, 200, 1), 1e4), product_price=np.linspace(10, 90, 200))
    terms = ProjectTerms(capital_cost=1e6, life_years=8, discount_rate=0.1, tax_rate=0.2)
    m = project_measures(money, terms, compiled=True)
    assert m.npv.shape == (3, 200) and m.project_cash_flow.shape == (3, 200, 9)
    np.testing.assert_array_equal(m.npv, project_cash_flow(money, terms, break_even=False).npv)


def test_bad_plants_are_refused_as_the_cash_flow_refuses_them():
    terms = ProjectTerms(capital_cost=1e6, life_years=8, discount_rate=0.1, tax_rate=0.2)
    none = PlantMoney(product=np.zeros((SCENARIOS, 1)), product_price=10.0)
    with pytest.raises(InputError, match="makes no product"):
        project_measures(none, terms, compiled=True)
    price = np.full(SCENARIOS, 10.0)
    price[5] = np.inf
    infinite = PlantMoney(product=np.ones((SCENARIOS, 1)), product_price=price)
    with pytest.raises(InputError, match="cash flows must be finite"):
        project_measures(infinite, terms, compiled=True)
    with pytest.raises(InputError, match="discount rate must be above -100 %"):
        project_measures(
            PlantMoney(product=np.ones((SCENARIOS, 1)), product_price=10.0),
            ProjectTerms(capital_cost=1e6, life_years=8, discount_rate=-1.0, tax_rate=0.2),
            compiled=True,
        )


def test_a_per_scenario_asset_alone_spans_the_scenarios():
    amount = np.linspace(1e5, 5e5, SCENARIOS)
    money = PlantMoney(product=np.full((1,), 1e4), product_price=40.0, feed=1e5)
    terms = ProjectTerms(
        capital_cost=1e6, life_years=8, discount_rate=0.1, tax_rate=0.2,
        depreciable=((amount, 5), (5e5, 8)),
    )  # fmt: skip
    compiled = project_measures(money, terms, compiled=True)
    reference = project_cash_flow(money, terms, break_even=False)
    assert compiled.npv.shape == (SCENARIOS,)
    np.testing.assert_array_equal(compiled.npv, reference.npv)


def test_lines_too_large_to_be_finite_are_refused_without_numpy_warnings():
    terms = ProjectTerms(capital_cost=1e6, life_years=8, discount_rate=0.1, tax_rate=0.2)
    capital = np.full(SCENARIOS, 1e6)
    capital[3] = np.inf
    huge = PlantMoney(
        product=np.full((SCENARIOS, 1), 1.5e300), product_price=1e8,
        credits=np.full((SCENARIOS, 1), -1e308), feed=np.full((SCENARIOS, 1), 1e308),
    )  # fmt: skip
    cases = [
        (PlantMoney(product=np.ones((SCENARIOS, 1)), product_price=10.0),
         replace(terms, capital_cost=capital)),
        (huge, terms),
    ]  # fmt: skip
    for money, t in cases:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with pytest.raises(InputError, match="finite"):
                project_measures(money, t, compiled=True)
