"""The report section "How sure we are": what the case's uncertain inputs do to the answer.

Latin-hypercube samples of the case's ``[[uncertainty]]`` inputs through its model:
the inputs as sampled, the odds of meeting each target and of a negative NPV, each
metric's 5th, 50th and 95th percentiles with its label and unit, histograms of the
targets' metrics and the NPV, and a tornado chart of the inputs' swings.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from valorize.model.protocol import Model
from valorize.report.html_parts import table
from valorize.report.labels import metric_heading, probability_label
from valorize.report.numbers import value_text, value_with_unit


def histograms(model: Model, outputs: dict[str, np.ndarray], summary: dict[str, Any]) -> Any:
    """Histograms of the targets' metrics and the NPV, each target's bound dashed."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    metric = {m.name: m for m in model.metrics}
    bounds = {t.metric: t.value for t in model.targets}
    keys = list(dict.fromkeys([*bounds, *(["npv_usd"] if "npv_usd" in metric else [])]))
    keys = [k for k in keys if k in outputs][:4] or [model.metrics[0].name]
    titles = []
    for k in keys:
        unit = "M USD" if metric[k].unit == "USD" else metric[k].unit
        titles.append(f"{metric[k].label} ({unit})")
    fig = make_subplots(rows=1, cols=len(keys), subplot_titles=titles)
    for col, key in enumerate(keys, start=1):
        scale = 1e-6 if metric[key].unit == "USD" else 1.0
        v = outputs[key]
        fig.add_trace(
            go.Histogram(x=v[np.isfinite(v)] * scale, nbinsx=40, showlegend=False), row=1, col=col
        )
        line = bounds.get(key, 0.0 if key == "npv_usd" else None)
        if line is not None:
            fig.add_vline(x=line * scale, line={"dash": "dash", "color": "black"}, row=1, col=col)
    fig.update_layout(
        title={
            "text": f"Uncertainty: {summary['samples']:,} samples ({summary['method']}, "
            f"seed {summary['seed']})"
        },
        template="plotly_white",
        height=400,
    )
    fig.update_yaxes(title_text="samples", row=1, col=1)
    return fig


def uncertainty_section(model: Model, samples: int, seed: int) -> tuple[str, dict[str, Any]]:
    """The section's HTML and its figures (``uncertainty``, ``tornado``) by name."""
    from valorize.analysis.sensitivity import tornado
    from valorize.analysis.uncertainty import run_uncertainty
    from valorize.report import decision_figures

    u = run_uncertainty(model, samples, seed)
    s = u.summary
    inputs = [
        (
            metric_heading(model, k)[0],
            f"{d['distribution']} {value_text(d['parameters'], d['unit'])} ({k})",
        )
        for k, d in s["inputs"].items()
    ]
    rows = []
    for key, p in s.items():
        if key.startswith("probability_") and p is not None:
            rows.append((probability_label(model, key), f"{100 * p:.1f} %"))
    for key, o in s["outputs"].items():
        unit = o.get("unit", "")
        rows.append(
            (
                next((m.label for m in model.metrics if m.name == key), key),
                f"P5 {value_with_unit(o['p5'], unit)}, "
                f"median {value_with_unit(o['p50'], unit)}, "
                f"P95 {value_with_unit(o['p95'], unit)}",
            )
        )
    if s["failed_samples"]:
        rows.append(("samples that could not be evaluated", str(s["failed_samples"])))
    figures = {"uncertainty": histograms(model, u.outputs, s)}
    swing = tornado(model)
    output = "npv_usd" if "npv_usd" in swing["bars"] else model.objective
    if output in swing["bars"]:
        names = {b["input"]: metric_heading(model, b["input"])[0] for b in swing["bars"][output]}
        label = metric_heading(model, output)[0]
        figures["tornado"] = decision_figures.tornado_chart(swing, output, label, names)
    text = (
        f"<h2>How sure we are</h2><p>{samples:,} Latin-hypercube samples (seed {seed}) "
        "of the case's uncertain inputs:</p>" + table(inputs) + table(rows)
    )
    return text, figures
