"""Degenerate but legal inputs give a sound answer or a clear refusal (issue 16, kind 5)."""

import json
import re
from pathlib import Path

import pytest

from cli_runner import cli

pytestmark = pytest.mark.e2e
CASE = Path(__file__).resolve().parents[2] / "src/valorize/cases/balkhash-selenium.toml"


def with_operation(tmp_path, **fields):
    text = CASE.read_text()
    for key, value in fields.items():
        pattern = re.compile(rf"^{key} = .*$", re.MULTILINE)
        line = f"{key} = {value}"
        text = (
            pattern.sub(line, text, 1)
            if pattern.search(text)
            else text.replace("[operation]\n", f"[operation]\n{line}\n", 1)
        )
    path = tmp_path / "case.toml"
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"distilled_fraction": 0}, "0 distils nothing"),
        ({"distilled_fraction": 0, "passes": 5}, "0 distils nothing"),
        ({"distilled_fraction": 0.001, "passes": 5}, "keep 8.6e-16 of it"),
        ({"head_cut": 0.999, "passes": 5}, "no product to speak of"),
    ],
)
def test_nothing_to_sell_is_refused_for_its_real_cause(tmp_path, fields, message):
    out = cli("run", str(with_operation(tmp_path, **fields)))
    lines = out.stderr.strip().splitlines()
    assert out.returncode == 2 and len(lines) == 1 and message in lines[0], out.stderr
    assert "Warning" not in out.stderr


def test_a_large_residue_recycle_is_a_sound_answer(tmp_path):
    out = cli("run", str(with_operation(tmp_path, residue_recycle=0.99)), "--json")
    assert out.returncode == 0, out.stderr
    assert "Warning" not in out.stderr
    s = json.loads(out.stdout)["summary"]
    assert 0 < s["product_Se_wt_pct"] <= 100 and s["product_t_per_yr"] > 0
    assert s["mass_balance_rel_error"] < 1e-9
