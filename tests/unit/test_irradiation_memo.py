"""A site's clear-sky year kept between runs: the same sums, read without pvlib."""

import json
import subprocess
import sys

import pytest

from valorize.hydrogen import irradiation_memo
from valorize.hydrogen.solar import Site, yearly_irradiation

pytest.importorskip("pvlib")

SITE = Site(40.85, 69.6, 1200.0, "Asia/Tashkent", 38.0, 180.0, 0.2)


@pytest.fixture
def memo_folder(tmp_path, monkeypatch):
    """A fresh memo in ``tmp_path`` for this test, and the session's own memo after it."""
    monkeypatch.setenv("VALORIZE_CACHE_DIR", str(tmp_path))
    irradiation_memo.year_memo.cache_clear()
    monkeypatch.setattr(irradiation_memo, "_new", {})
    yield tmp_path
    irradiation_memo.year_memo.cache_clear()


def _file() -> str:
    path = irradiation_memo._path()
    assert path is not None
    return path


def _plant(data: object) -> None:
    with open(_file(), "w", encoding="utf-8") as f:
        f.write(data if isinstance(data, str) else json.dumps(data))
    irradiation_memo.year_memo.cache_clear()


def test_a_year_computed_again_is_read_from_the_file(memo_folder):
    first = yearly_irradiation(SITE, 2023, 200, 0.3, step_minutes=60)
    irradiation_memo.save()
    with open(_file(), encoding="utf-8") as f:
        data = json.load(f)
    assert data["pvlib"] == irradiation_memo.identity()
    key = irradiation_memo.year_key(SITE, 2023, 60)
    assert list(data["years"]) == [key]
    ghi, uncapped, poa = data["years"][key]
    assert (ghi, poa) == (first.ghi_clear, first.poa_clear) and uncapped >= ghi
    # a new process reads the file: planted sums show they came from there, not pvlib
    data["years"][key] = [1.0e9, 3.0e9, 2.0e9]
    _plant(data)
    again = yearly_irradiation(SITE, 2023, 200, 0.3, step_minutes=60)
    assert (again.ghi_clear, again.poa_clear) == (1.0e9, 2.0e9)
    assert again.warnings  # the uncapped sum kept too: the cap's notice is given


def test_another_site_year_or_step_is_computed(memo_folder):
    yearly_irradiation(SITE, 2023, 200, 0.3, step_minutes=60)
    tilted = Site(40.85, 69.6, 1200.0, "Asia/Tashkent", 30.0, 180.0, 0.2)
    keys = {
        irradiation_memo.year_key(SITE, 2023, 60),
        irradiation_memo.year_key(SITE, 2024, 60),
        irradiation_memo.year_key(SITE, 2023, 30),
        irradiation_memo.year_key(tilted, 2023, 60),
    }
    assert len(keys) == 4
    assert set(irradiation_memo.year_memo()) == {irradiation_memo.year_key(SITE, 2023, 60)}


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        {"pvlib": "another pvlib", "years": {}},
        {"years": []},
        {"pvlib": None, "years": {"k": [1.0, 2.0]}},
    ],
)
def test_a_file_not_as_written_counts_as_empty(memo_folder, content):
    if isinstance(content, dict) and content.get("pvlib") is None:
        content["pvlib"] = irradiation_memo.identity()
    _plant(content)
    assert irradiation_memo.year_memo() == {}
    resource = yearly_irradiation(SITE, 2023, 200, 0.3, step_minutes=60)
    assert resource.poa_clear > resource.ghi_clear > 1e9  # tilted south at 41 N


@pytest.mark.parametrize("bad", [[1.0, float("nan"), 2.0], [1.0, -2.0, 3.0], [1, 2, 3], "x"])
def test_entries_that_are_not_sums_are_ignored(memo_folder, bad):
    key = irradiation_memo.year_key(SITE, 2023, 60)
    _plant({"pvlib": irradiation_memo.identity(), "years": {key: bad}})
    assert irradiation_memo.kept(key) is None


CHILD = """
import sys
from valorize.hydrogen.solar import Site, yearly_irradiation
site = Site(40.85, 69.6, 1200.0, "Asia/Tashkent", 38.0, 180.0, 0.2)
r = yearly_irradiation(site, 2023, 200, 0.3, step_minutes=60)
print(repr((r.ghi_clear, r.poa_clear)), "pvlib" in sys.modules)
"""


def test_the_next_process_runs_without_pvlib(tmp_path):
    env = {"VALORIZE_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    runs = [
        subprocess.run(
            [sys.executable, "-c", CHILD], capture_output=True, text=True, check=True, env=env
        ).stdout.split()
        for _ in range(2)
    ]
    assert runs[0][-1] == "True" and runs[1][-1] == "False"
    assert runs[0][:-1] == runs[1][:-1]  # the same sums, to the bit (repr)


def test_the_file_keeps_the_sites_written_last(memo_folder, monkeypatch):
    monkeypatch.setattr(irradiation_memo, "MEMO_LIMIT", 3)
    keys = [f"site {k}" for k in range(5)]
    for k, key in enumerate(keys):
        irradiation_memo.remember(key, (1.0e9 + k, 1.0e9 + k, 2.0e9))
    irradiation_memo.save()
    irradiation_memo.remember(keys[0], (5.0e9, 5.0e9, 6.0e9))  # a later run's site
    irradiation_memo.save()
    with open(_file(), encoding="utf-8") as f:
        assert list(json.load(f)["years"]) == [keys[3], keys[4], keys[0]]


def test_another_solar_code_starts_another_file():
    import hashlib
    import importlib.util

    origin = importlib.util.find_spec("valorize.hydrogen.solar").origin
    with open(origin, "rb") as f:
        digest = hashlib.blake2b(f.read(), digest_size=16).hexdigest()
    assert irradiation_memo.identity().endswith(digest)


def test_a_model_for_sampling_keeps_the_cases_basis():
    from valorize.hydrogen.case import load_hydrogen_case
    from valorize.hydrogen.model import HydrogenModel

    model = HydrogenModel(load_hydrogen_case("almalyk-slag-hydrogen")[0])
    basis = model._basis
    assert model.for_sampling(100)._basis is basis
