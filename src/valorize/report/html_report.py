"""The refinery's self-contained HTML report: the answer first, then how it was reached.

One file that opens with no internet (plotly's JavaScript embedded once): the answer
(output, purity and grade against the targets, the largest impurity, NPV with and
without the grant, CO2, furnace use), the impurities against the grades' and the
buyer's limits, residue and cut, batches, furnace and energy, capital and returns per
price scenario, CO2 against the baseline, the other crudes; then the figures (where
every element goes and where the impurities go, the Se-Te phase diagram with the
operating point, the distillation trajectory with the case marked, the cash flow, the
price scenarios), the uncertainty section (:mod:`valorize.report.uncertainty_section`),
the assumptions with full citations, the data ranges of the vapour pressures used, the
warnings, the valorize version and the case file's SHA-256. The sections' rows come
from :mod:`valorize.report.refinery_sections`.
"""

from __future__ import annotations

import html
from typing import Any

import numpy as np

from valorize import __version__
from valorize.calibration.results import CalibrationRun
from valorize.refinery.case import Case
from valorize.refinery.inputs import case_conditions, case_feed
from valorize.refinery.results import Results
from valorize.report import REPORT_SAMPLES
from valorize.report import refinery_sections as sections
from valorize.report.calibration_section import calibration_section
from valorize.report.html_parts import STYLE, Report, figure_html, grid_table, table
from valorize.report.labels import target_text
from valorize.report.refinery_sections import cited
from valorize.report.sankey import sankey_figures
from valorize.report.uncertainty_section import uncertainty_section

TRAJECTORY_POINTS = 30


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


def _trajectory(case: Case, s: dict[str, Any]) -> Any:
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
        compiled=False,  # one call of a few dozen batches: NumPy's 30 ms, not numba's load
    )
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_trace(
        go.Scatter(x=f, y=100 * r.purity(r.product), name="product Se (wt %)"), secondary_y=False
    )
    fig.add_trace(
        go.Scatter(x=f, y=100 * r.selenium_recovery, name="Se recovery (%)", line={"dash": "dash"}),
        secondary_y=True,
    )
    f_case = case.operation.distilled_fraction
    fig.add_vline(x=f_case, line={"dash": "dot", "color": "grey"})
    for y, right in ((s["product_Se_wt_pct"], False), (s["Se_recovery_pct"], True)):
        fig.add_trace(
            go.Scatter(
                x=[f_case],
                y=[y],
                mode="markers",
                marker={"size": 10, "color": "black", "symbol": "diamond"},
                showlegend=False,
                hoverinfo="skip",
            ),
            secondary_y=right,
        )
    fig.add_annotation(
        x=f_case,
        y=0.5,
        xref="x",
        yref="paper",
        xanchor="right",
        showarrow=False,
        align="right",
        bgcolor="rgba(255,255,255,0.85)",
        text=(
            f"the case (distilled fraction {f_case:g}):<br>{s['product_Se_wt_pct']:.3f} wt % Se, "
            f"{s['Se_recovery_pct']:.2f} % Se recovery"
        ),
    )
    fig.update_layout(
        title={
            "text": "Distillation trajectory: purity and recovery against how much Se is "
            "distilled, the case's other conditions held"
        },
        template="plotly_white",
        height=440,
        xaxis_title="fraction of the dissolved Se distilled",
    )
    fig.update_yaxes(title_text="product Se (wt %)", secondary_y=False)
    fig.update_yaxes(
        title_text="Se recovery (%)", range=[0, 100], tickmode="auto", secondary_y=True
    )
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

    The Sankeys (every element, then the impurities alone), phase diagram, trajectory
    and, when the case is priced, the cash flow and the price scenarios side by side.
    """
    from valorize.report import decision_figures

    s = results.summary
    out = {
        **sankey_figures(s),
        "phase-diagram": _phase_diagram(case),
        "trajectory": _trajectory(case, s),
    }
    if "economics" in s:
        out["cash-flow"] = _cash_flow(s)
        out["price-scenarios"] = decision_figures.price_scenarios(s)
    return out


def _data_ranges(case: Case) -> str:
    """The vapour-pressure correlations behind the case's elements, with their ranges.

    Consecutive segments of one source (a table read piecewise) are one row.
    """
    from valorize.data.loader import correlation_spans

    rows = [
        (f"{symbol} ({d.phase})", f"{d.T_min:g}-{d.T_max:g} K, {d.status}: {cited(d.reference)}")
        for symbol in case.feed.composition_wt_pct
        for d in correlation_spans(symbol)
    ]
    return table(rows)


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
    held = "; ".join(target_text(model, t) for t in model.targets)
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
    calibration: CalibrationRun | None = None,
) -> Report:
    """The report as one HTML document and its figures.

    The answer first, then the impurities against the grades and the buyer's limits,
    residue and cut, batches and furnace use, capital and returns with and without the
    grant, CO2 against the baseline, the figures, ``samples`` Monte Carlo samples of the
    case's uncertain inputs (0 leaves the section out), the Pareto front of
    ``objectives`` where given, the ``calibration`` to a plant's data where given
    (:mod:`~valorize.report.calibration_section`), what carries the answer (with full
    citations), the data ranges and the warnings.
    """
    from valorize.refinery.model import RefineryModel

    limits = dict(case.target.max_ppm)
    figures = core_figures(case, results)
    uncertain: dict[str, Any] = {}
    uncertainty = ""
    if case.uncertainty and samples > 0:
        uncertainty, uncertain = uncertainty_section(RefineryModel(case), samples, seed)
    shown: list[str] = []  # plotly's JavaScript goes with the first figure only

    def render(figs: dict[str, Any]) -> str:
        out = "".join(
            f'<section id="fig-{name}">{figure_html(f, not shown and i == 0)}</section>'
            for i, (name, f) in enumerate(figs.items())
        )
        shown.extend(figs)
        return out

    plots = render(figures)
    uncertainty += render(uncertain)
    figures.update(uncertain)
    if objectives:
        text, front = _pareto(case, objectives, seed)
        uncertainty += text + render(front)
        figures.update(front)
    if calibration is not None:
        text, learned = calibration_section(RefineryModel(case), calibration)
        uncertainty += text + render(learned)
        figures.update(learned)
    document = _document(case, results, plots, uncertainty, limits)
    return Report(document, figures)


def _document(
    case: Case, results: Results, plots: str, uncertainty: str, limits: dict[str, float]
) -> str:
    """The page around the figures: every section of what the run says."""
    s = results.summary
    variants = [
        (
            v["name"],
            f"{v['summary']['product_t_per_yr']:.2f} t/yr at "
            f"{v['summary']['product_Se_wt_pct']:.3f} wt % Se, grade met: "
            f"{v['summary']['grade'] or 'none'}",
        )
        for v in results.variants
    ]
    money = sections.money(s)
    co2 = sections.co2(s)
    warnings = "".join(f"<li>{html.escape(w)}</li>" for w in results.warnings) or "<li>none</li>"
    info = case.case
    impurity_header = ("element", "ppm in the product", "share of allowance",
                       "grades' limits (ppm)", "buyer's limit (ppm)")  # fmt: skip
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{html.escape(info.title)}</title>
{STYLE}</head><body>
<h1>{html.escape(info.title)}</h1>
<p>{html.escape(info.location)}</p>
<p>{html.escape(info.description)}</p>
<h2>The answer</h2>
{table(sections.answer(s, limits))}
<h2>Impurities in the product</h2>
{grid_table(impurity_header, sections.impurity_table(s, limits))}
<p class="small">{html.escape(sections.impurity_note(s))}</p>
<h2>Residue and volatile cut</h2>
{table(sections.streams(s))}
<h2>Batches, furnace and energy</h2>
{table(sections.furnace(s))}
<h2>Capital and returns</h2>
{grid_table(money[0], money[1:]) if money else "<p>the case is not priced</p>"}
<h2>CO2 against the baseline</h2>
{table(co2) if co2 else "<p>the case states no baseline</p>"}
<h2>Other crudes</h2>
{table(variants) if variants else "<p>none</p>"}
<h2>Figures</h2>
{plots}
{uncertainty}
<h2>What carries the answer</h2>
{table(sections.assumptions(results.assumptions))}
<p>Operating conditions: {html.escape(case.operation.justification)}</p>
<h2>Data ranges</h2>
<p>Vapour-pressure correlations of the feed's elements; outside these ranges a value is
extrapolated and the warnings below say so.</p>
{_data_ranges(case)}
<h2>Warnings</h2><ul>{warnings}</ul>
<p class="small">valorize {__version__}; refinery route; case file SHA-256
{results.case_sha256}. Every number from the world used here has its source and status
in valorize's data folder (`valorize elements`, src/valorize/data/).</p>
</body></html>
"""
