"""The posterior samples file: what ``valorize calibrate`` writes and ``[[uncertainty]]`` reads.

``posterior.csv``: lines starting with ``#`` say what was calibrated to what (and
SYNTHETIC where the data were made up), then a header of parameter paths and one row
per posterior sample, in the parameters' units. A case uses it as a joint input::

    [[uncertainty]]
    parameter = "model.entrainment"
    distribution = "posterior"
    parameters = ["calibration/posterior.csv"]

(one entry per parameter; the entries of one file are drawn together, row by row).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np

from valorize.errors import InputError


def posterior_text(names: list[str], samples: np.ndarray, comments: list[str]) -> str:
    """The file's text: comment lines, the header, ``samples`` of shape ``(n, len(names))``."""
    out = io.StringIO()
    for line in comments:
        out.write(f"# {line}\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    writer.writerows([[repr(float(v)) for v in row] for row in samples])
    return out.getvalue()


def unconverged(path: str) -> str | None:
    """The file's ``NOT converged`` comment line (what ``calibrate`` writes), or None."""
    from valorize.case_files import read_input_text

    for line in read_input_text(Path(path), "posterior file").splitlines():
        if not line.strip():
            continue
        if not line.startswith("#"):
            return None
        if line[1:].strip().startswith("NOT converged"):
            return line[1:].strip()
    return None


def read_posterior(path: str) -> dict[str, np.ndarray]:
    """Each parameter's posterior samples, shape ``(n,)``, from a ``posterior.csv``.

    Raises
    ------
    InputError
        For a missing file, no header, fewer than two rows, a row of another length or
        a cell that is not a finite number (the line named).
    """
    from valorize.case_files import read_input_text

    text = read_input_text(Path(path), "posterior file")
    lines = [(k, line) for k, line in enumerate(text.splitlines(), 1) if line.strip()]
    lines = [(k, line) for k, line in lines if not line.startswith("#")]
    if not lines:
        raise InputError(f"{path}: no header of parameter names")
    names = next(csv.reader([lines[0][1]]))
    rows = []
    for k, line in lines[1:]:
        cells = next(csv.reader([line]))
        if len(cells) != len(names):
            raise InputError(f"{path}: line {k}: {len(cells)} values for {len(names)} columns")
        try:
            row = [float(c) for c in cells]
        except ValueError:
            raise InputError(f"{path}: line {k}: a value that is not a number") from None
        if not np.all(np.isfinite(row)):
            raise InputError(f"{path}: line {k}: a value that is not finite")
        rows.append(row)
    if len(rows) < 2:
        raise InputError(f"{path}: fewer than two posterior samples")
    data = np.array(rows)
    return {name: data[:, j] for j, name in enumerate(names)}
