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


@pytest.mark.parametrize(
    ("command", "message"),
    [
        ("optimize", "does not solve a [flowsheet]"),
        ("uncertainty", "[flowsheet] case over scenarios is not supported yet"),
        ("sensitivity", "[flowsheet] case over scenarios is not supported yet"),
    ],
)
def test_commands_that_do_not_solve_flowsheets_say_so(command, message, tmp_path):
    text = CASE.read_text() + (
        '\n[[uncertainty]]\nparameter = "model.entrainment"\ndistribution = "uniform"\n'
        "parameters = [0.0005, 0.002]\n"
    )
    path = tmp_path / "uncertain-flowsheet.toml"
    path.write_text(text)
    out = cli(command, str(path))
    assert out.returncode == 2 and message in out.stderr, out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_compare_takes_a_flowsheet_case_beside_a_plain_one():
    out = cli("compare", "balkhash-selenium", "balkhash-flowsheet")
    assert out.returncode == 0, out.stderr
    assert "balkhash-flowsheet" in out.stdout
