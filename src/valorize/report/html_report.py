"""A self-contained HTML report of a case: the answers first, then how they were reached.

One file that opens with no internet (plotly's JavaScript embedded once): the
key numbers, where every element goes (Sankey), the Se-Te phase diagram at
the operating pressure with the operating point, the distillation trajectory
(purity and recovery against the distilled fraction), the cash flow under each
price scenario and the scenarios side by side, the uncertainty histograms, odds
and a tornado chart when the case declares uncertain inputs, the assumptions
with their status and source, the data ranges of the vapour pressures used,
warnings, the valorize version and the case file's SHA-256.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import numpy as np

from valorize import __version__
from valorize.refinery.case import Case
from valorize.refinery.inputs import case_conditions, case_feed
from valorize.refinery.results import Results
from valorize.report import REPORT_SAMPLES

TRAJECTORY_POINTS = 30

#: The reports' stylesheet (every route's report uses it).
STYLE = """<style>
body { font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; color: #222; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1.5em; }
th, td { text-align: left; padding: 0.35em 0.6em; border-bottom: 1px solid #ddd;
         vertical-align: top; }
th { width: 28%; font-weight: 600; }
section { margin: 1.5em 0; page-break-inside: avoid; }
.small { color: #666; font-size: 0.85em; }
</style>"""


@dataclass(frozen=True)
class Report:
    """The report's HTML and its figures by file stem, for static export."""

    html: str
    figures: dict[str, Any]


def _figure_html(fig: Any, first: bool) -> str:
    return fig.to_html(full_html=False, include_plotlyjs=True if first else False)


def _element_flows(s: dict[str, Any]) -> dict[str, dict[str, float]]:
    """t/yr of each element into product, residue and volatile cut."""
    product_t = s["product_t_per_yr"]
    flows: dict[str, dict[str, float]] = {}
    for el, pct in s["residue_wt_pct"].items():
        ppm = s["impurities_ppm"].get(el)
        in_product = product_t * (s["product_Se_wt_pct"] / 100 if el == "Se" else ppm / 1e6)
        flows[el] = {
            "product": in_product,
            "residue": s["residue_t_per_yr"] * pct / 100,
            "volatile cut": s["volatile_cut_t_per_yr"] * s["volatile_cut_wt_pct"][el] / 100,
        }
        for z in s.get("side_condensates", []):
            flows[el][f"{z['name']} condensate"] = z["t_per_yr"] * z["wt_pct"][el] / 100
    return flows


def _sankey(s: dict[str, Any]) -> Any:
    import plotly.graph_objects as go

    flows = _element_flows(s)
    sinks = list(next(iter(flows.values())))
    labels = [*flows, *sinks]
    source, target, value = [], [], []
    for i, el in enumerate(flows):
        for j, sink in enumerate(sinks):
            if flows[el][sink] > 0:
                source.append(i)
                target.append(len(flows) + j)
                value.append(flows[el][sink])
    fig = go.Figure(
        go.Sankey(
            node={"label": labels, "pad": 12},
            link={
                "source": source,
                "target": target,
                "value": value,
                "hovertemplate": (
                    "%{source.label} to %{target.label}: %{value:.4g} t/yr<extra></extra>"
                ),
            },
        )
    )
    fig.update_layout(
        title={"text": "Where every element goes (t/yr)"}, height=520, template="plotly_white"
    )
    return fig


def _phase_diagram(case: Case) -> Any:
    import plotly.graph_objects as go

    from valorize.thermo.vle import txy_diagram

    P = case.operation.pressure
    d = txy_diagram(["Se", "Te"], P, points=81, extrapolate=True)
    comp = case.feed.composition_wt_pct
    x_te = None
    if "Te" in comp:
        from valorize.thermo.vle import mole_fractions

        w = np.array([comp["Se"], comp["Te"]]) / (comp["Se"] + comp["Te"])
        x_te = float(mole_fractions(["Se", "Te"], w, "mass")[1])
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(x=d.x, y=d.temperature, name="liquid (bubble line)", line={"color": "#1f4e9c"})
    )
    fig.add_trace(
        go.Scatter(x=d.y, y=d.temperature, name="vapour (dew line)", line={"color": "#c0392b"})
    )
    T = case.operation.temperature
    if T is not None and x_te is not None:
        fig.add_trace(
            go.Scatter(
                x=[x_te],
                y=[T],
                mode="markers",
                name="operating point",
                marker={"size": 13, "symbol": "star", "color": "black"},
            )
        )
    fig.update_layout(
        title={"text": f"Se-Te T-x-y diagram at the operating pressure, {P:g} Pa (ideal)"},
        xaxis_title="mole fraction of Te",
        yaxis_title="temperature (K)",
        template="plotly_white",
        height=480,
    )
    return fig


def _trajectory(case: Case) -> Any:
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    from valorize.units.vacuum_distillation import distill_passes

    f = np.linspace(
        0.05, min(0.995, max(case.operation.distilled_fraction, 0.9)), TRAJECTORY_POINTS
    )
    m = case.model
    r = distill_passes(
        case_feed(case),
        case_conditions(case, distilled_fraction=f),
        case.operation.passes,
        m.activity,
        allow_ideal=m.allow_ideal,
        extrapolate=m.extrapolate,
    )
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_trace(
        go.Scatter(x=f, y=100 * r.purity(r.product), name="product Se (wt %)"), secondary_y=False
    )
    fig.add_trace(
        go.Scatter(x=f, y=100 * r.selenium_recovery, name="Se recovery (%)", line={"dash": "dash"}),
        secondary_y=True,
    )
    fig.add_vline(
        x=case.operation.distilled_fraction,
        line={"dash": "dot", "color": "grey"},
        annotation_text="the case",
    )
    fig.update_layout(
        title={"text": "Distillation trajectory at the case's conditions"},
        template="plotly_white",
        height=440,
        xaxis_title="fraction of the dissolved Se distilled",
    )
    fig.update_yaxes(title_text="product Se (wt %)", secondary_y=False)
    fig.update_yaxes(title_text="Se recovery (%)", secondary_y=True)
    return fig


def _cash_flow(s: dict[str, Any]) -> Any:
    import plotly.graph_objects as go

    fig = go.Figure()
    for e in s["economics"]["scenarios"]:
        years = [row["year"] for row in e["cash_flow"]]
        fig.add_trace(
            go.Bar(
                x=years,
                y=[row["project_cash_flow_usd"] / 1e6 for row in e["cash_flow"]],
                name=f"{e['price_scenario']}",
            )
        )
    fig.update_layout(
        title={"text": "Project cash flow by year (M USD, without the grant)"},
        barmode="group",
        template="plotly_white",
        height=420,
        xaxis_title="year",
        yaxis_title="M USD",
    )
    return fig


def core_figures(case: Case, results: Results) -> dict[str, Any]:
    """The report's plotly figures by name, but the uncertainty ones.

    Sankey, phase diagram, trajectory and, when the case is priced, the cash
    flow and the price scenarios side by side.
    """
    from valorize.report import decision_figures

    s = results.summary
    out = {
        "sankey": _sankey(s),
        "phase-diagram": _phase_diagram(case),
        "trajectory": _trajectory(case),
    }
    if "economics" in s:
        out["cash-flow"] = _cash_flow(s)
        out["price-scenarios"] = decision_figures.price_scenarios(s)
    return out


def _table(rows: list[tuple[str, str]]) -> str:
    body = "".join(f"<tr><th>{html.escape(a)}</th><td>{html.escape(b)}</td></tr>" for a, b in rows)
    return f"<table>{body}</table>"


def _uncertainty(case: Case, samples: int, seed: int) -> tuple[str, dict[str, Any]]:
    """The uncertainty section's tables and its figures (histograms, tornado)."""
    from valorize.analysis.sensitivity import tornado
    from valorize.analysis.uncertainty import run_uncertainty
    from valorize.refinery.model import RefineryModel
    from valorize.report import decision_figures

    model = RefineryModel(case)
    u = run_uncertainty(model, samples, seed)
    s = u.summary
    odds = []
    for key, label in (
        ("probability_purity_met", "purity target met"),
        ("probability_output_met", "output target met"),
        ("probability_npv_negative", f"NPV < 0 (prices: {s.get('price_scenario', '')})"),
    ):
        if key in s:
            odds.append((f"probability: {label}", f"{100 * s[key]:.1f} %"))
    for symbol, limit in case.target.max_ppm.items():
        key = f"probability_{symbol}_limit_met"
        odds.append((f"probability: {symbol} <= {limit:g} ppm", f"{100 * s[key]:.1f} %"))
    for key, o in s["outputs"].items():
        odds.append((key, f"P5 {o['p5']:.4g}, median {o['p50']:.4g}, P95 {o['p95']:.4g}"))
    inputs = [
        (k, f"{d['distribution']} {d['parameters']} {d['unit']}") for k, d in s["inputs"].items()
    ]
    targets: dict[str, float] = {"npv_usd": 0.0}
    if case.target.se_min_wt_pct is not None:
        targets["product_Se_wt_pct"] = case.target.se_min_wt_pct
    if case.target.product_rate is not None:
        from valorize.quantities import parse_quantity

        targets["product_t_per_yr"] = (
            case.target.product_rate * parse_quantity("1 yr", "time", "year") / 1000.0
        )
    figures = {"uncertainty": decision_figures.histograms(u.outputs, s, targets)}
    torn = tornado(model)
    if decision_figures.TORNADO_OUTPUT in torn["bars"]:
        figures["tornado"] = decision_figures.tornado_chart(torn)
    text = (
        f"<h2>How sure we are</h2><p>{samples:,} Latin-hypercube samples (seed {seed}) "
        "of the case's uncertain inputs:</p>" + _table(inputs) + _table(odds)
    )
    return text, figures


def _data_ranges(case: Case) -> str:
    """The vapour-pressure correlations behind the case's elements, with their ranges."""
    from valorize.data.loader import vapor_pressure_correlations

    rows = []
    for symbol in case.feed.composition_wt_pct:
        for c in sorted(vapor_pressure_correlations().get(symbol, ()), key=lambda c: c.T_min):
            rows.append(
                (
                    f"{symbol} ({c.phase})",
                    f"{c.T_min:g}-{c.T_max:g} K, {c.status}, {c.reference}",
                )
            )
    return _table(rows)


def _pareto(case: Case, objectives: tuple[str, ...], seed: int) -> tuple[str, dict[str, Any]]:
    """The Pareto section: a front over the route's default decisions, its targets held."""
    from valorize.analysis.pareto import pareto_front
    from valorize.refinery.model import RefineryModel
    from valorize.report.pareto_plot import pareto_figure

    model = RefineryModel(case)
    front = pareto_front(model, objectives, seed=seed)
    searched = ", ".join(
        f"{k.split('.')[-1].replace('_', ' ')} {lo:.4g}-{hi:.4g} {model.parameter(k).unit}"
        for k, (lo, hi) in model.default_decisions().items()
    )
    held = "; ".join(f"{t.metric} {t.sense} {t.value:g}" for t in model.targets)
    text = (
        f"<h2>Where to operate</h2><p>Pareto front of {html.escape(', '.join(objectives))} "
        f"over {html.escape(searched)}, holding {html.escape(held)} (NSGA-II, seed {seed}, "
        f"{front.evaluations} evaluations, {front.size} points).</p>"
    )
    return text, {"pareto": pareto_figure(model, front)}


def build_report(
    case: Case,
    results: Results,
    *,
    samples: int = REPORT_SAMPLES,
    seed: int = 0,
    objectives: tuple[str, ...] = (),
) -> Report:
    """The report as one HTML document and its figures.

    ``samples`` Monte Carlo samples go into the uncertainty section when the
    case declares uncertain inputs (0 leaves the section out); with
    ``objectives`` the report adds the Pareto front of the operating point.
    """
    s = results.summary
    key = [
        (
            "refined selenium",
            f"{s['product_t_per_yr']:.2f} t/yr from {s['feed_t_per_yr']:.2f} t/yr of crude",
        ),
        (
            "purity",
            f"{s['product_Se_wt_pct']:.3f} wt % Se, grade: {s['grade']} (by Se content only)",
        ),
        ("direct Se recovery", f"{s['Se_recovery_pct']:.2f} %"),
        ("energy", f"{s['energy_kWh_per_t_product']:.0f} kWh per t of product"),
    ]
    if "co2_kg_per_kg_product" in s:
        key.append(("CO2 (scope 2)", f"{s['co2_kg_per_kg_product']:.3f} kg per kg"))
    for e in s.get("economics", {}).get("scenarios", []):
        irr = "n/a" if e["irr_pct"] is None else f"{e['irr_pct']:.1f} %"
        key.append(
            (
                f"economics at {e['price_scenario']}",
                f"NPV {e['npv_usd'] / 1e6:.2f} M USD, IRR {irr}, refining cost "
                f"{e['refining_cost_usd_per_kg']:.2f} USD/kg, Se price for "
                f"{100 * e['target_irr']:g} % IRR without residue credits "
                f"{e['minimum_selling_price_without_credits_usd_per_kg']:.2f} USD/kg",
            )
        )
    for name, check in s.get("target", {}).items():
        key.append(
            (f"target {name}", f"{check['target']:g}: " + ("met" if check["met"] else "NOT met"))
        )
    variants = [
        (
            v["name"],
            f"{v['summary']['product_t_per_yr']:.2f} t/yr at "
            f"{v['summary']['product_Se_wt_pct']:.3f} % Se",
        )
        for v in results.variants
    ]
    assumptions = [
        (
            a["name"],
            f"{a['value']}{'' if a['unit'] in ('SI', 'wt %') else ' ' + a['unit']} "
            f"({a['status']}): {a['source']}. {a['note']}",
        )
        for a in results.assumptions
    ]
    figures = core_figures(case, results)
    uncertain: dict[str, Any] = {}
    uncertainty = ""
    if case.uncertainty and samples > 0:
        uncertainty, uncertain = _uncertainty(case, samples, seed)

    def sections(figs: dict[str, Any], first: bool) -> str:
        return "".join(
            f'<section id="fig-{name}">{_figure_html(f, first and i == 0)}</section>'
            for i, (name, f) in enumerate(figs.items())
        )

    plots = sections(figures, True)
    uncertainty += sections(uncertain, False)
    figures.update(uncertain)
    if objectives:
        text, front = _pareto(case, objectives, seed)
        uncertainty += text + sections(front, False)
        figures.update(front)
    warnings = "".join(f"<li>{html.escape(w)}</li>" for w in results.warnings) or "<li>none</li>"
    info = case.case
    document = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{html.escape(info.title)}</title>
{STYLE}</head><body>
<h1>{html.escape(info.title)}</h1>
<p>{html.escape(info.location)}</p>
<p>{html.escape(info.description)}</p>
<h2>The answer</h2>
{_table(key)}
<h2>Other crudes</h2>
{_table(variants) if variants else "<p>none</p>"}
<h2>Figures</h2>
{plots}
{uncertainty}
<h2>What carries the answer</h2>
{_table(assumptions)}
<p>Feed composition: {html.escape(case.feed.source)}</p>
<p>Operating conditions: {html.escape(case.operation.justification)}</p>
<h2>Data ranges</h2>
<p>Vapour-pressure correlations of the feed's elements; outside these ranges a value is
extrapolated and the warnings below say so.</p>
{_data_ranges(case)}
<h2>Warnings</h2><ul>{warnings}</ul>
<p class="small">valorize {__version__}; case file SHA-256 {results.case_sha256}.
Every number from the world used here has its source and status in valorize's data
folder (`valorize elements`, src/valorize/data/).</p>
</body></html>
"""
    return Report(document, figures)
