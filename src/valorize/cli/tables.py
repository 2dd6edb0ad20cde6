"""Tables people read: labels in words with units, money in M USD, at most 100 columns.

Every command's tables go through these helpers, so a metric is named the same way
everywhere: its declared label and unit (:class:`valorize.model.protocol.Metric`), not
its dictionary key.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from valorize.cli.common import plain_number
from valorize.report.labels import metric_heading, probability_label, target_text

#: The widest line a table prints.
TABLE_WIDTH = 100
#: Values shown with three decimals (purities of refined products, in wt %).
PURITY_SPAN = (99.0, 100.0)


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

    Headings wrap at spaces and hyphens (a case name stays whole where it fits) and labels;
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
            lines.append(f"(continued: columns {start + 1} to {block[-1] + 1} of {len(headers)})")
        wrapped = [textwrap.wrap(headers[j], cell_width - 1) or [""] for j in block]
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


__all__ = [
    "cell",
    "columns",
    "grid",
    "labelled_rows",
    "metric_heading",
    "probability_label",
    "target_text",
]
