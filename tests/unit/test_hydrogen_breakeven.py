"""Levelized cost of photocatalytic hydrogen, break-even with reforming, baselines."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from valorize.hydrogen import baselines
from valorize.hydrogen.breakeven import (
    PanelEconomics,
    breakeven_catalyst_cost,
    breakeven_sth,
    lcoh,
)


def panel(**kw):
    base = dict(
        poa_irradiation=2000 * 3.6e6,
        separation_recovery=0.9,
        degradation=0.1,
        catalyst_life=3,
        panel_cost=30.0,
        panel_om=0.02,
        land_cost=1.7,
        compression_energy=2.3 * 3.6e6,
        electricity_price=0.078 / 3.6e6,
        grid_emission_factor=0.612 / 3.6e6,
        catalyst_co2=0.01,
        discount_rate=0.08,
        years=20,
    )
    base.update(kw)
    return PanelEconomics(**base)


def test_lcoh_falls_monotonically_with_sth():
    sth = np.linspace(0.001, 0.2, 400)
    costs = lcoh(panel(), sth, 5.0)
    assert np.all(np.diff(costs) < 0)


def test_lcoh_rises_with_catalyst_cost_and_co2_price():
    c = lcoh(panel(), 0.05, np.array([0.0, 5.0, 50.0]))
    assert np.all(np.diff(c) > 0)
    assert lcoh(panel(), 0.05, 5.0, co2_price=0.05) > lcoh(panel(), 0.05, 5.0)


def test_lcoh_grid_broadcasts():
    grid = lcoh(panel(), np.linspace(0.01, 0.1, 7)[:, None], np.linspace(0, 50, 5)[None, :])
    assert grid.shape == (7, 5)


@settings(max_examples=60, deadline=None)
@given(
    st.floats(0.0, 100.0),
    st.floats(1.0, 5.0),
    st.floats(0.0, 0.2),
    st.integers(1, 10),
    st.floats(0.0, 0.15),
)
def test_breakeven_sth_makes_lcoh_equal_reference(cost, reference, co2, life, rate):
    p = panel(catalyst_life=life, discount_rate=rate)
    sth = float(breakeven_sth(p, cost, reference, co2))
    if np.isfinite(sth):
        assert float(lcoh(p, sth, cost, co2)) == pytest.approx(reference, rel=1e-6)


@settings(max_examples=60, deadline=None)
@given(st.floats(0.005, 0.3), st.floats(1.0, 5.0), st.floats(0.0, 0.2))
def test_breakeven_catalyst_cost_makes_lcoh_equal_reference(sth, reference, co2):
    p = panel()
    cost = float(breakeven_catalyst_cost(p, sth, reference, co2))
    assert float(lcoh(p, sth, cost, co2)) == pytest.approx(reference, rel=1e-6)


def test_no_breakeven_when_per_kg_costs_exceed_reference():
    p = panel(compression_energy=50 * 3.6e6, electricity_price=0.2 / 3.6e6)
    assert np.isinf(breakeven_sth(p, 5.0, 1.0))


def test_smr_cost_rises_with_gas_price_and_electrolysis_with_power_price():
    low = baselines.steam_methane_reforming(0.08, 20, 0.05)
    high = baselines.steam_methane_reforming(0.08, 20, 0.30)
    assert high.cost > low.cost > 0
    assert low.co2 == pytest.approx(9.35) and low.co2_lifecycle == pytest.approx(11.2)
    a = baselines.electrolysis("grid", 0.08, 20, 0.03 / 3.6e6, 0.9, 0.612 / 3.6e6)
    b = baselines.electrolysis("grid", 0.08, 20, 0.06 / 3.6e6, 0.9, 0.612 / 3.6e6)
    # 52 kWh/kg more electricity cost per kg: 3 US cents/kWh x 52 kWh
    assert b.cost - a.cost == pytest.approx(0.03 * 52, rel=1e-9)
    assert a.co2 == pytest.approx(0.612 * 52)


def test_heating_values_from_formation_enthalpies():
    # HHV 141.8 MJ/kg and LHV 120.0 MJ/kg (standard values; Wagman 1982 enthalpies)
    assert baselines.higher_heating_value() / 1e6 == pytest.approx(141.8, rel=2e-3)
    assert baselines.lower_heating_value() / 1e6 == pytest.approx(120.0, rel=2e-3)
