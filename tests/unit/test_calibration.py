"""Bayesian calibration: simulation-based calibration on a fast model, censoring, refusals.

Simulation-based calibration (Talts et al., arXiv:1804.06788, 2018): draw the truth from
the prior, simulate a log from the model with measurement noise, calibrate, and see
where the truth falls in the posterior. Over many runs the central 50 % and 90 %
credible intervals must cover the truth at their nominal rates, within about three
binomial standard errors (stated at each assertion).
"""

from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest

from valorize.analysis.sampling import Distribution
from valorize.calibration.likelihood import log_likelihood
from valorize.calibration.log import BatchLog, LogInfo, Observations
from valorize.calibration.priors import choose_priors
from valorize.calibration.sampler import Prior, calibrate
from valorize.errors import InputError
from valorize.model.parameter import Parameter
from valorize.model.protocol import Metric, Model, UncertainInput


@dataclass(frozen=True)
class Toy(Model):
    """Two parameters, three outputs, microseconds per call: a model to calibrate often."""

    route = "toy"

    @property
    def name(self) -> str:
        return "toy"

    @property
    def title(self) -> str:
        return "toy"

    @property
    def native_parameters(self) -> tuple[Parameter, ...]:
        return (
            Parameter("a", "1", 1.0, (-10.0, 10.0), "slope"),
            Parameter("b", "1", 2.0, (0.0, 10.0), "rate"),
            Parameter("c", "1", 0.0, (-1.0, 1.0), "moves nothing"),
        )

    @property
    def metrics(self) -> tuple[Metric, ...]:
        return (Metric("y1", "1", "sum"), Metric("y2", "1", "growth"))

    @property
    def observables(self) -> tuple[Metric, ...]:
        return (*self.metrics, Metric("y3", "ppm", "growth"))

    @property
    def uncertain(self) -> tuple[UncertainInput, ...]:
        return (
            UncertainInput("a", "normal", (1.0, 1.0)),
            UncertainInput("b", "uniform", (0.5, 4.0)),
            UncertainInput("c", "uniform", (-1.0, 1.0)),
        )

    def evaluate_native(self, x: Any, n: int) -> dict[str, np.ndarray]:
        a = np.broadcast_to(x.get("a", 1.0), (n,))
        b = np.broadcast_to(x.get("b", 2.0), (n,))
        return {"y1": a + b, "y2": np.exp(b / 2.0), "y3": np.exp(b / 3.0)}

    def detail(self) -> dict[str, Any]:
        return {}


def _log(truth: dict[str, float], rng: np.random.Generator, rows: int = 5) -> BatchLog:
    y = Toy().evaluate({k: np.array([v]) for k, v in truth.items()}, 1, observables=True)
    observations = []
    for name, sd in (("y1", 0.5), ("y2", 0.5)):
        value = y[name][0] + sd * rng.standard_normal(rows)
        observations.append(
            Observations(name, value, np.full(rows, sd), np.zeros(rows), np.zeros(rows, bool),
                         tuple(map(str, range(rows))))
        )  # fmt: skip
    return BatchLog(LogInfo(title="simulated", synthetic=True), tuple(observations), rows, "", "")


def test_credible_intervals_cover_the_truth_at_their_nominal_rate():
    model = Toy()
    rng = np.random.default_rng(2026)
    runs = 30
    inside = {50: 0, 90: 0}
    for r in range(runs):
        truth = {"a": rng.normal(1.0, 1.0), "b": rng.uniform(0.5, 4.0)}
        log = _log(truth, rng)
        # a fixed 1,250 steps (about 35 autocorrelation times): enough for the intervals
        c = calibrate(model, log, choose_priors(model, log, ["a", "b"]),
                      walkers=8, max_steps=1250, min_ess=10**6, seed=r)  # fmt: skip
        assert c.diagnostics.steps == 1250 and np.min(c.diagnostics.ess) > 100
        samples = c.samples()
        for j, k in enumerate(("a", "b")):
            for level in inside:
                low, high = np.percentile(samples[:, j], (50 - level / 2, 50 + level / 2))
                inside[level] += low <= truth[k] <= high
    n = 2 * runs
    # three binomial standard errors: 0.19 at 50 %, 0.12 at 90 % over 60 checks
    assert abs(inside[50] / n - 0.5) < 3 * np.sqrt(0.25 / n), inside
    assert abs(inside[90] / n - 0.9) < 3 * np.sqrt(0.09 / n), inside


def test_a_long_enough_chain_is_called_converged():
    model = Toy()
    log = _log({"a": 1.0, "b": 2.0}, np.random.default_rng(0))
    c = calibrate(model, log, choose_priors(model, log, ["a", "b"]), walkers=8, min_ess=400)
    d = c.diagnostics
    assert d.converged and d.reasons == ()
    assert (
        np.all(d.ess >= 400) and np.all(d.r_hat < 1.01) and d.steps - d.burn_in >= 50 * d.tau.max()
    )


@dataclass(frozen=True)
class ToyScale(Toy):
    """The toy with a scale prior on the parameter that moves nothing."""

    @property
    def uncertain(self) -> tuple[UncertainInput, ...]:
        return (*super().uncertain[:2], UncertainInput("c", "loguniform", (0.01, 1.0)))


def test_a_scale_sampled_in_its_logarithm_keeps_its_prior_where_the_data_say_nothing():
    # c moves no output, so its posterior is its log-uniform prior: quantiles 0.01 * 100^q.
    # Without the Jacobian of c = exp(z) the chain would be uniform in c (median 0.5).
    model = ToyScale()
    log = _log({"a": 1.0, "b": 2.0}, np.random.default_rng(3))
    c = calibrate(model, log, choose_priors(model, log, ["a", "b", "c"]), walkers=16,
                  min_ess=2000, seed=4)  # fmt: skip
    assert c.diagnostics.converged
    samples = c.samples()[:, 2]
    assert samples.min() >= 0.01 and samples.max() <= 1.0
    for q in (0.1, 0.5, 0.9):
        expected = 0.01 * 100.0**q
        # about 2,000 effective samples: a quantile's sd in log is ~sqrt(q(1-q)/2000)*ln(100)
        assert np.log(np.quantile(samples, q) / expected) == pytest.approx(0.0, abs=0.15)


def test_a_short_chain_is_not_called_converged():
    model = Toy()
    rng = np.random.default_rng(1)
    log = _log({"a": 1.0, "b": 2.0}, rng)
    c = calibrate(model, log, choose_priors(model, log, ["a", "b"]),
                  walkers=8, max_steps=250, min_ess=1000)  # fmt: skip
    assert not c.diagnostics.converged
    assert any("effective sample size" in r for r in c.diagnostics.reasons)


def test_only_the_parameters_the_log_informs_are_learned():
    model = Toy()
    log = _log({"a": 1.0, "b": 2.0}, np.random.default_rng(0))
    assert [p.name for p in choose_priors(model, log, None)] == ["a", "b"]
    with pytest.raises(InputError, match="--learn: d has no prior"):
        choose_priors(model, log, ["a", "d"])


def test_a_censored_value_counts_as_the_chance_of_reading_below_its_limit():
    from scipy.stats import norm

    obs = Observations(
        "y3", np.array([2.0, 1.0]), np.array([0.5, 0.0]), np.array([0.0, 0.1]),
        np.array([False, True]), ("1", "2"),
    )  # fmt: skip
    mu = np.array([1.5, 3.0])
    got = log_likelihood({"y3": mu}, (obs,))
    want = norm.logpdf(2.0, mu, 0.5) + norm.logcdf(1.0, mu, 0.1 * mu)
    np.testing.assert_allclose(got, want, rtol=1e-12)
    assert log_likelihood({"y3": np.array([np.nan])}, (obs,))[0] == -np.inf


def test_too_few_walkers_are_refused():
    model = Toy()
    log = _log({"a": 1.0, "b": 2.0}, np.random.default_rng(0))
    with pytest.raises(InputError, match="--walkers: give an even number of at least 4"):
        calibrate(model, log, choose_priors(model, log, ["a", "b"]), walkers=3)


def test_posterior_inputs_are_drawn_a_whole_sample_at_a_time(tmp_path):
    """The parameters of one posterior file keep their joint samples (rows) together."""
    from valorize.analysis.sampling import Distribution, sample_distributions
    from valorize.calibration.posterior import posterior_text, read_posterior

    rng = np.random.default_rng(3)
    a = rng.normal(size=400)
    rows = np.column_stack([a, 2 * a + 1])  # perfectly dependent: b = 2a + 1
    path = tmp_path / "posterior.csv"
    path.write_text(posterior_text(["a", "b"], rows, ["test"]))
    read = read_posterior(str(path))
    dists = {k: Distribution("posterior", tuple(read[k]), group=str(path)) for k in ("a", "b")} | {
        "c": Distribution("uniform", (0.0, 1.0))
    }
    for method in ("lhs", "mc", "sobol"):
        x = sample_distributions(dists, 256, seed=1, method=method)
        np.testing.assert_array_equal(x["b"], 2 * x["a"] + 1)
        assert len(np.unique(x["a"])) > 150  # rows spread over the posterior
    assert dists["a"].quantile(0.5) == pytest.approx(np.median(a))


def test_an_unconverged_posterior_drawn_from_is_a_warning_of_the_run(tmp_path):
    from valorize.analysis.uncertainty import run_uncertainty
    from valorize.calibration.posterior import posterior_text

    rows = np.column_stack([np.linspace(0.5, 1.5, 50), np.linspace(1.0, 3.0, 50)])
    paths = {}
    for name, verdict in (("good", "converged"), ("bad", "NOT converged: split R-hat 1.2")):
        paths[name] = tmp_path / f"{name}.csv"
        paths[name].write_text(posterior_text(["a", "b"], rows, ["test", "data: x", verdict]))

    @dataclass(frozen=True)
    class FromFile(Toy):
        path: str = ""

        @property
        def uncertain(self) -> tuple[UncertainInput, ...]:
            return tuple(UncertainInput(k, "posterior", (self.path,)) for k in ("a", "b"))

    good = run_uncertainty(FromFile(path=str(paths["good"])), 64, 0, keep=False)
    bad = run_uncertainty(FromFile(path=str(paths["bad"])), 64, 0, keep=False)
    assert good.summary["warnings"] == []
    assert len(bad.summary["warnings"]) == 1  # one file, however many inputs it gives
    assert "NOT converged: split R-hat 1.2" in bad.summary["warnings"][0]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a,b\n1,2\n", "fewer than two posterior samples"),
        ("a,b\n1,2\n3\n", "line 3: 1 values for 2 columns"),
        ("a,b\n1,2\n3,x\n", "line 3: a value that is not a number"),
        ("# only a comment\n", "no header"),
    ],
)
def test_a_bad_posterior_file_is_refused(tmp_path, text, message):
    from valorize.calibration.posterior import read_posterior

    path = tmp_path / "posterior.csv"
    path.write_text(text)
    with pytest.raises(InputError, match=message):
        read_posterior(str(path))


def test_the_shipped_batch_log_is_the_one_its_script_makes():
    from pathlib import Path

    from valorize.plant_data import batch_log_path
    from valorize.plant_data.make import batch_log_text

    shipped = Path(batch_log_path("balkhash-batch-log")).read_text(encoding="utf-8")
    assert shipped == batch_log_text(), "python -m valorize.plant_data.make"


@dataclass(frozen=True)
class Line(Toy):
    """y1 = a t + b: each batch's condition t tells the slope from the intercept."""

    @property
    def native_parameters(self) -> tuple[Parameter, ...]:
        return (*super().native_parameters, Parameter("t", "K", 1.0, (0.0, 10.0), "condition"))

    def evaluate_native(self, x: Any, n: int) -> dict[str, np.ndarray]:
        out = super().evaluate_native(x, n)
        t = np.broadcast_to(x.get("t", 1.0), (n,))
        a = np.broadcast_to(x.get("a", 1.0), (n,))
        b = np.broadcast_to(x.get("b", 2.0), (n,))
        return {**out, "y1": a * t + b}


def _line_log(conditions: bool, truth=(2.0, 1.0), sd=0.1) -> str:
    rng = np.random.default_rng(5)
    t = np.arange(1.0, 7.0) if conditions else np.ones(6)
    y1 = (truth[0] * t + truth[1] + sd * rng.standard_normal(t.size)).tolist()
    t = t.tolist()
    header = '# [log]\n# title = "line"\n# synthetic = true\n# [sd]\n# y1 = "0.1"\n'
    if not conditions:
        return header + "batch,y1\n" + "".join(f"{k},{v!r}\n" for k, v in enumerate(y1, 1))
    header += '# [conditions]\n# t = "K"\n'
    rows = "".join(f"{k},{tk!r},{v!r}\n" for k, (tk, v) in enumerate(zip(t, y1, strict=True), 1))
    return header + "batch,t,y1\n" + rows


def _read(text: str):
    from valorize.calibration.log import batch_log_from_text

    model = Line()
    return batch_log_from_text(
        text,
        "line.csv",
        {m.name: m.unit for m in model.observables},
        {p.name: p.unit for p in model.parameters},
    )


def test_batches_at_their_own_conditions_tell_what_one_operating_point_cannot():
    from valorize.calibration.results import calibration_document

    model = Line()
    spread = {}
    for conditions in (True, False):
        log = _read(_line_log(conditions))
        c = calibrate(model, log, choose_priors(model, log, ["a", "b"]),
                      walkers=8, max_steps=1500, min_ess=10**6, seed=3)  # fmt: skip
        s = c.samples()
        spread[conditions] = s[:, 0].std()
        if conditions:  # slope and intercept recovered within four posterior sd
            assert abs(s[:, 0].mean() - 2.0) < 4 * s[:, 0].std()
            assert abs(s[:, 1].mean() - 1.0) < 4 * s[:, 1].std()
            d = calibration_document(model, log, c, 3)
            check = d["predictive"][0]
            assert d["data"]["conditions"] == ["t"]
            assert len(check["band_p5_batches"]) == 6
            assert np.all(np.diff(check["predicted_batches"]) > 0)  # y1 grows with t
            assert check["share_within_band"] >= 0.5
    # at one operating point only a + b is fixed: the slope stays as wide as its prior
    assert spread[True] < 0.1 < 0.5 < spread[False]


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (('# t = "K"', '# u = "K"'), "[conditions] names 'u', which is not a parameter"),
        (('# t = "K"', '# t = "degC"'), "give its values in the parameter's unit, 'K'"),
        (("batch,t,y1", "batch,s,y1"), "[conditions] names 't', which is no column"),
        (("\n3,3.0,", "\n3,,"), "line.csv: line 11, column t: '' is not a number"),
        (("\n3,3.0,", "\n3,inf,"), "'inf' is not a finite number"),
    ],
)
def test_bad_conditions_are_one_error_naming_the_line_and_column(edit, message):
    text = _line_log(True)
    assert edit[0] in text
    with pytest.raises(InputError) as err:
        _read(text.replace(*edit, 1))
    assert message in str(err.value)


def test_a_condition_outside_its_bounds_or_also_learned_is_refused():
    model = Line()
    log = _read(_line_log(True).replace("\n3,3.0,", "\n3,30.0,", 1))
    with pytest.raises(InputError, match=r"batch 3 \(line 11\), column t: 30 is outside"):
        calibrate(model, log, choose_priors(model, log, ["a", "b"]), walkers=8, max_steps=250)
    log = _read(_line_log(True))
    t = Prior("t", Distribution("uniform", (0.0, 10.0)), "")
    with pytest.raises(InputError, match="both a condition of the log and a parameter to learn"):
        calibrate(model, log, (*choose_priors(model, log, ["a"]), t), walkers=8, max_steps=250)


@dataclass(frozen=True)
class FrozenLine(Line):
    """The Line that refuses to run a batch hotter than 5 K, as a route refuses a scenario."""

    def evaluate_native(self, x: Any, n: int) -> dict[str, np.ndarray]:
        if np.any(np.asarray(x.get("t", 1.0)) > 5.0):
            raise InputError("t: above 5 K the line freezes")
        return super().evaluate_native(x, n)


def test_a_batch_whose_conditions_the_model_refuses_is_named_with_the_reason():
    model = FrozenLine()
    log = _read(_line_log(True))  # batch 6 runs at t = 6
    with pytest.raises(InputError) as err:
        calibrate(model, log, choose_priors(model, log, ["a", "b"]), walkers=8, max_steps=250)
    message = str(err.value)
    assert "batch 6 (line 14): the model cannot run at its conditions (t = 6)" in message
    assert "above 5 K the line freezes" in message
    # without that batch the same model calibrates
    text = _line_log(True)
    log = _read(text[: text.rindex("6,6.0,")])
    got = calibrate(model, log, choose_priors(model, log, ["a", "b"]), walkers=8, max_steps=250)
    assert got.chain.shape[1:] == (8, 2)


def test_a_column_given_twice_is_refused_not_counted_twice():
    text = _line_log(True).replace("batch,t,y1", "batch,t,t,y1")
    text = "\n".join(
        line + "," + line.split(",")[1] if line[:1].isdigit() else line
        for line in text.splitlines()
    )
    with pytest.raises(InputError, match="column 't' appears more than once"):
        _read(text)


def test_a_condition_is_not_chosen_to_be_learned_by_default():
    @dataclass(frozen=True)
    class UncertainT(Line):
        @property
        def uncertain(self) -> tuple[UncertainInput, ...]:
            return (*super().uncertain, UncertainInput("t", "uniform", (0.5, 8.0)))

    model = UncertainT()
    log = _read(_line_log(True))
    assert "t" not in [p.name for p in choose_priors(model, log, None)]


@pytest.mark.parametrize(
    ("cell", "unit", "refused"),
    [
        ("2000000", "ppm", True),
        ("<2000000", "ppm", True),  # a detection limit above 100 % says nothing
        ("1000000", "ppm", False),  # 100 %: pure mercury, possible
        ("2e9", "ppb", True),
        ("1500000", "g/t", True),
        ("150", "wt %", True),
    ],
)
def test_an_assay_above_100_percent_in_any_unit_is_refused(cell, unit, refused):
    from valorize.calibration.log import batch_log_from_text

    text = '# [log]\n# title = "t"\n# synthetic = true\n# [sd]\n# Hg = "8 %rel"\n'
    text += f"batch,Hg\n1,12\n2,{cell}\n"
    if not refused:
        log = batch_log_from_text(text, "log.csv", {"Hg": unit})
        assert log.observations[0].value.max() == pytest.approx(1e6)
        return
    with pytest.raises(InputError) as err:
        batch_log_from_text(text, "log.csv", {"Hg": unit})
    message = str(err.value)
    assert message.startswith(f"log.csv: line 8, column Hg: '{cell}' is above 100 %")
    assert unit in message
