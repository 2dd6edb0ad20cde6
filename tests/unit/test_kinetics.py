"""Evaporation under a residual gas: the surface and the gas in series."""

import numpy as np
import pytest

from batch import conditions
from valorize.units.kinetics import (
    evaporation_conductance,
    gas_conductance,
    molecular_diffusivity,
    stefan_factor,
)
from valorize.units.vacuum_distillation import distill, feed_from_mass_fractions

SE6, AIR = 0.4738, 0.02896  # kg/mol


D_SE6, D_AIR, GAP = 0.65e-9, 0.3711e-9, 0.05  # m


def test_diffusivity_is_inverse_in_pressure():
    d1 = molecular_diffusivity(673.0, 100.0, SE6, D_SE6, AIR, D_AIR)
    d2 = molecular_diffusivity(673.0, 1000.0, SE6, D_SE6, AIR, D_AIR)
    assert d1 == pytest.approx(10 * d2, rel=1e-12)


def test_molecular_flow_leaves_the_free_evaporation_rate():
    """A gas so thin that the vapour flies to the condenser unhindered (Kn >> 1)."""
    surface = 1.0 / np.sqrt(2 * np.pi * SE6 * 8.314462618 * 673.0)  # alpha = 1
    gas = gas_conductance(673.0, 1e-4, 1e-5, SE6, GAP, D_SE6, AIR, D_AIR)
    assert evaporation_conductance(surface, gas) == pytest.approx(surface, rel=1e-3)


def test_stefan_factor_limits():
    assert stefan_factor(np.array(0.0)) == 1.0
    assert stefan_factor(np.array(0.5)) == pytest.approx(2 * np.log(2), rel=1e-12)
    assert np.isinf(stefan_factor(np.array(1.0))) and np.isinf(stefan_factor(np.array(3.0)))


def test_intensive_evaporation_leaves_only_the_surface():
    # the melt's vapour pressure above the residual pressure: no gas resistance
    k = gas_conductance(673.0, 130.0, 571.0, SE6, GAP, D_SE6, AIR, D_AIR)
    assert np.isinf(k)
    assert evaporation_conductance(0.01, k) == pytest.approx(0.01, rel=1e-15)


def test_the_gas_throttles_evaporation_when_its_pressure_passes_the_vapours():
    surface = 0.054 / np.sqrt(2 * np.pi * SE6 * 8.314462618 * 673.0)
    rates = [
        float(
            evaporation_conductance(
                surface, gas_conductance(673.0, P, 571.0, SE6, GAP, D_SE6, AIR, D_AIR)
            )
        )
        for P in (1e-30, 130.0, 600.0, 5000.0, 101325.0)
    ]
    assert rates[0] == rates[1] == pytest.approx(surface)
    assert rates[1] > rates[2] > rates[3] > rates[4]
    # far above the vapour pressure, the rate falls as 1/P (diffusion through the gas)
    high = gas_conductance(673.0, np.array([5e4, 1e5]), 571.0, SE6, GAP, D_SE6, AIR, D_AIR)
    assert high[0] / high[1] == pytest.approx(2.0, rel=0.02)


def test_residual_pressure_sets_the_batch_time():
    feed = feed_from_mass_fractions({"Se": 0.98, "Te": 0.02}, {})
    P = np.array([1e-30, 10.0, 130.0, 1000.0, 5000.0])
    r = distill(feed, conditions(temperature=673.15, pressure=P))
    assert r.duration[0] == r.duration[1] == r.duration[2]  # below Se's ~570 Pa: surface
    assert r.duration[2] < r.duration[3] < r.duration[4]
    assert r.gas_resistance_share[2] == 0.0 < r.gas_resistance_share[3]
    assert any("limited by diffusion through the residual gas" in w for w in r.warnings)
    np.testing.assert_array_less(r.mass_balance_error, 1e-9)


def test_the_vapour_composition_follows_the_regime():
    """Free evaporation weighs each species by 1/sqrt(M); diffusion through a gas by its D."""
    feed = feed_from_mass_fractions({"Se": 0.98, "Te": 0.02}, {})
    low = distill(feed, conditions(temperature=673.15, pressure=1.0, distilled_fraction=0.05))
    high = distill(feed, conditions(temperature=673.15, pressure=5e4, distilled_fraction=0.05))
    te_low = low.product[..., 1] / low.product[..., 0]
    te_high = high.product[..., 1] / high.product[..., 0]
    assert te_low != pytest.approx(te_high, rel=1e-3)


def test_a_programmed_batch_is_slower_from_a_colder_start_and_at_a_higher_pressure():
    feed = feed_from_mass_fractions({"Se": 0.98, "Te": 0.02}, {})
    times = {}
    for start in (513.15, 553.15, 623.15):
        for P in (10.0, 130.0, 500.0):
            c = conditions(
                temperature=np.array([start, 693.15]),
                program_times=np.array([0.0, 1800.0]),
                pressure=P,
                distilled_fraction=0.98,
            )
            times[start, P] = float(distill(feed, c).duration)
    for P in (10.0, 130.0, 500.0):
        assert times[513.15, P] > times[553.15, P] > times[623.15, P]
    for start in (513.15, 553.15, 623.15):
        assert times[start, 10.0] <= times[start, 130.0] < times[start, 500.0]
