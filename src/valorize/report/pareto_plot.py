"""The Pareto front of a model's search: HTML (plotly) or PNG/SVG/PDF (matplotlib).

The first two objectives are the axes, the first decision the colour; labels and
units come from the model's metric and parameter declarations.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from valorize.analysis.pareto import ParetoFront
from valorize.constants import ZERO_CELSIUS
from valorize.report.labels import metric_heading
from valorize.report.plot_files import pyplot, write_plot


def _label(model: Any, name: str) -> str:
    return metric_heading(model, name)[0]


def _axis(model: Any, front: ParetoFront, name: str) -> Any:
    """An objective's values in the unit its label names (money in M USD)."""
    return front.values[name] * metric_heading(model, name)[1]


def _colour(model: Any, front: ParetoFront) -> tuple[Any, str]:
    """The first decision's values (a temperature in degC, as operators set it) and label."""
    name = front.decisions[0]
    values = front.x[name]
    if model.parameter(name).unit == "K":
        words = metric_heading(model, name)[0].removesuffix(" (K)")
        return values - ZERO_CELSIUS, f"{words} (degC)"
    return values, _label(model, name)


def _title(model: Any, front: ParetoFront) -> str:
    odds = "" if front.probability is None else f", targets met with p >= {front.probability:g}"
    words = " against ".join(model.metric(k).label for k in front.objectives)
    return f"{model.name}: Pareto front of {words}{odds}"


def pareto_figure(model: Any, front: ParetoFront) -> object:
    """The front as a plotly figure: the first two objectives, coloured by the first decision."""
    import plotly.graph_objects as go

    kx, ky = front.objectives[:2]
    colour, colour_label = _colour(model, front)
    others = front.decisions[1:]
    fig = go.Figure(
        go.Scatter(
            x=_axis(model, front, kx),
            y=_axis(model, front, ky),
            mode="markers",
            marker={
                "color": colour,
                "colorscale": "Plasma",
                "colorbar": {"title": colour_label},
                "size": 9,
            },
            customdata=list(zip(*(front.x[k] for k in others), strict=True)) if others else None,
            hovertemplate="%{x:.4g}, %{y:.4g}"
            + "".join(
                f"<br>{k.split('.')[-1]} %{{customdata[{i}]:.4g}}" for i, k in enumerate(others)
            )
            + "<extra></extra>",
        )
    )
    fig.update_layout(
        title={"text": _title(model, front)},
        template="plotly_white",
        xaxis_title=_label(model, kx),
        yaxis_title=_label(model, ky),
        height=520,
    )
    return fig


def _write_static(model: Any, front: ParetoFront, path: Path) -> None:
    plt = pyplot()

    kx, ky = front.objectives[:2]
    colour, colour_label = _colour(model, front)
    fig, ax = plt.subplots(figsize=(7.5, 5.0), dpi=150)
    x, y = _axis(model, front, kx), _axis(model, front, ky)
    points = ax.scatter(x, y, c=colour, cmap="plasma", s=18)
    fig.colorbar(points, ax=ax, label=colour_label)
    ax.set_xlabel(_label(model, kx))
    ax.set_ylabel(_label(model, ky))
    ax.set_title(_title(model, front), fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def write_pareto(model: Any, front: ParetoFront, out: str | Path) -> Path:
    """Write the front's plot; the extension (.html, .png, .svg, .pdf) picks the format."""
    return write_plot(
        out, lambda: pareto_figure(model, front), lambda tmp: _write_static(model, front, tmp)
    )
