"""`valorize calibrate` as a plant engineer runs it: the shipped log, its posterior fed back
into `uncertainty`, and bad logs refused."""

import json
import re
from importlib import resources

import pytest

from cli_runner import cli

pytestmark = pytest.mark.e2e

LOG = resources.files("valorize.plant_data").joinpath("balkhash-batch-log.csv").read_text()
#: The first batch's id, date and purity as the shipped log gives them (the script that
#: makes the log follows the model, so the digits move with it).
FIRST = re.search(r"^1,2026-01-05,99\.\d+", LOG, re.MULTILINE).group(0)


def test_a_short_run_says_it_has_not_converged_and_its_posterior_feeds_uncertainty(tmp_path):
    out = cli(
        "calibrate", "balkhash-selenium", "--data", "balkhash-batch-log",
        "--learn", "model.entrainment,model.evaporation_coefficient",
        "--walkers", "8", "--max-steps", "250",
        "--out", str(tmp_path / "cal"), "--plot", str(tmp_path / "corner.png"), "--report",
    )  # fmt: skip
    assert out.returncode == 3, out.stderr
    assert "NOT converged" in out.stdout and "NOT converged" in out.stderr
    assert "SYNTHETIC" in out.stdout and "posterior predictive check" in out.stdout
    assert all(len(line) <= 100 for line in out.stdout.splitlines())
    d = json.loads((tmp_path / "cal" / "calibration.json").read_text())
    assert d["summary"]["converged"] is False and d["data"]["synthetic"] is True
    assert [p["name"] for p in d["parameters"]] == [
        "model.entrainment",
        "model.evaporation_coefficient",
    ]
    assert (tmp_path / "corner.png").stat().st_size > 10_000
    # the case's report with the calibration's section and its three figures
    report = (tmp_path / "cal" / "report.html").read_text()
    section = report[report.index("What the plant's data say") :]
    assert "NOT converged" in section and "[SYNTHETIC DATA]" in section
    assert d["data"]["sha256"] in section
    assert all(f'id="fig-calibration-{k}"' in section for k in ("posterior", "predictive", "trace"))
    assert report.count("Plotly.newPlot") == 11  # the case report's 8, the calibration's 3
    posterior = (tmp_path / "cal" / "posterior.csv").read_text()
    assert "NOT converged" in posterior.splitlines()[2]
    # the case's own prior of the evaporation coefficient replaced by the posterior
    text = resources.files("valorize.cases").joinpath("balkhash-selenium.toml").read_text()
    start = text.index('parameter = "model.evaporation_coefficient"')
    first = text.rindex("[[uncertainty]]", 0, start)
    end = text.index("[[uncertainty]]", start)
    case = tmp_path / "calibrated.toml"
    case.write_text(
        text[:first]
        + text[end:]
        + '\n[[uncertainty]]\nparameter = "model.evaporation_coefficient"\n'
        + f'distribution = "posterior"\nparameters = ["{tmp_path / "cal" / "posterior.csv"}"]\n'
    )
    run = cli("uncertainty", str(case), "--samples", "64", "--json")
    assert run.returncode == 0, run.stderr
    inputs = json.loads(run.stdout)["inputs"]
    assert "model.evaporation_coefficient" in inputs


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ((FIRST, FIRST.replace(",99.", ",-99.")), "line 21, column product_Se_wt_pct"),
        ((FIRST, FIRST.replace(",99.", ",199.")), "is above 100 %"),
        (('product_Se_wt_pct = "0.05"', 'product_Se_wt_pct = "0"'), "must be above zero"),
        (("Hg_ppm,Te_ppm", "Hg_ppm,Zn_ppb"), "column 'Zn_ppb' is not an output of the model"),
        (("# [log]", "# [lg]"), "no '# [log]' header"),
        ((FIRST, "1,2026-01-05,lots"), "cannot read 'lots'"),
        (('# Au_ppm = "25 %rel"\n', ""), "column 'Au_ppm' has no sd"),
    ],
)
def test_a_bad_log_is_one_error_line_and_writes_nothing(tmp_path, edit, message):
    log = tmp_path / "log.csv"
    text = LOG.replace(*edit, 1)
    assert text != LOG
    log.write_text(text)
    out = cli("calibrate", "balkhash-selenium", "--data", str(log), "--out", str(tmp_path / "o"))
    lines = out.stderr.strip().splitlines()
    assert out.returncode == 2 and len(lines) == 1, out.stderr
    assert lines[0].startswith("error:") and message in lines[0], lines[0]
    assert not (tmp_path / "o").exists()


def test_a_parameter_without_a_prior_is_refused():
    out = cli(
        "calibrate", "balkhash-selenium", "--data", "balkhash-batch-log",
        "--learn", "operation.gap",
    )  # fmt: skip
    assert out.returncode == 2
    assert "--learn: operation.gap has no prior" in out.stderr


def test_a_parameter_named_twice_is_refused():
    out = cli(
        "calibrate", "balkhash-selenium", "--data", "balkhash-batch-log",
        "--learn", "model.entrainment,model.entrainment",
    )  # fmt: skip
    assert out.returncode == 2 and len(out.stderr.strip().splitlines()) == 1, out.stderr
    assert "--learn: model.entrainment is named twice" in out.stderr


def test_batches_at_their_own_temperatures_are_read_at_them(tmp_path):
    """A log whose batches ran at different melt temperatures: the model is evaluated at
    each batch's own, and each batch is read against its own predictive band."""
    import numpy as np

    from valorize.model.registry import load_model

    T = np.linspace(643.0, 703.0, 8)
    y = load_model("balkhash-selenium").evaluate(
        {"operation.temperature": T}, T.size, observables=True
    )
    rows = "".join(
        f"{k + 1},{t!r},{h!r}\n"
        for k, (t, h) in enumerate(zip(T.tolist(), y["batch_duration_h"].tolist(), strict=True))
    )
    log = tmp_path / "trials.csv"
    log.write_text(
        '# [log]\n# title = "trials"\n# synthetic = true\n# [sd]\n# batch_duration_h = "0.05"\n'
        '# [conditions]\n# "operation.temperature" = "K"\n'
        f"batch,operation.temperature,batch_duration_h\n{rows}"
    )
    out = cli(
        "calibrate", "balkhash-selenium", "--data", str(log), "--learn",
        "model.evaporation_coefficient", "--walkers", "4", "--max-steps", "250", "--json",
    )  # fmt: skip
    assert out.returncode in (0, 3), out.stderr
    d = json.loads(out.stdout)
    assert d["data"]["conditions"] == ["operation.temperature"]
    check = d["predictive"][0]
    assert len(check["band_p5_batches"]) == 8
    # hotter batches run faster, and each one lies in its own band
    assert np.all(np.diff(check["predicted_batches"]) < 0)
    assert check["share_within_band"] == 1.0
    bad = log.read_text().replace(
        '"operation.temperature" = "K"', '"operation.temperature" = "degC"'
    )
    log.write_text(bad)
    out = cli("calibrate", "balkhash-selenium", "--data", str(log))
    assert out.returncode == 2
    assert "give its values in the parameter's unit, 'K'" in out.stderr
