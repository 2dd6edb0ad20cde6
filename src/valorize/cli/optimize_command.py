"""``valorize optimize``: the best operating point of a case of any route, or a Pareto front."""

from __future__ import annotations

import argparse
from typing import Any

from valorize.cli.common import EXIT_CHECK_FAILED, print_json, warn, write_json, wrote
from valorize.cli.tables import (
    cell,
    columns,
    labelled_rows,
    metric_heading,
    probability_label,
    target_text,
)
from valorize.constants import ZERO_CELSIUS
from valorize.errors import InputError

#: The purity searched for when neither the command nor the case names one, wt %: the
#: commercial grade of data/grades.toml that the Balkhash workshop sells.
DEFAULT_PURITY_PCT = 99.5
#: Points of a Pareto front the terminal shows (evenly along it; --out writes all).
SHOWN_POINTS = 12


def _refinery_targets(args: argparse.Namespace, case: Any) -> tuple[Any, float]:
    """The refinery case with a grade's impurity limits joined, and the purity to meet."""
    from valorize.data.loader import grades

    if not args.grade:
        if args.purity is not None:
            if not 0 < args.purity <= 100:
                raise InputError(
                    f"--purity: give a Se content between 0 and 100 %, not {args.purity:g}"
                )
            return case, args.purity / 100.0
        given = case.target.se_min_wt_pct
        return case, (DEFAULT_PURITY_PCT if given is None else given) / 100.0
    table = [g for g in grades() if g.element == "Se"]
    match = [g for g in table if g.name == args.grade]
    if not match:
        raise InputError(
            f"--grade: unknown selenium grade {args.grade!r}; grades: "
            + ", ".join(g.name for g in table)
        )
    # the grade's impurity limits join the case's (the stricter of the two holds); an
    # element the feed lacks cannot exceed its limit
    limits = dict(case.target.max_ppm)
    for symbol, limit in match[0].max_ppm.items():
        if symbol in case.feed.composition_wt_pct:
            limits[symbol] = min(limit, limits.get(symbol, limit))
    target = case.target.model_copy(update={"max_ppm": limits})
    return case.model_copy(update={"target": target}), match[0].min_fraction


def _decisions(args: argparse.Namespace, model: Any) -> dict[str, tuple[float, float]]:
    """The model's default decisions, with --temperature-range and --decision applied."""
    decisions = model.default_decisions()
    if args.temperature_range is not None:
        if "operation.temperature" not in decisions:
            raise InputError("--temperature-range: the case has no melt temperature to search")
        decisions["operation.temperature"] = _range(
            model, "operation.temperature", args.temperature_range, "--temperature-range"
        )
    given = {}
    for text in args.decision or []:
        name, sep, span = text.partition("=")
        if not sep:
            raise InputError(
                "--decision: give PATH=LOW,HIGH, e.g. "
                f"operation.temperature='250 degC,450 degC', not {text!r}"
            )
        given[name.strip()] = _range(model, name.strip(), span, f"--decision {name.strip()}")
    return given if args.no_default_decisions else {**decisions, **given}


def _range(model: Any, name: str, span: str, where: str) -> tuple[float, float]:
    p = model.parameter(name)
    parts = [t.strip() for t in span.split(",")]
    if len(parts) != 2:
        raise InputError(f"{where}: give two values, e.g. '250 degC,450 degC', not {span!r}")
    if p.unit == "K" and any(isinstance(_number_or_text(v), float) for v in parts):
        raise InputError(  # kelvin or degrees Celsius? a temperature always takes its unit
            f"{where}: {span!r} has no unit; give e.g. '250 degC,450 degC' or '523 K,723 K'"
        )
    low, high = (p.read(_number_or_text(v), where) for v in parts)
    return low, high


def _number_or_text(text: str) -> float | str:
    try:
        return float(text)
    except ValueError:
        return text


def _sulfidation(model: Any) -> dict[str, str]:
    """A case's sulfidation and its limit, as its model's sampling notes name it (or none)."""
    note = model.sampling().notes.get("sulfidation")
    return {} if note is None else {"sulfidation": note}


def _payload(model: Any, best: Any) -> dict[str, Any]:
    metric = {m.name: m for m in model.metrics}
    rows = []
    if best.curve is not None:
        n = len(best.curve[best.sweep])
        rows = [{k: float(v[i]) for k, v in best.curve.items()} for i in range(n)]
    return {
        "case": model.name,
        "route": model.route,
        **_sulfidation(model),
        "objective": {
            "metric": best.objective,
            "label": metric[best.objective].label,
            "unit": metric[best.objective].unit,
            "maximize": best.maximize,
        },
        "decisions": {
            name: {"low": lo, "high": hi, "unit": model.parameter(name).unit}
            for name, (lo, hi) in best.decisions.items()
        },
        "optimum": {"feasible": best.feasible, "x": best.x, **best.metrics},
        "constraints": [
            {
                "name": t.name,
                "metric": t.metric,
                "sense": t.sense,
                "value": t.value,
                "met": met,
                "source": t.source,
            }
            for t, met in best.constraints
        ],
        "evaluations": best.evaluations,
        "sweep": best.sweep,
        "tradeoff": rows,
    }


def _print(model: Any, best: Any, payload: dict[str, Any], seed: int) -> None:
    metric = {m.name: m for m in model.metrics}
    goal = "maximum" if best.maximize else "minimum"
    o = metric[best.objective]
    verdict = "feasible" if best.feasible else "NOT feasible: no point meets every constraint"
    print(f"best operating point of {model.name} ({model.route}): {goal} {o.label}")
    print(f"  {verdict}")
    if "sulfidation" in payload:
        print(f"  sulfidation: {payload['sulfidation']}")
    print("  decisions:")
    width = max(len(name) for name in best.x) + 2
    for name, value in best.x.items():
        p = model.parameter(name)
        shown = f"{value:.4g} {p.unit}"
        if p.unit == "K":
            shown += f" ({value - ZERO_CELSIUS:.1f} degC)"
        lo, hi = best.decisions[name]
        print(f"    {name:<{width}}{shown:<26}searched {lo:.4g}-{hi:.4g} {p.unit}")
    print("  at the optimum:")
    rows = []
    for name, value in best.metrics.items():
        label, scale = metric_heading(model, name)
        rows.append((label, [cell(value * scale)]))
    for line in labelled_rows(rows, ("",), cell_width=12, indent="    ")[1:]:
        print(line)
    if best.constraints:
        print("  constraints:")
    for t, met in best.constraints:
        print(f"    {target_text(model, t)}: {'met' if met else 'NOT met'}")
    print(f"  model evaluations {best.evaluations} (differential evolution, seed {seed})")
    if best.curve is not None:
        keys = [best.sweep, best.objective] + [t.metric for t, _ in best.constraints[:1]]
        headings = [metric_heading(model, k) for k in keys]
        print(f"trade-off along {headings[0][0]}, the other decisions at the optimum:")
        rows = payload["tradeoff"]
        cells = [
            [cell(row[k] * scale) for k, (_, scale) in zip(keys, headings, strict=True)]
            for row in rows[:: max(1, len(rows) // 8)]
        ]
        for line in columns([h for h, _ in headings], cells):
            print(line)


def _pareto(args: argparse.Namespace, model: Any) -> int:
    """``optimize --objectives``: a Pareto front of any model, as a table, files and a plot."""
    import csv
    import io
    from pathlib import Path

    from valorize.analysis.pareto import pareto_front
    from valorize.report.files import write_atomically

    if (args.population is not None and args.population < 4) or (
        args.generations is not None and args.generations < 1
    ):
        raise InputError("--population must be at least 4 and --generations at least 1")
    if args.risk_samples is not None and args.grade_probability is None:
        raise InputError("--risk-samples: only with --grade-probability (its chance constraint)")
    objectives = tuple(o.strip() for o in args.objectives.split(",") if o.strip())
    decisions = _decisions(args, model)
    if args.area_range:
        low, high = _range(model, "operation.evaporation_area", args.area_range, "--area-range")
        if not 0 < low < high:
            raise InputError("--area-range: the area range must be positive and increasing")
        decisions["operation.evaporation_area"] = (low, high)
    if args.grade_probability is not None:  # the chance constraint draws the inputs
        from valorize.analysis.uncertainty import posterior_warnings

        warn(posterior_warnings(model))
    front = pareto_front(
        model,
        objectives,
        decisions,
        probability=args.grade_probability,
        seed=args.seed,
        **{  # the search's own defaults unless given
            key: value
            for key in ("risk_samples", "population", "generations")
            if (value := getattr(args, key)) is not None
        },
    )
    rows = front.rows()
    payload = {
        "case": model.name,
        "route": model.route,
        "objectives": list(front.objectives),
        "decisions": list(front.decisions),
        "constraints": [
            {"name": t.name, "metric": t.metric, "sense": t.sense, "value": t.value}
            for t in model.targets
        ],
        "probability": args.grade_probability,
        "method": f"NSGA-II (pymoo), population {args.population}, "
        f"{args.generations} generations, seed {args.seed}",
        "evaluations": front.evaluations,
        "front": rows,
    }
    plot = table = target = None
    if args.plot:
        from valorize.report.pareto_plot import write_pareto

        plot = write_pareto(model, front, args.plot)
    if args.out:
        target = write_json(args.out, "pareto.json", payload)
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
        table = write_atomically(
            Path(args.out) / "pareto.csv", lambda tmp: tmp.write_text(buffer.getvalue())
        )
    if args.json:
        for written in (target, table, plot):
            if written is not None:
                wrote(written, True)
        print_json(payload)
        return 0
    wanted = "; ".join(target_text(model, t) for t in model.targets)
    odds = "" if front.probability is None else f", each with probability {front.probability:g}"
    print(
        f"Pareto front of {model.name} ({model.route}): "
        f"{' against '.join(model.metric(k).label for k in front.objectives)}"
    )
    print(f"  holding {wanted or 'no constraint'}{odds}")
    print(f"  {front.size} points after {front.evaluations} evaluations")
    keys = [*front.decisions, *front.objectives]
    headings = [metric_heading(model, k) for k in keys]
    if front.probability is not None:
        keys += [f"probability_{t.name}" for t in model.targets]
        headings += [(probability_label(model, k), 1.0) for k in keys[len(headings) :]]
    step = max(1, len(rows) // SHOWN_POINTS)
    cells = [[cell(r[k] * scale) for k, (_, scale) in zip(keys, headings, strict=True)]
             for r in rows[::step]]  # fmt: skip
    for line in columns([h for h, _ in headings], cells):
        print(line)
    if step > 1:
        print(
            f"  ({len(cells)} of {len(rows)} points shown, every {step}th along the front; "
            "--out writes them all)"
        )
    for written in (target, table, plot):
        if written is not None:
            wrote(written)
    return 0


def _cmd_optimize(args: argparse.Namespace) -> int:
    from valorize.analysis.optimize import optimize
    from valorize.cli.models import load_args_model

    model = load_args_model(args)
    if model.route == "refinery":
        from valorize.refinery.model import RefineryModel

        case, purity = _refinery_targets(args, model.case)
        target = case.target.model_copy(update={"se_min_wt_pct": 100 * purity})
        model = RefineryModel(case.model_copy(update={"target": target}), model.case_sha256)
    elif args.grade or args.purity is not None:
        raise InputError(
            "--purity and --grade are for refinery cases; give --objective and --decision "
            "for this route"
        )
    if args.objectives:
        if args.objective:
            raise InputError("--objective and --objectives: give one (--objectives for a front)")
        return _pareto(args, model)
    front_only = ("area_range", "grade_probability", "risk_samples", "population", "generations")
    given = [key for key in front_only if getattr(args, key) is not None]
    if given:
        option = "--" + given[0].replace("_", "-")
        raise InputError(
            f"{option}: only with --objectives (a Pareto front); one optimum ignores it"
        )
    best = optimize(model, _decisions(args, model), args.objective, seed=args.seed)
    payload = _payload(model, best)
    path = None
    if args.plot:
        from valorize.report.tradeoff import write_tradeoff

        if best.curve is None:
            raise InputError("--plot: the optimum has no trade-off curve (no decision to sweep)")
        path = write_tradeoff(model, best, args.plot)
    target = write_json(args.out, "optimum.json", payload) if args.out else None
    status = 0 if best.feasible else EXIT_CHECK_FAILED
    for written in (path, target):
        if written is not None and args.json:
            wrote(written, True)
    if args.json:
        print_json(payload)
        return status
    _print(model, best, payload, args.seed)
    for written in (path, target):
        if written is not None:
            wrote(written)
    return status
