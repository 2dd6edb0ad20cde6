"""The portfolio's ranking chart: NPV, NPV per unit of grant and CO2 avoided per project.

HTML (plotly) or PNG/SVG/PDF (matplotlib), as every ``--plot``
(:mod:`valorize.report.plot_files`); bars are coloured by the project's stated
technology readiness level (1-9).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from valorize.report.plot_files import pyplot, write_plot

#: The three panels: result key, scale to the shown unit, title.
PANELS = (
    ("npv_usd", 1e-6, "NPV (M USD)"),
    ("npv_per_grant", 1.0, "NPV per unit of grant"),
    ("co2_avoided_t_per_yr", 1.0, "CO2 avoided (t/yr)"),
)
#: The technology readiness scale the colours span.
TRL_RANGE = (1, 9)


def _title(r: dict[str, Any]) -> str:
    from valorize.portfolio import RANK_WORDS

    return f"{r['title']}: ranked by {RANK_WORDS.get(r['ranked_by'], r['ranked_by'])}"


def _values(r: dict[str, Any], key: str, scale: float) -> list[float | None]:
    return [None if p[key] is None else p[key] * scale for p in r["projects"]]


def portfolio_figure(r: dict[str, Any]) -> Any:
    """The ranking chart of a portfolio result as a plotly figure."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    names = [p["case"] for p in r["projects"]]
    fig = make_subplots(rows=1, cols=3, subplot_titles=[t for _, _, t in PANELS])
    low, high = TRL_RANGE
    marker = {
        "color": [p["trl"] for p in r["projects"]],
        "colorscale": "Viridis",
        "cmin": low,
        "cmax": high,
    }
    for col, (key, scale, _) in enumerate(PANELS, start=1):
        fig.add_trace(
            go.Bar(
                x=names,
                y=_values(r, key, scale),
                marker={**marker, "showscale": col == 3, "colorbar": {"title": "TRL"}},
                showlegend=False,
                texttemplate="%{y:.3s}",
            ),
            row=1,
            col=col,
        )
    fig.update_layout(title={"text": _title(r)}, template="plotly_white", height=460)
    return fig


def _bar_text(v: float) -> str:
    """A bar's value: 1,981 or 8.01 (no scientific notation), n/a for a missing one."""
    if v != v:
        return "n/a"
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:.3g}"


def _write_static(r: dict[str, Any], path: Path) -> None:
    plt = pyplot()
    from matplotlib import cm, colors

    names = [p["case"] for p in r["projects"]]
    norm = colors.Normalize(*TRL_RANGE)
    shade = [cm.viridis(norm(p["trl"])) for p in r["projects"]]
    fig, axes = plt.subplots(1, 3, figsize=(12, 4.8))
    for ax, (key, scale, title) in zip(axes, PANELS, strict=True):
        y = [float("nan") if v is None else v for v in _values(r, key, scale)]
        bars = ax.bar(range(len(names)), y, color=shade)
        ax.bar_label(bars, labels=[_bar_text(v) for v in y], fontsize=7)
        ax.set_xticks(range(len(names)), names, rotation=30, ha="right", fontsize=7)
        ax.set_title(title, fontsize=9)
        ax.axhline(0, color="grey", lw=0.6)
    fig.colorbar(cm.ScalarMappable(norm=norm, cmap="viridis"), ax=axes, label="TRL")
    fig.suptitle(_title(r), fontsize=10)
    fig.savefig(path, bbox_inches="tight")
    plt.close(fig)


def write_portfolio_plot(r: dict[str, Any], out: str | Path) -> Path:
    """Write the ranking chart; the extension (.html, .png, .svg, .pdf) picks the format."""
    return write_plot(out, lambda: portfolio_figure(r), lambda tmp: _write_static(r, tmp))
