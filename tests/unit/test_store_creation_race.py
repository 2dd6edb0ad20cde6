"""Eight processes opening a new scenario store at once all save (issue 16, kind 12)."""

import multiprocessing

from valorize.dashboard.store import ScenarioStore


def _open_and_save(args: tuple[str, int]) -> str | None:
    path, i = args
    try:
        ScenarioStore(path).save(f"scenario {i}", f"x = {i}\n")
    except Exception as exc:  # the test reports every failure, not the first
        return repr(exc)
    return None


def test_a_new_store_opened_by_eight_processes_at_once(tmp_path):
    failures = []
    context = multiprocessing.get_context("fork")
    for trial in range(10):
        path = str(tmp_path / f"race-{trial}.sqlite")
        with context.Pool(8) as pool:
            failures += [r for r in pool.map(_open_and_save, [(path, i) for i in range(8)]) if r]
        assert len(ScenarioStore(path).names()) == 8 or failures
    assert not failures, failures[:3]
