"""``valorize portfolio``: projects of every route ranked as a funding commission would."""

from __future__ import annotations

import argparse
from typing import Any

from valorize.cli.common import print_json, seed, write_json
from valorize.errors import InputError
from valorize.report import REPORT_SAMPLES

RANK_CHOICES = ("npv", "irr", "payback", "npv_per_grant", "co2_avoided", "risk", "trl")


def add_portfolio_parser(sub: Any) -> None:
    """Register ``valorize portfolio [PORTFOLIO]`` on the subcommand set ``sub``."""
    p = sub.add_parser(
        "portfolio",
        help="rank projects (cases of any route) by NPV, IRR, grant leverage, CO2, risk, TRL",
        description="Evaluate every project of a portfolio file with its own model and rank "
        "them: NPV, IRR, payback, NPV per unit of grant, CO2 avoided a year, the probability "
        "of a negative NPV and the stated technology readiness.",
    )
    p.add_argument(
        "portfolio", nargs="?", default="default", help="built-in portfolio or a .toml file"
    )
    p.add_argument("--rank-by", default="npv_per_grant", help=f"one of {', '.join(RANK_CHOICES)}")
    p.add_argument(
        "--samples",
        type=int,
        default=REPORT_SAMPLES,
        help=f"Monte Carlo samples (default {REPORT_SAMPLES})",
    )
    p.add_argument("--seed", type=seed, default=0, help="seed of the sampling (default 0)")
    p.add_argument("--out", "-o", help="folder for portfolio.json (created if missing)")
    p.add_argument("--plot", help="write the ranking chart: .html, .png, .svg or .pdf")
    p.add_argument("--json", action="store_true", help="print the results object")
    p.set_defaults(func=_cmd_portfolio)


def _money(x: float | None) -> str:
    return "n/a" if x is None else f"{x / 1e6:,.2f}"


def _num(x: float | None, fmt: str) -> str:
    return "n/a" if x is None else format(x, fmt)


def _payback(years: float | None) -> str:
    """Years to pay back, or ``never`` (null in JSON)."""
    return "never" if years is None else f"{years:.1f}"


def _print(r: dict[str, Any]) -> None:
    print(f"{r['title']} [portfolio {r['portfolio']}], ranked by {r['ranked_by']}")
    head = (
        f"{'#':>2}  {'project':<24}{'TRL':>4}{'NPV M USD':>12}{'IRR %':>9}{'payback yr':>11}"
        f"{'grant M USD':>12}{'NPV/grant':>10}{'CO2 avoided':>12}{'P(NPV<0)':>10}"
    )
    print(head)
    for p in r["projects"]:
        print(
            f"{p['rank']:>2}  {p['case']:<24}{p['trl']:>4}{_money(p['npv_usd']):>12}"
            f"{_num(p['irr_pct'], '.1f'):>9}{_payback(p['payback_yr']):>11}"
            f"{_money(p['grant_usd']):>12}{_num(p['npv_per_grant'], '.1f'):>10}"
            f"{_num(p['co2_avoided_t_per_yr'], '.0f') + ' t/yr':>12}"
            f"{_num(p['probability_npv_negative'], '.2f'):>10}"
        )
    print("how each was reached:")
    for p in r["projects"]:
        print(f"  {p['case']}: {p['route']}; prices {p['price_scenario']}")
        print(f"    TRL {p['trl']}: {p['trl_source']}")
        print(f"    CO2: {p['co2_basis']}; risk: {p['risk_basis']}")
        if p["credit_note"]:
            print(f"    {' '.join(p['credit_note'].split())}")


def _figure(r: dict[str, Any]) -> Any:
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    projects = r["projects"]
    names = [p["case"] for p in projects]
    fig = make_subplots(
        rows=1,
        cols=3,
        subplot_titles=("NPV (M USD)", "NPV per unit of grant", "CO2 avoided (t/yr)"),
    )
    colors = [p["trl"] for p in projects]
    marker = {"color": colors, "colorscale": "Viridis", "cmin": 1, "cmax": 9}
    for col, key, scale in (
        (1, "npv_usd", 1e-6),
        (2, "npv_per_grant", 1.0),
        (3, "co2_avoided_t_per_yr", 1.0),
    ):
        y = [None if p[key] is None else p[key] * scale for p in projects]
        fig.add_trace(
            go.Bar(
                x=names,
                y=y,
                marker={**marker, "showscale": col == 3, "colorbar": {"title": "TRL"}},
                showlegend=False,
                texttemplate="%{y:.3s}",
            ),
            row=1,
            col=col,
        )
    fig.update_layout(
        title={"text": f"{r['title']}: ranked by {r['ranked_by']}"},
        template="plotly_white",
        height=460,
    )
    return fig


def _cmd_portfolio(args: argparse.Namespace) -> int:
    from pathlib import Path

    from valorize.portfolio import evaluate_portfolio, load_portfolio

    if args.samples < 0:
        raise InputError(f"--samples must be 0 or more, not {args.samples}")
    plot = Path(args.plot) if args.plot else None
    if plot is not None and plot.suffix.lower() not in (".html", ".png", ".svg", ".pdf"):
        raise InputError(f"--plot: give a .html, .png, .svg or .pdf file, not {args.plot!r}")
    result = evaluate_portfolio(
        load_portfolio(args.portfolio), samples=args.samples, seed=args.seed, rank_by=args.rank_by
    )
    if plot is not None:
        from valorize.report.files import write_atomically

        fig = _figure(result)
        if plot.suffix.lower() == ".html":
            write_atomically(plot, lambda tmp: fig.write_html(tmp, include_plotlyjs=True))
        else:
            from valorize.report.static_figures import write_figures

            folder = plot.parent if str(plot.parent) else Path(".")
            write_figures({plot.stem: fig}, folder, plot.suffix.lower().lstrip("."))
    if args.out:
        target = write_json(args.out, "portfolio.json", result)
    if args.json:
        print_json(result)
        return 0
    _print(result)
    if args.out:
        print(f"wrote {target}")
    if plot is not None:
        print(f"wrote {plot}")
    return 0
