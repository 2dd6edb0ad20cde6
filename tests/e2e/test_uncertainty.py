"""`valorize uncertainty`: reproducible, consistent with `run`, clear on bad input."""

import json
from pathlib import Path

import numpy as np
import pytest

from cli_runner import cli
from valorize.analysis.uncertainty import run_uncertainty
from valorize.refinery.case import load_case
from valorize.refinery.model import RefineryModel
from valorize.refinery.run import run

pytestmark = pytest.mark.e2e
BUILTIN = Path(__file__).resolve().parents[2] / "src/valorize/cases/balkhash-selenium.toml"


def test_same_seed_same_answer(tmp_path):
    a = cli("uncertainty", "balkhash-selenium", "--samples", "500", "--seed", "3", "--json")
    b = cli(
        "uncertainty",
        "balkhash-selenium",
        "--samples",
        "500",
        "--seed",
        "3",
        "--json",
        "--out",
        str(tmp_path),
    )
    assert a.returncode == 0, a.stderr
    assert a.stdout == b.stdout
    summary = json.loads(a.stdout)
    assert json.loads((tmp_path / "uncertainty.json").read_text()) == summary
    for q in summary["outputs"].values():
        assert q["p5"] <= q["p50"] <= q["p95"]
    for key in ("probability_purity_met", "probability_output_met", "probability_npv_negative"):
        assert 0.0 <= summary[key] <= 1.0


def test_narrow_inputs_reproduce_the_deterministic_run(tmp_path):
    text = BUILTIN.read_text().split("# Uncertain inputs")[0] + (
        '[[uncertainty]]\nparameter = "model.entrainment"\ndistribution = "uniform"\n'
        "parameters = [0.001, 0.0010000001]\n"
    )
    path = tmp_path / "narrow.toml"
    path.write_text(text)
    case = load_case(str(path))[0]
    base = run(case).summary
    u = run_uncertainty(RefineryModel(case), 64, seed=0, method="mc").summary["outputs"]
    assert u["product_t_per_yr"]["p50"] == pytest.approx(base["product_t_per_yr"], rel=1e-6)
    # sampling integrates with 8 steps per cut, not 48: impurities move by ~1e-4 relative
    assert u["product_Se_wt_pct"]["p50"] == pytest.approx(base["product_Se_wt_pct"], rel=5e-7)
    assert u["npv_usd"]["p50"] == pytest.approx(base["npv_usd"], rel=1e-5)


@pytest.mark.parametrize(
    ("block", "message"),
    [
        (
            'parameter = "model.colour"\ndistribution = "uniform"\nparameters = [0, 1]',
            "'model.colour' is not a parameter of the refinery model",
        ),
        (
            'parameter = "model.entrainment"\ndistribution = "gamma"\nparameters = [0, 1]',
            "uncertainty.0.distribution",
        ),
        (
            'parameter = "model.entrainment"\ndistribution = "uniform"\nparameters = [1, 0]',
            "low < high",
        ),
    ],
)
def test_bad_uncertainty_inputs(tmp_path, block, message):
    path = tmp_path / "bad.toml"
    path.write_text(
        BUILTIN.read_text().split("# Uncertain inputs")[0] + "[[uncertainty]]\n" + block + "\n"
    )
    out = cli("uncertainty", str(path), "--samples", "10")
    assert out.returncode == 2, out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and message in out.stderr, out.stderr


def test_no_uncertain_inputs_is_a_clear_error(tmp_path):
    path = tmp_path / "none.toml"
    path.write_text(BUILTIN.read_text().split("# Uncertain inputs")[0])
    out = cli("uncertainty", str(path), "--samples", "10")
    assert out.returncode == 2 and "declares no [[uncertainty]] inputs" in out.stderr


def test_integration_steps_stay_within_their_stated_error():
    """Against 1,024 steps per cut, the single run's 48 steps and the sampled runs' 8
    (SAMPLING_STEPS of valorize.refinery.model) move the furnace time and the impurity
    content by no more than SAMPLING_STEPS states, over the declared input ranges."""
    from dataclasses import replace

    import numpy as np

    from valorize.analysis.uncertainty import declared_distributions

    case = load_case("balkhash-selenium")[0]
    model = RefineryModel(case)
    rng = np.random.default_rng(11)
    x = {k: d.ppf(rng.random(200)) for k, d in declared_distributions(model).items()}
    fine = replace(model, steps=1024).evaluate(x, 200)
    for coarse, steps, hours_error, impurity_error in (
        (model, 48, 1e-5, 3e-5),
        (model.for_sampling(), 8, 1e-4, 3e-4),
    ):
        assert coarse.integration_steps() == steps
        y = coarse.evaluate(x, 200)
        hours = y["furnace_hours_per_yr"] / fine["furnace_hours_per_yr"] - 1
        impurity = (100 - y["product_Se_wt_pct"]) / (100 - fine["product_Se_wt_pct"]) - 1
        assert np.max(np.abs(hours)) < hours_error
        assert np.max(np.abs(impurity)) < impurity_error
        assert np.max(np.abs(y["product_t_per_yr"] / fine["product_t_per_yr"] - 1)) < 1e-5


def test_hgse_enthalpy_is_an_uncertain_input_of_the_builtin_case():
    """HgSe's assumed enthalpy of formation is sampled: within its +/- 5 kJ/mol a more
    stable HgSe (more negative) leaves more mercury behind and the product purer."""
    import numpy as np

    from valorize.analysis.uncertainty import declared_distributions

    case = load_case("balkhash-selenium")[0]
    d = declared_distributions(RefineryModel(case))["model.formation_enthalpy_offset"]
    assert d.ppf(np.array([0.0, 1.0])) == pytest.approx([-5000.0, 5000.0])
    offsets = np.array([-5000.0, 0.0, 5000.0])
    y = RefineryModel(case).for_sampling().evaluate({"model.formation_enthalpy_offset": offsets}, 3)
    assert y["product_Se_wt_pct"][0] > y["product_Se_wt_pct"][1] > y["product_Se_wt_pct"][2]
    # the offset 0 sample is the deterministic run (8 sampling steps against 48)
    base = run(case).summary["product_Se_wt_pct"]
    assert y["product_Se_wt_pct"][1] == pytest.approx(base, rel=1e-6)


def test_the_odds_of_a_buyers_impurity_limits(tmp_path):
    """[target] max_ppm adds the probability that each limit holds, counted over samples."""
    path = tmp_path / "spec.toml"
    path.write_text(
        BUILTIN.read_text().replace(
            "se_min_wt_pct = 99.5", "se_min_wt_pct = 99.5\nmax_ppm = { Hg = 3000, Te = 1e6 }", 1
        )
    )
    case = load_case(str(path))[0]
    u = run_uncertainty(RefineryModel(case), 64, seed=3, method="mc", keep=True)
    hg = u.outputs["Hg_ppm"]
    assert u.summary["probability_Hg_limit_met"] == np.mean(hg <= 3000)
    assert 0 < u.summary["probability_Hg_limit_met"] < 1  # the crude's grade decides
    assert u.summary["probability_Te_limit_met"] == 1.0
    out = cli("uncertainty", str(path), "--samples", "64")
    assert out.returncode == 0, out.stderr
    assert "P(Hg in the product <= 3000 ppm)" in out.stdout


def test_any_field_in_any_unit(tmp_path):
    """A field with no native input (the feed rate) and a native one given in degC: both
    are read in the case's units and reach the answer."""
    path = tmp_path / "units.toml"
    path.write_text(
        BUILTIN.read_text().split("# Uncertain inputs")[0]
        + '[[uncertainty]]\nparameter = "feed.rate"\ndistribution = "uniform"\n'
        'parameters = ["60 t/yr", "90 t/yr"]\n'
        '[[uncertainty]]\nparameter = "operation.temperature"\ndistribution = "normal"\n'
        'parameters = ["400 degC", "5 degC"]\n'
    )
    case = load_case(str(path))[0]
    u = run_uncertainty(RefineryModel(case), 32, seed=1, keep=True)
    rate = u.samples["feed.rate"] * 365.25 * 86400 / 1000  # kg/s -> t/yr
    assert 60 <= rate.min() and rate.max() <= 90
    T = u.samples["operation.temperature"]
    assert 650 < T.min() and T.max() < 700 and abs(np.median(T) - 673.15) < 3
    assert u.summary["inputs"]["operation.temperature"]["parameters"] == [673.15, 5.0]
    # output follows the feed rate (the crude's grade stays), sample by sample
    ratio = u.outputs["product_t_per_yr"] / rate
    assert np.ptp(ratio) < 0.05 * ratio.mean()
