"""Physical bounds on every route's inputs, checked where the case is read (issue 16, kind 4)."""

import json
from pathlib import Path

import pytest

from cli_runner import cli

pytestmark = pytest.mark.e2e
CASES = Path(__file__).resolve().parents[2] / "src/valorize/cases"


@pytest.mark.parametrize(
    ("case", "old", "new", "message"),
    [
        ("almalyk-slag-hydrogen", 'altitude = "530 m"', 'altitude = "100 km"', "site.altitude"),
        ("almalyk-slag-hydrogen", 'altitude = "530 m"', 'altitude = "-2 km"', "site.altitude"),
        ("almalyk-slag-hydrogen", 'timezone = "Asia/Tashkent"', 'timezone = ""', "site.timezone"),
        (
            "almalyk-slag-hydrogen",
            'timezone = "Asia/Tashkent"',
            'timezone = "Asia/Tashkant"',
            "did you mean 'Asia/Tashkent'",
        ),
        (
            "balkhash-selenium",
            'price_scenarios = ["news-2024", "market-2025"]',
            "price_scenarios = []",
            "economics.price_scenarios",
        ),
        ("balkhash-selenium", "[80.0, 91.1, 95.0]", "[90.0, 95.0, 120.0]", "outside the parameter"),
        ("almalyk-anode-slime", 'selenium = "34.5 t/yr"', 'selenium = "0 t/yr"', "check.selenium"),
    ],
)
def test_out_of_bounds_is_one_line(tmp_path, case, old, new, message):
    text = (CASES / f"{case}.toml").read_text()
    assert old in text, old
    path = tmp_path / "bad.toml"
    path.write_text(text.replace(old, new, 1))
    command = ["uncertainty", str(path), "--samples", "16"] if "[" in new else ["run", str(path)]
    out = cli(*command)
    lines = out.stderr.strip().splitlines()
    assert out.returncode == 2, out.stdout
    assert len(lines) == 1 and lines[0].startswith("error:") and message in lines[0], out.stderr


def test_sea_level_is_a_place(tmp_path):
    text = (CASES / "almalyk-slag-hydrogen.toml").read_text()
    path = tmp_path / "coast.toml"
    path.write_text(text.replace('altitude = "530 m"', 'altitude = "0 m"', 1))
    assert cli("run", str(path)).returncode == 0


def test_a_crude_without_selenium_is_refused_and_the_order_does_not_matter(tmp_path):
    text = (CASES / "balkhash-selenium.toml").read_text()
    reordered = text.replace("{ Se = 91.1, Te = 1.2,", "{ Te = 1.2, Se = 91.1,", 1)
    path = tmp_path / "order.toml"
    path.write_text(reordered)
    a = json.loads(cli("run", str(path), "--json").stdout)["summary"]
    b = json.loads(cli("run", "balkhash-selenium", "--json").stdout)["summary"]
    assert a["product_Se_wt_pct"] == b["product_Se_wt_pct"]
    path.write_text(text.replace("{ Se = 91.1, Te = 1.2,", "{ Te = 1.2,", 1))
    out = cli("run", str(path))
    assert out.returncode == 2 and "needs selenium" in out.stderr
