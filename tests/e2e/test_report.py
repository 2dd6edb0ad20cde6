"""`valorize report`: one self-contained HTML file with the answers and the figures."""

import hashlib
from pathlib import Path

import pytest

from cli_runner import cli

pytestmark = pytest.mark.e2e
BUILTIN = Path(__file__).resolve().parents[2] / "src/valorize/cases/balkhash-selenium.toml"


def test_report_is_self_contained_and_complete(tmp_path):
    target = tmp_path / "report.html"
    out = cli("report", "balkhash-selenium", "--out", str(target))
    assert out.returncode == 0, out.stderr
    text = target.read_text()
    assert '<script src="http' not in text  # plotly embedded, no CDN
    assert text.count("Plotly.newPlot") == 4  # Sankey, phase diagram, trajectory, cash flow
    for needle in (
        "The answer",
        "refined selenium",
        "Where every element goes",
        "What carries the answer",
        "evaporation_coefficient",
        hashlib.sha256(BUILTIN.read_bytes()).hexdigest(),
    ):
        assert needle in text
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_report_needs_an_html_file(tmp_path):
    out = cli("report", "balkhash-selenium", "--out", str(tmp_path / "report.pdf"))
    assert out.returncode == 2 and "give a .html file" in out.stderr
    assert not list(tmp_path.iterdir())
