"""`valorize hydrogen`: the built-in Almalyk case, its outputs, and bad case files."""

import json
from pathlib import Path

import pytest

from cli_runner import cli

BUILTIN = Path(__file__).resolve().parents[2] / "src/valorize/cases/almalyk-slag-hydrogen.toml"

pytestmark = pytest.mark.e2e


def test_builtin_case_runs_and_writes(tmp_path):
    out = cli(
        "hydrogen",
        "almalyk-slag-hydrogen",
        "--out",
        str(tmp_path / "o"),
        "--plot",
        str(tmp_path / "be.png"),
    )
    assert out.returncode == 0, out.stderr
    assert "steam methane reforming" in out.stdout and "break-even" in out.stdout
    data = json.loads((tmp_path / "o" / "hydrogen.json").read_text())
    case = data["photocatalysis"]["case"]
    assert case["h2_mean_kg_per_yr"] > 0 and case["lcoh_usd_per_kg"] > 0
    assert data["panels"]["land_m2"] > data["panels"]["area_m2"]
    smr = data["baselines"]["steam methane reforming"]
    assert 9.0 <= smr["co2_kg_per_kg"] <= 11.5
    b = data["breakeven"]
    # a CO2 price on reforming lowers the STH needed to break even
    assert b["sth_pct_with_co2_price"] < b["sth_pct_without_co2_price"]
    # the 0.76 % field system is far from break-even; the scenarios are ordered
    s = data["photocatalysis"]["scenarios"]
    assert s["best field system"]["lcoh_usd_per_kg"] > smr["lcoh_usd_per_kg"]
    assert (tmp_path / "be.png").stat().st_size > 1000


def test_json_and_html_plot(tmp_path):
    out = cli("hydrogen", str(BUILTIN), "--json", "--plot", str(tmp_path / "be.html"))
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["case"] == "almalyk-slag-hydrogen"
    assert "plotly" in (tmp_path / "be.html").read_text()


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('altitude = "530 m"', 'altitude = "530 kg"', "site.altitude"),
        ("FeO = 35.7", "FeO = 45.7", "sum to 100"),
        ("FeO = 35.7", "Xo = 35.7", "unknown component"),
        ('co2_price = "50 USD/t"', 'co2_price = "50 USD"', "economics.co2_price"),
        ("sth_pct = 5.0", "sth_pct = -1", "panels.sth_pct"),
        ("tilt_deg = 35", "tilt_deg = 35\ncolour = 1", "unknown field"),
        ('gas_price = "1800 UZS/m3"', 'gas_price = "1800 XYZ/m3"', "unknown currency"),
    ],
)
def test_bad_case_inputs_exit_2_with_one_line(tmp_path, old, new, message):
    text = BUILTIN.read_text()
    assert old in text
    path = tmp_path / "bad.toml"
    path.write_text(text.replace(old, new, 1))
    out = cli(
        "hydrogen", str(path), "--out", str(tmp_path / "out"), "--plot", str(tmp_path / "p.png")
    )
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0], out.stderr
    assert not (tmp_path / "out").exists() and not (tmp_path / "p.png").exists()


def test_unknown_case_and_bad_plot_suffix(tmp_path):
    out = cli("hydrogen", "no-such-case")
    assert out.returncode == 2 and "unknown case" in out.stderr
    out = cli("hydrogen", "almalyk-slag-hydrogen", "--plot", str(tmp_path / "x.gif"))
    assert out.returncode == 2 and "--plot" in out.stderr


def test_a_negative_sample_count_is_refused():
    out = cli("hydrogen", "almalyk-slag-hydrogen", "--samples", "-1")
    lines = out.stderr.strip().splitlines()
    assert out.returncode == 2 and out.stdout == "", out.stderr
    assert len(lines) == 1 and lines[0].startswith("error: --samples: give 0"), out.stderr


def test_run_takes_a_hydrogen_case_as_its_own_command_does():
    run = cli("run", "almalyk-slag-hydrogen", "--json")
    own = cli("hydrogen", "almalyk-slag-hydrogen", "--json")
    assert run.returncode == own.returncode == 0, run.stderr
    assert json.loads(run.stdout) == json.loads(own.stdout)


def test_project_npv_is_the_margin_over_reforming_times_discounted_output():
    """Without tax, NPV = (P_SMR - LCOH) x discounted hydrogen; the income tax (the
    rule every route shares) only takes from it, never gives."""
    import numpy as np

    from valorize.hydrogen.case import load_hydrogen_case
    from valorize.hydrogen.run import evaluate

    taxed = load_hydrogen_case("almalyk-slag-hydrogen")[0]
    untaxed = taxed.model_copy(
        update={"economics": taxed.economics.model_copy(update={"tax_rate": 0.0})}
    )
    results = {}
    for name, case in (("taxed", taxed), ("untaxed", untaxed)):
        payload, _ = evaluate(case)
        project, point = payload["project"], payload["photocatalysis"]["case"]
        rate, years = payload["economics"]["discount_rate"], payload["economics"]["lifetime_yr"]
        cash, made = np.array(project["cash_flow_usd"]), np.array(project["hydrogen_kg"])
        assert len(cash) == years + 1 and cash[0] < 0 and made[0] == 0
        v = (1 + rate) ** -np.arange(years + 1)
        assert project["npv_usd"] == pytest.approx(float(np.sum(cash * v)), rel=1e-12)
        margin = project["hydrogen_price_usd_per_kg"] - point["lcoh_usd_per_kg"]
        results[name] = (project["npv_usd"], margin * float(np.sum(made * v)))
    assert results["untaxed"][0] == pytest.approx(results["untaxed"][1], rel=1e-9)
    assert results["taxed"][0] <= results["untaxed"][0]


def test_risk_of_a_negative_npv(tmp_path):
    builtin = Path(__file__).resolve().parents[2] / "src/valorize/cases/almalyk-slag-hydrogen.toml"
    text = builtin.read_text().split("# Uncertain inputs")[0]
    narrow = text + (
        '[[uncertainty]]\nparameter = "panels.sth_pct"\ndistribution = "uniform"\n'
        "parameters = [4.9999, 5.0001]\n"
    )
    path = tmp_path / "narrow.toml"
    path.write_text(narrow)
    out = cli("hydrogen", str(path), "--json")
    assert out.returncode == 0, out.stderr
    project = json.loads(out.stdout)["project"]
    # at the case's own STH the NPV is negative, so every narrow sample is
    assert project["npv_usd"] < 0 and project["probability_npv_negative"] == 1.0
    p5, p50, p95 = project["npv_p5_p50_p95_usd"]
    assert p5 <= p50 <= p95 and p50 == pytest.approx(project["npv_usd"], rel=1e-3)
    wide = text + (
        '[[uncertainty]]\nparameter = "panels.sth_pct"\ndistribution = "uniform"\n'
        "parameters = [30.0, 40.0]\n"
    )
    path.write_text(wide)
    project = json.loads(cli("hydrogen", str(path), "--json").stdout)["project"]
    assert project["probability_npv_negative"] == 0.0  # far above the 11 % break-even
    path.write_text(
        text + '[[uncertainty]]\nparameter = "panels.colour"\n'
        'distribution = "uniform"\nparameters = [0, 1]\n'
    )
    out = cli("hydrogen", str(path))
    assert out.returncode == 2 and "'panels.colour' is not a parameter" in out.stderr
