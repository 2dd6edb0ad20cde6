"""Saved scenarios in SQLite: save, load, replace, and two writers at once."""

import multiprocessing
import sqlite3
import threading

import pytest

from valorize.dashboard.store import DEFAULT_NAME, ScenarioStore, default_path
from valorize.errors import InputError

SAVES = 60


def test_save_load_replace_delete(tmp_path):
    store = ScenarioStore(tmp_path / "s.sqlite")
    assert store.names() == []
    store.save("hot", "a = 1\n")
    first = store.save("cold", "a = 2\n")
    assert set(store.names()) == {"hot", "cold"}
    assert store.load("cold") == first
    store.save("cold", "a = 3\n")
    assert store.load("cold").case_toml == "a = 3\n"
    assert len(store.names()) == 2
    store.delete("hot")
    with pytest.raises(InputError, match="'hot': not saved"):
        store.load("hot")
    with pytest.raises(InputError, match="give a name"):
        store.save("  ", "a = 1\n")


def test_the_database_is_in_wal_mode(tmp_path):
    ScenarioStore(tmp_path / "s.sqlite")
    with sqlite3.connect(tmp_path / "s.sqlite") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_default_path_is_in_the_user_data_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_path() == tmp_path / "valorize" / DEFAULT_NAME
    store = ScenarioStore()
    assert store.path.is_file()


def test_a_folder_is_not_a_database(tmp_path):
    with pytest.raises(InputError, match="is not a file"):
        ScenarioStore(tmp_path)


def test_a_file_that_is_not_sqlite_is_refused(tmp_path):
    junk = tmp_path / "junk.sqlite"
    junk.write_text("not a database, " * 100)
    with pytest.raises(InputError, match="cannot use"):
        ScenarioStore(junk)


def _writer(path, tag, barrier):
    store = ScenarioStore(path)
    barrier.wait()
    for i in range(SAVES):
        store.save(f"{tag}-{i}", f"# {tag} {i}\n" + "x = 1\n" * 50)
        store.save("shared", f"# {tag} {i}\n")


def test_two_processes_saving_at_once_corrupt_nothing(tmp_path):
    path = tmp_path / "s.sqlite"
    ScenarioStore(path)
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(2)
    procs = [ctx.Process(target=_writer, args=(path, t, barrier)) for t in ("a", "b")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
    assert [p.exitcode for p in procs] == [0, 0]
    store = ScenarioStore(path)
    assert store.integrity_check() == "ok"
    names = set(store.names())
    assert names == {f"{t}-{i}" for t in "ab" for i in range(SAVES)} | {"shared"}
    assert store.load("a-7").case_toml.startswith("# a 7\n")
    assert store.load("shared").case_toml in {f"# {t} {SAVES - 1}\n" for t in "ab"}


def test_two_threads_saving_at_once_corrupt_nothing(tmp_path):
    path = tmp_path / "s.sqlite"
    ScenarioStore(path)
    barrier = threading.Barrier(2)
    errors = []

    def work(tag):
        try:
            _writer(path, tag, barrier)
        except Exception as exc:  # pragma: no cover - the assertion below reports it
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(t,)) for t in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    store = ScenarioStore(path)
    assert store.integrity_check() == "ok"
    assert len(store.names()) == 2 * SAVES + 1
