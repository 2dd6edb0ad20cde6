"""The plant's energy beyond the charge, and its breakdown in a run."""

import pytest

from batch import conditions
from valorize.data.loader import process_parameter
from valorize.units.furnace_energy import cooling_energy, fixture_heat, pump_energy
from valorize.units.vacuum_distillation import distill, feed_from_mass_fractions


def test_each_term_by_hand():
    ratio = process_parameter("fixture_mass_ratio").value
    cp = process_parameter("fixture_heat_capacity").value
    assert fixture_heat(500.0, 673.15) == pytest.approx(ratio * 500.0 * cp * 375.0)
    power = process_parameter("vacuum_pump_power").value
    down = process_parameter("pumpdown_time").value
    assert pump_energy(3600.0) == pytest.approx(power * (down + 3600.0))
    assert cooling_energy(1e9) == pytest.approx(
        process_parameter("cooling_water_share").value * 1e9
    )


def test_the_batch_total_counts_the_plant():
    feed = feed_from_mass_fractions({"Se": 0.99, "Te": 0.01})
    r = distill(feed, conditions(charge_mass=500.0))
    charge = r.energy_heating + r.energy_vaporization + r.energy_losses
    plant = r.energy_fixtures + r.energy_pumps + r.energy_cooling
    assert r.energy_total == pytest.approx(charge + plant)
    assert r.energy_pumps == pytest.approx(pump_energy(r.duration))
    assert plant > 0.3 * charge  # pumps and fixtures are not small next to the charge


def test_a_runs_breakdown_adds_up_to_its_energy():
    from valorize.refinery.case import load_case
    from valorize.refinery.run import run

    s = run(load_case("balkhash-selenium")[0]).summary
    parts = s["energy_breakdown_kWh_per_t_product"]
    assert set(parts) >= {"heating_and_melting", "vaporization", "vacuum_pumps", "fixtures"}
    assert sum(parts.values()) == pytest.approx(s["energy_kWh_per_t_product"], rel=1e-12)


def test_furnace_hours_count_each_batchs_pump_down():
    """A batch holds its furnace through the pump-down as well as the run (the pumps' hours)."""
    from valorize.refinery.case import load_case
    from valorize.refinery.run import run

    case = load_case("balkhash-selenium")[0]
    s = run(case).summary
    down_h = process_parameter("pumpdown_time").value / 3600.0
    per_batch = s["batch_duration_h"] + down_h
    assert s["furnace_hours_per_yr"] == pytest.approx(s["batches_per_yr"] * per_batch, rel=1e-12)
    # small charges: pump-downs alone outrun the furnace's year, and the run says so
    small = case.model_copy(
        update={"operation": case.operation.model_copy(update={"charge_mass": 0.2})}
    )
    s = run(small).summary
    assert s["furnace_hours_per_yr"] > s["furnace_capacity_h_per_yr"]
    assert s["processed_share"] < 1.0  # the batches run are those the furnace's hours take
    hours_run = s["batches_per_yr"] * (s["batch_duration_h"] + down_h)
    assert hours_run == pytest.approx(s["furnace_capacity_h_per_yr"], rel=1e-9)
