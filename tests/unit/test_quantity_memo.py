"""pint's conversions kept between runs: the same floats, pint's errors, no stale entries."""

import json
import os
import subprocess
import sys

import pytest

from valorize import quantity_memo
from valorize.cache_files import cache_folder
from valorize.errors import InputError
from valorize.quantities import parse_quantity


@pytest.fixture
def memo_folder(tmp_path, monkeypatch):
    """A fresh memo in ``tmp_path`` for this test, and the session's own memo after it."""
    monkeypatch.setenv("VALORIZE_CACHE_DIR", str(tmp_path))
    quantity_memo.conversion_memo.cache_clear()
    monkeypatch.setattr(quantity_memo, "_new", {})
    yield tmp_path
    quantity_memo.conversion_memo.cache_clear()


def _file():
    path = quantity_memo._path()
    assert path is not None
    return path


def _written() -> dict:
    with open(_file(), encoding="utf-8") as f:
        return json.load(f)


def _plant(text: str) -> None:
    with open(_file(), "w", encoding="utf-8") as f:
        f.write(text)
    quantity_memo.conversion_memo.cache_clear()


def test_a_text_read_again_gives_pints_float_from_the_file(memo_folder):
    assert parse_quantity("400 degC", "temperature", "t") == 673.15
    quantity_memo.save()
    data = _written()
    assert data["pint"] == quantity_memo.pint_identity()
    assert data["values"] == {"400 degC -> kelvin": 673.15}
    # a new process reads the file: a planted value shows it came from there, not pint
    data["values"]["400 degC -> kelvin"] = 1.5
    _plant(json.dumps(data))
    assert parse_quantity("400 degC", "temperature", "t") == 1.5


def _identity() -> str:
    return quantity_memo.pint_identity() or ""


@pytest.mark.parametrize(
    "content",
    [
        '{"pint": "another pint", "values": {"400 degC -> kelvin": 1.5}}',
        "not json",
        '{"pint": null}',
        "[1, 2]",
        '{"pint": "%s", "values": {"400 degC -> kelvin": true}}',
        '{"pint": "%s", "values": {"400 degC -> kelvin": 1' + "0" * 400 + "}}",
        '{"pint": "%s", "values": {"400 degC -> kelvin": NaN}}',
        "[" * 100_000 + "]" * 100_000,
    ],
)
def test_a_memo_not_as_written_is_not_used_and_is_replaced(memo_folder, content):
    _plant(content.replace("%s", _identity().replace("\\", "\\\\")) if "%s" in content else content)
    assert parse_quantity("400 degC", "temperature", "t") == 673.15
    quantity_memo.save()  # replaced by one this pint wrote
    assert _written()["values"] == {"400 degC -> kelvin": 673.15}


def test_two_installations_of_pint_keep_their_own_files(memo_folder, monkeypatch):
    parse_quantity("10 Pa", "pressure", "p")
    quantity_memo.save()
    mine = _file()
    monkeypatch.setattr(quantity_memo, "pint_identity", lambda: "another pint")
    quantity_memo.conversion_memo.cache_clear()
    parse_quantity("30 Pa", "pressure", "p")
    quantity_memo.save()
    assert _file() != mine
    assert _written()["values"] == {"30 Pa -> pascal": 30.0}
    with open(mine, encoding="utf-8") as f:
        assert json.load(f)["values"] == {"10 Pa -> pascal": 10.0}


def test_errors_are_pints_every_time_and_never_kept(memo_folder):
    for _ in range(2):
        with pytest.raises(InputError, match="unknown unit 'flurbs'"):
            parse_quantity("3 flurbs", "length", "gap")
        with pytest.raises(InputError, match="is not a length"):
            parse_quantity("3 kg", "length", "gap")
    quantity_memo.save()
    assert not os.path.exists(_file())


def test_a_folder_that_cannot_be_written_changes_nothing(tmp_path, monkeypatch):
    blocker = tmp_path / "a file"
    blocker.write_text("")
    monkeypatch.setenv("VALORIZE_CACHE_DIR", str(blocker / "memo"))
    quantity_memo.conversion_memo.cache_clear()
    monkeypatch.setattr(quantity_memo, "_new", {})
    assert parse_quantity("1 mmHg", "pressure", "p") == pytest.approx(133.322, rel=1e-5)
    quantity_memo.save()  # no error, no file
    assert not (blocker / "memo").exists()
    quantity_memo.conversion_memo.cache_clear()


def test_the_folder_follows_the_xdg_rules(monkeypatch, tmp_path):
    monkeypatch.delenv("VALORIZE_CACHE_DIR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_folder() == str(tmp_path / "xdg" / "valorize")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")  # ignored, as XDG says
    assert cache_folder() == str(tmp_path / ".cache" / "valorize")
    monkeypatch.setenv("VALORIZE_CACHE_DIR", "~/memo")
    assert cache_folder() == str(tmp_path / "memo")


def test_the_memo_stops_growing_at_its_limit(memo_folder, monkeypatch):
    monkeypatch.setattr(quantity_memo, "MEMO_LIMIT", 3)
    for k in range(5):
        parse_quantity(f"{k} Pa", "pressure", "p")
    quantity_memo.save()
    assert len(_written()["values"]) == 3


def test_a_case_read_before_is_read_without_importing_pint(tmp_path):
    script = (
        "import sys\n"
        "from valorize.refinery.case import load_case\n"
        "load_case('balkhash-selenium')\n"
        "print('pint' in sys.modules)\n"
    )
    env = {"VALORIZE_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    runs = [
        subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        ).stdout.strip()
        for _ in range(2)
    ]
    assert runs == ["True", "False"]


def test_a_broken_memo_gives_no_traceback_to_a_command(tmp_path):
    env = {**os.environ, "VALORIZE_CACHE_DIR": str(tmp_path)}
    run = [sys.executable, "-m", "valorize.cli", "run", "balkhash-selenium"]
    first = subprocess.run(run, env=env, capture_output=True, text=True, check=True)
    (file,) = tmp_path.glob("quantities-*.json")
    identity = json.dumps(json.loads(file.read_text())["pint"])
    # this pint's file, with a number no float holds (json reads it as an int)
    huge = "1" + "0" * 400
    file.write_text('{"pint": ' + identity + ', "values": {"400 degC -> kelvin": ' + huge + "}}")
    again = subprocess.run(run, env=env, capture_output=True, text=True)
    assert again.returncode == 0 and "Traceback" not in again.stderr
    assert again.stdout == first.stdout
