"""The dashboard as a person uses it, in Debian's headless Chromium driven by Playwright.

The app runs as `valorize dashboard` on a free port with a temporary database.
Chromium is the system one (`.ci/run` installs it from apt); these tests skip
only when no chromium binary is on PATH.
"""

import contextlib
import hashlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tomllib
import urllib.request
from pathlib import Path

import pytest

from cli_runner import EXE, cli
from valorize.dashboard.store import ScenarioStore

pytestmark = pytest.mark.e2e
sync_api = pytest.importorskip("playwright.sync_api")
pytest.importorskip("streamlit")
expect = sync_api.expect

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
WAIT_MS = 180_000  # an upper bound for a busy machine, not a speed requirement
PURITY = "product Se (wt %)"
BUILTIN = Path(__file__).resolve().parents[2] / "src/valorize/cases/balkhash-selenium.toml"


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM:
        pytest.skip("no chromium on PATH (.ci/run installs Debian's chromium)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        expect.set_options(timeout=WAIT_MS)
        yield b
        b.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


#: What the dashboard says when its port was taken between _free_port and its start
#: (by a test in another xdist worker, say): valorize's check, or Streamlit's own.
PORT_TAKEN = ("is in use on 127.0.0.1", "is not available")


def _wait_until_up(url: str, proc: subprocess.Popen, log: Path) -> bool:
    """True once the dashboard answers; False if it exited because its port was taken."""
    while True:
        if proc.poll() is not None:
            text = log.read_text()
            if any(taken in text for taken in PORT_TAKEN):
                return False
            pytest.fail(f"the dashboard exited with {proc.returncode}:\n{text}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=5) as r:
                if r.read().strip() == b"ok":
                    return True
        except OSError:
            pass
        try:
            proc.wait(timeout=0.5)
        except subprocess.TimeoutExpired:
            pass


def _start(db: Path, log: Path) -> tuple[subprocess.Popen, str]:
    """The dashboard on a free port, answering; a port taken meanwhile, another one."""
    for _ in range(5):
        port = _free_port()
        cmd = [EXE] if EXE else [sys.executable, "-m", "valorize.cli"]
        cmd += ["dashboard", "--port", str(port), "--db", str(db), "--no-browser"]
        with log.open("w") as out:
            proc = subprocess.Popen(
                cmd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        url = f"http://127.0.0.1:{port}"
        if _wait_until_up(url, proc, log):
            return proc, url
    pytest.fail(f"no free port for the dashboard in five tries:\n{log.read_text()}")


@pytest.fixture
def dashboard(tmp_path):
    db, log = tmp_path / "scenarios.sqlite", tmp_path / "server.log"
    proc, url = _start(db, log)
    try:
        yield url, db
    finally:
        proc.terminate()  # valorize passes it on to its streamlit child
        try:
            proc.wait(timeout=60)
        finally:
            with contextlib.suppress(ProcessLookupError):  # whatever of the session is left
                os.killpg(proc.pid, signal.SIGKILL)
    assert "Traceback" not in log.read_text()


def _page(browser):
    page = browser.new_page(viewport={"width": 1500, "height": 1100})
    page.set_default_timeout(WAIT_MS)
    return page


def _metric(page, label: str):
    card = page.get_by_test_id("stMetric").filter(has_text=label)
    return card.get_by_test_id("stMetricValue")


def _settle(page) -> None:
    """Wait for the script run a change started to finish."""
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=WAIT_MS)


def _set_number(page, label: str, value: str) -> None:
    box = page.get_by_label(label, exact=True)
    box.fill(value)
    box.press("Enter")
    _settle(page)


def _open(page, url: str) -> None:
    page.goto(url)
    expect(_metric(page, PURITY)).to_be_visible(timeout=WAIT_MS)
    _settle(page)


def test_edit_save_reload_and_download(browser, dashboard, tmp_path):
    url, db = dashboard
    page = _page(browser)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    _open(page, url)
    purity = _metric(page, PURITY)
    before = purity.inner_text()
    assert float(before) > 99  # the built-in case refines to above 99 % Se

    _set_number(page, "Temperature (°C)", "450")
    expect(purity).not_to_have_text(before, timeout=WAIT_MS)
    hot = purity.inner_text()
    assert float(hot) != float(before)

    page.get_by_label("Scenario name").fill("hot run")
    page.get_by_role("button", name="Save scenario").click()
    expect(page.get_by_text("saved 'hot run'")).to_be_visible(timeout=WAIT_MS)
    saved = ScenarioStore(db).load("hot run").case_toml
    assert tomllib.loads(saved)["operation"]["temperature"] == "450 degC"
    page.screenshot(path=tmp_path / "dashboard.png")

    # a fresh page starts from the built-in case again, and finds the saved scenario
    _open(page, url)
    expect(purity).to_have_text(before, timeout=WAIT_MS)
    page.get_by_role("tab", name="Compare scenarios").click()
    expect(page.get_by_label("Scenario B")).to_have_value("hot run")  # the first saved one
    row = page.get_by_role("row").filter(has_text=PURITY)
    expect(row.get_by_role("cell")).to_have_text([PURITY, before, hot])
    page.get_by_label("…or a saved scenario").click()
    page.get_by_role("option", name="hot run").click()
    page.get_by_role("button", name="Load scenario").click()
    _settle(page)
    expect(page.get_by_label("Temperature (°C)", exact=True)).to_have_value("450.0")
    expect(purity).to_have_text(hot, timeout=WAIT_MS)
    # the buttons hold the loaded case once the page shows its hash (a condition, not a
    # pause: a click before that run has drawn them would download the case before it)
    loaded = hashlib.sha256(saved.encode("utf-8")).hexdigest()
    expect(page.get_by_text(f"case file SHA-256 {loaded}")).to_be_visible(timeout=WAIT_MS)

    with page.expect_download(timeout=WAIT_MS) as case_download:
        page.get_by_role("button", name="Download case (TOML)").click()
    case_file = tmp_path / "edited.toml"
    case_download.value.save_as(case_file)
    assert tomllib.loads(case_file.read_text())["operation"]["temperature"] == "450 degC"

    with page.expect_download(timeout=WAIT_MS) as report_download:
        page.get_by_role("button", name="Download report (HTML)").click()
    report = tmp_path / "report.html"
    report_download.value.save_as(report)
    text = report.read_text()
    assert text.count("Plotly.newPlot") == 8  # with the uncertainty histograms and tornado
    # the report is of the edited case: it carries the downloaded case file's hash
    assert hashlib.sha256(case_file.read_bytes()).hexdigest() in text
    page.screenshot(path=tmp_path / "dashboard-loaded.png")
    assert errors == []


def test_a_sulfur_dose_and_its_limit_move_the_purity(browser, dashboard):
    url, _ = dashboard
    page = _page(browser)
    _open(page, url)
    purity = _metric(page, PURITY)
    before = float(purity.inner_text())
    _set_number(page, "Sulfidation: sulfur (wt % of the crude, 0 for none)", "2")
    expect(purity).not_to_have_text(f"{before}", timeout=WAIT_MS)
    kept = float(purity.inner_text())
    assert kept > before + 0.1  # the HgS kept in the residue takes most of the mercury
    page.get_by_text(re.compile(r"^dissolved, exchanging")).click()
    _settle(page)
    expect(purity).not_to_have_text(f"{kept}", timeout=WAIT_MS)
    assert float(purity.inner_text()) < kept


def test_bad_entries_get_a_message_next_to_the_control(browser, dashboard, tmp_path):
    url, _ = dashboard
    page = _page(browser)
    _open(page, url)
    sidebar = page.get_by_test_id("stSidebar")

    _set_number(page, "Temperature (°C)", "200")
    expect(sidebar.get_by_text(re.compile(r"not above selenium's melting point"))).to_be_visible()
    expect(_metric(page, PURITY)).to_have_count(0)
    _set_number(page, "Temperature (°C)", "400")
    expect(_metric(page, PURITY)).to_be_visible(timeout=WAIT_MS)

    _set_number(page, "Se (wt %)", "80")
    expect(sidebar.get_by_text(re.compile(r"mass percents sum to 88\.9 %"))).to_be_visible()
    page.get_by_role("button", name="Make Se the balance").click()
    _settle(page)
    expect(_metric(page, PURITY)).to_be_visible(timeout=WAIT_MS)

    mine = tmp_path / "mine.toml"
    mine.write_text(BUILTIN.read_text().replace('"400 degC"', '"415 degC"'))
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(mine)
    _settle(page)
    expect(page.get_by_label("Temperature (°C)", exact=True)).to_have_value("415.0")
    expect(page.get_by_text("mine.toml, as edited in the sidebar")).to_be_visible()

    broken = tmp_path / "broken.toml"
    broken.write_text('[case]\nname = "x"\n')
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(broken)
    _settle(page)
    refused = sidebar.get_by_text(re.compile(r"broken\.toml: .*required"))
    expect(refused).to_be_visible()
    refused.scroll_into_view_if_needed()
    page.screenshot(path=tmp_path / "dashboard-errors.png")
    assert "Traceback" not in page.content()


def test_every_report_figure_renders_without_console_errors(browser, tmp_path):
    target = tmp_path / "report.html"
    out = cli("report", "balkhash-selenium", "--out", str(tmp_path))
    assert out.returncode == 0, out.stderr
    page = _page(browser)
    console = []
    page.on("console", lambda m: console.append(m) if m.type == "error" else None)
    page.on("pageerror", lambda e: console.append(e))
    page.goto(target.as_uri())
    page.wait_for_load_state("load")
    plots = page.locator("div.plotly-graph-div")
    # two Sankeys, phase diagram, trajectory, cash flow, price scenarios, histograms, tornado
    expect(plots).to_have_count(8)
    for i in range(8):
        plot = plots.nth(i)
        expect(plot.locator(".main-svg").first).to_be_attached(timeout=WAIT_MS)
        box = plot.bounding_box()
        assert box is not None and box["width"] > 0 and box["height"] > 0
    # drawn data, not empty axes: Sankey nodes, lines, bars
    assert page.locator(".sankey .sankey-node").count() > 0
    assert page.locator(".sankey .sankey-link").count() > 0
    assert page.locator(".scatterlayer .js-line").count() >= 4  # bubble, dew, purity, recovery
    assert page.locator(".barlayer .point").count() > 0
    page.screenshot(path=tmp_path / "report.png", full_page=True)
    assert console == []


def test_every_built_in_case_opens_with_controls_from_its_model(browser, dashboard, tmp_path):
    """A case of another route: its model's parameters as controls, its metrics with units;
    an edit moves the answer and is saved into the case file."""
    url, db = dashboard
    page = _page(browser)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    _open(page, url)
    page.get_by_label("Built-in case").click()
    page.get_by_role("option", name="almalyk-slag-hydrogen").click()
    _settle(page)
    npv = _metric(page, "net present value (M USD)")
    expect(npv).to_be_visible(timeout=WAIT_MS)
    before = npv.inner_text()
    _set_number(page, "solar-to-hydrogen efficiency of the panels (%)", "12")
    expect(npv).not_to_have_text(before, timeout=WAIT_MS)
    assert float(npv.inner_text()) > float(before)  # more efficient panels earn more
    page.get_by_label("Scenario name").fill("efficient panels")
    page.get_by_role("button", name="Save scenario").click()
    expect(page.get_by_text("saved 'efficient panels'")).to_be_visible(timeout=WAIT_MS)
    saved = ScenarioStore(db).load("efficient panels").case_toml
    assert tomllib.loads(saved)["panels"]["sth_pct"] == 12.0
    page.screenshot(path=tmp_path / "dashboard-hydrogen.png")
    assert errors == []


def test_a_batch_log_calibrates_the_edited_case_and_updates_the_odds(browser, dashboard, tmp_path):
    """The plant-data tab: the shipped (SYNTHETIC) log, a short run marked NOT converged,
    the posterior figures, the targets' odds and the posterior file; a bad upload refused
    with its line."""
    url, _ = dashboard
    page = _page(browser)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    _open(page, url)
    page.get_by_role("tab", name="Plant data").click()
    _set_number(page, "Walkers", "16")
    _set_number(page, "Most steps", "250")
    # The line the page draws from the settings it holds: a click before both reached
    # the app would run the defaults.
    expect(page.get_by_text("at most 250 steps of 16 walkers")).to_be_visible()
    _settle(page)
    page.get_by_role("button", name="Calibrate").click()
    expect(page.get_by_text("NOT converged: 250 steps of 16 walkers")).to_be_visible(
        timeout=WAIT_MS
    )
    expect(page.get_by_text("SYNTHETIC data").first).to_be_visible()
    odds = _metric(page, "P(product purity (Se) ≥ 99.5 wt %)")  # markdown draws >= as ≥
    expect(odds).to_be_visible()
    assert odds.inner_text().endswith("%")
    tab = page.get_by_role("tabpanel", name="Plant data")
    expect(tab.locator(".js-plotly-plot")).to_have_count(3)  # posterior, predictive, trace
    with page.expect_download(timeout=WAIT_MS) as got:
        page.get_by_role("button", name="Download posterior.csv").click()
    posterior = tmp_path / "posterior.csv"
    got.value.save_as(posterior)
    lines = posterior.read_text().splitlines()
    assert lines[0].startswith("# valorize dashboard") and "NOT converged" in lines[2]
    assert "model.entrainment" in lines[3]
    page.screenshot(path=tmp_path / "dashboard-calibration.png", full_page=True)

    bad = tmp_path / "log.csv"
    text = Path(__file__).resolve().parents[2] / "src/valorize/plant_data/balkhash-batch-log.csv"
    first = re.compile(r"^1,2026-01-05,99\.", flags=re.MULTILINE)
    bad.write_text(first.sub("1,2026-01-05,-99.", text.read_text(), count=1))
    page.get_by_text("upload a batch log (CSV)").click()
    _settle(page)
    tab.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(bad)
    expect(tab.get_by_text("log.csv", exact=True)).to_be_visible()  # the app has the file
    _settle(page)
    page.get_by_role("button", name="Calibrate").click()
    expect(page.get_by_text("log.csv: line 21, column product_Se_wt_pct")).to_be_visible(
        timeout=WAIT_MS
    )
    assert errors == []
