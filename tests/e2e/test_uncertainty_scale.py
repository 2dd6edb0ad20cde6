"""Correlated and empirical inputs, Parquet samples, progress and bounded memory."""

import json
import sys
import tracemalloc
from pathlib import Path

import numpy as np
import pytest
from scipy.stats import spearmanr

from cli_runner import cli
from valorize.analysis.uncertainty import run_uncertainty
from valorize.data.loader import price_series
from valorize.errors import InputError
from valorize.refinery.case import load_case
from valorize.refinery.model import RefineryModel

pytestmark = pytest.mark.e2e
BUILTIN = Path(__file__).resolve().parents[2] / "src/valorize/cases/balkhash-selenium.toml"
BASE = BUILTIN.read_text().split("# Uncertain inputs")[0]
PRICES = (
    '[[uncertainty]]\nparameter = "price.refined_selenium"\ndistribution = "uniform"\n'
    "parameters = [20.0, 130.0]\n"
    '[[uncertainty]]\nparameter = "price.crude_selenium"\ndistribution = "uniform"\n'
    "parameters = [9.0, 20.0]\n"
)


def _case(tmp_path, text, name="case.toml"):
    path = tmp_path / name
    path.write_text(BASE + text)
    return path


def test_builtin_case_reaches_its_price_rank_correlation():
    case = load_case("balkhash-selenium")[0]
    (wanted,) = case.correlation
    n = 6000
    r = run_uncertainty(RefineryModel(case), n, seed=2, method="mc")
    x, y = (r.samples[k] for k in wanted.inputs)
    assert spearmanr(x, y).statistic == pytest.approx(wanted.spearman, abs=3 / np.sqrt(n - 1))
    assert r.summary["correlations"] == [{"inputs": list(wanted.inputs), "spearman": 0.8}]


def _prices_free_and_tied(tmp_path, spearman: float):
    """The case with the two prices uncertain, and with them rank-correlated."""
    free = load_case(str(_case(tmp_path, PRICES, "free.toml")))[0]
    tie = (
        '[[correlation]]\ninputs = ["price.refined_selenium", "price.crude_selenium"]\n'
        f"spearman = {spearman}\n"
    )
    return free, load_case(str(_case(tmp_path, PRICES + tie, "tied.toml")))[0]


def test_correlation_keeps_the_marginals(tmp_path):
    free, tied = _prices_free_and_tied(tmp_path, -0.5)
    a = run_uncertainty(RefineryModel(free), 1000, seed=1, method="lhs")
    b = run_uncertainty(RefineryModel(tied), 1000, seed=1, method="lhs")
    for key in a.samples:
        np.testing.assert_array_equal(np.sort(a.samples[key]), np.sort(b.samples[key]))
    assert spearmanr(*b.samples.values()).statistic == pytest.approx(-0.5, abs=3 / np.sqrt(999))


def test_a_correlation_of_zero_leaves_the_samples_independent(tmp_path):
    """Spearman 0 declared: the same samples as no correlation (it once crashed)."""
    free, zero = _prices_free_and_tied(tmp_path, 0.0)
    a = run_uncertainty(RefineryModel(free), 50, seed=1)
    b = run_uncertainty(RefineryModel(zero), 50, seed=1)
    for key, v in a.samples.items():
        np.testing.assert_array_equal(b.samples[key], v)


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ('inputs = ["price.refined_selenium", "model.colour"]\nspearman = 0.5', "'model.colour'"),
        ('inputs = ["price.refined_selenium", "price.crude_selenium"]\nspearman = 1.5', "-1 to 1"),
        (
            'inputs = ["price.refined_selenium", "price.crude_selenium"]\nspearman = 1.0',
            "not positive definite",
        ),
        ('inputs = ["price.refined_selenium"]\nspearman = 0.5', "correlation.0.inputs"),
    ],
)
def test_bad_correlations_are_one_line_errors(tmp_path, block, message):
    path = _case(tmp_path, PRICES + "[[correlation]]\n" + block + "\n")
    out = cli("uncertainty", str(path), "--samples", "50")
    assert out.returncode == 2, out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and message in out.stderr, out.stderr


def test_empirical_price_series(tmp_path):
    path = _case(
        tmp_path,
        '[[uncertainty]]\nparameter = "price.refined_selenium"\ndistribution = "empirical"\n'
        'series = "selenium_price_history"\n',
    )
    r = run_uncertainty(RefineryModel(load_case(str(path))[0]), 2000, seed=0, method="sobol")
    history = np.array(price_series("selenium_price_history").usd_per_kg)
    drawn = r.samples["price.refined_selenium"]
    assert drawn.min() >= history.min() and drawn.max() <= history.max()
    # the median of the draws is the median of the series (the inverse CDF at 0.5)
    assert np.median(drawn) == pytest.approx(np.median(history), rel=0.02)
    assert r.summary["inputs"]["price.refined_selenium"]["series"] == "selenium_price_history"


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ('distribution = "empirical"\nseries = "gold_history"', "unknown price series"),
        ('distribution = "empirical"', "needs either series"),
        (
            'distribution = "empirical"\nseries = "selenium_price_history"\nparameters = [1, 2]',
            "needs either series",
        ),
        (
            'distribution = "uniform"\nparameters = [1, 2]\nseries = "selenium_price_history"',
            "only an empirical",
        ),
    ],
)
def test_bad_empirical_inputs(tmp_path, block, message):
    path = _case(tmp_path, f'[[uncertainty]]\nparameter = "price.refined_selenium"\n{block}\n')
    out = cli("uncertainty", str(path), "--samples", "10")
    assert out.returncode == 2, out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and message in out.stderr, out.stderr


def test_out_writes_parquet_samples_and_the_summary(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    out = cli(
        "uncertainty", "balkhash-selenium", "--samples", "700", "--seed", "5",
        "--chunk-size", "300", "--out", str(tmp_path), "--json",
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    table = pq.read_table(tmp_path / "samples.parquet")
    case = load_case("balkhash-selenium")[0]
    kept = run_uncertainty(RefineryModel(case), 700, seed=5, chunk_size=300)
    assert table.num_rows == 700
    for key, v in {**kept.samples, **kept.outputs}.items():
        np.testing.assert_array_equal(table.column(key).to_numpy(), v)
    summary = json.loads((tmp_path / "uncertainty.json").read_text())
    assert summary == json.loads(out.stdout) == kept.summary
    assert sorted(p.name for p in tmp_path.iterdir()) == ["samples.parquet", "uncertainty.json"]


def test_no_samples_writes_only_the_summary(tmp_path):
    out = cli("uncertainty", "balkhash-selenium", "--samples", "50", "-o", str(tmp_path),
              "--no-samples")  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["uncertainty.json"]


def test_missing_pyarrow_is_a_clear_error(monkeypatch):
    from valorize.report.sample_files import require_pyarrow

    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(InputError, match=r"needs pyarrow; pip install 'valorize\[scale\]'"):
        require_pyarrow()


def test_progress_bar_on_request_and_never_with_json():
    shown = cli("uncertainty", "balkhash-selenium", "--samples", "40", "--progress")
    assert shown.returncode == 0 and "100%  40/40 samples" in shown.stderr
    quiet = cli("uncertainty", "balkhash-selenium", "--samples", "40", "--progress", "--json")
    assert quiet.returncode == 0 and quiet.stderr == ""
    json.loads(quiet.stdout)


def test_memory_does_not_grow_with_samples_when_not_kept():
    case = load_case("balkhash-selenium")[0]

    def peak(samples):
        tracemalloc.start()
        r = run_uncertainty(RefineryModel(case), samples, seed=0, keep=False, chunk_size=100)
        size = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert r.outputs == {} and r.summary["chunks"] == samples // 100
        return size

    small, large = peak(300), peak(3000)
    assert large < 1.3 * small, (small, large)


def test_sensitivity_says_when_it_ignores_correlations():
    out = cli("sensitivity", "balkhash-selenium", "--method", "tornado", "--json")
    assert out.returncode == 0, out.stderr
    assert "[[correlation]] entries are ignored" in out.stderr
    json.loads(out.stdout)
