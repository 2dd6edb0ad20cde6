"""``valorize portfolio``: projects of every route ranked as a funding commission would."""

from __future__ import annotations

import argparse
import textwrap
from typing import Any

from valorize.cli.common import print_json, seed, write_json, wrote
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
    from valorize.portfolio import RANK_WORDS

    ranked = RANK_WORDS.get(r["ranked_by"], r["ranked_by"])
    print(textwrap.fill(f"{r['title']} [portfolio {r['portfolio']}], ranked by {ranked}", 100))
    print(
        f"{'':>2}  {'':<24}{'':>4}{'NPV':>9}{'IRR':>8}{'payback':>9}{'grant':>8}"
        f"{'NPV per':>9}{'CO2 avoided':>13}{'P(NPV':>8}"
    )
    print(
        f"{'#':>2}  {'project':<24}{'TRL':>4}{'(M USD)':>9}{'(%)':>8}{'(yr)':>9}{'(M USD)':>8}"
        f"{'grant':>9}{'(t/yr)':>13}{'< 0)':>8}"
    )
    for p in r["projects"]:
        print(
            f"{p['rank']:>2}  {p['case'][:23]:<24}{p['trl']:>4}{_money(p['npv_usd']):>9}"
            f"{_num(p['irr_pct'], '.1f'):>8}{_payback(p['payback_yr']):>9}"
            f"{_money(p['grant_usd']):>8}{_num(p['npv_per_grant'], '.1f'):>9}"
            f"{_num(p['co2_avoided_t_per_yr'], ',.0f'):>13}"
            f"{_num(p['probability_npv_negative'], '.2f'):>8}"
        )
    print("how each was reached:")
    for p in r["projects"]:
        lines = [
            f"{p['case']}: {p['route']}; prices {p['price_scenario']}",
            f"  TRL {p['trl']}: {p['trl_source']}",
            f"  CO2: {p['co2_basis']}",
            f"  risk: {p['risk_basis']}",
        ]
        if p["credit_note"]:
            lines.append("  " + " ".join(p["credit_note"].split()))
        for line in lines:
            lead = "  " + " " * (len(line) - len(line.lstrip()))
            print(
                textwrap.fill(line.strip(), 100, initial_indent=lead, subsequent_indent=lead + "  ")
            )


def _cmd_portfolio(args: argparse.Namespace) -> int:
    from valorize.portfolio import evaluate_portfolio, load_portfolio

    if args.samples < 0:
        raise InputError(f"--samples must be 0 or more, not {args.samples}")
    result = evaluate_portfolio(
        load_portfolio(args.portfolio), samples=args.samples, seed=args.seed, rank_by=args.rank_by
    )
    plot = None
    if args.plot:
        from valorize.report.portfolio_plot import write_portfolio_plot

        plot = write_portfolio_plot(result, args.plot)
    written = [plot] if plot is not None else []
    if args.out:
        written.append(write_json(args.out, "portfolio.json", result))
    if args.json:
        print_json(result)
    else:
        _print(result)
    for path in written:  # after the table (on stderr with --json)
        wrote(path, args.json)
    return 0
