"""A run too small to repay loading the compiled kernels keeps to NumPy.

valorize.compiled.numpy_only scopes the choice; Model.for_scenarios makes it from the
scenarios an analysis evaluates in all against the route's compiled_from.
"""

import json
import subprocess
import sys

import numpy as np
import pytest

from valorize import compiled
from valorize.analysis import run_size
from valorize.refinery.case import load_case
from valorize.refinery.model import COMPILED_FROM, COMPILED_FROM_RECYCLING, RefineryModel


@pytest.fixture(scope="module")
def model() -> RefineryModel:
    return RefineryModel(load_case("balkhash-selenium")[0])


def test_numpy_only_is_scoped_and_nests():
    assert compiled.compiled_allowed()
    with compiled.numpy_only():
        assert not compiled.compiled_allowed()
        with compiled.numpy_only(False):  # an inner scope cannot lift an outer one
            assert not compiled.compiled_allowed()
        assert not compiled.compiled_allowed()
    assert compiled.compiled_allowed()
    with compiled.numpy_only(False):
        assert compiled.compiled_allowed()


def test_numpy_only_is_restored_after_an_error():
    with pytest.raises(ValueError), compiled.numpy_only():
        raise ValueError
    assert compiled.compiled_allowed()


def test_the_choice_follows_the_scenarios_in_all(model):
    assert model.numpy_only is None
    assert model.for_scenarios(None) is model
    assert model.for_scenarios(COMPILED_FROM - 1).numpy_only is True
    assert model.for_scenarios(COMPILED_FROM).numpy_only is False
    assert model.for_sampling(2_000).numpy_only is True
    assert model.for_sampling(10**6).numpy_only is False
    assert model.for_sampling().numpy_only is None


def test_a_decided_model_keeps_its_choice(model):
    big = model.for_sampling(10**6)
    assert big.for_sampling(512).numpy_only is False  # a large run's pilot
    small = model.for_sampling(512)
    assert small.for_sampling(10**6).numpy_only is True


def test_a_recycle_loop_repays_the_kernels_sooner(model):
    flowsheet = RefineryModel(load_case("balkhash-flowsheet")[0])
    assert model.compiled_from == COMPILED_FROM
    assert flowsheet.compiled_from == COMPILED_FROM_RECYCLING < COMPILED_FROM
    assert flowsheet.for_sampling(COMPILED_FROM_RECYCLING).numpy_only is False


def test_numpy_only_agrees_with_the_compiled_kernels(model):
    pytest.importorskip("numba")
    rng = np.random.default_rng(7)
    n = 600  # above every kernel's own threshold, so the compiled run is compiled
    x = {"operation.temperature": rng.uniform(540.0, 580.0, n)}
    small = model.for_sampling(n).evaluate(x, n)
    large = model.for_sampling(10**6).evaluate(x, n)
    for name, value in large.items():
        np.testing.assert_allclose(small[name], value, rtol=1e-9, atol=1e-12, err_msg=name)


CHILD = """
import json, sys
from valorize.analysis.uncertainty import run_uncertainty
from valorize.refinery.case import load_case
from valorize.refinery.model import RefineryModel

model = RefineryModel(load_case("balkhash-selenium")[0])
run_uncertainty(model, int(sys.argv[1]), 0, keep=False, chunk_size=int(sys.argv[2]))
print(json.dumps("numba" in sys.modules))
"""


@pytest.mark.parametrize(
    ("samples", "chunk", "loads"),
    [(2_000, 2_000, False), (COMPILED_FROM, 1_000, True)],
)
def test_a_small_run_does_not_load_numba(samples, chunk, loads):
    pytest.importorskip("numba")
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(samples), str(chunk)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) is loads


def test_a_large_runs_pilot_runs_the_large_runs_kernels(model, monkeypatch):
    seen = []

    def pilot(m, n, *args, **kwargs):
        seen.append(m.numpy_only)
        raise StopIteration  # enough: the model the pilot was given is known

    monkeypatch.setattr("valorize.analysis.uncertainty.run_uncertainty", pilot)
    with pytest.raises(StopIteration):
        run_size.estimate(model, 10**9, 0, "lhs")
    assert seen == [False]


def test_a_kernel_asked_for_still_runs(model):
    """A long recycle loop's furnace asks for its compiled steps (Unit.for_many_passes)."""
    from valorize.refinery.inputs import case_conditions
    from valorize.units.vacuum_distillation import _runs_compiled

    pytest.importorskip("numba")
    c = case_conditions(model.case)
    with compiled.numpy_only():
        assert _runs_compiled(True, c, True, (1,))
        assert not _runs_compiled(None, c, True, (10_000,))
    assert _runs_compiled(None, c, True, (10_000,))


def test_threads_of_the_irr_keep_to_numpy(monkeypatch):
    from valorize.economics import cashflow, irr_kernel

    def refused(*args, **kwargs):
        raise AssertionError("a compiled IRR kernel ran inside numpy_only")

    for name in ("irr_one_sign_change", "scan_roots", "sign_changes"):
        monkeypatch.setattr(irr_kernel, name, refused)
    monkeypatch.setattr(cashflow, "IRR_CHUNK", 700)
    monkeypatch.setattr(cashflow.os, "cpu_count", lambda: 4)
    flows = np.tile([-100.0, 30.0, 40.0, 50.0, 20.0], (4 * 700, 1))
    flows[:, 1] += np.linspace(0.0, 10.0, flows.shape[0])
    with compiled.numpy_only():
        got = cashflow.irr_analysis(flows)
    assert np.all(np.isfinite(got.irr))
