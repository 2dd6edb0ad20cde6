"""The pieces every HTML report is built of: the stylesheet, tables, embedded figures.

Plotly's JavaScript goes with the first figure of a page only, so a report opens with
no internet and carries the library once.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

#: The reports' stylesheet (every route's report uses it).
STYLE = """<style>
body { font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; color: #222; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1.5em; }
th, td { text-align: left; padding: 0.35em 0.6em; border-bottom: 1px solid #ddd;
         vertical-align: top; }
th { width: 28%; font-weight: 600; }
table.grid th { width: auto; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
section { margin: 1.5em 0; page-break-inside: avoid; }
.small { color: #666; font-size: 0.85em; }
.verdict-no { color: #b03a2e; font-weight: 600; }
</style>"""


@dataclass(frozen=True)
class Report:
    """The report's HTML and its figures by file stem, for static export."""

    html: str
    figures: dict[str, Any]


def figure_html(fig: Any, first: bool) -> str:
    """A plotly figure as an HTML fragment; ``first`` embeds plotly's JavaScript."""
    return fig.to_html(full_html=False, include_plotlyjs=True if first else False)


def _cell(text: str) -> str:
    escaped = html.escape(text)
    if "NOT met" in text:
        return f'<span class="verdict-no">{escaped}</span>'
    return escaped


def table(rows: Sequence[tuple[str, str]]) -> str:
    """Rows of a label and a value; a value saying ``NOT met`` is shown in red."""
    body = "".join(f"<tr><th>{html.escape(a)}</th><td>{_cell(b)}</td></tr>" for a, b in rows)
    return f"<table>{body}</table>"


def grid_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A table with a header row: the first column labels, the others values."""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + f"<th>{html.escape(r[0])}</th>" + "".join(f"<td>{_cell(c)}</td>" for c in r[1:])
        + "</tr>"
        for r in rows
    )  # fmt: skip
    return f'<table class="grid"><tr>{head}</tr>{body}</table>'
