"""Batch logs: a plant's measured outputs, one row per batch, for calibration.

A batch log is a CSV file whose first lines, starting with ``#``, are a TOML header
(docs/calibration.md has a complete example)::

    # [log]
    # title = "Balkhash batch log, 2026"
    # synthetic = false
    # note = "laboratory assays of every batch's ingots; batch times from the furnace log"
    # [sd]                      # each column's measurement sd: absolute or relative
    # product_Se_wt_pct = "0.05"
    # Hg_ppm = "8 %rel"
    # batch_duration_h = "0.1"
    batch,product_Se_wt_pct,Hg_ppm,Cu_ppm,batch_duration_h
    1,99.58,3050,<5,2.71
    2,99.61,,62,2.64

Every column but ``batch``, ``date`` and the conditions is an output of the model (its
metrics and observables, :attr:`valorize.model.protocol.Model.observables`) in the
output's unit. A cell is a number, empty (not measured that batch) or ``<L``: below the
detection limit ``L``, a censored observation.

Batches that ran at different conditions say so in columns named by a parameter of the
model (a dotted path, in the parameter's unit), listed in the header's ``[conditions]``
table with that unit, e.g. ``"operation.temperature" = "K"``; every batch must give
them. The model is then evaluated at each batch's own conditions. Every problem is one
:class:`InputError` naming the line and the column.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from pydantic import Field

from valorize.case_files import StrictModel
from valorize.errors import InputError

#: Columns that identify a batch rather than measure it.
ID_COLUMNS = ("batch", "date")

#: Units of a mass share, each with its 100 % (a reading above it, or a detection limit
#: above it, is refused).
SHARE_UNITS: dict[str, float] = {"%": 100.0, "wt %": 100.0, "ppm": 1e6, "g/t": 1e6, "ppb": 1e9}


class LogInfo(StrictModel):
    """What the log is and where its numbers come from."""

    title: str = Field(description="one line for the outputs")
    synthetic: bool = Field(description="true when the data were made by a script")
    note: str = Field("", description="how the data were taken or made")
    source: str = Field("", description="who measured, or the script that made them")


class LogHeader(StrictModel):
    """The TOML header of a batch log."""

    log: LogInfo
    sd: dict[str, float | str] = Field(description="each column's measurement sd")
    conditions: dict[str, str] = Field(
        default_factory=dict,
        description="parameter path -> its unit: batch-by-batch conditions in the table",
    )


@dataclass(frozen=True)
class Observations:
    """One output's measurements: values, error model, and which are censored.

    Arrays have shape ``(m,)``, one per batch that measured the output (``rows``: those
    batches' positions in the log; None: every batch); ``value`` holds the detection
    limit where ``censored``. A measurement's sd is
    ``sd + rsd * |mu|`` for the true value ``mu``: an absolute sd, or one relative to
    the value measured (a laboratory's "8 % relative"), which must scale with the true
    value, not with the reading (that would favour low readings).
    """

    name: str
    value: np.ndarray
    sd: np.ndarray
    rsd: np.ndarray
    censored: np.ndarray
    batch: tuple[str, ...]
    rows: np.ndarray | None = None

    def error(self, mu: np.ndarray) -> np.ndarray:
        """The measurement sd at true values ``mu`` (broadcast against the rows)."""
        return self.sd + self.rsd * np.abs(mu)


@dataclass(frozen=True)
class BatchLog:
    """A batch log read and checked.

    ``conditions``: parameter path -> its value in each batch, shape ``(rows,)`` (empty
    when every batch ran at the case's own conditions). ``batches``: each row's name for
    messages, its ``batch`` id with the file's line (``"B-017 (line 23)"``).
    """

    info: LogInfo
    observations: tuple[Observations, ...]
    rows: int
    path: str
    sha256: str
    conditions: dict[str, np.ndarray] = field(default_factory=dict)
    batches: tuple[str, ...] = ()

    def batch_name(self, row: int) -> str:
        """How messages name the batch at position ``row`` of the table."""
        return self.batches[row] if row < len(self.batches) else f"batch {row + 1}"


def _header_and_table(text: str, path: str) -> tuple[str, str, int]:
    """The TOML header (without the ``#``) and the CSV table, with the table's first line.

    The header runs from the line ``# [log]`` to the table; ``#`` lines above it are free
    comments.
    """
    lines = text.splitlines()
    header, k, started = [], 0, False
    while k < len(lines) and (lines[k].startswith("#") or not lines[k].strip()):
        started = started or lines[k][1:].strip().startswith("[log]")
        if started:
            header.append(lines[k][1:] if lines[k].startswith("#") else "")
        k += 1
    if not started:
        raise InputError(f"{path}: no '# [log]' header before the table (docs/calibration.md)")
    return "\n".join(header), "\n".join(lines[k:]), k + 1


def _sd(spec: float | str, where: str) -> tuple[float, float]:
    """An sd as (absolute, relative): ``0.05`` is absolute, ``"8 %rel"`` relative."""
    from valorize.quantities import relative_share

    rel = relative_share(spec)
    try:
        sd = rel if rel is not None else float(spec)
    except ValueError:
        raise InputError(f"{where}: cannot read {spec!r} as an sd ('0.05' or '8 %rel')") from None
    if not (np.isfinite(sd) and sd > 0):
        raise InputError(f"{where}: the standard deviation {spec!r} must be above zero")
    return (0.0, sd) if rel is not None else (sd, 0.0)


def _cell(text: str, where: str) -> tuple[float, bool] | None:
    """A cell: (value, censored), or None when empty."""
    text = text.strip()
    if not text:
        return None
    censored = text.startswith("<")
    try:
        value = float(text[1:] if censored else text)
    except ValueError:
        raise InputError(f"{where}: cannot read {text!r} as a number or '<limit'") from None
    if not np.isfinite(value):
        raise InputError(f"{where}: {text!r} is not a finite number")
    if value < 0:
        raise InputError(f"{where}: {text!r} is negative")
    return value, censored


def read_batch_log(
    path: str, outputs: dict[str, str] | None = None, parameters: dict[str, str] | None = None
) -> BatchLog:
    """Read and check a batch log file (see :func:`batch_log_from_text`).

    Raises
    ------
    InputError
        As :func:`batch_log_from_text`, and for a file that cannot be read as UTF-8 text.
    """
    from valorize.case_files import read_input_text

    return batch_log_from_text(read_input_text(Path(path), "batch log"), path, outputs, parameters)


def batch_log_from_text(
    text: str,
    path: str,
    outputs: dict[str, str] | None = None,
    parameters: dict[str, str] | None = None,
) -> BatchLog:
    """Read and check a batch log's text (a file read, or one uploaded to the dashboard).

    Parameters
    ----------
    text
        The CSV with its ``# [log]`` header.
    path
        Where it came from, for the messages and the result (a file's path, an upload's
        name).
    outputs
        Output name -> unit of the model the log is for; a column not among them is
        refused (None: not checked).
    parameters
        Parameter path -> unit of the model: a condition must be one, in its unit
        (None: not checked).

    Raises
    ------
    InputError
        One line naming the file, the line and the column: no header, bad TOML, a column
        without an sd (or an sd without a column), an output the model does not have, a
        cell that is not a number or ``<limit``, a negative value, an assay (or a
        detection limit) above 100 % in any of :data:`SHARE_UNITS` (1e6 ppm), a
        standard deviation not above zero, no rows; a condition that is not a
        parameter of the model, in another unit, not a column, or not a finite number in
        every batch.
    """
    from valorize.case_files import parse_toml, validate

    head, table, first = _header_and_table(text, path)
    header = validate(LogHeader, parse_toml(head, f"{path} header"), path, "docs/calibration.md")
    reader = csv.reader(io.StringIO(table))
    try:
        columns = [c.strip() for c in next(reader)]
    except StopIteration:
        raise InputError(f"{path}: the table has no header row") from None
    twice = sorted({c for c in columns if columns.count(c) > 1})
    if twice:
        raise InputError(f"{path}: line {first}: column {twice[0]!r} appears more than once")
    _check_conditions(header.conditions, columns, parameters, path)
    measured = [c for c in columns if c not in ID_COLUMNS and c not in header.conditions]
    for c in measured:
        if outputs is not None and c not in outputs:
            hint = (
                " (a parameter given batch by batch belongs in the header's [conditions])"
                if parameters is not None and c in parameters
                else ""
            )
            raise InputError(
                f"{path}: line {first}: column {c!r} is not an output of the model{hint}; "
                "outputs: " + ", ".join(outputs)
            )
        if c not in header.sd:
            raise InputError(f"{path}: column {c!r} has no sd in the header's [sd] table")
    for c in header.sd:
        if c in header.conditions:
            raise InputError(
                f"{path}: [sd] names {c!r}, a condition: conditions are given, not measured"
            )
        if c not in measured:
            raise InputError(f"{path}: [sd] names {c!r}, which is no column of the table")
    errors = {c: _sd(header.sd[c], f"{path}: [sd] {c}") for c in measured}
    cells: dict[str, list[tuple[float, bool, str, int]]] = {c: [] for c in measured}
    conditions: dict[str, list[float]] = {c: [] for c in header.conditions}
    rows = 0
    names: list[str] = []
    for k, row in enumerate(reader, start=first + 1):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(columns):
            raise InputError(f"{path}: line {k}: {len(row)} cells for {len(columns)} columns")
        rows += 1
        batch = row[columns.index("batch")].strip() if "batch" in columns else str(rows)
        names.append(f"batch {batch} (line {k})")
        for c, cell in zip(columns, row, strict=True):
            if c in ID_COLUMNS:
                continue
            where = f"{path}: line {k}, column {c}"
            if c in conditions:
                conditions[c].append(_condition(cell, where))
                continue
            read = _cell(cell, where)
            if read is None:
                continue
            value, censored = read
            unit = outputs[c] if outputs is not None else ""
            if unit in SHARE_UNITS and value > SHARE_UNITS[unit]:
                raise InputError(
                    f"{where}: {cell.strip()!r} is above 100 % (the column is in {unit}: "
                    f"at most {SHARE_UNITS[unit]:.0f} {unit})"
                )
            cells[c].append((value, censored, batch, rows - 1))
    if rows == 0:
        raise InputError(f"{path}: the table has no rows")
    observations = tuple(
        Observations(
            c,
            np.array([v for v, _, _, _ in got]),
            np.full(len(got), errors[c][0]),
            np.full(len(got), errors[c][1]),
            np.array([z for _, z, _, _ in got], dtype=bool),
            tuple(b for _, _, b, _ in got),
            np.array([r for _, _, _, r in got], dtype=np.int64),
        )
        for c, got in cells.items()
        if got
    )
    if not observations:
        raise InputError(f"{path}: no measured value in the table")
    return BatchLog(
        header.log,
        observations,
        rows,
        path,
        hashlib.sha256(text.encode("utf-8")).hexdigest(),
        {c: np.array(v) for c, v in conditions.items()},
        tuple(names),
    )


def _check_conditions(
    conditions: dict[str, str], columns: list[str], parameters: dict[str, str] | None, path: str
) -> None:
    """Each condition is a column and a parameter of the model, in the parameter's unit."""
    for name, unit in conditions.items():
        if parameters is not None and name not in parameters:
            raise InputError(
                f"{path}: [conditions] names {name!r}, which is not a parameter of the model "
                "(docs/parameters.md lists them)"
            )
        if parameters is not None and unit != parameters[name]:
            raise InputError(
                f"{path}: [conditions] {name!r} is in {unit!r}; give its values in the "
                f"parameter's unit, {parameters[name]!r}"
            )
        if name not in columns:
            raise InputError(f"{path}: [conditions] names {name!r}, which is no column")


def _condition(text: str, where: str) -> float:
    """A batch's condition: a finite number, never empty or censored."""
    try:
        value = float(text.strip())
    except ValueError:
        raise InputError(
            f"{where}: {text.strip()!r} is not a number; every batch gives its conditions"
        ) from None
    if not np.isfinite(value):
        raise InputError(f"{where}: {text.strip()!r} is not a finite number")
    return value
