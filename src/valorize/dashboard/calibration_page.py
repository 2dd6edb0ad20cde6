"""The dashboard's plant-data tab: a batch log in, the posterior and the updated odds out.

Everything here runs without a browser; :mod:`valorize.dashboard.app` draws it. A
batch log is one of the shipped examples (:data:`valorize.plant_data.BATCH_LOGS`,
SYNTHETIC) or a file the user uploads, read by the same reader as
``valorize calibrate`` (:func:`~valorize.calibration.log.batch_log_from_text`); the
case is the one edited on the page. The parameters learned are the case's uncertain
inputs the log informs, as the CLI's default.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from valorize.calibration.results import CalibrationRun
from valorize.model.protocol import Model

#: How the page names a calibration in the posterior file's first line.
COMMAND = "valorize dashboard"


@dataclass(frozen=True)
class Settings:
    """The sampler's settings, as ``valorize calibrate``'s options (same defaults)."""

    walkers: int = 32
    max_steps: int = 20_000
    min_ess: int = 1000
    seed: int = 0


def shipped_logs() -> dict[str, str]:
    """Each shipped batch log's text by name (every one of them SYNTHETIC)."""
    from valorize.plant_data import BATCH_LOGS, batch_log_path

    return {name: Path(batch_log_path(name)).read_text(encoding="utf-8") for name in BATCH_LOGS}


def settings_line(settings: Settings) -> str:
    """What a press of Calibrate will run, as the page has the settings now."""
    runs = settings.walkers * settings.max_steps
    return (
        f"Calibrate runs at most {settings.max_steps:,} steps of {settings.walkers} walkers "
        f"({runs:,} model evaluations), stopping earlier once converged with an effective "
        f"sample size of at least {settings.min_ess:,}; seed {settings.seed}."
    )


def run_key(case_text: str, log_text: str, settings: Settings) -> str:
    """What a calibration on the page depends on: a new key, a new run."""
    h = hashlib.sha256()
    for part in (case_text, log_text, repr(settings)):
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def calibrate_case(
    model: Model,
    log_text: str,
    log_name: str,
    settings: Settings,
    progress: Callable[[int, Any], None] | None = None,
) -> CalibrationRun:
    """Calibrate ``model`` to a batch log's text, as ``valorize calibrate`` would.

    Raises
    ------
    InputError
        For a log that cannot be read or does not fit the model (one line naming the
        line and column), no parameter the log informs, or bad settings.
    """
    from valorize.calibration.log import batch_log_from_text
    from valorize.calibration.results import calibration_run

    outputs = {m.name: m.unit for m in model.observables}
    parameters = {p.name: p.unit for p in model.parameters}
    log = batch_log_from_text(log_text, log_name, outputs, parameters)
    return calibration_run(model, log, None, progress=progress, **asdict(settings))


def progress_text(steps: int, max_steps: int, diagnostics: Any) -> tuple[float, str]:
    """The progress bar's share and line after a block of the sampler."""
    import numpy as np

    return min(1.0, steps / max_steps), (
        f"{steps:,} of at most {max_steps:,} steps: smallest ESS "
        f"{np.min(diagnostics.ess):,.0f}, largest R-hat {np.max(diagnostics.r_hat):.3f}"
    )


def odds_rows(run: CalibrationRun) -> list[tuple[str, float, float]]:
    """Each target: its text, its odds with the learned parameters at prior, at posterior."""
    return [(o["label"], o["prior"], o["posterior"]) for o in run.document["odds"]]


def parameter_table(run: CalibrationRun) -> dict[str, list[str]]:
    """Columns of the learned parameters' table: prior and posterior, ESS, R-hat."""
    rows = run.document["parameters"]
    return {
        "parameter": [f"{p['label']} ({p['unit']})" for p in rows],
        "prior 5 to 95 %": [f"{p['prior']['p5']:.4g} to {p['prior']['p95']:.4g}" for p in rows],
        "posterior mean ± sd": [
            f"{p['posterior']['mean']:.4g} ± {p['posterior']['sd']:.2g}" for p in rows
        ],
        "posterior 5 to 95 %": [
            f"{p['posterior']['p5']:.4g} to {p['posterior']['p95']:.4g}" for p in rows
        ],
        "ESS": [f"{p['ess']:,.0f}" for p in rows],
        "R-hat": [f"{p['r_hat']:.3f}" for p in rows],
    }


def verdict(run: CalibrationRun) -> tuple[bool, str]:
    """Whether the chain converged, and the line that says so (or why not)."""
    s = run.document["summary"]
    head = (
        f"{s['steps']:,} steps of {s['walkers']} walkers, {s['posterior_samples']:,} posterior "
        f"samples, smallest ESS {s['min_ess']:,.0f}, largest R-hat {s['max_r_hat']:.3f}"
    )
    if s["converged"]:
        return True, f"converged: {head}"
    return False, f"NOT converged: {head}; " + "; ".join(s["reasons"])
