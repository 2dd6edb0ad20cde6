"""Draw a binary T-x-y phase diagram: interactive HTML (plotly) or PNG/SVG/PDF (matplotlib).

The bubble line (liquid) and dew line (vapour) come from
:func:`valorize.thermo.vle.txy_diagram`. The melting points of the pure
components are drawn too: where a bubble temperature lies below the melting
point of the element that dominates there, the melt is supercooled and the
equilibrium shown is metastable (solid-liquid equilibrium is not modelled).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from valorize.data.loader import element
from valorize.report.plot_files import pyplot, write_plot
from valorize.thermo.vle import PhaseDiagram


def _pressure_text(p: float) -> str:
    return f"{p:g} Pa" if p < 1e4 else f"{p / 1e3:g} kPa"


def _title(diagram: PhaseDiagram) -> str:
    a, b = diagram.components
    where = (
        _pressure_text(float(diagram.pressure[0]))
        if diagram.kind == "T-x-y"
        else f"{float(diagram.temperature[0]):g} K"
    )
    return f"{a}-{b} {diagram.kind} diagram at {where} ({diagram.model} model)"


def _melting_notes(diagram: PhaseDiagram) -> list[str]:
    """Say where bubble temperatures lie below a pure element's melting point."""
    notes = []
    T = diagram.temperature
    for symbol in diagram.components:
        Tm = element(symbol).melting_point.value
        if T.min() < Tm:
            notes.append(
                f"Below Tm({symbol}) = {Tm:.1f} K the {symbol}-rich melts are supercooled: "
                "the diagram is then metastable (solid-liquid equilibrium is not modelled)."
            )
    return notes


def _footnote(diagram: PhaseDiagram) -> str:
    notes = _melting_notes(diagram)
    if diagram.ideal_pairs:
        notes.append(
            "Taken as ideal for lack of parameters: "
            + ", ".join("-".join(p) for p in diagram.ideal_pairs)
            + "."
        )
    if diagram.warnings:
        notes.append("Extrapolated vapour pressures: " + "; ".join(diagram.warnings))
    return " ".join(notes)


def _wrapped(text: str, width: int = 120) -> str:
    """Break a note into lines for plotly, which does not wrap annotations."""
    import textwrap

    return "<br>".join(textwrap.wrap(text, width))


def _drawn_melting_points(diagram: PhaseDiagram) -> list[tuple[str, float]]:
    T = diagram.temperature
    points = [(s, element(s).melting_point.value) for s in diagram.components]
    return [(s, Tm) for s, Tm in points if T.min() - 40 < Tm < T.max() + 40]


def phase_diagram_figure(diagram: PhaseDiagram) -> Any:
    """The T-x-y diagram as a plotly figure."""
    import plotly.graph_objects as go

    _, b = diagram.components
    T = diagram.temperature
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=diagram.x,
            y=T,
            mode="lines",
            name="liquid (bubble line)",
            line={"color": "#1f4e9c", "width": 2.5},
            hovertemplate=f"x_{b}=%{{x:.4f}}<br>T=%{{y:.2f}} K<extra>liquid</extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=diagram.y,
            y=T,
            mode="lines",
            name="vapour (dew line)",
            line={"color": "#c0392b", "width": 2.5},
            hovertemplate=f"y_{b}=%{{x:.4f}}<br>T=%{{y:.2f}} K<extra>vapour</extra>",
        )
    )
    melting = _drawn_melting_points(diagram)
    for symbol, Tm in melting:
        fig.add_hline(
            y=Tm,
            line={"dash": "dot", "color": "grey"},
            annotation_text=f"T<sub>m</sub>({symbol}) = {Tm:.1f} K",
            annotation_position="bottom left",
            annotation_font={"color": "grey"},
        )
    y_values = [float(T.min()), float(T.max())] + [Tm for _, Tm in melting]
    span = max(y_values) - min(y_values)
    fig.update_layout(
        title={"text": _title(diagram)},
        xaxis_title=f"mole fraction of {b} (x in liquid, y in vapour)",
        yaxis_title="temperature (K)",
        xaxis={"range": [0, 1]},
        yaxis={"range": [min(y_values) - 0.04 * span, max(y_values) + 0.06 * span]},
        template="plotly_white",
        legend={"x": 0.98, "y": 0.02, "xanchor": "right", "yanchor": "bottom"},
        margin={"b": 130},
    )
    # add_annotation, not layout annotations=[...], which would drop the T_m labels
    fig.add_annotation(
        text=_wrapped(_footnote(diagram)),
        xref="paper",
        yref="paper",
        x=0,
        y=-0.16,
        xanchor="left",
        yanchor="top",
        showarrow=False,
        align="left",
        font={"size": 11, "color": "grey"},
    )
    return fig


def _write_static(diagram: PhaseDiagram, path: Path) -> None:
    plt = pyplot()

    _a, b = diagram.components
    T = diagram.temperature
    fig, ax = plt.subplots(figsize=(7.5, 5.5), dpi=150)
    ax.plot(diagram.x, T, color="#1f4e9c", lw=2.2, label="liquid (bubble line)")
    ax.plot(diagram.y, T, color="#c0392b", lw=2.2, label="vapour (dew line)")
    for symbol, Tm in _drawn_melting_points(diagram):
        ax.axhline(Tm, color="grey", ls=":", lw=1)
        ax.text(
            0.99,
            Tm,
            f"$T_m$({symbol}) = {Tm:.1f} K",
            ha="right",
            va="bottom",
            color="grey",
            fontsize=8,
            transform=ax.get_yaxis_transform(),
        )
    ax.set_xlim(0, 1)
    ax.set_xlabel(f"mole fraction of {b} (x in liquid, y in vapour)")
    ax.set_ylabel("temperature (K)")
    ax.set_title(_title(diagram), fontsize=10)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right", fontsize=9)
    fig.text(0.01, 0.01, _footnote(diagram), fontsize=6.5, color="grey", wrap=True)
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    fig.savefig(path)
    plt.close(fig)


def write_phase_diagram(diagram: PhaseDiagram, out: str | Path) -> Path:
    """Write the diagram to ``out``; the extension (.html, .png, .svg, .pdf) picks the format."""
    return write_plot(
        out, lambda: phase_diagram_figure(diagram), lambda tmp: _write_static(diagram, tmp)
    )
