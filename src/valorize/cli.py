"""The ``valorize`` command line: a thin face over the library.

Every user error becomes one line on stderr starting with ``error:`` and exit
status 2. Heavy libraries (numpy, scipy, pint, plotly, matplotlib) are imported
inside the command that needs them, so ``valorize --help`` answers at once.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from valorize import __version__
from valorize.errors import InputError, ValorizeError

EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line: ``error: ...``."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"error: {message} (see '{self.prog} --help')\n")
        raise SystemExit(EXIT_USAGE)


def _symbols(text: str, option: str) -> list[str]:
    items = [s.strip() for s in text.split(",")]
    if not items or any(not s for s in items):
        raise InputError(f"{option}: give element symbols separated by commas, e.g. Se,Te")
    return items


def _numbers(text: str, option: str) -> list[float]:
    try:
        return [float(s) for s in text.split(",")]
    except ValueError:
        raise InputError(f"{option}: give numbers separated by commas, e.g. 0.99,0.01") from None


def _activity(args: argparse.Namespace, components: Sequence[str]) -> Any:
    """The activity model the options ask for: a name, or a model built with the user's file."""
    if not args.activity_data:
        return args.model
    from valorize.data.loader import read_activity_file
    from valorize.thermo.activity import activity_model

    extra = read_activity_file(args.activity_data)
    return activity_model(args.model, components, allow_ideal=args.allow_ideal, parameters=extra)


def _print_json(obj: dict[str, Any]) -> None:
    print(json.dumps(obj, indent=2))


def _warn(warnings: Sequence[str]) -> None:
    for w in warnings:
        sys.stderr.write(f"warning: {w}\n")


def _fmt_pressure(p: float) -> str:
    return f"{p:.4g} Pa"


# ---------------------------------------------------------------- vapor-pressure
def _cmd_vapor_pressure(args: argparse.Namespace) -> int:
    from valorize.data.loader import element, reference
    from valorize.quantities import parse_quantity
    from valorize.thermo.vapor_pressure import liquid_reference_pressure, vapor_pressure

    symbol = args.element
    el = element(symbol)
    T = parse_quantity(args.temperature, "temperature", "--temperature")
    func = liquid_reference_pressure if args.liquid_reference else vapor_pressure
    result = func(symbol, T, extrapolate=args.extrapolate)
    corr = result.correlations[0]
    ref = reference(corr.reference)
    p = float(result.pressure)
    state = str(result.state)
    payload = {
        "element": symbol,
        "temperature_K": T,
        "pressure_Pa": p,
        "phase": state,
        "melting_point_K": el.melting_point.value,
        "source": ref.citation,
        "source_link": ref.link,
        "status": corr.status,
        "equation": corr.equation,
        "valid_range_K": [corr.T_min, corr.T_max],
        "vapor_species": corr.vapor_species,
        "warnings": list(result.warnings),
    }
    if args.json:
        _print_json(payload)
    else:
        print(f"{el.name} ({symbol}) at {T:.2f} K: p = {_fmt_pressure(p)}  [{state}]")
        print(f"  vapour species: {corr.vapor_species}")
        print(
            f"  correlation: {corr.equation}, valid {corr.T_min:g}-{corr.T_max:g} K, {corr.status}"
        )
        print(f"  source: {ref.citation}" + (f" ({ref.link})" if ref.link else ""))
        _warn(result.warnings)
    return 0


# ------------------------------------------------------------------- vle bubble
def _cmd_vle_bubble(args: argparse.Namespace) -> int:
    from valorize.quantities import parse_quantity
    from valorize.thermo.vle import bubble_temperature, mole_fractions

    components = _symbols(args.components, "--components")
    fractions = _numbers(args.fractions, "--fractions")
    x = mole_fractions(components, fractions, args.basis)
    P = parse_quantity(args.pressure, "pressure", "--pressure")
    bp = bubble_temperature(
        components,
        x,
        P,
        _activity(args, components),
        allow_ideal=args.allow_ideal,
        extrapolate=args.extrapolate,
    )
    T = float(bp.temperature)
    payload = {
        "components": components,
        "pressure_Pa": P,
        "temperature_K": T,
        "temperature_C": T - 273.15,
        "liquid_mole_fractions": [float(v) for v in x],
        "vapor_fractions": [float(v) for v in bp.y],
        "activity_coefficients": [float(v) for v in bp.gamma],
        "model": bp.model,
        "ideal_pairs": ["-".join(p) for p in bp.ideal_pairs],
        "warnings": list(bp.warnings),
    }
    if args.json:
        _print_json(payload)
    else:
        print(
            f"bubble point at {_fmt_pressure(P)} ({bp.model} model): "
            f"T = {T:.2f} K ({T - 273.15:.2f} degC)"
        )
        print(f"  {'element':<8}{'x (liquid)':>14}{'y (vapour)':>14}{'gamma':>10}")
        for k, s in enumerate(components):
            print(f"  {s:<8}{x[k]:>14.6g}{bp.y[k]:>14.6g}{bp.gamma[k]:>10.4g}")
        if bp.ideal_pairs:
            print(
                "  pairs taken as ideal (no published parameters): "
                + ", ".join("-".join(p) for p in bp.ideal_pairs)
            )
        _warn(bp.warnings)
    return 0


# --------------------------------------------------------------------- vle beta
def _cmd_vle_beta(args: argparse.Namespace) -> int:
    import numpy as np

    from valorize.quantities import parse_quantity
    from valorize.thermo.vle import separation_coefficients

    impurities = _symbols(args.impurities, "--impurities")
    T = parse_quantity(args.temperature, "temperature", "--temperature")
    sc = separation_coefficients(
        args.solvent,
        impurities,
        T,
        _activity(args, [args.solvent, *impurities]),
        allow_ideal=args.allow_ideal,
        extrapolate=args.extrapolate,
    )
    beta = {s: float(sc.beta[s]) for s in impurities}
    log_beta = {s: float(np.log10(sc.beta[s])) for s in impurities}
    where = {s: ("vapour" if beta[s] > 1 else "residue") for s in impurities}
    payload = {
        "solvent": args.solvent,
        "temperature_K": T,
        "model": sc.model,
        "beta": beta,
        "log10_beta": log_beta,
        "gamma_infinite_dilution": {s: float(sc.gamma[s]) for s in impurities},
        "reference_pressure_Pa": {k: float(v) for k, v in sc.reference_pressure.items()},
        "goes_to": where,
        "ideal_pairs": ["-".join(p) for p in sc.ideal_pairs],
        "warnings": list(sc.warnings),
    }
    if args.json:
        _print_json(payload)
    else:
        print(
            f"separation coefficients in {args.solvent} at {T:.2f} K "
            f"({T - 273.15:.2f} degC), {sc.model} model, impurities infinitely dilute"
        )
        print(f"  p*({args.solvent}) = {_fmt_pressure(float(sc.reference_pressure[args.solvent]))}")
        print(f"  {'impurity':<9}{'p* (Pa)':>12}{'beta':>12}{'log10 beta':>12}  goes to")
        for s in impurities:
            p_ref = float(sc.reference_pressure[s])
            print(f"  {s:<9}{p_ref:>12.3e}{beta[s]:>12.3e}{log_beta[s]:>12.2f}  {where[s]}")
        if sc.ideal_pairs:
            print(
                "  pairs taken as ideal (no published parameters): "
                + ", ".join("-".join(p) for p in sc.ideal_pairs)
            )
        _warn(sc.warnings)
    return 0


# ------------------------------------------------------------------ vle diagram
def _cmd_vle_diagram(args: argparse.Namespace) -> int:
    from valorize.quantities import parse_quantity
    from valorize.report.phase_diagram import write_phase_diagram
    from valorize.thermo.vle import txy_diagram

    components = _symbols(args.components, "--components")
    P = parse_quantity(args.pressure, "pressure", "--pressure")
    diagram = txy_diagram(
        components,
        P,
        _activity(args, components),
        points=args.points,
        allow_ideal=args.allow_ideal,
        extrapolate=args.extrapolate,
    )
    path = write_phase_diagram(diagram, args.out)
    print(
        f"wrote {path}: T-x-y diagram of {'-'.join(components)} at {_fmt_pressure(P)} "
        f"({diagram.model} model, {len(diagram.x)} points, "
        f"T {diagram.temperature.min():.1f}-{diagram.temperature.max():.1f} K)"
    )
    _warn(diagram.warnings)
    return 0


# --------------------------------------------------------------------- run, cases
def _cmd_cases(args: argparse.Namespace) -> int:
    from valorize.case import builtin_cases

    cases = builtin_cases()
    if args.json:
        _print_json({"cases": [{"name": k, "title": v} for k, v in cases.items()]})
    else:
        for name, title in cases.items():
            print(f"{name:<24}{title}")
    return 0


def _print_summary(title: str, s: dict[str, Any]) -> None:
    print(title)
    rows = [
        ("crude selenium in", f"{s['feed_t_per_yr']:.2f} t/yr"),
        ("refined selenium out", f"{s['product_t_per_yr']:.2f} t/yr"),
        ("product purity", f"{s['product_Se_wt_pct']:.3f} wt % Se"),
        ("grade met", s["grade"]),
        ("direct Se recovery", f"{s['Se_recovery_pct']:.2f} %"),
        ("residue (Te, Au, Ag)", f"{s['residue_t_per_yr']:.2f} t/yr"),
        ("volatile cut", f"{s['volatile_cut_t_per_yr']:.2f} t/yr"),
        ("energy", f"{s['energy_kWh_per_t_product']:.0f} kWh/t of product"),
        ("batch", f"{s['batches_per_yr']:.0f} batches/yr of {s['batch_duration_h']:.2f} h"),
        ("gas regime", f"{s['flow_regime']} (Kn = {s['knudsen_number']:.3g})"),
        ("mass balance error", f"{s['mass_balance_rel_error']:.1e}"),
    ]
    for label, value in rows:
        print(f"  {label:<24}{value}")
    top = sorted(s["impurities_ppm"].items(), key=lambda kv: -kv[1])
    print("  impurities in product   " + ", ".join(f"{k} {v:.3g}" for k, v in top) + " ppm")
    for e in s.get("economics", {}).get("scenarios", []):
        irr = "n/a" if e["irr_pct"] is None else f"{e['irr_pct']:.1f} %"
        payback = "never" if e["payback_yr"] is None else f"{e['payback_yr']:.1f} yr"
        print(
            f"  economics, prices {e['price_scenario']:<12} "
            f"(refined {e['prices_usd_per_kg']['refined_selenium']:g}, "
            f"crude {e['prices_usd_per_kg']['crude_selenium']:g} USD/kg):"
        )
        print(
            f"    NPV {e['npv_usd'] / 1e6:8.2f} M USD   IRR {irr:>8}   payback {payback}"
            f"   (NPV with the grant {e['npv_with_grant_usd'] / 1e6:.2f} M USD)"
        )
        print(
            f"    refining cost {e['refining_cost_usd_per_kg']:.2f} USD/kg; unit cost "
            f"{e['unit_cost_usd_per_kg']:.2f} USD/kg with feed, net of residue credits "
            f"({e['residue_credits_usd_per_yr'] / 1e6:.2f} M USD/yr)"
        )
        print(
            f"    selenium price for {100 * e['target_irr']:g} % IRR: "
            f"{e['minimum_selling_price_usd_per_kg']:.2f} USD/kg with residue credits, "
            f"{e['minimum_selling_price_without_credits_usd_per_kg']:.2f} USD/kg without"
        )
    if "co2_kg_per_kg_product" in s:
        print(
            f"  CO2 (scope 2)           {s['co2_kg_per_kg_product']:.3f} kg per kg of product, "
            f"{s['co2_t_per_yr']:.1f} t/yr"
        )
    for name, check in s.get("target", {}).items():
        verdict = "met" if check["met"] else "NOT met"
        print(f"  target {name:<17} {check['target']:g}: {verdict}")


def _cmd_run(args: argparse.Namespace) -> int:
    from valorize.case import load_case
    from valorize.report.files import write_atomically
    from valorize.run import run

    case, _, sha = load_case(args.case)
    results = run(case, sha)
    payload = results.to_json()
    if args.out:
        from pathlib import Path

        folder = Path(args.out)
        if folder.exists() and not folder.is_dir():
            raise InputError(f"--out: {args.out!r} is a file, not a folder")
        folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps(payload, indent=2)
        target = write_atomically(
            folder / "results.json", lambda tmp: tmp.write_text(text, encoding="utf-8")
        )
    if args.json:
        _print_json(payload)
    else:
        _print_summary(f"{results.title} [{results.case_name}]", results.summary)
        for v in results.variants:
            print()
            _print_summary(f"variant: {v['name']}", v["summary"])
        print()
        print("assumptions that carry the answer:")
        for a in results.assumptions:
            if a["name"] != "feed composition":
                print(f"  {a['name']} = {a['value']:g} ({a['status']}): {a['note']}")
        _warn(results.warnings)
        if args.out:
            print(f"wrote {target}")
    return 0


# ----------------------------------------------------------------------- compare
_COMPARE_ROWS = [
    ("product t/yr", "product_t_per_yr", "{:.2f}"),
    ("purity wt % Se", "product_Se_wt_pct", "{:.3f}"),
    ("Se recovery %", "Se_recovery_pct", "{:.2f}"),
    ("grade", "grade", "{}"),
    ("energy kWh/t", "energy_kWh_per_t_product", "{:.0f}"),
    ("CO2 kg/kg", "co2_kg_per_kg_product", "{:.3f}"),
    ("refined price USD/kg", "price_refined", "{:.2f}"),
    ("crude price USD/kg", "price_crude", "{:.2f}"),
    ("NPV M USD", "npv_musd", "{:.2f}"),
    ("IRR %", "irr_pct", "{:.1f}"),
    ("payback yr", "payback_yr", "{:.1f}"),
    ("refining cost USD/kg", "refining_cost_usd_per_kg", "{:.2f}"),
    ("break-even USD/kg", "minimum_selling_price_usd_per_kg", "{:.2f}"),
    ("  without credits", "minimum_selling_price_without_credits_usd_per_kg", "{:.2f}"),
]


def _cmd_compare(args: argparse.Namespace) -> int:
    from valorize.case import load_case
    from valorize.run import run

    columns = []
    for name in args.cases:
        case, _, sha = load_case(name)
        s = run(case, sha).summary
        scenarios = s.get("economics", {}).get("scenarios") or [None]
        for e in scenarios:
            column = {k: s.get(k) for _, k, _ in _COMPARE_ROWS}
            column["label"] = case.case.name
            if e is not None:
                column.update({k: e.get(k) for _, k, _ in _COMPARE_ROWS if k in e})
                column["label"] += f" @ {e['price_scenario']}"
                column["npv_musd"] = e["npv_usd"] / 1e6
                column["price_refined"] = e["prices_usd_per_kg"]["refined_selenium"]
                column["price_crude"] = e["prices_usd_per_kg"]["crude_selenium"]
            columns.append(column)
    if args.json:
        _print_json({"columns": columns})
        return 0
    width = max(18, *(len(c["label"]) + 2 for c in columns))
    print(f"{'':<26}" + "".join(f"{c['label']:>{width}}" for c in columns))
    for label, key, fmt in _COMPARE_ROWS:
        cells = []
        for c in columns:
            value = c.get(key)
            cells.append(f"{'-' if value is None else fmt.format(value):>{width}}")
        print(f"{label:<26}" + "".join(cells))
    return 0


# ---------------------------------------------------------------------- optimize
def _cmd_optimize(args: argparse.Namespace) -> int:
    from valorize.analysis.optimize import optimize_operation
    from valorize.case import load_case
    from valorize.data.loader import grades
    from valorize.quantities import parse_quantity

    if args.plot:
        from pathlib import Path

        from valorize.report.tradeoff import FORMATS

        if Path(args.plot).suffix.lower() not in FORMATS:
            raise InputError(
                f"--plot: cannot write {Path(args.plot).suffix or 'no extension'!r}; use one of "
                + ", ".join(FORMATS)
            )
    case, _, _ = load_case(args.case)
    if args.grade:
        match = [g for g in grades() if g.name == args.grade]
        if not match:
            raise InputError(
                f"--grade: unknown grade {args.grade!r}; grades: "
                + ", ".join(g.name for g in grades())
            )
        purity = match[0].se_min
    else:
        purity = args.purity / 100.0
    try:
        low, high = (t.strip() for t in args.temperature_range.split(","))
    except ValueError:
        raise InputError(
            "--temperature-range: give two temperatures, e.g. '250 degC,450 degC'"
        ) from None
    t_range = (
        parse_quantity(low, "temperature", "--temperature-range"),
        parse_quantity(high, "temperature", "--temperature-range"),
    )
    p = optimize_operation(case, purity, temperature_range=t_range, seed=args.seed)
    payload = {
        "case": case.case.name,
        "purity_min_wt_pct": 100 * purity,
        "optimum": {
            "temperature_K": p.temperature,
            "temperature_C": p.temperature - 273.15,
            "distilled_fraction": p.distilled_fraction,
            "head_cut": p.head_cut,
            "condenser_temperature_C": (
                None if p.condenser_temperature is None else p.condenser_temperature - 273.15
            ),
            "Se_recovery_pct": 100 * p.recovery,
            "product_Se_wt_pct": 100 * p.purity,
            "furnace_hours_per_yr": p.furnace_hours,
            "feasible": p.feasible,
        },
        "evaluations": p.evaluations,
        "tradeoff": [
            {
                "distilled_fraction": float(f),
                "Se_recovery_pct": float(100 * r),
                "product_Se_wt_pct": float(100 * w),
            }
            for f, r, w in zip(
                p.curve_distilled_fraction, p.curve_recovery, p.curve_purity, strict=True
            )
        ],
    }
    if args.plot:
        from valorize.report.tradeoff import write_tradeoff

        path = write_tradeoff(case.case.name, p, args.plot)
    if args.json:
        _print_json(payload)
        return 0
    o = payload["optimum"]
    verdict = "feasible" if p.feasible else "NOT feasible: no point meets the purity in time"
    print(f"best operating point of {case.case.name} for >= {100 * purity:g} % Se ({verdict}):")
    print(f"  temperature          {o['temperature_C']:.1f} degC ({o['temperature_K']:.1f} K)")
    print(f"  distilled fraction   {o['distilled_fraction']:.4f}")
    print(f"  head cut             {o['head_cut']:.4f}")
    if p.condenser_temperature is not None:
        print(f"  product condenser    {o['condenser_temperature_C']:.1f} degC")
    print(f"  Se recovery          {o['Se_recovery_pct']:.2f} %")
    print(f"  product purity       {o['product_Se_wt_pct']:.4f} wt % Se")
    print(f"  furnace time         {o['furnace_hours_per_yr']:.0f} h/yr")
    print(f"  model evaluations    {p.evaluations} (differential evolution, seed {args.seed})")
    print("trade-off at that temperature and head cut:")
    print(f"  {'distilled':>10}{'recovery %':>12}{'purity %':>11}")
    for row in payload["tradeoff"][:: max(1, len(payload["tradeoff"]) // 8)]:
        print(
            f"  {row['distilled_fraction']:>10.3f}{row['Se_recovery_pct']:>12.2f}"
            f"{row['product_Se_wt_pct']:>11.4f}"
        )
    if args.plot:
        print(f"wrote {path}")
    return 0


# ---------------------------------------------------------------------- elements
def _cmd_elements(args: argparse.Namespace) -> int:
    from valorize.data.loader import elements, vapor_pressure_correlations

    rows = []
    for symbol, el in elements().items():
        corrs = sorted(vapor_pressure_correlations().get(symbol, ()), key=lambda c: c.T_min)
        rows.append(
            {
                "element": symbol,
                "name": el.name,
                "molar_mass_g_mol": el.molar_mass.value * 1e3,
                "melting_point_K": el.melting_point.value,
                "normal_boiling_point_K": el.normal_boiling_point.value,
                "boiling_kind": el.boiling_kind,
                "correlations": [
                    {
                        "phase": c.phase,
                        "T_min_K": c.T_min,
                        "T_max_K": c.T_max,
                        "status": c.status,
                        "reference": c.reference,
                    }
                    for c in corrs
                ],
            }
        )
    if args.json:
        _print_json({"elements": rows})
        return 0
    print(f"{'el':<4}{'name':<11}{'M g/mol':>9}{'Tm K':>9}{'Tb K':>9}  vapour-pressure data")
    for r in rows:
        spans = ", ".join(
            f"{c['phase']} {c['T_min_K']:g}-{c['T_max_K']:g} K ({c['status']})"
            for c in r["correlations"]
        )
        kind = "s" if r["boiling_kind"] == "sublimation" else ""
        print(
            f"{r['element']:<4}{r['name']:<11}{r['molar_mass_g_mol']:>9.3f}"
            f"{r['melting_point_K']:>9.1f}{r['normal_boiling_point_K']:>8.1f}{kind:1}  {spans}"
        )
    return 0


# ----------------------------------------------------------------------- parser
def _add_model_options(p: argparse.ArgumentParser, default: str = "ideal") -> None:
    p.add_argument(
        "--model",
        default=default,
        choices=["ideal", "regular", "redlich-kister", "wilson", "mivm"],
        help=f"activity model (default: {default})",
    )
    p.add_argument(
        "--activity-data",
        metavar="FILE",
        help="TOML file of binary activity parameters (schema of data/activity.toml, "
        "with your sources), used before the built-in ones",
    )
    p.add_argument(
        "--allow-ideal",
        action="store_true",
        help="treat pairs with no published parameters as ideal instead of failing",
    )
    p.add_argument(
        "--extrapolate",
        action="store_true",
        help="extrapolate vapour pressures outside their data range (with a warning)",
    )
    p.add_argument("--json", action="store_true", help="print a JSON object")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``valorize`` command."""
    parser = _Parser(
        prog="valorize",
        description="Vapour-liquid equilibrium of metal melts under vacuum, with data provenance.",
    )
    parser.add_argument("--version", action="version", version=f"valorize {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    r = sub.add_parser(
        "run",
        help="run a case: a built-in name (see 'valorize cases') or a .toml file",
        description="Run a refinery case and print what it makes, recovers and uses.",
    )
    r.add_argument("case", help="built-in case name or path to a case file")
    r.add_argument("--out", "-o", help="folder for results.json (created if missing)")
    r.add_argument("--json", action="store_true", help="print the results object")
    r.set_defaults(func=_cmd_run)

    op = sub.add_parser(
        "optimize",
        help="best temperature, distilled fraction and head cut for a purity",
        description="Maximize Se recovery subject to a product purity and the furnace hours.",
    )
    op.add_argument("case", help="built-in case name or path to a case file")
    target = op.add_mutually_exclusive_group()
    target.add_argument(
        "--purity", type=float, default=99.5, help="minimum Se in the product, wt %% (default 99.5)"
    )
    target.add_argument("--grade", help="a grade of data/grades.toml, e.g. 'YS/T 223 Se99.9'")
    op.add_argument(
        "--temperature-range",
        default="250 degC,450 degC",
        help="search range (default '250 degC,450 degC')",
    )
    op.add_argument("--seed", type=int, default=0, help="seed of the search (default 0)")
    op.add_argument("--plot", help="write the trade-off curve: .html, .png or .svg")
    op.add_argument("--json", action="store_true", help="print a JSON object")
    op.set_defaults(func=_cmd_optimize)

    cmp = sub.add_parser(
        "compare",
        help="cases and their price scenarios side by side",
        description="Run cases and show them, and each of their price scenarios, in one table.",
    )
    cmp.add_argument("cases", nargs="+", help="built-in case names or case files")
    cmp.add_argument("--json", action="store_true", help="print a JSON object")
    cmp.set_defaults(func=_cmd_compare)

    cs = sub.add_parser("cases", help="list the built-in cases")
    cs.add_argument("--json", action="store_true", help="print a JSON object")
    cs.set_defaults(func=_cmd_cases)

    vp = sub.add_parser(
        "vapor-pressure",
        help="vapour pressure of a pure element",
        description="Vapour pressure of a pure element in its stable phase.",
    )
    vp.add_argument("element", help="element symbol, e.g. Se")
    vp.add_argument("--temperature", "-T", required=True, help="e.g. '700 K' or '400 degC'")
    vp.add_argument(
        "--liquid-reference",
        action="store_true",
        help="give the (supercooled) liquid reference pressure used for activities",
    )
    vp.add_argument(
        "--extrapolate",
        action="store_true",
        help="extrapolate outside the data range (with a warning)",
    )
    vp.add_argument("--json", action="store_true", help="print a JSON object")
    vp.set_defaults(func=_cmd_vapor_pressure)

    el = sub.add_parser("elements", help="list the elements and their data ranges")
    el.add_argument("--json", action="store_true", help="print a JSON object")
    el.set_defaults(func=_cmd_elements)

    vle = sub.add_parser(
        "vle",
        help="vapour-liquid equilibrium of melts",
        description="Vapour-liquid equilibrium of metal and metalloid melts.",
    )
    vsub = vle.add_subparsers(dest="vle_command", metavar="WHAT", parser_class=_Parser)
    vle.set_defaults(func=lambda a: (vle.print_help(), 0)[1])

    b = vsub.add_parser("bubble", help="bubble temperature and first vapour at a pressure")
    b.add_argument("--components", required=True, help="e.g. Se,Te")
    b.add_argument("--fractions", required=True, help="e.g. 0.99,0.01 (same order)")
    b.add_argument(
        "--basis",
        choices=["mole", "mass"],
        default="mole",
        help="basis of --fractions (default: mole)",
    )
    b.add_argument("--pressure", "-P", required=True, help="e.g. '10 Pa' or '0.1 mmHg'")
    _add_model_options(b)
    b.set_defaults(func=_cmd_vle_bubble)

    be = vsub.add_parser("beta", help="separation coefficients of impurities in a solvent")
    be.add_argument("--solvent", default="Se", help="base element (default: Se)")
    be.add_argument("--impurities", required=True, help="e.g. Te,S,Hg,As,Pb,Cu,Ag")
    be.add_argument("--temperature", "-T", required=True, help="e.g. '673 K' or '400 degC'")
    _add_model_options(be)
    be.set_defaults(func=_cmd_vle_beta)

    d = vsub.add_parser("diagram", help="T-x-y diagram of a binary at a pressure (HTML/PNG/SVG)")
    d.add_argument("--components", required=True, help="two elements, e.g. Se,Te")
    d.add_argument("--pressure", "-P", required=True, help="e.g. '10 Pa'")
    d.add_argument("--out", "-o", required=True, help="output file: .html, .png or .svg")
    d.add_argument("--points", type=int, default=101, help="compositions computed (default 101)")
    _add_model_options(d)
    d.set_defaults(func=_cmd_vle_diagram)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return int(args.func(args))
    except ValorizeError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return EXIT_USAGE
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
