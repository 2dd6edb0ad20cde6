"""Tables people read: labels in words with units, money in M USD, at most 100 columns.

Every command's tables go through these helpers, so a metric is named the same way
everywhere: its declared label and unit (:class:`valorize.model.protocol.Metric`), not
its dictionary key.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

from valorize.cli.common import plain_number
from valorize.errors import InputError

#: The widest line a table prints.
TABLE_WIDTH = 100
#: Values shown with three decimals (purities of refined products, in wt %).
PURITY_SPAN = (99.0, 100.0)
#: Shown money is in millions of the currency above this unit's magnitude.
MILLION = 1e6


def metric_heading(model: Any, key: str) -> tuple[str, float]:
    """A metric's or parameter's label with its unit, and the scale its values are shown in.

    ``("net present value (M USD)", 1e-6)`` for ``npv_usd``; a parameter path gives its
    last part in words and its unit; an unknown key comes back as it is.
    """
    for m in model.metrics:
        if m.name == key:
            if m.unit == "USD":
                return f"{m.label} (M USD)", 1 / MILLION
            return (f"{m.label} ({m.unit})" if m.unit and m.unit != "1" else m.label), 1.0
    try:
        p = model.parameter(key)
    except InputError:  # not a parameter either: the key is the best name there is
        return key, 1.0
    words = key.split(".")[-1].replace("_", " ")
    return (f"{words} ({p.unit})" if p.unit and p.unit != "1" else words), 1.0


def target_text(model: Any, target: Any) -> str:
    """A target in words: ``product purity (Se) >= 99.5 wt %``."""
    m = model.metric(target.metric)
    unit = "" if m.unit in ("", "1") else f" {m.unit}"
    return f"{m.label} {target.sense} {target.value:g}{unit}"


def probability_label(model: Any, key: str) -> str:
    """``probability_purity_met`` as ``P(product purity (Se) >= 99.5 wt %)``."""
    if key == "probability_npv_negative":
        return "P(NPV < 0)"
    for t in model.targets:
        if key == f"probability_{t.name}":
            return f"P({target_text(model, t)})"
    return key.replace("_", " ")


def cell(x: float | None, digits: int = 4) -> str:
    """A number for a table cell: no scientific notation for ordinary quantities."""
    if x is None or x != x:
        return "n/a"
    if PURITY_SPAN[0] <= abs(x) < PURITY_SPAN[1]:
        return f"{x:.3f}"  # a refined product's purity: 99.500 is not 99.54
    return plain_number(x, digits=digits, whole_from=10 ** (digits - 1), small_below=1e-3)


def labelled_rows(
    rows: Sequence[tuple[str, Sequence[str]]],
    headers: Sequence[str],
    cell_width: int = 11,
    indent: str = "  ",
) -> list[str]:
    """Rows of a label and right-aligned cells, the label wrapped to fit TABLE_WIDTH."""
    label_width = TABLE_WIDTH - len(indent) - cell_width * len(headers)
    label_width = min(label_width, max((len(r[0]) for r in rows), default=10) + 1)
    lines = [indent + " " * label_width + "".join(f"{h:>{cell_width}}" for h in headers)]
    for label, cells in rows:
        parts = textwrap.wrap(label, label_width - 1) or [""]
        lines.append(
            indent + f"{parts[0]:<{label_width}}" + "".join(f"{c:>{cell_width}}" for c in cells)
        )
        lines.extend(indent + "  " + p for p in parts[1:])
    return lines


def columns(headers: Sequence[str], rows: Sequence[Sequence[str]], indent: str = "  ") -> list[str]:
    """A table of columns whose headings wrap onto several lines to fit TABLE_WIDTH."""
    fair = (TABLE_WIDTH - len(indent)) // max(len(headers), 1)
    widest = max([len(c) for r in rows for c in r] or [1])
    width = max(widest + 2, min(16, fair))
    wrapped = [textwrap.wrap(h, width - 1) or [""] for h in headers]
    depth = max(len(w) for w in wrapped)
    lines = []
    for i in range(depth):
        parts = [w[i - depth + len(w)] if i >= depth - len(w) else "" for w in wrapped]
        lines.append(indent + "".join(f"{p:>{width}}" for p in parts))
    lines.extend(indent + "".join(f"{c:>{width}}" for c in r) for r in rows)
    return lines


def grid(
    labels: Sequence[str],
    headers: Sequence[str],
    cells: Sequence[Sequence[str]],
    cell_width: int | None = None,
    label_width: int = 37,
) -> list[str]:
    """Rows labelled on the left, one column per header, fitting TABLE_WIDTH.

    Headings wrap at spaces (a case name stays whole) and labels onto further lines;
    columns that do not fit go into a further block below, which repeats the labels,
    so no value is ever cut. ``cell_width`` defaults to the longest word of a heading
    or the longest value, at least 12 characters and at most a third of the room.
    """
    if cell_width is None:
        words = [len(w) for h in headers for w in h.split()]
        longest = 2 + max(words + [len(c) for r in cells for c in r])
        cell_width = min(max(12, longest), (TABLE_WIDTH - label_width) // 3)
    per_block = max(1, (TABLE_WIDTH - label_width) // cell_width)
    lines: list[str] = []
    for start in range(0, len(headers), per_block):
        block = range(start, min(start + per_block, len(headers)))
        if lines:
            lines.append("")
        wrapped = [
            textwrap.wrap(headers[j], cell_width, break_on_hyphens=False) or [""] for j in block
        ]
        depth = max(len(w) for w in wrapped)
        for i in range(depth):
            parts = [w[i] if i < len(w) else "" for w in wrapped]
            lines.append(" " * label_width + "".join(f"{p:>{cell_width}}" for p in parts))
        for label, row in zip(labels, cells, strict=True):
            parts = textwrap.wrap(label, label_width - 1) or [""]
            values = "".join(f" {row[j]:>{cell_width - 1}}" for j in block)
            lines.append(f"{parts[0]:<{label_width}}" + values)
            lines.extend("  " + p for p in parts[1:])
    return lines
