"""The commands that consume models take a case of every route."""

import json

import pytest

from cli_runner import cli

pytestmark = pytest.mark.e2e


def test_cases_lists_every_route():
    out = cli("cases", "--json")
    assert out.returncode == 0, out.stderr
    routes = {c["name"]: c["route"] for c in json.loads(out.stdout)["cases"]}
    assert routes["almalyk-anode-slime"] == "slime"
    assert routes["almalyk-slag-hydrogen"] == "hydrogen"
    assert routes["balkhash-selenium"] == routes["balkhash-flowsheet"] == "refinery"


@pytest.mark.parametrize(
    ("case", "key"),
    [("almalyk-anode-slime", "routes"), ("almalyk-slag-hydrogen", "project")],
)
def test_run_takes_the_almalyk_cases(case, key):
    out = cli("run", case, "--json")
    assert out.returncode == 0, out.stderr
    assert key in json.loads(out.stdout)


@pytest.mark.parametrize(
    ("case", "options"),
    [
        ("almalyk-anode-slime", ()),
        ("almalyk-anode-slime", ("--route", "leach")),
        ("almalyk-slag-hydrogen", ()),
    ],
)
def test_uncertainty_takes_every_route(case, options):
    out = cli("uncertainty", case, "--samples", "200", "--json", *options)
    assert out.returncode == 0, out.stderr
    s = json.loads(out.stdout)
    assert 0.0 <= s["probability_npv_negative"] <= 1.0
    assert s["outputs"]["npv_usd"]["unit"] == "USD"
    text = cli("uncertainty", case, "--samples", "200", *options)
    assert "net present value" in text.stdout and "M USD" in text.stdout


def test_the_slime_path_decides_what_is_sampled():
    out = cli("uncertainty", "almalyk-anode-slime", "--samples", "100", "--json")
    left = json.loads(out.stdout)["left_out"]
    assert left["inputs"] == ["leach.leached.Te", "leach.te_cemented.Te"]
    assert "roast.volatilized.Se" in json.loads(out.stdout)["inputs"]


def test_sensitivity_takes_every_route():
    out = cli("sensitivity", "almalyk-slag-hydrogen", "--json")
    assert out.returncode == 0, out.stderr
    bars = json.loads(out.stdout)["bars"]["npv_usd"]
    assert bars[0]["input"] == "panels.sth_pct"  # the efficiency decides the hydrogen made


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("uncertainty", "almalyk-slag-hydrogen", "--route", "leach"),
            "--route: the hydrogen route takes no such option",
        ),
        (("uncertainty", "almalyk-slag-hydrogen", "--extrapolate"), "--extrapolate: the hydrogen"),
        (("run", "almalyk-slag-hydrogen", "--extrapolate"), "--extrapolate: the hydrogen"),
        (("run", "almalyk-slag-hydrogen", "--route", "leach"), "only anode slime cases"),
        (("uncertainty", "almalyk-anode-slime", "--route", "smelt"), "unknown route 'smelt'"),
        (("report", "almalyk-anode-slime", "--out", "r.pdf"), "looks like a file"),
    ],
)
def test_route_options_and_refusals_are_one_line(args, message, tmp_path):
    out = cli(*args, cwd=tmp_path)
    assert out.returncode == 2, out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and message in lines[0], out.stderr


def test_compare_matches_metrics_by_name_and_unit():
    out = cli(
        "compare", "balkhash-selenium", "almalyk-anode-slime", "almalyk-slag-hydrogen", "--json"
    )
    assert out.returncode == 0, out.stderr
    payload = json.loads(out.stdout)
    columns = {c["label"]: c for c in payload["columns"]}
    slime, hydrogen = columns["almalyk-anode-slime"], columns["almalyk-slag-hydrogen"]
    # the refined selenium of both selenium routes lands in one row, in one unit
    assert payload["units"]["product_t_per_yr"] == "t/yr"
    assert (
        slime["product_t_per_yr"] > 0
        and columns["balkhash-selenium @ news-2024"]["product_t_per_yr"] > 0
    )
    assert hydrogen.get("product_t_per_yr") is None and hydrogen["npv_usd"] < 0
    text = cli("compare", "balkhash-selenium", "almalyk-slag-hydrogen").stdout
    assert "levelized cost of hydrogen (USD/kg)" in text and "net present value (M USD)" in text
    # both selenium routes' refined Se share one row
    rows = cli("compare", "balkhash-selenium", "almalyk-anode-slime").stdout.splitlines()
    assert len([r for r in rows if r.startswith("refined selenium out (t/yr)")]) == 1


def test_compare_gives_another_product_its_own_row():
    """The tellurium case's refined Te is not shown as refined selenium."""
    rows = cli("compare", "balkhash-selenium", "almalyk-crude-tellurium").stdout.splitlines()
    selenium = next(r for r in rows if r.startswith("refined selenium out (t/yr)"))
    tellurium = next(r for r in rows if r.startswith("refined tellurium out (t/yr)"))
    assert selenium.split()[-1] == "-" and tellurium.split()[-3:-1] == ["-", "-"]


@pytest.mark.parametrize("case", ["almalyk-anode-slime", "almalyk-slag-hydrogen"])
def test_report_of_every_route(tmp_path, case):
    """The model's report: the answer with labels and units, the targets, the odds and a
    tornado over the case's uncertain inputs, the assumed data with their sources."""
    out = cli("report", case, "--out", str(tmp_path / "r"), "--samples", "64")
    assert out.returncode == 0, out.stderr
    text = (tmp_path / "r" / "report.html").read_text()
    for part in ("The answer", "net present value", "How sure we are", 'id="fig-tornado"'):
        assert part in text, part
    assert text.count("plotly.js v") == 1  # the library embedded once, for every figure
    assert "assumed" in text and "SHA-256" in text
    run = cli("run", case, "--out", str(tmp_path / "run"), "--report")
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "run" / "report.html").exists()


def test_a_capped_tellurium_run_says_so(tmp_path):
    from pathlib import Path

    case = Path(__file__).resolve().parents[2] / "src/valorize/cases/almalyk-crude-tellurium.toml"
    path = tmp_path / "big.toml"
    path.write_text(case.read_text().replace('rate = "3 t/yr"', 'rate = "300 t/yr"', 1))
    from valorize.model.registry import load_model

    detail = load_model(str(path)).detail()
    assert detail["summary"]["processed_share"] < 1
    assert any("cannot process all the crude" in w for w in detail["warnings"])
