"""Chunks on a two-worker local Dask cluster give the local run's answer to the bit."""

import functools

import pytest

from cli_runner import cli
from valorize.analysis.uncertainty import run_uncertainty
from valorize.refinery.case import load_case
from valorize.refinery.model import RefineryModel

pytestmark = [pytest.mark.dask, pytest.mark.e2e]
distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client():
    from valorize.analysis.scale_out import dask_client

    with dask_client(None, 2) as c:  # the cluster `valorize uncertainty --workers 2` starts
        yield c


def test_the_workers_start_with_the_malloc_settings_that_keep_freed_memory(client):
    import os

    from valorize.analysis.allocator import ENVIRONMENT

    def settings() -> dict:
        return {k: os.environ.get(k) for k in ENVIRONMENT}

    assert list(client.run(settings).values()) == [ENVIRONMENT, ENVIRONMENT]


def test_the_workers_run_without_the_profiler_and_with_slow_monitors(client):
    import dask

    from valorize.analysis.scale_out import QUIET_CLUSTER

    def settings() -> dict:
        return {key: dask.config.get(key) for key in QUIET_CLUSTER}

    assert list(client.run(settings).values()) == [QUIET_CLUSTER, QUIET_CLUSTER]

    def periodic(dask_worker) -> dict:
        return {name: pc.callback_time for name, pc in dask_worker.periodic_callbacks.items()}

    for callbacks in client.run(periodic).values():
        assert "profile" not in callbacks and callbacks["tick"] == 1000, callbacks


def test_compiled_chunks_give_the_same_bits_on_the_cluster(client):
    """Chunks large enough for the compiled distillation steps, locally and on the workers."""
    model = RefineryModel(load_case("balkhash-selenium")[0])
    local = run_uncertainty(model, 2048, seed=3, chunk_size=1024, keep=True)
    remote = run_uncertainty(model, 2048, seed=3, chunk_size=1024, keep=True, client=client)
    assert remote.summary == local.summary
    for key, v in local.outputs.items():
        assert remote.outputs[key].tobytes() == v.tobytes()


@pytest.mark.parametrize("method, keep", [("lhs", True), ("sobol", False)])
def test_cluster_equals_local_and_uses_both_workers(client, method, keep):
    case = load_case("balkhash-selenium")[0]
    run = functools.partial(
        run_uncertainty, RefineryModel(case), 1200, 7, method, chunk_size=100, keep=keep
    )
    local = run()
    with distributed.get_task_stream(client) as stream:
        remote = run(client=client)
    assert remote.summary == local.summary
    for key, v in local.outputs.items():
        assert remote.outputs[key].tobytes() == v.tobytes()
    workers = {task["worker"] for task in stream.data}
    # the pilot chunk, chunk 1 evaluated beside it and summarised after it, then the other
    # 10 chunks one by one when their samples come back, else in groups of 3, 2, 2, 1, 1, 1
    assert len(stream.data) == 1 + 2 + (10 if keep else 6)
    assert workers == set(client.scheduler_info()["workers"]), workers


def test_scheduler_option_matches_the_local_command(client):
    args = ("uncertainty", "balkhash-selenium", "--samples", "400", "--chunk-size", "100", "--json")
    local = cli(*args)
    remote = cli(*args, "--scheduler", client.scheduler.address)
    assert local.returncode == 0 and remote.returncode == 0, remote.stderr
    assert remote.stdout == local.stdout


def test_a_chunk_too_small_to_correlate_is_refused_before_the_workers_run():
    """Not a worker's log of the failed task beside the error (their stderr is ours)."""
    out = cli("uncertainty", "balkhash-selenium", "--samples", "9", "--chunk-size", "4",
              "--workers", "2")  # fmt: skip
    assert out.returncode == 2, out.stderr
    assert out.stderr.strip().splitlines() == [
        "error: --samples: 3 samples in a chunk are too few to correlate 2 inputs; give at least 4"
    ], out.stderr


def test_an_input_error_in_a_task_is_raised_on_the_client(client):
    from valorize.analysis.scale_out import result, submit
    from valorize.errors import InputError

    def refuse(x: int) -> int:
        raise InputError(f"bad input {x}")

    with pytest.raises(InputError, match="bad input 3"):
        result(submit(client, refuse, 3))
    # and through a task that depends on the refused one
    with pytest.raises(InputError, match="bad input 4"):
        result(submit(client, abs, submit(client, refuse, 4)))
    assert result(submit(client, abs, submit(client, abs, -5))) == 5


def test_unreachable_scheduler_is_a_one_line_error():
    out = cli("uncertainty", "balkhash-selenium", "--samples", "10", "--scheduler",
              "tcp://127.0.0.1:9")  # fmt: skip
    assert out.returncode == 2, out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and "cannot reach" in out.stderr, out.stderr


@pytest.mark.parametrize(
    "case",
    [
        "almalyk-anode-slime",
        "almalyk-slag-hydrogen",
        "almalyk-crude-tellurium",
        "balkhash-flowsheet",
    ],
)
def test_every_route_gives_the_same_bits_on_the_cluster(client, case):
    """The model protocol's promise for each route: same seed, same bits locally and on Dask."""
    from valorize.model.registry import load_model

    model = load_model(case)
    local = run_uncertainty(model, 300, seed=5, chunk_size=100)
    remote = run_uncertainty(model, 300, seed=5, chunk_size=100, client=client)
    assert remote.summary == local.summary
    for key, v in local.outputs.items():
        assert remote.outputs[key].tobytes() == v.tobytes()
