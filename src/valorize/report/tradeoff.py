"""The trade-off curve through an optimum: HTML (plotly) or PNG/SVG/PDF (matplotlib).

One decision (the route's sweep, e.g. the distilled fraction) is swept over its range
with the others held at the optimum; the curve shows the objective against the first
constraint's metric (the refinery's recovery against purity), the optimum starred and
the constraint's bound dotted. Labels come from the model's metric declarations.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from valorize.analysis.optimize import Optimum
from valorize.errors import InputError
from valorize.report.labels import metric_heading
from valorize.report.plot_files import pyplot, write_plot


def _axes(model: Any, p: Optimum) -> tuple[str, str, Any]:
    """The x metric (objective), the y metric (first constraint, else the sweep), the bound."""
    y = p.constraints[0][0] if p.constraints else None
    return p.objective, (y.metric if y is not None else p.sweep), y


def _label(model: Any, name: str) -> str:
    return metric_heading(model, name)[0]


def _words(model: Any, name: str) -> str:
    """A decision's path in words, without its unit: ``operation distilled fraction``."""
    return metric_heading(model, name)[0].rsplit(" (", 1)[0]


def _title(model: Any, p: Optimum) -> str:
    held = ", ".join(
        f"{_words(model, k)} {v:.4g} {model.parameter(k).unit}"
        for k, v in p.x.items()
        if k != p.sweep
    )
    return f"{model.name}: {_words(model, p.sweep)} swept; {held} held"


def tradeoff_figure(model: Any, p: Optimum) -> Any:
    """The trade-off curve through the optimum as a plotly figure."""
    import plotly.graph_objects as go

    xk, yk, bound = _axes(model, p)
    curve = p.curve
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=curve[xk],
            y=curve[yk],
            mode="lines+markers",
            name=f"{_words(model, p.sweep)} swept",
            customdata=curve[p.sweep],
            hovertemplate="%{x:.4g}, %{y:.6g}<br>"
            + _words(model, p.sweep)
            + " %{customdata:.4g}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[p.metrics[xk]],
            y=[p.metrics[yk] if yk in p.metrics else p.x[yk]],
            mode="markers",
            name="optimum",
            marker={"size": 12, "symbol": "star", "color": "#c0392b"},
        )
    )
    if bound is not None:
        fig.add_hline(
            y=bound.value,
            line={"dash": "dot", "color": "grey"},
            annotation_text=f"{bound.sense} {bound.value:g}",
        )
    fig.update_layout(
        title={"text": _title(model, p)},
        template="plotly_white",
        xaxis_title=_label(model, xk),
        yaxis_title=_label(model, yk),
    )
    return fig


def _write_static(model: Any, p: Optimum, path: Path) -> None:
    plt = pyplot()

    xk, yk, bound = _axes(model, p)
    curve = p.curve
    fig, ax = plt.subplots(figsize=(7.5, 5.0), dpi=150)
    ax.plot(
        curve[xk], curve[yk], "o-", ms=3, color="#1f4e9c", label=f"{_words(model, p.sweep)} swept"
    )
    y_opt = p.metrics[yk] if yk in p.metrics else p.x[yk]
    ax.plot([p.metrics[xk]], [y_opt], "*", ms=14, color="#c0392b", label="optimum")
    if bound is not None:
        ax.axhline(bound.value, ls=":", color="grey")
        ax.text(
            ax.get_xlim()[0],
            bound.value,
            f" {bound.sense} {bound.value:g}",
            va="bottom",
            color="grey",
            fontsize=8,
        )
    ax.set_xlabel(_label(model, xk))
    ax.set_ylabel(_label(model, yk))
    ax.set_title(textwrap.fill(_title(model, p), 95), fontsize=8)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def write_tradeoff(model: Any, point: Optimum, out: str | Path) -> Path:
    """Write the trade-off plot; the extension (.html, .png, .svg, .pdf) picks the format."""
    if point.curve is None or point.sweep is None:
        raise InputError("--plot: the optimum has no trade-off curve (no decision to sweep)")
    return write_plot(
        out, lambda: tradeoff_figure(model, point), lambda tmp: _write_static(model, point, tmp)
    )
