"""Non-finite numbers never reach a result, and every JSON written is strict (issue 16, kind 3)."""

import json
from pathlib import Path

import pytest

from cli_runner import cli

pytestmark = pytest.mark.e2e
CASES = Path(__file__).resolve().parents[2] / "src/valorize/cases"


def _strict(text: str):
    def refuse(constant: str):
        raise ValueError(f"bare {constant} in JSON")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize(
    ("case", "old", "new", "field"),
    [
        ("balkhash-selenium", "Se = 80, Te = 2.6966", "Se = 80, Te = nan", "variants.0"),
        ("balkhash-selenium", "Se = 91.1,", "Se = inf,", "feed.composition_wt_pct.Se"),
        ("balkhash-selenium", "[0.0002, 0.001, 0.005]", "[0.0002, nan, 0.005]", "uncertainty"),
        ("balkhash-selenium", "target_irr = 0.15", "target_irr = nan", "economics.target_irr"),
        ("almalyk-anode-slime", "discount_rate = 0.10", "discount_rate = inf", "discount_rate"),
        ("almalyk-anode-slime", "Cu = 22.5,", "Cu = -inf,", "Cu"),
        ("almalyk-slag-hydrogen", "latitude = 40.845", "latitude = nan", "latitude"),
    ],
)
def test_nan_and_infinity_are_refused_with_their_field(tmp_path, case, old, new, field):
    text = (CASES / f"{case}.toml").read_text()
    assert old in text
    path = tmp_path / "bad.toml"
    path.write_text(text.replace(old, new, 1))
    out = cli("run", str(path), "--out", str(tmp_path / "out"))
    lines = out.stderr.strip().splitlines()
    assert out.returncode == 2, out.stdout
    assert len(lines) == 1 and lines[0].startswith("error:") and field in lines[0], out.stderr
    assert not (tmp_path / "out").exists()


def test_every_json_written_is_strict(tmp_path):
    # a zero head cut leaves the cut's composition undefined: null, not NaN
    text = (CASES / "balkhash-selenium.toml").read_text().replace("head_cut = 0.03", "head_cut = 0")
    path = tmp_path / "cut0.toml"
    path.write_text(text)
    out = cli("run", str(path), "--json")
    assert out.returncode == 0, out.stderr
    _strict(out.stdout)
    assert cli("run", str(path), "--out", str(tmp_path / "o")).returncode == 0
    _strict((tmp_path / "o" / "results.json").read_text())
    hydrogen = cli("hydrogen", "almalyk-slag-hydrogen", "--json")
    _strict(hydrogen.stdout)  # its payback is never: null
    assert json.loads(hydrogen.stdout)["project"]["payback_yr"] is None


@pytest.mark.parametrize(
    "args",
    [
        ("vle", "bubble", "--components", "Se,Te", "--fractions", "nan,0.1", "-P", "10 Pa"),
        ("optimize", "balkhash-selenium", "--purity", "nan"),
        (
            "optimize",
            "balkhash-selenium",
            "--objectives",
            "npv,purity",
            "--grade-probability",
            "inf",
        ),
        ("vapor-pressure", "Se", "-T", "1e999 K"),
    ],
)
def test_non_finite_numbers_on_the_command_line(args):
    out = cli(*args)
    assert out.returncode == 2 and out.stderr.startswith("error:"), out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
