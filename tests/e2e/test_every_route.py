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
        (("uncertainty", "almalyk-slag-hydrogen", "--route", "leach"), "takes no option route"),
        (("run", "almalyk-slag-hydrogen", "--route", "leach"), "only anode slime cases"),
        (("uncertainty", "almalyk-anode-slime", "--route", "smelt"), "unknown route 'smelt'"),
        (("report", "almalyk-anode-slime", "--out", "r.html"), "refinery cases so far"),
    ],
)
def test_route_options_and_refusals_are_one_line(args, message, tmp_path):
    out = cli(*args, cwd=tmp_path)
    assert out.returncode == 2, out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and message in lines[0], out.stderr
