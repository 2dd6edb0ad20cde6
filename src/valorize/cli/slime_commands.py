"""``valorize slime``: anode slime -> crude and refined selenium, Te, Au, Ag."""

from __future__ import annotations

import argparse
import textwrap
from typing import Any

from valorize.cli.common import plain_number, print_json, write_json, wrote


def add_slime_parser(sub: Any) -> None:
    """Register ``valorize slime CASE`` on the subcommand set ``sub``."""
    s = sub.add_parser(
        "slime",
        help="copper anode slime to refined selenium, tellurium, gold and silver",
        description="Slime per year, crude and refined selenium with purity and grade, "
        "Te, Au and Ag, reagents, energy, cost, NPV and CO2 of a slime route.",
    )
    s.add_argument("case", help="built-in case (almalyk-anode-slime) or a .toml file")
    s.add_argument(
        "--route",
        default=None,
        help="roast, leach or both (default: the case's route)",
    )
    s.add_argument("--out", "-o", help="folder for slime.json (created if missing)")
    s.add_argument("--json", action="store_true", help="print the results object")
    s.set_defaults(func=_cmd_slime)


def _print_route(r: dict[str, Any], k: int) -> None:
    def row(label: str, text: str) -> None:
        print(
            textwrap.fill(text, 100, initial_indent=f"    {label:<30}", subsequent_indent=" " * 34)
        )

    row("slime", f"{r['slime_t_per_yr'][k]:.1f} t/yr ({r['slime_kg_per_t_copper']:g} kg/t Cu)")
    row("Se in slime", f"{r['se_in_slime_t_per_yr'][k]:.2f} t/yr")
    row(
        "crude selenium",
        f"{r['crude_se_t_per_yr'][k]:.2f} t/yr at {r['crude_se_wt_pct'][k]:.2f} % Se",
    )
    met = "met" if r["target_995_met"][k] else "NOT met: the refinery cannot reach 99.5 % Se"
    row(
        "refined selenium",
        f"{r['refined_se_t_per_yr'][k]:.2f} t/yr at {r['refined_se_wt_pct'][k]:.3f} % Se "
        f"(grade {r['grade'][k]}; >= 99.5 % {met})",
    )
    row("Se recovery slime->product", f"{r['se_recovery_slime_to_product_pct'][k]:.1f} %")
    row(
        "Te / Au / Ag",
        f"{r['te_t_per_yr'][k]:.2f} / {r['au_t_per_yr'][k]:.2f} / {r['ag_t_per_yr'][k]:.1f} t/yr",
    )
    reagents = ", ".join(f"{n} {v[k]:.0f}" for n, v in r["reagents_t_per_yr"].items())
    row("reagents (t/yr)", reagents)
    row("energy", f"{r['energy_mwh_per_yr'][k]:,.0f} MWh/yr")
    row("mass balance (max rel. err.)", f"{r['mass_balance_rel_error'][k]:.1e}")
    e = r.get("economics")
    if e:
        if e.get("se_grade_sold"):
            row(
                "Se sold as",
                f"{e['se_grade_sold'][k]} at {e['se_price_usd_per_kg'][k]:.2f} USD/kg "
                "(payable share applied)",
            )
        row(
            "Se cost (levelized)",
            f"{plain_number(e['se_cost_usd_per_kg'][k])} USD/kg gross, "
            f"{plain_number(e['se_cost_net_of_credits_usd_per_kg'][k])} USD/kg net of "
            "Te/Au/Ag credits",
        )
        npv = e["npv_usd"][k]
        gold_share = e["revenue_by_product_usd_per_yr"]["Au"][k] / e["revenue_usd_per_yr"][k]
        row(
            f"NPV ({e['price_scenario']})",
            f"{plain_number(npv / 1e6)} M USD; gold is {100 * gold_share:.0f} % of the revenue "
            "(the slime's own metal value, not an added value)",
        )
        row(
            "CO2 (scope 2)",
            f"{e['co2_t_per_yr'][k]:.0f} t/yr, {e['co2_kg_per_kg_se'][k]:.2f} kg/kg Se",
        )
    if "co2_avoided" in r:
        a = r["co2_avoided"][k]
        row(
            "CO2 avoided vs baseline",
            f"{a['avoided_t_per_yr']:.0f} t/yr (here {a['this_route_t_per_yr']['total']:.0f}, "
            f"baseline {a['baseline_t_per_yr']['total']:.0f}): {a['basis']}",
        )


def _print_check(key: str, c: dict[str, Any]) -> None:
    factor = f"a factor {c['tolerance_factor']:g}"
    verdict = (
        f"agrees within {factor}"
        if c["agrees"]
        else f"DISAGREES: outside {factor} (a discrepancy, reported, not tuned away)"
    )
    print(
        textwrap.fill(
            f"check {key}: modelled {c['modelled_t_per_yr']:.2f} vs reported "
            f"{c['reported_t_per_yr']:.2f} t/yr, ratio {c['ratio']:.2f}: {verdict}",
            100,
            initial_indent="    ",
            subsequent_indent="      ",
        )
    )
    i = c["implied"]
    text = (
        "implied by the reported output (not used as input): a recovery slime->product "
        f"of {i['recovery_pct_at_case_slime']:.1f} % at the case slime "
        f"({c['slime_wt_pct']:.2f} wt %, its slime rate), or a slime of "
        f"{i['slime_wt_pct_at_modelled_recovery']:.2f} wt % at the modelled "
        f"{c['modelled_recovery_pct']:.1f} % recovery"
    )
    print(textwrap.fill(text, 100, initial_indent=" " * 6, subsequent_indent=" " * 8))


def _print(result: dict[str, Any]) -> None:
    print(textwrap.fill(f"{result['title']} [{result['case']}]", 100, subsequent_indent="    "))
    print(f"  copper {result['copper_t_per_yr']:,.0f} t/yr")
    for route, r in result["routes"].items():
        for k, name in enumerate(r["slimes"]):
            print(f"  route {route}, {name}:")
            _print_route(r, k)
        print(f"  route {route}, the case's slime ({r['slimes'][0]}) against the plant's report:")
        for key, c in r["check"].items():
            if key != "source":
                _print_check(key, c)
        if "co2_avoided" in r:
            baseline = " ".join(r["co2_avoided"][0]["description"].split())
            print(textwrap.fill(f"CO2 baseline: {baseline}", 100, initial_indent="    ",
                                subsequent_indent="      "))  # fmt: skip
        for w in r["warnings"]:
            print(textwrap.fill(f"warning: {w}", 100, initial_indent="    ",
                                subsequent_indent="      "))  # fmt: skip
    print(
        f"  {len(result['assumptions'])} data records are assumed (see --json, docs/anode-slime.md)"
    )


def _cmd_slime(args: argparse.Namespace) -> int:
    from valorize.case_files import case_label, refusals_named
    from valorize.errors import InputError
    from valorize.slime.case import ROUTES

    if args.route is not None and args.route not in (*ROUTES, "both"):
        raise InputError(f"--route: unknown route {args.route!r}; use roast, leach or both")
    from valorize.cli.models import load_route_model

    # through the registry, so the route's checks of the case (paths, decisions) run here
    route = None if args.route == "both" else args.route
    model = load_route_model(args.case, "slime", getattr(args, "extrapolate", False), route)
    with refusals_named(case_label(args.case)):  # the checks of the run, after the schema's
        result = model.detail(ROUTES if args.route == "both" else None)
    if args.out:
        wrote(write_json(args.out, "slime.json", result), args.json)
    if args.json:
        print_json(result)
    else:
        _print(result)
    return 0
