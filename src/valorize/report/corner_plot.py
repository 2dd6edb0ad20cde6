"""The corner plot of a calibration's posterior: each parameter's histogram and each pair.

``.png``/``.svg``/``.pdf`` are drawn by the ``corner`` package (Foreman-Mackey, JOSS 1
(2016) 24), the 5th, 50th and 95th percentiles marked on each histogram; ``.html`` is the
same layout in plotly (:func:`valorize.report.plot_files.write_plot`). Parameters are
named by the last part of their path, with their unit.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from valorize.report.plot_files import pyplot, write_plot


def _labels(model: Any, names: list[str]) -> list[str]:
    """``entrainment (fraction)``: short enough to sit under a panel."""
    out = []
    for n in names:
        unit = model.parameter(n).unit
        words = n.rsplit(".", 1)[-1].replace("_", " ")
        out.append(f"{words} ({unit})" if unit and unit != "1" else words)
    return out


def _html(model: Any, calibration: Any) -> Any:
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    samples = calibration.samples()
    names = calibration.names
    labels = _labels(model, names)
    d = len(names)
    fig = make_subplots(rows=d, cols=d, horizontal_spacing=0.03, vertical_spacing=0.03)
    for i in range(d):
        for j in range(i + 1):
            if i == j:
                fig.add_trace(
                    go.Histogram(x=samples[:, i], nbinsx=40, marker_color="#2c7fb8"),
                    row=i + 1,
                    col=j + 1,
                )
            else:
                fig.add_trace(
                    go.Histogram2dContour(
                        x=samples[:, j], y=samples[:, i], colorscale="Blues", showscale=False
                    ),
                    row=i + 1,
                    col=j + 1,
                )
            if i == d - 1:
                fig.update_xaxes(title_text=labels[j], row=i + 1, col=j + 1)
            if j == 0 and i > 0:
                fig.update_yaxes(title_text=labels[i], row=i + 1, col=j + 1)
    fig.update_layout(
        title="Posterior of the learned parameters",
        showlegend=False,
        width=260 * d + 120,
        height=260 * d + 120,
    )
    return fig


def write_corner(path: str, model: Any, calibration: Any) -> Path:
    """Write the corner plot of ``calibration``'s posterior to ``path`` (format by extension)."""

    def draw(tmp: Path) -> None:
        import corner

        plt = pyplot()
        samples = calibration.samples()
        d = samples.shape[1]
        fig = plt.figure(figsize=(2.8 * d + 0.6, 2.8 * d + 0.6))
        corner.corner(
            samples,
            fig=fig,
            labels=_labels(model, calibration.names),
            quantiles=(0.05, 0.5, 0.95),
            show_titles=True,
            titles=[t.rsplit(" (", 1)[0] for t in _labels(model, calibration.names)],
            title_fmt=".3g",
            label_kwargs={"fontsize": 10},
            title_kwargs={"fontsize": 9},
            labelpad=0.08,
        )
        # above the panels' own titles, the figure grown to hold it
        fig.suptitle(
            "Posterior of the learned parameters (5th, 50th, 95th percentiles)",
            y=1.0,
            va="bottom",
        )
        fig.savefig(tmp, dpi=110, bbox_inches="tight")
        plt.close(fig)

    return write_plot(path, lambda: _html(model, calibration), draw)
