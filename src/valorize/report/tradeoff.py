"""Purity-recovery trade-off curve of an optimized case: HTML (plotly) or PNG/SVG (matplotlib)."""

from __future__ import annotations

from pathlib import Path

from valorize.analysis.optimize import OperatingPoint
from valorize.errors import InputError
from valorize.report.files import write_atomically

FORMATS = (".html", ".png", ".svg")


def _title(name: str, p: OperatingPoint) -> str:
    return (
        f"{name}: purity against recovery at {p.temperature - 273.15:.0f} degC, "
        f"head cut {100 * p.head_cut:.1f} %"
    )


def _write_html(name: str, p: OperatingPoint, path: Path) -> None:
    import plotly.graph_objects as go

    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=100 * p.curve_recovery,
            y=100 * p.curve_purity,
            mode="lines+markers",
            name="distilled fraction swept",
            customdata=p.curve_distilled_fraction,
            hovertemplate="recovery %{x:.2f} %<br>purity %{y:.4f} %<br>"
            "distilled %{customdata:.3f}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[100 * p.recovery],
            y=[100 * p.purity],
            mode="markers",
            name="optimum",
            marker={"size": 12, "symbol": "star", "color": "#c0392b"},
        )
    )
    fig.add_hline(
        y=100 * p.purity_min,
        line={"dash": "dot", "color": "grey"},
        annotation_text=f"purity target {100 * p.purity_min:g} %",
    )
    fig.update_layout(
        title={"text": _title(name, p)},
        template="plotly_white",
        xaxis_title="direct Se recovery (%)",
        yaxis_title="product Se (wt %)",
    )
    fig.write_html(path, include_plotlyjs=True, full_html=True)


def _write_static(name: str, p: OperatingPoint, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7.5, 5.0), dpi=150)
    ax.plot(
        100 * p.curve_recovery,
        100 * p.curve_purity,
        "o-",
        ms=3,
        color="#1f4e9c",
        label="distilled fraction swept",
    )
    ax.plot([100 * p.recovery], [100 * p.purity], "*", ms=14, color="#c0392b", label="optimum")
    ax.axhline(100 * p.purity_min, ls=":", color="grey")
    ax.text(
        ax.get_xlim()[0],
        100 * p.purity_min,
        f" purity target {100 * p.purity_min:g} %",
        va="bottom",
        color="grey",
        fontsize=8,
    )
    ax.set_xlabel("direct Se recovery (%)")
    ax.set_ylabel("product Se (wt %)")
    ax.set_title(_title(name, p), fontsize=9)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def write_tradeoff(name: str, point: OperatingPoint, out: str | Path) -> Path:
    """Write the trade-off plot; the extension (.html, .png, .svg) picks the format."""
    suffix = Path(out).suffix.lower()
    if suffix not in FORMATS:
        raise InputError(
            f"--plot: cannot write {suffix or 'no extension'!r}; use one of " + ", ".join(FORMATS)
        )
    writer = _write_html if suffix == ".html" else _write_static
    return write_atomically(out, lambda tmp: writer(name, point, tmp))
