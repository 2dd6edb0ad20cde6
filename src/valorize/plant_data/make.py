"""Make the shipped SYNTHETIC plant data: ``python -m valorize.plant_data.make [FOLDER]``.

The files are not measurements. They are what a plant's scales and laboratory could
have reported if the plant behaved like a valorize model run with the parameters of
:data:`SURVEY_TRUTH` (not the case's own values, and not told to the calibration), with
errors drawn from a seeded generator of the sizes in :data:`SCALE_RSD` and
:data:`LAB_RSD`. Run again, the script writes the same bytes; a test checks that the
shipped files are the ones it writes.

``balkhash-survey.toml``
    One month of the Balkhash flowsheet (``balkhash-flowsheet``): the weighed streams and
    their assays, with one planted gross error (:data:`PLANTED_ERROR`) that reconciliation
    should find.
``balkhash-batch-log.csv``
    A year of batches of the ``balkhash-selenium`` case run with :data:`LOG_TRUTH`: each
    batch's ingot assays (Se, Hg, Te, Cu, Au; Au below its detection limit in some) and
    its batch time, with the laboratory errors of :data:`LOG_SD`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

#: The model parameters the synthetic plant runs with (the case has 0.001 and 0.054).
SURVEY_TRUTH = {"model.entrainment": 0.0025, "model.evaporation_coefficient": 0.035}
#: Seed of the survey's measurement errors.
SURVEY_SEED = 20261130
#: The survey's period, as a share of a year (one month).
SURVEY_PERIOD_YR = 1.0 / 12.0
#: Relative standard deviations of the weighed streams (a synthetic plant's scales; ASSUMED:
#: a weighbridge for the crude, a platform scale for ingots and drums). Streams not
#: listed are not weighed.
SCALE_RSD = {
    "crude": 0.005,
    "ingots": 0.002,
    "casting scrap": 0.02,
    "residue": 0.03,
    "recycled residue": 0.03,
    "residue to smelter": 0.03,
    "volatile cut": 0.05,
}
#: Relative standard deviations of the laboratory's assays by component (ASSUMED: a
#: titration for the major Se, ICP for the minor elements); a stream's Se above 99 % is
#: assayed by difference, to 0.05 % absolute.
LAB_RSD = {"Se": 0.005, "Te": 0.05, "Hg": 0.08, "Cu": 0.05, "S": 0.1}
#: Absolute sd of the Se assay of a refined stream (by difference, wt %).
REFINED_SE_SD_WT_PCT = 0.05
#: Assays below this (wt %) are reported as below the detection limit ("<0.001 %").
DETECTION_LIMIT_WT_PCT = 0.001
#: Streams assayed (the internal charge, melt and condensate are not sampled).
ASSAYED = ("crude", "ingots", "casting scrap", "residue", "volatile cut", "residue to smelter")
#: The gross error planted in the survey: stream, quantity and the factor on its reading.
PLANTED_ERROR = ("ingots", "mass", 1.03)


#: The parameters the synthetic refinery of the batch log runs with (the case: 0.001,
#: 0.054 and 0 J/mol); ``valorize calibrate`` is not told them.
LOG_TRUTH = {
    "model.entrainment": 0.0025,
    "model.evaporation_coefficient": 0.035,
    "model.formation_enthalpy_offset": 2000.0,
}
#: Seed of the batch log's measurement errors.
LOG_SEED = 20261201
#: Batches in the log (the case's 150 a year) and the first batch's date.
LOG_BATCHES = 150
LOG_START = "2026-01-05"
#: Each logged output's measurement sd (ASSUMED, a plant laboratory's): absolute in the
#: output's unit, or relative ("%rel"); and the detection limits of the assays (ppm).
LOG_SD = {
    "product_Se_wt_pct": "0.05",
    "Hg_ppm": "8 %rel",
    "Te_ppm": "10 %rel",
    "Cu_ppm": "10 %rel",
    "Au_ppm": "25 %rel",
    "batch_duration_h": "0.1",
}
LOG_DETECTION_LIMIT_PPM = {"Au_ppm": 1.0}


def _round(x: float, digits: int = 4) -> float:
    """x to ``digits`` significant digits, as a scale or a laboratory reports it."""
    return float(f"{x:.{digits}g}")


def survey_text() -> str:
    """The text of ``balkhash-survey.toml``."""
    from valorize.model.registry import load_model

    model = load_model("balkhash-flowsheet").with_case_values(SURVEY_TRUTH)
    streams = model.detail()["summary"]["streams"]
    rng = np.random.default_rng(SURVEY_SEED)
    components = list(LAB_RSD)
    truth = ", ".join(f"{k} = {v:g}" for k, v in SURVEY_TRUTH.items())
    stream, quantity, factor = PLANTED_ERROR
    lines = [
        "# SYNTHETIC: made by python -m valorize.plant_data.make, not measured in a plant.",
        f"# One month of the balkhash-flowsheet case run with {truth};",
        "# scale and laboratory errors drawn with seed " + f"{SURVEY_SEED}.",
        f"# One gross error is planted: the {stream} {quantity} reads {factor:g} times its",
        "# true value (a scale out of calibration). Reconciliation should point to it.",
        "",
        "[survey]",
        'title = "Balkhash selenium refinery, one month (SYNTHETIC)"',
        "synthetic = true",
        'note = "made by valorize.plant_data.make from the balkhash-flowsheet model; '
        'one gross error planted"',
        'source = "valorize.plant_data.make, seed ' + f'{SURVEY_SEED}"',
        f"components = {components!r}".replace("'", '"'),
        'case = "balkhash-flowsheet"',
    ]
    for s in streams:
        mass_t = s["t_per_yr"] * SURVEY_PERIOD_YR
        lines += ["", "[[stream]]", f'name = "{s["name"]}"']
        if s["name"] in SCALE_RSD:
            rsd = SCALE_RSD[s["name"]]
            read = mass_t * (1.0 + rsd * rng.standard_normal())
            if (s["name"], "mass") == (stream, quantity):
                read *= factor
            lines += [f'mass = "{_round(read)} t"', f'mass_sd = "{100 * rsd:g} %rel"']
        if s["name"] in ASSAYED:
            assay, sd = [], []
            for c in components:
                wt = s["wt_pct"].get(c, 0.0)
                if wt < DETECTION_LIMIT_WT_PCT:
                    assay.append(f'{c} = "<{DETECTION_LIMIT_WT_PCT:g} %"')
                    continue
                if c == "Se" and wt > 99.0:
                    error, text_sd = REFINED_SE_SD_WT_PCT, f"{REFINED_SE_SD_WT_PCT:g} %"
                else:
                    error, text_sd = LAB_RSD[c] * wt, f"{100 * LAB_RSD[c]:g} %rel"
                read = max(wt + error * rng.standard_normal(), 0.0)
                assay.append(f'{c} = "{_round(read)} %"')
                sd.append(f'{c} = "{text_sd}"')
            lines.append("assay = { " + ", ".join(assay) + " }")
            lines.append("assay_sd = { " + ", ".join(sd) + " }")
    return "\n".join(lines) + "\n"


def batch_log_text() -> str:
    """The text of ``balkhash-batch-log.csv``."""
    import datetime

    from valorize.model.registry import load_model

    model = load_model("balkhash-selenium")
    truth = model.evaluate({k: np.array([v]) for k, v in LOG_TRUTH.items()}, 1, observables=True)
    rng = np.random.default_rng(LOG_SEED)
    lines = [
        "# SYNTHETIC: made by python -m valorize.plant_data.make, not measured in a plant.",
        "# The balkhash-selenium case run with",
        *(f"#   {k} = {v:g}" for k, v in LOG_TRUTH.items()),
        f"# and laboratory errors drawn with seed {LOG_SEED}.",
        "# valorize calibrate is not told these values.",
        "# [log]",
        '# title = "Balkhash selenium refinery, batch log of 2026 (SYNTHETIC)"',
        "# synthetic = true",
        '# note = "made by valorize.plant_data.make from the balkhash-selenium model"',
        f'# source = "valorize.plant_data.make, seed {LOG_SEED}"',
        "# [sd]",
        *(f'# {k} = "{v}"' for k, v in LOG_SD.items()),
        "batch,date," + ",".join(LOG_SD),
    ]
    start = datetime.date.fromisoformat(LOG_START)
    days = 365.0 / LOG_BATCHES
    for b in range(LOG_BATCHES):
        cells = [str(b + 1), (start + datetime.timedelta(days=int(b * days))).isoformat()]
        for name, spec in LOG_SD.items():
            mu = float(truth[name][0])
            sd = float(spec.split()[0]) / 100 * mu if "rel" in spec else float(spec)
            read = max(mu + sd * rng.standard_normal(), 0.0)
            limit = LOG_DETECTION_LIMIT_PPM.get(name)
            cells.append(f"<{limit:g}" if limit is not None and read < limit else f"{read:.4g}")
        lines.append(",".join(cells))
    return "\n".join(lines) + "\n"


def write_all(folder: Path) -> list[Path]:
    """Write every synthetic plant-data file into ``folder``; the paths written."""
    survey = folder / "balkhash-survey.toml"
    survey.write_text(survey_text(), encoding="utf-8")
    log = folder / "balkhash-batch-log.csv"
    log.write_text(batch_log_text(), encoding="utf-8")
    return [survey, log]


if __name__ == "__main__":  # pragma: no cover - the command-line entry
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent
    for written in write_all(target):
        print(f"wrote {written}")
