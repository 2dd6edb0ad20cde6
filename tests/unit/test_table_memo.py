"""The data files' tables kept between runs: the same tables, re-parsed when a file changes."""

import json
import subprocess
import sys

import pytest

from valorize.data import loader, table_memo

FOLDER = "/some/valorize/data"
TEXT = 'title = "elements"\n[element.Se]\nmolar_mass = 78.971\nz = 34\nliquid = true\n'


@pytest.fixture
def memo_folder(tmp_path, monkeypatch):
    """A fresh memo in ``tmp_path`` for this test, and the session's own memo after it."""
    monkeypatch.setenv("VALORIZE_CACHE_DIR", str(tmp_path))
    table_memo._memo.cache_clear()
    monkeypatch.setattr(table_memo, "_new", set())
    yield tmp_path
    table_memo._memo.cache_clear()


def _file() -> str:
    path = table_memo._path(FOLDER)
    assert path is not None
    return path


def _written() -> dict:
    with open(_file(), encoding="utf-8") as f:
        return json.load(f)


def _plant(content: str) -> None:
    with open(_file(), "w", encoding="utf-8") as f:
        f.write(content)
    table_memo._memo.cache_clear()


def test_a_table_read_again_comes_from_the_file(memo_folder):
    first = table_memo.parsed(FOLDER, "elements.toml", TEXT)
    se = {"molar_mass": 78.971, "z": 34, "liquid": True}
    assert first == {"title": "elements", "element": {"Se": se}}
    table_memo.save()
    data = _written()
    assert data["folder"] == FOLDER and set(data["tables"]) == {"elements.toml"}
    # a new process reads the file: a planted value shows it came from there, not tomllib
    data["tables"]["elements.toml"]["json"] = '{"planted": 1}'
    _plant(json.dumps(data))
    assert table_memo.parsed(FOLDER, "elements.toml", TEXT) == {"planted": 1}


def test_each_call_gets_its_own_table(memo_folder):
    table_memo.parsed(FOLDER, "elements.toml", TEXT)["element"].clear()
    assert table_memo.parsed(FOLDER, "elements.toml", TEXT)["element"]["Se"]["z"] == 34
    table_memo.save()
    table_memo._memo.cache_clear()
    table_memo.parsed(FOLDER, "elements.toml", TEXT)["element"].clear()
    assert table_memo.parsed(FOLDER, "elements.toml", TEXT)["element"]["Se"]["z"] == 34


def _molar_mass(table: dict) -> float:
    return table["element"]["Se"]["molar_mass"]


def test_an_edited_file_is_parsed_again(memo_folder):
    table_memo.parsed(FOLDER, "elements.toml", TEXT)
    table_memo.save()
    table_memo._memo.cache_clear()
    edited = TEXT.replace("78.971", "78.97")
    assert _molar_mass(table_memo.parsed(FOLDER, "elements.toml", edited)) == 78.97
    table_memo.save()
    table_memo._memo.cache_clear()
    assert _molar_mass(table_memo.parsed(FOLDER, "elements.toml", edited)) == 78.97


def test_another_installation_keeps_its_own_file(memo_folder):
    table_memo.parsed(FOLDER, "elements.toml", TEXT)
    table_memo.parsed("/another/data", "elements.toml", TEXT)
    table_memo.save()
    assert table_memo._path(FOLDER) != table_memo._path("/another/data")
    assert len(list(memo_folder.glob("data-tables-*.json"))) == 2


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        "[1, 2]",
        '{"folder": "/another/data", "tables": {}}',
        '{"folder": "%s", "tables": [1]}',
        '{"folder": "%s", "tables": {"elements.toml": {"digest": 1, "json": "{}"}}}',
        '{"folder": "%s", "tables": {"elements.toml": {"digest": "%d", "json": "[1]"}}}',
        '{"folder": "%s", "tables": {"elements.toml": {"digest": "%d", "json": "{"}}}',
        "[" * 100_000 + "]" * 100_000,
    ],
)
def test_a_memo_not_as_written_is_not_used(memo_folder, content):
    digest = table_memo._digest(TEXT)
    _plant(content.replace("%s", FOLDER).replace("%d", digest))
    assert table_memo.parsed(FOLDER, "elements.toml", TEXT)["element"]["Se"]["z"] == 34


@pytest.mark.parametrize("value", ["1979-05-27", "nan", "inf"])
def test_a_table_json_cannot_hold_exactly_is_not_kept(memo_folder, value):
    table = table_memo.parsed(FOLDER, "dated.toml", f"when = {value}\n")
    assert "when" in table
    table_memo.save()
    assert list(memo_folder.glob("data-tables-*.json")) == []


def test_toml_errors_are_tomllibs_and_not_kept(memo_folder):
    import tomllib

    with pytest.raises(tomllib.TOMLDecodeError):
        table_memo.parsed(FOLDER, "broken.toml", "a = ")
    assert table_memo._new == set()


def test_a_folder_that_cannot_be_written_changes_nothing(tmp_path, monkeypatch):
    blocker = tmp_path / "a file"
    blocker.write_text("")
    monkeypatch.setenv("VALORIZE_CACHE_DIR", str(blocker / "memo"))
    table_memo._memo.cache_clear()
    monkeypatch.setattr(table_memo, "_new", set())
    assert table_memo.parsed(FOLDER, "elements.toml", TEXT)["element"]["Se"]["z"] == 34
    table_memo.save()  # no error, no file
    assert not (blocker / "memo").exists()
    table_memo._memo.cache_clear()


def test_the_loader_gives_the_same_records_from_the_memo(tmp_path):
    script = (
        "import sys\n"
        "from valorize.data import loader\n"
        "print(repr(sorted(loader.elements().items())), repr(loader.process_parameters()))\n"
        "print('tomllib' in sys.modules)\n"
    )
    env = {"VALORIZE_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    runs = [
        subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        ).stdout.splitlines()
        for _ in range(2)
    ]
    assert runs[0][0] == runs[1][0]
    assert [runs[0][1], runs[1][1]] == ["True", "False"]
    assert loader.elements()["Se"].molar_mass.value == pytest.approx(0.078971, rel=1e-4)


def test_a_cache_path_that_is_no_regular_file_is_no_cache(tmp_path):
    import os

    from valorize.cache_files import read_json

    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)  # opening it for reading would wait for a writer
    device = tmp_path / "zero.json"
    device.symlink_to("/dev/zero")  # reading it would never end
    assert read_json(str(fifo)) is None and read_json(str(device)) is None
    (tmp_path / "ok.json").write_text('{"a": 1}')
    assert read_json(str(tmp_path / "ok.json")) == {"a": 1}
