"""Figures for decisions: price scenarios side by side, uncertainty histograms, tornado.

Each function returns a plotly figure; :mod:`valorize.report.html_report`
embeds them and :mod:`valorize.report.static_figures` writes them as PNG/SVG.
"""

from __future__ import annotations

from typing import Any

import numpy as np

#: Outputs shown as histograms when a case has uncertain inputs: key, axis title, scale.
HISTOGRAMS = (
    ("product_Se_wt_pct", "product purity (wt % Se)", 1.0),
    ("product_t_per_yr", "refined selenium (t/yr)", 1.0),
    ("npv_usd", "NPV (M USD)", 1e-6),
)

#: Bars of the tornado chart: the inputs with the largest swing of NPV.
TORNADO_OUTPUT = "npv_usd"


def price_scenarios(summary: dict[str, Any]) -> Any:
    """NPV and the break-even selenium price under each price scenario."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    scenarios = summary["economics"]["scenarios"]
    names = [e["price_scenario"] for e in scenarios]
    fig = make_subplots(
        rows=1,
        cols=2,
        subplot_titles=("NPV (M USD)", "Se price for the target IRR (USD/kg)"),
    )
    fig.add_trace(
        go.Bar(x=names, y=[e["npv_usd"] / 1e6 for e in scenarios], name="NPV without grant"),
        row=1,
        col=1,
    )
    fig.add_trace(
        go.Bar(
            x=names, y=[e["npv_with_grant_usd"] / 1e6 for e in scenarios], name="NPV with grant"
        ),
        row=1,
        col=1,
    )
    fig.add_trace(
        go.Bar(
            x=names,
            y=[e["minimum_selling_price_usd_per_kg"] for e in scenarios],
            name="with residue credits",
            texttemplate="%{y:.1f}",
        ),
        row=1,
        col=2,
    )
    fig.add_trace(
        go.Bar(
            x=names,
            y=[e["minimum_selling_price_without_credits_usd_per_kg"] for e in scenarios],
            name="without residue credits",
            texttemplate="%{y:.1f}",
        ),
        row=1,
        col=2,
    )
    fig.add_trace(
        go.Scatter(
            x=names,
            y=[e["prices_usd_per_kg"]["refined_selenium"] for e in scenarios],
            mode="markers",
            marker={"symbol": "line-ew-open", "size": 40, "line": {"width": 3}},
            name="the scenario's Se price",
        ),
        row=1,
        col=2,
    )
    fig.update_layout(
        title={"text": "Price scenarios side by side"},
        barmode="group",
        template="plotly_white",
        height=440,
    )
    return fig


def histograms(outputs: dict[str, np.ndarray], summary: dict[str, Any], targets: dict) -> Any:
    """Histograms of the sampled purity, output and NPV, with the targets marked.

    ``targets`` maps an output key to a threshold line (e.g. the purity target).
    """
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    shown = [(k, title, scale) for k, title, scale in HISTOGRAMS if k in outputs]
    fig = make_subplots(rows=1, cols=len(shown), subplot_titles=[t for _, t, _ in shown])
    for col, (key, title, scale) in enumerate(shown, start=1):
        v = outputs[key]
        v = v[np.isfinite(v)] * scale
        fig.add_trace(go.Histogram(x=v, nbinsx=40, name=title, showlegend=False), row=1, col=col)
        if key in targets:
            fig.add_vline(
                x=targets[key] * scale,
                line={"dash": "dash", "color": "black"},
                annotation_text="target" if key != "npv_usd" else "NPV = 0",
                row=1,
                col=col,
            )
    n = summary["samples"]
    fig.update_layout(
        title={"text": f"Uncertainty: {n:,} samples ({summary['method']}, seed {summary['seed']})"},
        template="plotly_white",
        height=400,
    )
    fig.update_yaxes(title_text="samples", row=1, col=1)
    return fig


def tornado_chart(result: dict[str, Any], output: str = TORNADO_OUTPUT) -> Any:
    """Horizontal bars: the output at each input's 5th and 95th percentile, the others at median."""
    import plotly.graph_objects as go

    bars = list(reversed(result["bars"][output]))  # largest swing on top
    base = result["base_at_medians"][output]
    scale, unit = (1e-6, "M USD") if output == "npv_usd" else (1.0, "")
    labels = [b["input"] for b in bars]
    fig = go.Figure()
    for side, name in (("output_at_low", "input at P5"), ("output_at_high", "input at P95")):
        fig.add_trace(
            go.Bar(
                y=labels,
                x=[(b[side] - base) * scale for b in bars],
                base=base * scale,
                orientation="h",
                name=name,
            )
        )
    fig.update_layout(
        title={"text": f"Tornado: {output} ({unit}) as each input swings alone"},
        barmode="overlay",
        template="plotly_white",
        height=120 + 45 * len(bars),
        xaxis_title=f"{output} {unit}".strip(),
    )
    return fig
