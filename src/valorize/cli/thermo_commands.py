"""Commands on pure elements and melts: vapor-pressure, elements, vle bubble|beta|diagram."""

from __future__ import annotations

import argparse
import textwrap
from typing import Any

from valorize.cli.common import (
    activity,
    fmt_pressure,
    numbers,
    one_symbol,
    plain_number,
    print_json,
    symbols,
    warn,
    write_json,
    wrote,
)
from valorize.constants import ZERO_CELSIUS


# ---------------------------------------------------------------- vapor-pressure
def _cmd_vapor_pressure(args: argparse.Namespace) -> int:
    from valorize.data.loader import element, reference
    from valorize.quantities import parse_quantity
    from valorize.thermo.vapor_pressure import liquid_reference_pressure, vapor_pressure

    symbol = one_symbol(args.element, "ELEMENT")
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
        print_json(payload)
    else:
        print(f"{el.name} ({symbol}) at {T:.2f} K: p = {fmt_pressure(p)}  [{state}]")
        print(f"  vapour species: {corr.vapor_species}")
        print(
            f"  correlation: {corr.equation}, valid {corr.T_min:g}-{corr.T_max:g} K, {corr.status}"
        )
        text = f"source: {ref.citation}" + (f" ({ref.link})" if ref.link else "")
        print(textwrap.fill(text, 100, initial_indent="  ", subsequent_indent="    "))
        warn(result.warnings)
    return 0


# ------------------------------------------------------------------- vle bubble
def _cmd_vle_bubble(args: argparse.Namespace) -> int:
    from valorize.quantities import parse_quantity
    from valorize.thermo.vle import bubble_temperature, mole_fractions

    components = symbols(args.components, "--components")
    fractions = numbers(args.fractions, "--fractions")
    x = mole_fractions(components, fractions, args.basis)
    P = parse_quantity(args.pressure, "pressure", "--pressure")
    bp = bubble_temperature(
        components,
        x,
        P,
        activity(args, components),
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
        print_json(payload)
    else:
        print(
            f"bubble point at {fmt_pressure(P)} ({bp.model} model): "
            f"T = {T:.2f} K ({T - 273.15:.2f} degC)"
        )
        print(f"  {'element':<8}{'x (liquid)':>14}{'y (vapour)':>14}{'gamma':>10}")
        for k, s in enumerate(components):
            cells = (_plain(x[k], 6), _plain(bp.y[k], 6), _plain(bp.gamma[k]))
            print(f"  {s:<8}{cells[0]:>14}{cells[1]:>14}{cells[2]:>10}")
        if bp.ideal_pairs:
            print(
                "  pairs taken as ideal (no published parameters): "
                + ", ".join("-".join(p) for p in bp.ideal_pairs)
            )
        warn(bp.warnings)
    return 0


# --------------------------------------------------------------------- vle beta
def _cmd_vle_beta(args: argparse.Namespace) -> int:
    import numpy as np

    from valorize.quantities import parse_quantity
    from valorize.thermo.vle import separation_coefficients

    solvent = one_symbol(args.solvent, "--solvent")
    impurities = symbols(args.impurities, "--impurities")
    T = parse_quantity(args.temperature, "temperature", "--temperature")
    sc = separation_coefficients(
        solvent,
        impurities,
        T,
        activity(args, [solvent, *impurities]),
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
        print_json(payload)
    else:
        print(
            f"separation coefficients in {args.solvent} at {T:.2f} K "
            f"({T - 273.15:.2f} degC), {sc.model} model, impurities infinitely dilute"
        )
        print(f"  p*({args.solvent}) = {fmt_pressure(float(sc.reference_pressure[args.solvent]))}")
        print(f"  {'impurity':<9}{'p* (Pa)':>12}{'beta':>12}{'log10 beta':>12}  goes to")
        for s in impurities:
            p_ref = float(sc.reference_pressure[s])
            print(
                f"  {s:<9}{_plain(p_ref):>12}{_plain(beta[s]):>12}{log_beta[s]:>12.2f}  {where[s]}"
            )
        if sc.ideal_pairs:
            print(
                "  pairs taken as ideal (no published parameters): "
                + ", ".join("-".join(p) for p in sc.ideal_pairs)
            )
        warn(sc.warnings)
    return 0


# ------------------------------------------------------------------ vle diagram
def _cmd_vle_diagram(args: argparse.Namespace) -> int:
    from valorize.quantities import parse_quantity
    from valorize.thermo.vle import txy_diagram

    components = symbols(args.components, "--components")
    P = parse_quantity(args.pressure, "pressure", "--pressure")
    diagram = txy_diagram(
        components,
        P,
        activity(args, components),
        points=args.points,
        allow_ideal=args.allow_ideal,
        extrapolate=args.extrapolate,
    )
    payload = _diagram_payload(diagram, P)
    written = []
    if args.plot:
        from valorize.report.phase_diagram import write_phase_diagram

        written.append(write_phase_diagram(diagram, args.plot))
    if args.out:
        written.append(write_json(args.out, "diagram.json", payload))
    for path in written:
        wrote(path, args.json)
    if args.json:
        print_json(payload)
        return 0
    _print_diagram(payload)
    warn(diagram.warnings)
    return 0


def _diagram_payload(diagram: Any, pressure: float) -> dict[str, Any]:
    """The T-x-y diagram as JSON: the bubble and dew lines along x."""
    from valorize.data.loader import element

    a, b = diagram.components
    return {
        "components": list(diagram.components),
        "pressure_Pa": pressure,
        "model": diagram.model,
        "ideal_pairs": [list(pair) for pair in diagram.ideal_pairs],
        "x": diagram.x.tolist(),
        "y": diagram.y.tolist(),
        "temperature_K": diagram.temperature.tolist(),
        "fractions_of": b,
        "melting_point_K": {s: element(s).melting_point.value for s in (a, b)},
        "warnings": list(diagram.warnings),
    }


#: Liquid compositions the text table shows (mole fraction of the second element).
TABLE_X = (0.0, 0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0)


def _print_diagram(d: dict[str, Any]) -> None:
    import numpy as np

    a, b = d["components"]
    x, y, T = (np.asarray(d[k]) for k in ("x", "y", "temperature_K"))
    print(
        f"T-x-y diagram of {a}-{b} at {fmt_pressure(d['pressure_Pa'])} ({d['model']} model, "
        f"{len(x)} points)"
    )
    print(f"  x, y: mole fraction of {b} in the liquid and in the vapour")
    print(f"  {'x ' + b:>8}{'bubble T (K)':>14}{'(degC)':>9}{'y ' + b:>10}")
    for xi in TABLE_X:
        t = float(np.interp(xi, x, T))
        yi = float(np.interp(xi, x, y))
        print(f"  {xi:>8.2f}{t:>14.1f}{t - ZERO_CELSIUS:>9.1f}{yi:>10.4f}")
    print(
        f"  ({len(TABLE_X)} of the {len(x)} compositions computed, interpolated; --json or "
        "--out DIR give them all)"
    )


# ---------------------------------------------------------------------- elements
def _cmd_elements(args: argparse.Namespace) -> int:
    from valorize.data.loader import correlation_spans, elements, vapor_pressure_correlations

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
        print_json({"elements": rows})
        return 0
    print(
        f"{'el':<4}{'name':<11}{'M (g/mol)':>10}{'Tm (K)':>9}{'Tb (K)':>9}  vapour-pressure "
        "data (s: Tb is a sublimation point)"
    )
    for r in rows:
        text = ", ".join(
            f"{d.phase} {d.T_min:g}-{d.T_max:g} K ({d.status})"
            for d in correlation_spans(r["element"])
        )
        kind = "s" if r["boiling_kind"] == "sublimation" else ""
        head = (
            f"{r['element']:<4}{r['name']:<11}{r['molar_mass_g_mol']:>10.3f}"
            f"{r['melting_point_K']:>9.1f}{r['normal_boiling_point_K']:>8.1f}{kind:1}  "
        )
        print(textwrap.fill(text, 100, initial_indent=head, subsequent_indent=" " * 45))
    return 0


def _plain(x: float, digits: int = 4) -> str:
    """A table cell: 51,060; 6.315; 0.01335; 3.2e-05 (scientific only below 0.001)."""
    return plain_number(float(x), digits=digits, whole_from=1e4, small_below=1e-3)
