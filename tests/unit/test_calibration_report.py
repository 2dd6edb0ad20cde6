"""The report of any route carries a calibration's section: the crude-tellurium case
calibrated to a small log made from its own model, shown in its report."""

import numpy as np

from valorize.calibration.log import batch_log_from_text
from valorize.calibration.priors import choose_priors
from valorize.calibration.results import CalibrationRun, calibration_document
from valorize.calibration.sampler import calibrate
from valorize.model.registry import load_model
from valorize.report.model_report import build_model_report

LEARN = ["model.entrainment", "model.evaporation_coefficient"]


def _log(model, rows: int = 12) -> str:
    """A log of Te recovery and Se in the product made by the model, 0.5 % and 10 % errors."""
    y = model.evaluate({"model.entrainment": np.array([0.002])}, 1, observables=True)
    rng = np.random.default_rng(3)
    te = y["Te_recovery_pct"][0] + 0.5 * rng.standard_normal(rows)
    se = y["Se_ppm"][0] * (1 + 0.1 * rng.standard_normal(rows))
    table = "\n".join(
        f"{k + 1},{a:.3f},{b:.1f}" for k, (a, b) in enumerate(zip(te, se, strict=True))
    )
    return (
        '# [log]\n# title = "tellurium test log (SYNTHETIC)"\n# synthetic = true\n'
        '# [sd]\n# Te_recovery_pct = "0.5"\n# Se_ppm = "10 %rel"\n'
        f"batch,Te_recovery_pct,Se_ppm\n{table}\n"
    )


def test_a_calibrated_report_of_another_route_has_the_section_and_its_figures():
    model = load_model("almalyk-crude-tellurium")
    outputs = {m.name: m.unit for m in model.observables}
    log = batch_log_from_text(_log(model), "tellurium-log.csv", outputs)
    priors = choose_priors(model, log, LEARN)
    result = calibrate(model, log, priors, walkers=8, max_steps=250, seed=1)
    run = CalibrationRun(log, result, calibration_document(model, log, result, 1))
    report = build_model_report(model, samples=0, calibration=run)
    section = report.html[report.html.index("What the plant's data say") :]
    assert "tellurium-log.csv" in section and "[SYNTHETIC DATA]" in section
    assert ("NOT converged" in section) == (not result.diagnostics.converged)
    for name in LEARN:
        assert name in section
    names = ["calibration-posterior", "calibration-predictive", "calibration-trace"]
    assert list(report.figures)[-3:] == names
    assert all(f'id="fig-{n}"' in section for n in names)
    # one panel per learned parameter (posterior and prior) and per output of the log
    assert len(report.figures["calibration-posterior"].data) == 2 * len(LEARN)
    predictive = report.figures["calibration-predictive"]
    assert {t.name for t in predictive.data} == {"measured"}
    assert len(predictive.layout.shapes) == 2 * len(log.observations)  # band and mean each
