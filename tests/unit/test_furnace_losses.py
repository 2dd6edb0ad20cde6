"""The furnace's losses while it runs: radiation to the condenser and the shell, by hand."""

import numpy as np
import pytest

from batch import conditions
from valorize.data.loader import process_parameter
from valorize.units.furnace_losses import (
    insulation_conductivity,
    radiation_to_condenser,
    shell_loss,
)
from valorize.units.vacuum_distillation import distill, feed_from_mass_fractions

SIGMA = 5.670374419e-8  # W/(m2 K4), CODATA 2018


def _p(name: str) -> float:
    return process_parameter(name).value


def test_radiation_between_two_grey_plates_by_hand():
    e_m, e_c = _p("melt_emissivity"), _p("condenser_emissivity")
    expected = 0.5 * SIGMA * (673.15**4 - 373.15**4) / (1 / e_m + 1 / e_c - 1)
    assert radiation_to_condenser(673.15, 373.15, 0.5) == pytest.approx(expected, rel=1e-12)
    assert radiation_to_condenser(500.0, 500.0, 1.0) == 0.0
    # a condenser hotter than the melt gives it no credit (and the energy stays positive)
    assert radiation_to_condenser(480.0, 663.0, 1.0) == 0.0
    # the fourth power: 100 K hotter than 673 K radiates 82 % more to a 373 K condenser
    ratio = radiation_to_condenser(773.15, 373.15, 1.0) / radiation_to_condenser(673.15, 373.15, 1)
    assert 1.81 < ratio < 1.82


def test_shell_loss_through_the_insulation_by_hand():
    T, T0 = 673.15, _p("ambient_temperature")
    k = insulation_conductivity((T + T0) / 2)
    assert k == _p("insulation_conductivity")  # held at the table's lowest point below it
    R = _p("insulation_thickness") / k + 1 / _p("shell_heat_transfer_coefficient")
    assert shell_loss(T) == pytest.approx(_p("hot_zone_wall_area") * (T - T0) / R, rel=1e-12)
    # above the table's first point the conductivity rises with the mean temperature
    assert insulation_conductivity(873.15) == pytest.approx(k + 200 * 1e-4)
    assert shell_loss(np.array([473.15, 673.15, 1273.15])).tolist() == sorted(
        shell_loss(np.array([473.15, 673.15, 1273.15])).tolist()
    )


def test_a_batch_counts_both_losses_over_its_duration():
    feed = feed_from_mass_fractions({"Se": 0.99, "Te": 0.01})
    r = distill(feed, conditions())
    T = 673.15
    radiation = radiation_to_condenser(T, _p("condenser_wall_temperature"), 0.5) * r.duration
    assert r.energy_radiation == pytest.approx(radiation, rel=1e-12)
    assert r.energy_losses == pytest.approx(radiation + shell_loss(T) * r.duration, rel=1e-12)
    assert r.energy_shell == pytest.approx(shell_loss(T) * r.duration, rel=1e-12)


def test_a_hotter_condenser_takes_less_radiation():
    feed = feed_from_mass_fractions({"Se": 0.99, "Te": 0.01})
    cold = distill(feed, conditions(condensers=(460.0,)))
    warm = distill(feed, conditions(condensers=(560.0,)))
    assert warm.energy_radiation / warm.duration < cold.energy_radiation / cold.duration


def test_a_case_loss_per_m2_replaces_the_furnace_model():
    feed = feed_from_mass_fractions({"Se": 0.99, "Te": 0.01})
    r = distill(feed, conditions(heat_loss=3000.0))
    assert r.energy_losses == pytest.approx(3000.0 * 0.5 * r.duration, rel=1e-12)
    assert r.energy_radiation == 0.0


def test_a_runs_breakdown_names_radiation_and_shell():
    from valorize.refinery.case import load_case
    from valorize.refinery.run import run

    parts = run(load_case("balkhash-selenium")[0]).summary["energy_breakdown_kWh_per_t_product"]
    assert parts["radiation_to_condenser"] > 0 and parts["furnace_shell"] > 0
    assert "furnace_losses" not in parts
