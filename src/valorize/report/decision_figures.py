"""Figures for decisions: price scenarios side by side, uncertainty histograms, tornado.

Each function returns a plotly figure; :mod:`valorize.report.html_report`
embeds them and :mod:`valorize.report.static_figures` writes them as PNG/SVG.
"""

from __future__ import annotations

from typing import Any

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


def tornado_chart(
    result: dict[str, Any],
    output: str = TORNADO_OUTPUT,
    label: str | None = None,
    names: dict[str, str] | None = None,
) -> Any:
    """Horizontal bars: the output at each input's 5th and 95th percentile, the others at median.

    ``label`` is the output in words with its unit (default its key), ``names`` the
    inputs' (default their paths); an output in USD is shown in M USD.
    """
    import plotly.graph_objects as go

    bars = list(reversed(result["bars"][output]))  # largest swing on top
    base = result["base_at_medians"][output]
    money = output == "npv_usd" or (label or "").endswith("(M USD)")
    scale = 1e-6 if money else 1.0
    label = label or (f"{output} (M USD)" if money else output)
    labels = [(names or {}).get(b["input"], b["input"]) for b in bars]
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
        title={"text": f"Tornado: {label} as each input swings alone"},
        barmode="overlay",
        template="plotly_white",
        height=120 + 45 * len(bars),
        xaxis_title=label,
    )
    return fig
