"""`valorize portfolio`: every route's project ranked with the same measures."""

import json

import pytest

from cli_runner import cli

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def default_portfolio():
    out = cli("portfolio", "--samples", "200", "--json")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_default_portfolio_ranks_all_three_routes(default_portfolio):
    r = default_portfolio
    projects = r["projects"]
    assert {p["case"] for p in projects} == {
        "balkhash-selenium",
        "almalyk-anode-slime",
        "almalyk-slag-hydrogen",
    }
    assert [p["rank"] for p in projects] == [1, 2, 3]
    ratios = [p["npv_per_grant"] for p in projects]
    assert ratios == sorted(ratios, reverse=True)
    for p in projects:
        assert p["npv_per_grant"] == pytest.approx(p["npv_usd"] / p["grant_usd"])
        assert 1 <= p["trl"] <= 9 and p["trl_source"]


def test_refinery_project_is_the_case_under_the_portfolio_prices(default_portfolio):
    from valorize.refinery.case import load_case
    from valorize.refinery.run import run

    (project,) = [p for p in default_portfolio["projects"] if p["case"] == "balkhash-selenium"]
    scenarios = run(load_case("balkhash-selenium")[0]).summary["economics"]["scenarios"]
    (market,) = [e for e in scenarios if e["price_scenario"] == "market-2025"]
    assert project["npv_usd"] == pytest.approx(market["npv_usd"])
    assert 0.0 <= project["probability_npv_negative"] <= 1.0


def test_slime_project_is_credited_with_what_it_adds(default_portfolio):
    (project,) = [p for p in default_portfolio["projects"] if p["case"] == "almalyk-anode-slime"]
    assert "credited with Se, Te" in project["route"]
    # gold and silver would dwarf everything: the credited NPV is far below the gross one
    out = cli("slime", "almalyk-anode-slime", "--route", "roast", "--json")
    gross = json.loads(out.stdout)["routes"]["roast"]["economics"]["npv_usd"][0]
    assert project["npv_usd"] < gross / 100


def test_slime_project_co2_and_risk_come_from_its_case(default_portfolio):
    """CO2 avoided from the case's [co2_baseline]; P(NPV<0) over its uncertain Te recoveries."""
    (project,) = [p for p in default_portfolio["projects"] if p["case"] == "almalyk-anode-slime"]
    out = cli("slime", "almalyk-anode-slime", "--route", "roast", "--json")
    avoided = json.loads(out.stdout)["routes"]["roast"]["co2_avoided"][0]
    assert project["co2_avoided_t_per_yr"] == pytest.approx(avoided["avoided_t_per_yr"])
    assert "shipping the slime" in project["co2_basis"] and "toll refiner" in project["co2_basis"]
    assert "precious_metals.to_tellurium.Te" in project["risk_basis"]
    assert "roast.to_crude.Te" in project["risk_basis"]


def test_ranking_and_plot(tmp_path):
    out = cli("portfolio", "--samples", "0", "--rank-by", "trl", "--plot", str(tmp_path / "p.html"))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    first = next(i for i, line in enumerate(lines) if line.split()[:1] == ["1"])
    rows = [line.split() for line in lines[first : first + 3]]
    assert [int(r[2]) for r in rows] == sorted((int(r[2]) for r in rows), reverse=True)
    assert "Plotly.newPlot" in (tmp_path / "p.html").read_text()


@pytest.mark.parametrize(
    ("args", "text", "message"),
    [
        (["--rank-by", "beauty"], None, "--rank-by: 'beauty' is not one of"),
        (["--plot", "p.gif"], None, "--plot: cannot write"),
        (["--samples", "-1"], None, "--samples must be 0 or more"),
        ([], "no-such-portfolio", "no portfolio file"),
        (
            [],
            '[portfolio]\nname = "x"\ntitle = "x"\n[[project]]\ncase = "balkhash-selenium"\n'
            'trl = 10\ntrl_source = "x"\n',
            "project.0.trl",
        ),
        (
            [],
            '[portfolio]\nname = "x"\ntitle = "x"\n[[project]]\ncase = "balkhash-selenium"\n'
            'route = "roast"\ntrl = 9\ntrl_source = "x"\n',
            "route and credited_products are for slime cases",
        ),
        (
            [],
            '[portfolio]\nname = "x"\ntitle = "x"\n[[project]]\ncase = "nowhere"\n'
            'trl = 9\ntrl_source = "x"\n',
            "no built-in case or case file",
        ),
        (
            [],
            '[portfolio]\nname = "x"\ntitle = "x"\n[[project]]\ncase = "balkhash-selenium"\n'
            'trl = 9\ntrl_source = "x"\ngrant = "-280e6 KZT"\n',
            "project[0].grant must not be negative, not '-280e6 KZT'",
        ),
        (
            [],
            '[portfolio]\nname = "x"\ntitle = "x"\n[[project]]\ncase = "balkhash-selenium"\n'
            'trl = 9\ntrl_source = "x"\ngrant = "280e9 KZT"\n',
            "exceeds the capital cost of balkhash-selenium",
        ),
    ],
)
def test_bad_portfolios(tmp_path, args, text, message):
    name = "no-such-portfolio"
    if text not in (None, "no-such-portfolio"):
        name = str(tmp_path / "bad.toml")
        (tmp_path / "bad.toml").write_text(text)
    elif text is None:
        name = "default"
    samples = [] if "--samples" in args else ["--samples", "0"]  # an option goes once
    out = cli("portfolio", name, *samples, *args, cwd=tmp_path)
    assert out.returncode == 2 and message in out.stderr, out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "p.gif").exists()


def test_cases_lists_the_built_in_portfolios():
    out = cli("cases", "--json")
    assert out.returncode == 0, out.stderr
    portfolios = {p["name"]: p for p in json.loads(out.stdout)["portfolios"]}
    assert portfolios["default"]["command"] == "valorize portfolio default"
    text = cli("cases").stdout
    assert "default" in text.split("portfolio", 1)[1]
