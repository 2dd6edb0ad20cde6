"""The Pareto front of an operating-point search: HTML (plotly) or PNG/SVG (matplotlib)."""

from __future__ import annotations

from pathlib import Path

from valorize.analysis.pareto import OBJECTIVES, ParetoFront
from valorize.errors import InputError
from valorize.report.files import write_atomically

FORMATS = (".html", ".png", ".svg")


def _axes(front: ParetoFront) -> tuple[tuple[str, str], tuple[str, str]]:
    (kx, _, lx), (ky, _, ly) = (OBJECTIVES[o] for o in front.objectives[:2])
    return (kx, lx), (ky, ly)


def _title(name: str, front: ParetoFront) -> str:
    return (
        f"{name}: Pareto front of {' vs '.join(front.objectives)} "
        f"(>= {100 * front.purity_min:g} % Se, within the furnace hours)"
    )


def pareto_figure(name: str, front: ParetoFront) -> object:
    """The front as a plotly figure: the first two objectives, coloured by temperature."""
    import plotly.graph_objects as go

    (kx, lx), (ky, ly) = _axes(front)
    fig = go.Figure(
        go.Scatter(
            x=front.values[kx],
            y=front.values[ky],
            mode="markers",
            marker={
                "color": front.temperature - 273.15,
                "colorscale": "Plasma",
                "colorbar": {"title": "T (degC)"},
                "size": 9,
            },
            customdata=list(zip(front.distilled_fraction, front.head_cut, strict=True)),
            hovertemplate="%{x:.4g}, %{y:.4g}<br>distilled %{customdata[0]:.3f}, "
            "head cut %{customdata[1]:.3f}<extra></extra>",
        )
    )
    fig.update_layout(
        title={"text": _title(name, front)},
        template="plotly_white",
        xaxis_title=lx,
        yaxis_title=ly,
        height=520,
    )
    return fig


def _write_static(name: str, front: ParetoFront, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    (kx, lx), (ky, ly) = _axes(front)
    fig, ax = plt.subplots(figsize=(7.5, 5.0), dpi=150)
    points = ax.scatter(
        front.values[kx], front.values[ky], c=front.temperature - 273.15, cmap="plasma", s=18
    )
    fig.colorbar(points, ax=ax, label="T (degC)")
    ax.set_xlabel(lx)
    ax.set_ylabel(ly)
    ax.set_title(_title(name, front), fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def write_pareto(name: str, front: ParetoFront, out: str | Path) -> Path:
    """Write the front's plot; the extension (.html, .png, .svg) picks the format."""
    suffix = Path(out).suffix.lower()
    if suffix not in FORMATS:
        raise InputError(
            f"--plot: cannot write {suffix or 'no extension'!r}; use one of " + ", ".join(FORMATS)
        )
    if suffix == ".html":
        fig = pareto_figure(name, front)
        return write_atomically(out, lambda tmp: fig.write_html(tmp, include_plotlyjs=True))
    return write_atomically(out, lambda tmp: _write_static(name, front, tmp))
