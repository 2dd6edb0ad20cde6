"""`valorize run` on flowsheet cases: the built-in one, and bad wiring (exit 2, nothing written)."""

import json
from pathlib import Path

import pytest

from cli_runner import cli

pytestmark = pytest.mark.e2e
CASE = Path(__file__).resolve().parents[2] / "src/valorize/cases/balkhash-flowsheet.toml"


def test_run_balkhash_flowsheet_reports_streams_units_and_money(tmp_path):
    out = cli("run", "balkhash-flowsheet", "--out", str(tmp_path / "res"))
    assert out.returncode == 0, out.stderr
    assert "streams (t/yr" in out.stdout and "units (design and cost)" in out.stdout
    s = json.loads((tmp_path / "res" / "results.json").read_text())["summary"]
    streams = {row["name"]: row for row in s["streams"]}
    assert {"crude", "melt", "residue", "recycled residue", "ingots", "volatile cut"} <= set(
        streams
    )
    assert streams["recycled residue"]["tear"]
    # the splitter's shares: half the residue back, half to the smelter
    assert streams["recycled residue"]["t_per_yr"] == pytest.approx(
        streams["residue to smelter"]["t_per_yr"], rel=1e-12
    )
    assert s["mass_balance_rel_error"] < 1e-9
    assert s["product_t_per_yr"] == pytest.approx(streams["ingots"]["t_per_yr"], rel=1e-12)
    assert {u["kind"] for u in s["units"]} == {
        "mixer",
        "melter",
        "vacuum_furnace",
        "caster",
        "splitter",
        "sink",
    }
    assert s["recycle_iterations"] > 1 and s["economics"]["scenarios"]


BAD = [
    ('inlets = ["melt"]', 'inlets = ["molt"]', "unit 'vacuum furnace' takes stream 'molt'"),
    (
        'inlets = ["residue to smelter"]',
        'inlets = ["residue"]',
        "stream 'residue' is an inlet of both",
    ),
    ('inlets = ["charge"]', "inlets = []", "unit 'melter' (melter) has no inlet"),
    ('kind = "caster"', 'kind = "moulder"', "flowsheet.unit.3.kind"),
    ("fractions = [0.5, 0.5]", "fractions = [0.0, 1.0]", "recycle loop 'charge mixer -> "),
]


@pytest.mark.parametrize(("old", "new", "message"), BAD)
def test_bad_flowsheet_is_one_line_exit_2_and_writes_nothing(tmp_path, old, new, message):
    text = CASE.read_text()
    assert old in text
    path = tmp_path / "bad.toml"
    path.write_text(text.replace(old, new, 1))
    out = cli("run", str(path), "--out", str(tmp_path / "res"), "--report")
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and message in lines[0], out.stderr
    assert not (tmp_path / "res").exists() or not any((tmp_path / "res").iterdir())


def test_the_flowsheet_answer_lies_in_its_own_uncertainty_band(tmp_path):
    """Sampled through the flowsheet (recycle and all), not the plain furnace: inputs
    narrowed around the case reproduce the flowsheet's own answer."""
    from valorize.analysis.uncertainty import run_uncertainty
    from valorize.refinery.case import load_case
    from valorize.refinery.model import RefineryModel
    from valorize.refinery.run import run

    text = CASE.read_text().split("# Uncertain inputs")[0] + (
        '[[uncertainty]]\nparameter = "model.entrainment"\ndistribution = "uniform"\n'
        "parameters = [0.001, 0.0010000001]\n"
    )
    path = tmp_path / "narrow-flowsheet.toml"
    path.write_text(text)
    case = load_case(str(path))[0]
    base = run(case).summary
    u = run_uncertainty(RefineryModel(case), 64, seed=0, method="mc").summary["outputs"]
    # sampling integrates with 16 steps per cut, the run with 48
    assert u["product_t_per_yr"]["p50"] == pytest.approx(base["product_t_per_yr"], rel=1e-5)
    assert u["product_Se_wt_pct"]["p50"] == pytest.approx(base["product_Se_wt_pct"], rel=1e-6)
    assert u["npv_usd"]["p50"] == pytest.approx(base["npv_usd"], rel=1e-4)
    out = cli("sensitivity", "balkhash-flowsheet", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["bars"]["product_t_per_yr"][0]["input"] == "feed.Se_wt_pct"


def test_compare_takes_a_flowsheet_case_beside_a_plain_one():
    out = cli("compare", "balkhash-selenium", "balkhash-flowsheet")
    assert out.returncode == 0, out.stderr
    assert "balkhash-flowsheet" in out.stdout


@pytest.mark.parametrize("kept", ["0.95", "0.99"])
def test_a_large_residue_recycle_converges(tmp_path, kept):
    # issue 16, kind 9: 95 % recycled failed after one accelerated step; now damped
    case = Path(__file__).resolve().parents[2] / "src/valorize/cases/balkhash-flowsheet.toml"
    path = tmp_path / "recycle.toml"
    path.write_text(
        case.read_text().replace(
            "fractions = [0.5, 0.5]", f"fractions = [{1 - float(kept):.2f}, {kept}]", 1
        )
    )
    out = cli("run", str(path), "--json")
    assert out.returncode == 0, out.stderr
    s = json.loads(out.stdout)["summary"]
    assert s["mass_balance_rel_error"] < 1e-9 and s["product_t_per_yr"] > 60
