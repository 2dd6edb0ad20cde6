"""`valorize report`: one self-contained HTML file with the answers and the figures."""

import hashlib
import json
import re
from pathlib import Path

import pytest

from browser import needs_browser
from cli_runner import cli

pytestmark = pytest.mark.e2e
BUILTIN = Path(__file__).resolve().parents[2] / "src/valorize/cases/balkhash-selenium.toml"


def test_report_is_self_contained_and_complete(tmp_path):
    target = tmp_path / "report.html"
    out = cli("report", "balkhash-selenium", "--out", str(tmp_path))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"wrote {target}"
    text = target.read_text()
    assert '<script src="http' not in text  # plotly embedded, no CDN
    # Sankey, phase diagram, trajectory, cash flow, price scenarios, uncertainty, tornado
    assert text.count("Plotly.newPlot") == 8
    for name in ("sankey", "sankey-impurities", "price-scenarios", "uncertainty", "tornado"):
        assert f'id="fig-{name}"' in text
    for needle in (
        "How sure we are",
        "P(product purity (Se) &gt;= 99.5 wt %)",
        # what run says: the impurity profile, CO2 against the baseline, residue and cut,
        # batches, capital and NPV with and without the grant, full citations
        "Impurities in the product",
        "CO2 against the baseline",
        "Residue and volatile cut",
        "150 batches of 2.63 h",
        "NPV with the grant",
        "https://doi.org/10.1021/ie060560s",  # Huber et al. 2006, mercury's vapour pressure
        "Data ranges",
        "The answer",
        "refined selenium",
        "Where every element goes",
        "What carries the answer",
        "evaporation_coefficient",
        hashlib.sha256(BUILTIN.read_bytes()).hexdigest(),
    ):
        assert needle in text
    assert re.search(r"the largest impurity</th><td>Hg at [\d,]+ ppm", text)
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_report_out_is_a_folder(tmp_path):
    out = cli("report", "balkhash-selenium", "--out", str(tmp_path / "report.html"))
    assert out.returncode == 2 and "looks like a file" in out.stderr
    assert not list(tmp_path.iterdir())


def test_report_json_is_the_results_and_the_files(tmp_path):
    out = cli("report", "almalyk-slag-hydrogen", "--out", str(tmp_path / "new"), "--json",
              "--samples", "0")  # fmt: skip
    assert out.returncode == 0, out.stderr
    payload = json.loads(out.stdout)
    assert payload["files"] == [str(tmp_path / "new" / "report.html")]
    assert payload["route"] == "hydrogen" and "npv_usd" in payload["summary"]
    assert out.stderr.strip() == f"wrote {tmp_path / 'new' / 'report.html'}"


def test_report_without_samples_leaves_the_uncertainty_out(tmp_path):
    target = tmp_path / "report.html"
    out = cli("report", "balkhash-selenium", "--out", str(tmp_path), "--samples", "0")
    assert out.returncode == 0, out.stderr
    text = target.read_text()
    assert text.count("Plotly.newPlot") == 6 and "How sure we are" not in text


@needs_browser
@pytest.mark.parametrize(("fmt", "magic"), [("png", b"\x89PNG"), ("svg", b"<svg")])
def test_figures_are_exported_for_papers(tmp_path, fmt, magic):
    figures = tmp_path / "figures"
    out = cli(
        "report", "balkhash-selenium", "--out", str(tmp_path), "--samples", "200", "--figures", fmt
    )
    assert out.returncode == 0, out.stderr
    names = sorted(p.name for p in figures.iterdir())
    assert names == sorted(
        f"{n}.{fmt}"
        for n in (
            "sankey",
            "sankey-impurities",
            "phase-diagram",
            "trajectory",
            "cash-flow",
            "price-scenarios",
            "uncertainty",
            "tornado",
        )
    )
    for p in figures.iterdir():
        head = p.read_bytes()[:400]
        assert magic in head and p.stat().st_size > 4_000  # a drawn figure, not an empty one
    assert sorted(p.name for p in tmp_path.iterdir()) == ["figures", "report.html"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--figures", "gif"], "--figures: invalid choice: 'gif'"),
        (["--samples", "-3"], "--samples must be 0 or more"),
    ],
)
def test_bad_figure_options(tmp_path, extra, message):
    out = cli("report", "balkhash-selenium", "--out", str(tmp_path / "r"), *extra)
    assert out.returncode == 2 and message in out.stderr
    assert list(tmp_path.iterdir()) == []


def test_figures_folder_that_is_a_file(tmp_path):
    (tmp_path / "figures").write_text("x")
    out = cli(
        "report", "balkhash-selenium", "--out", str(tmp_path), "--samples", "0", "--figures", "png"
    )
    assert out.returncode == 2 and "is a file, not a folder" in out.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["figures"]


def test_run_writes_the_report_beside_the_results(tmp_path):
    out = cli("run", "balkhash-selenium", "--out", str(tmp_path / "res"), "--report")
    assert out.returncode == 0, out.stderr
    assert sorted(p.name for p in (tmp_path / "res").iterdir()) == ["report.html", "results.json"]
    assert "Plotly.newPlot" in (tmp_path / "res" / "report.html").read_text()


def test_report_with_the_pareto_front(tmp_path):
    target = tmp_path / "report.html"
    out = cli(
        "report",
        "balkhash-selenium",
        "--out",
        str(tmp_path),
        "--samples",
        "0",
        "--objectives",
        "recovery,purity",
    )
    assert out.returncode == 0, out.stderr
    text = target.read_text()
    assert 'id="fig-pareto"' in text and "Where to operate" in text
    out = cli(
        "report",
        "balkhash-selenium",
        "--out",
        str(tmp_path / "r2"),
        "--samples",
        "0",
        "--objectives",
        "recovery",
    )
    assert out.returncode == 2 and "two or more" in out.stderr
    assert not (tmp_path / "r2").exists()
