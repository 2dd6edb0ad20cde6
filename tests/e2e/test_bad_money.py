"""Impossible money is refused when the case is read (issue 15): one line, exit 2."""

import re
from pathlib import Path

import pytest

from cli_runner import cli

pytestmark = pytest.mark.e2e
BUILTIN = Path(__file__).resolve().parents[2] / "src/valorize/cases/balkhash-selenium.toml"
SLIME = Path(__file__).resolve().parents[2] / "src/valorize/cases/almalyk-anode-slime.toml"


def with_line(text: str, key: str, line: str) -> str:
    """The case with ``key = ...`` in [economics] replaced by ``line`` (or added to it)."""
    pattern = re.compile(rf"^{key}\s*=.*$", re.MULTILINE)
    if pattern.search(text):
        return pattern.sub(line, text, count=1)
    return text.replace("[economics]\n", f"[economics]\n{line}\n", 1)


@pytest.mark.parametrize(
    ("key", "line", "field"),
    [
        ("capital_cost", 'capital_cost = "-1 USD"', "economics.capital_cost"),
        ("monthly_wage", 'monthly_wage = "-1 KZT/month"', "economics.monthly_wage"),
        ("electricity_price", 'electricity_price = "-1 KZT/kWh"', "economics.electricity_price"),
        ("grant", 'grant = "-1e9 KZT"', "economics.grant"),
        ("grant", 'grant = "300e6 KZT"', "economics.grant"),  # above the 280e6 capital
        ("waste_disposal", 'waste_disposal = "-5 USD/t"', "economics.waste_disposal"),
        ("discount_rate", "discount_rate = 0.9", "economics.discount_rate"),
        ("target_irr", "target_irr = -0.5", "economics.target_irr"),
        ("tax_code", 'tax_code = "Narnia"', "economics.tax_code"),
        ("depreciation", 'depreciation = "sum-of-digits"', "economics.depreciation"),
        ("feed_payable", "feed_payable = { Au = 1.5 }", "economics.feed_payable"),
        ("off_grade", 'off_grade = "give away"', "economics.off_grade"),
        ("user_prices", 'user_prices = { refined_selenium = "-5 USD/kg" }', "user_prices"),
        ("tax_rate", "tax_rate = 0.15", "KZ tax code's 0.2"),
        ("depreciation_years", "depreciation_years = 8", "the tax code sets the depreciation"),
        ("feed_payable", "feed_payable = { Ni = 0.5 }", "has no Ni price"),
    ],
)
def test_impossible_money_is_one_line(tmp_path, key, line, field):
    path = tmp_path / "bad.toml"
    path.write_text(with_line(BUILTIN.read_text(), key, line))
    out = cli("run", str(path), "--out", str(tmp_path / "out"))
    assert out.returncode == 2, out.stdout
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and field in lines[0], out.stderr
    assert "Traceback" not in out.stderr
    assert not (tmp_path / "out").exists()


def test_the_slime_plant_refuses_negative_money_too(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(with_line(SLIME.read_text(), "capital_cost", 'capital_cost = "-25e6 USD"'))
    out = cli("slime", str(path))
    assert out.returncode == 2 and "capital_cost" in out.stderr


def test_a_sampled_run_refuses_unpriced_payables_as_a_single_run_does(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(with_line(BUILTIN.read_text(), "feed_payable", "feed_payable = { Ni = 0.5 }"))
    for command in (("uncertainty", "--samples", "16"), ("optimize",)):
        out = cli(command[0], str(path), *command[1:])
        assert out.returncode == 2 and "has no Ni price" in out.stderr, out.stderr
