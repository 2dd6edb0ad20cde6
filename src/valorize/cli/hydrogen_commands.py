"""``valorize hydrogen``: slag photocatalyst hydrogen against reforming and electrolysis."""

from __future__ import annotations

import argparse
import textwrap
from typing import Any

from valorize.cli.common import plain_number, print_json, seed, warn, write_json, wrote
from valorize.report import REPORT_SAMPLES as RISK_SAMPLES


def add_hydrogen_parser(sub: Any) -> None:
    """Register ``valorize hydrogen CASE`` on the subcommand set ``sub``."""
    h = sub.add_parser(
        "hydrogen",
        help="slag photocatalyst solar hydrogen vs steam reforming and electrolysis",
        description="Yearly hydrogen, cost and CO2 of slag-based photocatalytic panels at the "
        "site, the baselines, and the STH at which photocatalysis breaks even with reforming.",
    )
    h.add_argument("case", help="built-in case (almalyk-slag-hydrogen) or a .toml file")
    h.add_argument("--out", "-o", help="folder for hydrogen.json (created if missing)")
    h.add_argument("--json", action="store_true", help="print the results object")
    h.add_argument("--plot", help="write the break-even curve: .html, .png, .svg or .pdf")
    h.add_argument(
        "--samples",
        type=int,
        default=RISK_SAMPLES,
        help=f"Latin-hypercube samples for P(NPV<0) (default {RISK_SAMPLES}; 0: none)",
    )
    h.add_argument("--seed", type=seed, default=0, help="seed of the samples (default 0)")
    h.set_defaults(func=_cmd_hydrogen)


def _fmt_sth(value: float | None) -> str:
    return "never (costs per kg alone exceed reforming)" if value is None else f"{value:.2f} %"


def _print(r: dict[str, Any]) -> None:
    print(r["title"])
    s, sun, pan = r["slag"], r["solar"], r["panels"]
    print(
        f"  slag: fayalite {s['phases_wt_pct']['fayalite']:.1f} %, magnetite "
        f"{s['phases_wt_pct']['magnetite']:.1f} %; {s['slag_needed_t_per_yr']:.1f} t slag/yr"
    )
    print(
        f"  photocatalyst {s['photocatalyst_kg_per_kg_slag']:.3f} kg per kg slag at "
        f"{s['photocatalyst_cost_usd_per_kg']:.2f} USD/kg"
    )
    print(
        f"  sun (pvlib, kWh/m2/yr): typical year {sun['ghi_typical_kwh_per_m2_yr']:,.0f} "
        f"flat, {sun['poa_typical_kwh_per_m2_yr']:,.0f} tilted; clear sky "
        f"{sun['ghi_clear_kwh_per_m2_yr']:,.0f} flat, {sun['poa_clear_kwh_per_m2_yr']:,.0f} tilted"
    )
    print(
        f"  panels {pan['area_m2'] / 1e4:.2f} ha on {pan['land_m2'] / 1e4:.2f} ha of land; "
        f"catalyst sheet {pan['catalyst_cost_usd_per_m2']:.2f} USD/m2 every "
        f"{pan['catalyst_life_yr']} yr"
    )
    print(f"  {'hydrogen from':<34}{'kg H2/yr':>12}{'LCOH':>9}{'with CO2':>11}{'kg CO2':>11}")
    print(f"  {'':<34}{'':>12}{'USD/kg':>9}{'price':>11}{'per kg H2':>11}")
    rows = [("photocatalysis (case)", r["photocatalysis"]["case"])]
    rows += [(f"photocatalysis, {k}", v) for k, v in r["photocatalysis"]["scenarios"].items()]
    for name, v in rows:
        print(
            f"  {name[:33]:<34}{_plain(v['h2_mean_kg_per_yr']):>12}"
            f"{_plain(v['lcoh_usd_per_kg']):>9}"
            f"{_plain(v['lcoh_with_co2_price_usd_per_kg']):>11}{_plain(v['co2_kg_per_kg']):>11}"
        )
    for name, v in r["baselines"].items():
        print(
            f"  {name:<34}{'':>12}{_plain(v['lcoh_usd_per_kg']):>9}"
            f"{_plain(v['lcoh_with_co2_price_usd_per_kg']):>11}{_plain(v['co2_kg_per_kg']):>11}"
        )
    b = r["breakeven"]
    print(
        f"  break-even with reforming at {b['at_catalyst_cost_usd_per_m2']:.2f} USD/m2 of catalyst:"
    )
    print(
        f"    STH {_fmt_sth(b['sth_pct_without_co2_price'])} without a CO2 price, "
        f"{_fmt_sth(b['sth_pct_with_co2_price'])} at {b['co2_price_usd_per_t']:g} USD/t"
    )
    pr = r["project"]
    irr = "n/a" if pr["irr_pct"] is None else f"{pr['irr_pct']:.1f} %"
    print("  as a project selling its hydrogen at reforming's cost:")
    print(
        f"    NPV {pr['npv_usd'] / 1e6:.2f} M USD, IRR {irr}, CO2 avoided "
        f"{pr['co2_avoided_t_per_yr']:,.0f} t/yr ({pr['basis'].split('; ')[-1]})"
    )
    if pr.get("probability_npv_negative") is not None:
        low, mid, high = (x / 1e6 for x in pr["npv_p5_p50_p95_usd"])
        print(
            f"  P(NPV < 0) {pr['probability_npv_negative']:.3f}; NPV P5 {low:.2f}, median "
            f"{mid:.2f}, P95 {high:.2f} M USD"
        )
        print(textwrap.fill(pr["risk_basis"], 100, initial_indent="    over ",
                            subsequent_indent="    "))  # fmt: skip
    else:
        print(f"  P(NPV < 0): not computed ({pr['risk_basis']})")
    print(f"  {len(r['assumptions'])} data values are assumed (see --json, docs/hydrogen.md)")


def _cmd_hydrogen(args: argparse.Namespace) -> int:
    from valorize.analysis.risk import npv_risk
    from valorize.cli.models import load_route_model

    # through the registry, so the route's checks of the case (paths, decisions) run here
    model = load_route_model(args.case, "hydrogen")
    result = model.detail()
    result["project"].update(npv_risk(model, args.samples, args.seed))
    result["summary"]["probability_npv_negative"] = result["project"]["probability_npv_negative"]
    if args.plot:
        from valorize.report.breakeven_plot import write_breakeven

        wrote(write_breakeven(result["title"], model.breakeven_curve(), args.plot), args.json)
    if args.out:
        wrote(write_json(args.out, "hydrogen.json", result), args.json)
    if args.json:
        print_json(result)
    else:
        _print(result)
        warn(result.get("warnings", []))
    return 0


def _plain(x: float) -> str:
    """A table cell: 249,903; 2.51; 0.0123."""
    return plain_number(x, digits=3, whole_from=100, small_below=0.001)
