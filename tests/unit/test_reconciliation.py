"""Bilinear reconciliation: balances close, the statistics are what they claim, gross errors
are found, the shipped survey is the one its script makes."""

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from valorize.errors import InputError
from valorize.plant_data import survey_path
from valorize.reconciliation.balance import Measurement, reconcile
from valorize.reconciliation.survey import read_survey
from valorize.reconciliation.synthetic import measure, separation_tree


def _balance_residual(r, network) -> float:
    """Largest relative imbalance of mass and of every component over the nodes."""
    worst = 0.0
    for node in network.nodes:
        for q in ("mass", *network.components):

            def flow(s: str, q: str = q) -> float:
                mass = r.value(s, "mass")[0]
                return mass if q == "mass" else mass * r.value(s, q)[0]

            into = sum(flow(s) for s in node.inputs)
            out = sum(flow(s) for s in node.outputs)
            worst = max(worst, abs(into - out) / max(into, 1e-300))
    return worst


def test_every_node_and_component_balances_after_reconciliation():
    rng = np.random.default_rng(3)
    plant = separation_tree(8, 3, rng)
    r = reconcile(plant.network, measure(plant, rng, skip_mass=("s4",)), eliminate=False)
    assert _balance_residual(r, plant.network) < 1e-10
    # the raw data do not balance: the adjustments did something
    assert np.abs(r.adjustment).max() > 0


def test_chi_square_and_standard_deviations_are_calibrated():
    """Over 400 noisy surveys of one plant: the mean chi-square is its degrees of freedom,
    the spread of the reconciled values is their stated sd, the measurement test's
    false alarms stay near alpha. Tolerances are about 4 Monte-Carlo standard errors."""
    rng = np.random.default_rng(7)
    plant = separation_tree(5, 2, rng)
    runs = [
        reconcile(plant.network, measure(plant, rng, skip_mass=("s3",)), eliminate=False)
        for _ in range(400)
    ]
    dof = runs[0].degrees_of_freedom
    chi = np.array([r.chi_square for r in runs])
    assert abs(chi.mean() - dof) < 4 * np.sqrt(2 * dof / len(runs))
    ratio = np.std([r.reconciled for r in runs], axis=0) / np.mean(
        [r.reconciled_sd for r in runs], axis=0
    )
    assert np.all(np.abs(ratio - 1) < 0.16), ratio
    est = np.std([r.estimate for r in runs], axis=0) / np.mean([r.estimate_sd for r in runs], 0)
    assert np.all(np.abs(est - 1) < 0.16), est
    alarms = np.mean([r.flagged.any() for r in runs])
    assert alarms < 0.05 + 4 * np.sqrt(0.05 * 0.95 / len(runs))
    reject = np.mean([not r.global_test_passed for r in runs])
    assert abs(reject - 0.05) < 4 * np.sqrt(0.05 * 0.95 / len(runs))


@pytest.mark.parametrize(
    ("stream", "quantity", "factor"),
    [("s5", "mass", 1.3), ("s2", "c1", 1.6), ("s9", "mass", 0.7)],
)
def test_a_planted_gross_error_is_found(stream, quantity, factor):
    rng = np.random.default_rng(11)
    plant = separation_tree(12, 3, rng)
    clean = measure(plant, rng)
    planted = tuple(
        replace(m, value=m.value * factor) if (m.stream, m.quantity) == (stream, quantity) else m
        for m in clean
    )
    assert reconcile(plant.network, clean).suspects == ()
    r = reconcile(plant.network, planted)
    first = r.suspects[0]
    found = {(first.measurement.stream, first.measurement.quantity)} | {
        (e.stream, e.quantity) for e in first.equivalent
    }
    assert (stream, quantity) in found
    assert r.global_test_passed and r.first_pass is not None
    assert not r.first_pass.global_test_passed
    # the balance without it gives the true value back within 4 of its sd
    true = plant.mass if quantity == "mass" else plant.assay[:, int(quantity[1:])]
    value, sd = r.value(stream, quantity)
    assert abs(value - true[plant.network.streams.index(stream)]) < 4 * sd


def test_the_shipped_survey_flags_its_planted_error():
    from valorize.plant_data.make import PLANTED_ERROR

    survey = read_survey(survey_path("balkhash-survey"))
    r = reconcile(survey.network, survey.measurements)
    assert [(s.measurement.stream, s.measurement.quantity) for s in r.suspects] == [
        PLANTED_ERROR[:2]
    ]
    assert survey.info.synthetic


def test_the_shipped_survey_is_the_one_its_script_makes():
    from valorize.plant_data.make import survey_text

    shipped = Path(survey_path("balkhash-survey")).read_text(encoding="utf-8")
    assert shipped == survey_text(), "python -m valorize.plant_data.make"


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (Measurement("feed", "mass", -1.0, 1.0), "negative"),
        (Measurement("feed", "c0", 1.2, 0.01), "above 100 %"),
        (Measurement("feed", "mass", 10.0, 0.0), "above zero"),
        (Measurement("nowhere", "mass", 10.0, 1.0), "no such stream"),
        (Measurement("feed", "Zn", 0.1, 0.01), "not a balanced component"),
        (Measurement("feed", "mass", float("nan"), 1.0), "finite"),
        (Measurement("s1", "mass", 5.0, 1.0), "measured twice"),
    ],
)
def test_bad_measurements_are_refused(bad, message):
    rng = np.random.default_rng(0)
    plant = separation_tree(2, 1, rng)
    given = tuple(
        m for m in measure(plant, rng) if (m.stream, m.quantity) != ("feed", bad.quantity)
    )
    with pytest.raises(InputError, match=message):
        reconcile(plant.network, (*given, bad))


def _one_node(*measurements: Measurement, components: tuple[str, ...] = ("Se",)):
    """a -> b + c, the given measurements; c is left to the balance."""
    from valorize.reconciliation.balance import Network, Node

    network = Network(("a", "b", "c"), (Node("n", ("a",), ("b", "c")),), components)
    return reconcile(network, measurements)


def test_an_estimate_no_plant_can_have_is_named_with_its_bound():
    """More weighed out than in: c's mass comes out below zero and its Se above 100 %."""
    r = _one_node(
        Measurement("a", "mass", 10.0, 0.1),
        Measurement("a", "Se", 0.90, 0.005),
        Measurement("b", "mass", 12.0, 0.12),
        Measurement("b", "Se", 0.99, 0.005),
    )
    found = {(x.stream, x.quantity): x for x in r.impossible()}
    assert set(found) == {("c", "mass"), ("c", "Se")}
    assert found["c", "mass"].bound == "below zero"
    assert found["c", "mass"].value == pytest.approx(-2.0)
    assert found["c", "Se"].bound == "above 100 %"
    assert found["c", "Se"].value == pytest.approx((9.0 - 11.88) / -2.0)


def test_a_measurement_reconciled_above_100_percent_is_impossible():
    """Tight masses and a and b's Se leave c at 104 % Se; its loose 100 % is pushed there."""
    r = _one_node(
        Measurement("a", "mass", 10.0, 0.001),
        Measurement("a", "Se", 1.0, 0.0001),
        Measurement("b", "mass", 8.0, 0.001),
        Measurement("b", "Se", 0.99, 0.0001),
        Measurement("c", "mass", 2.0, 0.001),
        Measurement("c", "Se", 1.0, 0.05),
    )
    (found,) = r.impossible()
    assert (found.stream, found.quantity, found.bound) == ("c", "Se", "above 100 %")
    assert found.value == pytest.approx(1.04, abs=1e-3)
    assert r.value("c", "Se")[0] == found.value  # the reconciled measurement itself


def test_estimated_assays_that_sum_above_100_percent_are_impossible():
    """Each of c's assays is below 100 %, but together they make 170 %."""
    r = _one_node(
        Measurement("a", "mass", 10.0, 0.1),
        Measurement("a", "Se", 0.50, 0.005),
        Measurement("a", "Te", 0.40, 0.004),
        Measurement("b", "mass", 5.0, 0.05),
        Measurement("b", "Se", 0.10, 0.002),
        Measurement("b", "Te", 0.0, 0.001),
        components=("Se", "Te"),
    )
    (found,) = r.impossible()
    assert (found.stream, found.quantity, found.bound) == ("c", "assays", "assays sum above 100 %")
    assert found.value == pytest.approx(1.7)
    assert 0 < found.sd < 0.05


def test_a_balance_that_can_close_has_nothing_impossible():
    survey = read_survey(survey_path("balkhash-survey"))
    assert reconcile(survey.network, survey.measurements).impossible() == ()
    # a feasible two-product split: nothing flagged either
    r = _one_node(
        Measurement("a", "mass", 10.0, 0.1),
        Measurement("a", "Se", 0.90, 0.005),
        Measurement("b", "mass", 8.0, 0.08),
        Measurement("b", "Se", 0.99, 0.005),
    )
    assert r.impossible() == ()


def _shipped_survey_with(tmp_path, old: str, new: str) -> str:
    text = Path(survey_path("balkhash-survey")).read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "survey.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return str(path)


def test_measured_assays_summing_above_100_percent_are_refused(tmp_path):
    path = _shipped_survey_with(tmp_path, 'Te = "1.092 %"', 'Te = "50 %"')
    with pytest.raises(InputError) as err:
        read_survey(path)
    message = str(err.value)
    assert message.startswith(f"{path}: stream[0] 'crude'.assay: ")
    assert "sum to 144.6 %" in message


def test_measured_assays_a_hair_above_100_percent_within_their_errors_are_read():
    """The shipped casting scrap sums to 100.02 %: its Se alone has an sd of 0.05 %."""
    survey = read_survey(survey_path("balkhash-survey"))
    scrap = [m for m in survey.measurements if m.stream == "casting scrap"]
    assert 1.0 < sum(m.value for m in scrap if m.quantity != "mass") < 1.0005


def test_measured_assays_above_100_percent_are_refused_by_the_balance_too():
    network_measurements = (
        Measurement("a", "mass", 10.0, 0.1),
        Measurement("a", "Se", 0.90, 0.005),
        Measurement("a", "Te", 0.30, 0.005),
    )
    with pytest.raises(InputError, match=r"stream 'a': the assays sum to 120 %"):
        _one_node(*network_measurements, components=("Se", "Te"))


def test_a_relative_sd_of_a_zero_mass_names_the_mass(tmp_path):
    path = _shipped_survey_with(tmp_path, 'mass = "6.24 t"', 'mass = "0 t"')
    with pytest.raises(InputError) as err:
        read_survey(path)
    message = str(err.value)
    assert "stream[0] 'crude'.mass_sd: '0.5 %rel' of the mass '0 t' is zero" in message
    assert "give an absolute sd" in message
    # a zero mass with an absolute sd is a measurement like any other
    path = _shipped_survey_with(
        tmp_path, 'mass = "6.24 t"\nmass_sd = "0.5 %rel"', 'mass = "0 t"\nmass_sd = "0.03 t"'
    )
    assert any(m.value == 0 for m in read_survey(path).measurements)
