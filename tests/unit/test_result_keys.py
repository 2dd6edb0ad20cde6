"""Every key valorize writes is described in docs/results.md, which the registry generates."""

import json
from pathlib import Path

import pytest

from cli_runner import cli
from valorize.model.registry import builtin_cases, load_model
from valorize.model.result_keys import RESULT_KEYS, describes, key_paths, page, undescribed
from valorize.model.results import SHARED_KEYS

ROOT = Path(__file__).resolve().parents[2]


def _document(name: str) -> dict:
    model = load_model(name)
    detail = model.detail(("roast", "leach")) if model.route == "slime" else model.detail()
    return json.loads(json.dumps(detail, default=float))


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> dict[str, dict]:
    docs = {name: _document(name) for name in builtin_cases()}
    # what commands add to the document: the hydrogen command's odds, report's files
    out = cli("hydrogen", "almalyk-slag-hydrogen", "--json", "--samples", "16")
    assert out.returncode == 0, out.stderr
    docs["hydrogen command"] = json.loads(out.stdout)
    folder = tmp_path_factory.mktemp("report")
    out = cli("report", "almalyk-crude-tellurium", "--json", "--samples", "0", "--out", str(folder))
    assert out.returncode == 0, out.stderr
    docs["report command"] = json.loads(out.stdout)
    return docs


def test_every_route_starts_with_the_shared_keys(documents):
    for name, d in documents.items():
        assert tuple(d)[: len(SHARED_KEYS)] == SHARED_KEYS, name


def test_every_key_written_is_described(documents):
    for name, d in documents.items():
        assert undescribed(key_paths(d)) == [], name


def test_every_description_is_of_a_key_written(documents):
    written = set().union(*(key_paths(d) for d in documents.values()))
    stale = [k for k, _, _ in RESULT_KEYS if not any(describes(k, p) for p in written)]
    assert stale == []


def test_an_undescribed_key_is_caught():
    assert undescribed({"summary.new_thing"}) == ["summary.new_thing"]
    assert undescribed({"summary.impurities_ppm.<element>"}) == []


def test_the_page_is_the_one_the_registry_writes():
    """docs/results.md: python -m valorize.model.result_keys > docs/results.md"""
    assert (ROOT / "docs" / "results.md").read_text() == page()
