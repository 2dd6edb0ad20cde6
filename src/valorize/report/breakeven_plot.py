"""Break-even curve of photocatalytic hydrogen against reforming: HTML (plotly) or PNG/SVG/PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from valorize.report.plot_files import pyplot, write_plot

_X = "STH efficiency (%)"
_Y = "catalyst sheet cost (USD per m² of panel)"


def _lines(curve: Any) -> list[tuple[str, np.ndarray, np.ndarray]]:
    price = 1000 * curve.co2_price
    out = []
    for label, cost in (
        ("LCOH = reforming, no CO2 price", curve.cost_without_co2_price),
        (f"LCOH = reforming, CO2 at {price:g} USD/t", curve.cost_with_co2_price),
    ):
        keep = cost >= 0
        out.append((label, 100 * curve.sth[keep], cost[keep]))
    return out


def breakeven_figure(title: str, curve: Any) -> Any:
    """The break-even curves and the case's point as a plotly figure."""
    import plotly.graph_objects as go

    fig = go.Figure()
    for label, x, y in _lines(curve):
        fig.add_trace(go.Scatter(x=x, y=y, mode="lines", name=label))
    fig.add_trace(
        go.Scatter(
            x=[100 * curve.sth_case],
            y=[curve.catalyst_cost],
            mode="markers",
            name="this case",
            marker={"size": 12, "symbol": "star"},
        )
    )
    fig.update_layout(title=title, xaxis_title=_X, yaxis_title=_Y, template="plotly_white")
    return fig


def _write_static(title: str, curve: Any, path: Path) -> None:
    plt = pyplot()

    fig, ax = plt.subplots(figsize=(7, 4.5))
    for label, x, y in _lines(curve):
        ax.plot(x, y, label=label)
    ax.plot([100 * curve.sth_case], [curve.catalyst_cost], "*", markersize=12, label="this case")
    ax.set_xlabel(_X)
    ax.set_ylabel(_Y)
    ax.set_title(title, fontsize=9)
    ax.text(
        0.98,
        0.02,
        "below/right of a line: cheaper than reforming",
        transform=ax.transAxes,
        ha="right",
        fontsize=8,
        color="grey",
    )
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def write_breakeven(title: str, curve: Any, out: str | Path) -> Path:
    """Write the break-even curve to ``out`` (.html, .png, .svg or .pdf) atomically."""
    return write_plot(
        out, lambda: breakeven_figure(title, curve), lambda tmp: _write_static(title, curve, tmp)
    )
