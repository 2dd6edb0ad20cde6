"""pint's conversions kept between runs: the same floats, pint's errors, no stale entries."""

import json
import subprocess
import sys

import pytest

from valorize import quantity_memo
from valorize.errors import InputError
from valorize.quantities import parse_quantity


@pytest.fixture
def memo_folder(tmp_path, monkeypatch):
    """A fresh memo in ``tmp_path`` for this test, and the process's own memo after it."""
    monkeypatch.setenv("VALORIZE_CACHE_DIR", str(tmp_path))
    quantity_memo.conversion_memo.cache_clear()
    monkeypatch.setattr(quantity_memo, "_new", {})
    yield tmp_path
    quantity_memo.conversion_memo.cache_clear()


def _written(folder) -> dict:
    return json.loads((folder / "quantities.json").read_text())


def test_a_text_read_again_gives_pints_float_from_the_file(memo_folder):
    first = parse_quantity("400 degC", "temperature", "t")
    assert first == 673.15
    quantity_memo.save()
    data = _written(memo_folder)
    assert data["pint"] == quantity_memo.pint_identity()
    assert data["values"] == {"400 degC -> kelvin": 673.15}
    # a new process reads the file: planted value shows it came from there, not pint
    data["values"]["400 degC -> kelvin"] = 1.5
    (memo_folder / "quantities.json").write_text(json.dumps(data))
    quantity_memo.conversion_memo.cache_clear()
    assert parse_quantity("400 degC", "temperature", "t") == 1.5


@pytest.mark.parametrize(
    "content",
    [
        '{"pint": "another pint", "values": {"400 degC -> kelvin": 1.5}}',
        "not json",
        '{"pint": null}',
        "[1, 2]",
    ],
)
def test_a_memo_of_another_pint_or_unreadable_is_not_used(memo_folder, content):
    (memo_folder / "quantities.json").write_text(content)
    assert parse_quantity("400 degC", "temperature", "t") == 673.15
    quantity_memo.save()  # and it is replaced by one this pint wrote
    assert _written(memo_folder)["values"] == {"400 degC -> kelvin": 673.15}


def test_errors_are_pints_every_time_and_never_kept(memo_folder):
    for _ in range(2):
        with pytest.raises(InputError, match="unknown unit 'flurbs'"):
            parse_quantity("3 flurbs", "length", "gap")
        with pytest.raises(InputError, match="is not a length"):
            parse_quantity("3 kg", "length", "gap")
    quantity_memo.save()
    assert not (memo_folder / "quantities.json").exists()


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


def test_the_memo_stops_growing_at_its_limit(memo_folder, monkeypatch):
    monkeypatch.setattr(quantity_memo, "MEMO_LIMIT", 3)
    for k in range(5):
        parse_quantity(f"{k} Pa", "pressure", "p")
    quantity_memo.save()
    assert len(_written(memo_folder)["values"]) == 3


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
