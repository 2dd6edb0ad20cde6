"""`valorize sensitivity` refuses, before it starts, a run this machine cannot hold."""

import os

import numpy as np
import pytest

from valorize import cli
from valorize.analysis import run_size, sensitivity
from valorize.analysis.run_size import HeldRun
from valorize.errors import InputError
from valorize.model.registry import load_model

#: Bytes a unit of the fake run below allocates: 1,000 float64 values.
UNIT_BYTES = 8_000


@pytest.fixture(scope="module")
def model():
    return load_model("balkhash-selenium")


def _fake_run(n: int) -> float:
    fixed = np.ones(500_000)  # 4 MB whatever the size: cancels between the pilots
    grows = np.ones(n * UNIT_BYTES // 8)
    return float(fixed[0] + grows[0])


def test_the_pilots_measure_what_grows_with_the_run():
    size = run_size.estimate_held(_fake_run, 10**6, 100, 400, "a fake run")
    assert size.peak_bytes == pytest.approx(10**6 * UNIT_BYTES, rel=0.02)
    assert size.seconds >= 0 and size.what == "a fake run"


def test_the_traced_run_is_the_one_measured_when_given():
    size = run_size.estimate_held(lambda n: None, 10**6, 100, 400, "x", traced=_fake_run)
    assert size.peak_bytes == pytest.approx(10**6 * UNIT_BYTES, rel=0.02)


def test_a_run_larger_than_the_memory_available_is_refused(monkeypatch):
    monkeypatch.setattr(run_size, "available_memory", lambda: 10**9)
    with pytest.raises(InputError) as refused:
        run_size.check_held(HeldRun("256 things", 1.0, 2 * 10**9))
    text = str(refused.value)
    assert text.startswith("--samples: 256 things") and "fewer samples" in text
    assert "2.0 GB" in text and "1.0 GB available" in text
    run_size.check_held(HeldRun("256 things", 1.0, 10**9 // 2))  # this one fits


def test_a_run_longer_than_a_local_run_may_take_is_refused(monkeypatch):
    monkeypatch.setattr(run_size, "available_memory", lambda: 10**12)
    days = 2 * run_size.MAX_LOCAL_HOURS * 3600.0
    with pytest.raises(InputError, match=r"^--samples: .* fewer samples$"):
        run_size.check_held(HeldRun("256 things", days, 1))
    run_size.check_held(HeldRun("256 things", days / 4, 1))


def test_the_memory_available_is_some_of_the_physical_memory():
    available = run_size.available_memory()
    if not hasattr(os, "sysconf") or "SC_PHYS_PAGES" not in os.sysconf_names:
        pytest.skip("no sysconf to compare with")
    total = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    assert available is not None and 0 < available <= total


def test_runs_of_a_few_evaluations_are_not_measured(monkeypatch, model):
    def refused(*args, **kwargs):
        raise AssertionError("a small run was measured")

    monkeypatch.setattr(run_size, "estimate_held", refused)
    sensitivity.check_run(model, "sobol", 256, 0)
    sensitivity.check_run(model, "morris", 256, 0)
    sensitivity.check_run(model, "spearman", run_size.HELD_CHECKED_ABOVE, 0)
    sensitivity.check_run(model, "tornado", 10**12, 0)  # --samples is not the tornado's


@pytest.mark.parametrize(
    ("method", "samples", "evaluations"),
    [("sobol", 2**20, 8 * 2**20), ("morris", 10**6, 7 * 10**6), ("spearman", 10**7, 10**7)],
)
def test_a_large_run_is_sized_on_pilots_of_its_method(
    monkeypatch, model, method, samples, evaluations
):
    seen = {}

    def estimate(run, units, small, large, what, traced=None):
        seen.update(units=units, small=small, large=large, what=what, traced=traced)
        return HeldRun(what, 0.0, 0)

    monkeypatch.setattr(run_size, "estimate_held", estimate)
    sensitivity.check_run(model, method, samples, 0)
    assert seen["units"] == samples and 2 <= seen["small"] < seen["large"]
    if method == "sobol":  # Sobol takes powers of 2 alone
        assert all(n & (n - 1) == 0 for n in (seen["small"], seen["large"]))
    if method != "spearman":
        assert f"({evaluations:,} model evaluations)" in seen["what"]
    assert (seen["traced"] is None) == (method != "spearman")


def test_running_out_of_memory_is_one_error_line(monkeypatch, capsys):
    def out_of_memory(*args, **kwargs):
        raise MemoryError("Unable to allocate 96.0 GiB")

    monkeypatch.setattr(sensitivity, "model_sobol", out_of_memory)
    argv = ["sensitivity", "balkhash-selenium", "--method", "sobol", "--samples", "256"]
    assert cli.main(argv) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("error: --samples"), err
    assert "out of memory" in err[0] and "fewer samples" in err[0]
