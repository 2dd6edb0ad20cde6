"""Commands on case files: run, cases, compare, optimize."""

from __future__ import annotations

import argparse
import re
import sys
import textwrap
from typing import Any

from valorize.cli.common import plain_number, print_json, warn, write_json, wrote
from valorize.cli.models import load_args_model, route_of_case
from valorize.cli.tables import (
    TABLE_WIDTH,
    cell,
    labelled_rows,
    metric_heading,
    probability_label,
    target_text,
)
from valorize.errors import InputError
from valorize.report.labels import key_words
from valorize.report.numbers import value_text


# --------------------------------------------------------------------- run, cases
def _cmd_cases(args: argparse.Namespace) -> int:
    from valorize.model.registry import builtin_cases
    from valorize.portfolio import builtin_portfolios, load_portfolio

    rows = [
        {"name": name, "route": route, "title": title, "command": f"valorize run {name}"}
        for name, (route, title) in builtin_cases().items()
    ]
    portfolios = [
        {
            "name": name,
            "title": load_portfolio(name).portfolio.title,
            "command": f"valorize portfolio {name}",
        }
        for name in builtin_portfolios()
    ]
    from valorize.plant_data import builtin_plant_data

    plant_data = builtin_plant_data()
    if args.json:
        print_json({"cases": rows, "portfolios": portfolios, "plant_data": plant_data})
        return 0
    print(f"{'case':<24}{'route':<10}title")
    for r in rows:
        print(textwrap.fill(r["title"], 100, initial_indent=f"{r['name']:<24}{r['route']:<10}",
                            subsequent_indent=" " * 34))  # fmt: skip
    print()
    print(f"{'portfolio':<34}title (valorize portfolio NAME)")
    for r in portfolios:
        print(textwrap.fill(r["title"], 100, initial_indent=f"{r['name']:<34}",
                            subsequent_indent=" " * 34))  # fmt: skip
    print()
    print(f"{'plant data (SYNTHETIC)':<24}{'kind':<10}title (the command that uses it)")
    for r in plant_data:
        print(textwrap.fill(f"{r['title']} ({r['command']})", 100,
                            initial_indent=f"{r['name']:<24}{r['kind']:<10}",
                            subsequent_indent=" " * 34))  # fmt: skip
    return 0


def _say(line: str = "") -> None:
    """Print a line of a report, wrapped at 100 columns under its value's column.

    The continuation lines start where the value starts (after the label's run of two
    or more spaces), or four columns in where the line has no such column.
    """
    if len(line) <= TABLE_WIDTH:
        print(line)
        return
    indent = len(line) - len(line.lstrip())
    column = re.search(r"\S\s{2,}(?=\S)", line[indent:])
    hang = indent + column.end() if column and column.end() < 40 else indent + 4
    print(textwrap.fill(line.strip(), TABLE_WIDTH, initial_indent=" " * indent,
                        subsequent_indent=" " * hang))  # fmt: skip


def _print_summary(title: str, s: dict[str, Any]) -> None:
    _say(title)
    rows = [
        ("crude selenium in", f"{s['feed_t_per_yr']:.2f} t/yr"),
        ("refined selenium out", f"{s['product_t_per_yr']:.2f} t/yr"),
        ("product purity", f"{s['product_Se_wt_pct']:.3f} wt % Se"),
        ("grade met", s["grade"]),
        ("direct Se recovery", f"{s['Se_recovery_pct']:.2f} %"),
        ("residue", f"{s['residue_t_per_yr']:.2f} t/yr ({_main_elements(s['residue_wt_pct'])})"),
        ("volatile cut", f"{s['volatile_cut_t_per_yr']:.2f} t/yr"),
        *(
            (
                f"{z['name']} condensate",
                f"{z['t_per_yr']:.2f} t/yr at {z['temperature_C']:.0f} degC, "
                f"{z['wt_pct']['Se']:.1f} wt % Se, to {z['destination']}",
            )
            for z in s.get("side_condensates", [])
        ),
        *_sulfidation_rows(s),
        ("energy", f"{s['energy_kWh_per_t_product']:.0f} kWh/t of product"),
        (
            "  of which",
            ", ".join(
                f"{name.replace('_', ' ')} {value:.0f}"
                for name, value in s.get("energy_breakdown_kWh_per_t_product", {}).items()
            ),
        ),
        ("batch", f"{s['batches_per_yr']:.0f} batches/yr of {s['batch_duration_h']:.2f} h"),
        (
            "furnaces",
            f"{s['furnaces']} of the {s['furnaces_needed']} the crude needs "
            f"({s['furnace_hours_per_yr']:,.0f} of {s['furnace_capacity_h_per_yr']:,.0f} h/yr); "
            + (
                "all the crude is processed"
                if s["processed_share"] >= 1
                else f"ONLY {100 * s['processed_share']:.1f} % of the crude is processed"
            ),
        ),
        ("gas regime", f"{s['flow_regime']} (Kn = {s['knudsen_number']:.3g})"),
        ("mass balance error", f"{s['mass_balance_rel_error']:.1e}"),
    ]
    for label, value in rows:
        _say(f"  {label:<24}{value}")
    top = sorted(s["impurities_ppm"].items(), key=lambda kv: -kv[1])
    _say(
        "  impurities in product   "
        + ", ".join(f"{k} {v:,.0f}" if v >= 1000 else f"{k} {v:.3g}" for k, v in top)
        + " ppm"
    )
    scenarios = s.get("economics", {}).get("scenarios", [])
    if scenarios:
        _say(
            f"  capital                 {scenarios[0]['capex_usd'] / 1e6:.3f} M USD "
            f"({scenarios[0]['capex_basis']})"
        )
    for e in scenarios:
        irr = "n/a" if e["irr_pct"] is None else f"{e['irr_pct']:.1f} %"
        payback = "never" if e["payback_yr"] is None else f"{e['payback_yr']:.1f} yr"
        _say(
            f"  economics, prices {e['price_scenario']:<12} "
            f"(refined {e['prices_usd_per_kg']['refined_selenium']:g}, "
            f"crude {e['prices_usd_per_kg']['crude_selenium']:g} USD/kg):"
        )
        sold = e["grade_sold"]
        _say(
            f"    sold as {sold} at {e['product_price_usd_per_kg']:.2f} USD/kg; crude bought at "
            f"{e['crude_price_usd_per_kg_crude']:.2f} USD/kg "
            f"({e['pricing_rules']['crude_pricing']} pricing)"
        )
        _say(
            f"    NPV {e['npv_usd'] / 1e6:8.2f} M USD   IRR {irr:>8}   payback {payback}"
            f"   (NPV with the grant {e['npv_with_grant_usd'] / 1e6:.2f} M USD)"
        )
        if e["irr_pct"] is None:
            roots = ", ".join(f"{r:.1f} %" for r in e["irr_roots_pct"])
            mirr = "n/a" if e["mirr_pct"] is None else f"{e['mirr_pct']:.1f} %"
            _say(
                f"    IRR n/a: {e['irr_status']}"
                + (f" ({roots})" if roots else "")
                + f"; modified IRR {mirr}"
            )
        _say(
            f"    refining cost {e['refining_cost_usd_per_kg']:.2f} USD/kg; unit cost "
            f"{e['unit_cost_usd_per_kg']:.2f} USD/kg with feed, net of residue credits "
            f"({e['residue_credits_usd_per_yr'] / 1e6:.2f} M USD/yr)"
        )
        if e.get("loan_usd"):
            eq_irr = "n/a" if e["equity_irr_pct"] is None else f"{e['equity_irr_pct']:.1f} %"
            dscr = "n/a" if e["minimum_dscr"] is None else f"{e['minimum_dscr']:.2f}"
            _say(
                f"    with a loan of {e['loan_usd'] / 1e6:.2f} M USD: equity NPV "
                f"{e['equity_npv_usd'] / 1e6:.2f} M USD, equity IRR {eq_irr}, lowest DSCR {dscr}"
            )
        msp = e["minimum_selling_price_usd_per_kg"]
        _say(
            f"    selenium price for {100 * e['target_irr']:g} % IRR: "
            f"{_price(msp)} USD/kg with residue credits, "
            f"{_price(e['minimum_selling_price_without_credits_usd_per_kg'])} USD/kg without"
        )
        if msp is not None and msp < 0:
            _say(
                f"      (below zero: the residue credits alone earn {100 * e['target_irr']:g} % "
                "IRR; the plant could give its selenium away and still earn it)"
            )
    if "co2_kg_per_kg_product" in s:
        _say(
            f"  CO2 (scope 2)           {s['co2_kg_per_kg_product']:.3f} kg per kg of product, "
            f"{s['co2_t_per_yr']:.1f} t/yr"
        )
    if "co2_avoided" in s:
        a = s["co2_avoided"]
        here, there = a["this_route_t_per_yr"], a["baseline_t_per_yr"]
        verdict = "avoided" if a["avoided_t_per_yr"] >= 0 else "MORE than the baseline"
        _say(
            f"  CO2 vs the baseline     {abs(a['avoided_t_per_yr']):.1f} t/yr {verdict} "
            f"(here {here['total']:.1f}: refining {here['refining']:.1f} + transport "
            f"{here['transport']:.1f}; baseline {there['total']:.1f}: refining "
            f"{there['refining']:.1f} + transport {there['transport']:.1f})"
        )
    from valorize.report.refinery_sections import targets

    for words, verdict in targets(s):
        _say(f"  target: {words}: {verdict}")


def _print_flowsheet(s: dict[str, Any]) -> None:
    """The streams table and the units' design and cost of a flowsheet run."""
    print()
    print("streams (t/yr; composition in wt %, largest first):")
    routes = [f"{st['from']} -> {st['to']}" for st in s["streams"]]
    width = max(len(r) for r in routes) + 2
    for st, route in zip(s["streams"], routes, strict=True):
        top = sorted(st["wt_pct"].items(), key=lambda kv: -kv[1])[:3]
        mix = ", ".join(f"{el} {pct:.3g}" for el, pct in top if pct > 0)
        tear = " [tear]" if st["tear"] else ""
        head = f"  {st['name']:<20}{st['t_per_yr']:>9.3f}  {route:<{width}}"
        print(textwrap.fill(mix + tear, 100, initial_indent=head, subsequent_indent=" " * 8))
    for loop in s.get("recycle_loops", []):
        text = f"recycle loop {loop}: {s['recycle_iterations']} iterations"
        print(textwrap.fill(text, 100, initial_indent="  ", subsequent_indent="    "))
    print("units (design and cost), electricity in kW:")
    for u in s["units"]:
        cost = ""
        if "purchase_cost_usd" in u:
            cost = (
                f"; purchase {u['purchase_cost_usd']:,.0f} USD, "
                f"electricity {u['utilities_usd_per_yr']:,.0f} USD/yr"
            )
        sizes = ", ".join(f"{key_words(k)} {v:,.4g}" for k, v in u["sizes"].items())
        head = f"  {u['name']:<18}{u['kind']:<16}{u['electricity_kW']:>8.2f} kW  "
        print(textwrap.fill(sizes + cost, 100, initial_indent=head, subsequent_indent=" " * 8))


def _run_other_route(args: argparse.Namespace, route: str) -> int:
    """``valorize run`` on a case of the slime or hydrogen route: that route's own output.

    With ``--report`` the model's report is built first (so a failure writes nothing)
    and written as report.html beside the results.
    """
    from valorize.report import REPORT_SAMPLES

    if route == "hydrogen" and args.extrapolate:
        raise InputError("--extrapolate: the hydrogen route distils nothing; leave it out")
    if route != "slime" and args.route is not None:
        raise InputError("--route: only anode slime cases have routes to choose")
    _refuse_folders_in_the_way(
        args, f"{route}.json" if route in ("slime", "hydrogen") else "results.json"
    )
    document = None
    if args.report:
        from valorize.report.model_report import report_of

        path = args.route if args.route in ("roast", "leach") else None
        model = load_args_model(
            argparse.Namespace(case=args.case, route=path, extrapolate=args.extrapolate)
        )
        document = report_of(model, samples=REPORT_SAMPLES, seed=0).html
    if route == "slime":
        from valorize.cli.slime_commands import _cmd_slime

        status = _cmd_slime(args)
    elif route == "hydrogen":
        from valorize.cli.hydrogen_commands import _cmd_hydrogen

        args.plot, args.samples, args.seed = None, REPORT_SAMPLES, 0
        status = _cmd_hydrogen(args)
    else:
        status = _run_model(args)
    if document is not None:
        from pathlib import Path

        from valorize.report.files import write_atomically

        written = write_atomically(
            Path(args.out or ".") / "report.html",
            lambda tmp: tmp.write_text(document, encoding="utf-8"),
        )
        wrote(written, args.json)
    return status


def _refuse_folders_in_the_way(args: argparse.Namespace, results: str) -> None:
    """``valorize run``'s files (``results`` in ``--out``, ``--report``'s report.html)."""
    from pathlib import Path

    from valorize.cli.outputs import refuse_folders_in_the_way

    paths = [Path(args.out) / results] if args.out else []
    if args.report:
        paths.append(Path(args.out or ".") / "report.html")
    refuse_folders_in_the_way(*paths)


def _run_model(args: argparse.Namespace) -> int:
    """``valorize run`` on a route with no command of its own: what its model says."""
    model = load_args_model(args)
    detail = model.detail()
    target = write_json(args.out, "results.json", detail) if args.out else None
    if args.json:
        if target is not None:
            wrote(target, True)
        print_json(detail)
        return 0
    s = detail["summary"]
    _say(f"{model.title} [{model.name}] ({model.route} route)")
    rows = []
    for m in model.metrics:
        if s.get(m.name) is not None:
            label, scale = metric_heading(model, m.name)
            rows.append((label, [cell(s[m.name] * scale)]))
    if "grade" in s:
        rows.append(("grade met", [s["grade"]]))
    for line in labelled_rows(rows, ("",), 20)[1:]:
        print(line)
    values = model.evaluate({}, 1)
    for t in model.targets:
        met = "met" if t.met(values[t.metric])[0] else "NOT met"
        print(f"  target: {target_text(model, t)}: {met}")
    print()
    print("assumptions that carry the answer:")
    for a in detail.get("assumptions", []):
        text = value_text(a["value"], a["unit"])
        why = " ".join(str(a.get("note") or a["source"]).split())
        _say(f"  {a['name']} = {text} ({a['status']}): {why}")
    warn(detail.get("warnings", []))
    if target is not None:
        wrote(target)
    return 0


def _cmd_run(args: argparse.Namespace) -> int:
    from valorize.case_files import case_label, refusals_named
    from valorize.refinery.run import run

    route = route_of_case(args.case)
    if route != "refinery":
        return _run_other_route(args, route)
    if args.route is not None:
        raise InputError("--route: only anode slime cases have routes to choose")
    model = load_args_model(args)
    _refuse_folders_in_the_way(args, "results.json")
    case, sha = model.case, model.case_sha256
    with refusals_named(case_label(args.case)):  # checks of the run, after the schema's
        results = run(case, sha)
    payload = results.to_json()
    report = target = None
    if args.report:  # built before anything is written, so a failure leaves nothing
        from pathlib import Path

        from valorize.report.files import write_atomically
        from valorize.report.html_report import build_report

        document = build_report(case, results).html
    if args.out:
        target = write_json(args.out, "results.json", payload)
    if args.report:
        report = write_atomically(
            Path(args.out or ".") / "report.html",
            lambda tmp: tmp.write_text(document, encoding="utf-8"),
        )
    for written in (target, report):
        if written is not None and args.json:
            wrote(written, True)
    if args.json:
        print_json(payload)
    else:
        _print_summary(f"{results.title} [{results.case_name}]", results.summary)
        if "streams" in results.summary:
            _print_flowsheet(results.summary)
        for v in results.variants:
            print()
            _print_summary(f"variant: {v['name']}", v["summary"])
        print()
        print("assumptions that carry the answer:")
        for a in results.assumptions:
            if a["name"] != "feed composition":
                text = value_text(a["value"], a["unit"])
                _say(f"  {a['name']} = {text} ({a['status']}): {a['note']}")
        warn(results.warnings)
        for written in (target, report):
            if written is not None:
                wrote(written)
    return 0


# ---------------------------------------------------------------------- optimize
def _cmd_uncertainty(args: argparse.Namespace) -> int:
    from pathlib import Path

    from valorize.analysis import run_size
    from valorize.analysis.uncertainty import CHUNK, run_uncertainty
    from valorize.cli.outputs import refuse_folders_in_the_way
    from valorize.cli.progress import ProgressBar, wanted

    model = load_args_model(args)
    if args.scheduler and args.workers is not None:
        raise InputError("--scheduler and --workers: give one, not both")
    if args.no_samples and not args.out:
        raise InputError("--no-samples: only with --out (it leaves samples.parquet out of it)")
    samples_file = bool(args.out) and not args.no_samples
    if args.out:
        written = ["uncertainty.json"] + (["samples.parquet"] if samples_file else [])
        refuse_folders_in_the_way(*(Path(args.out) / name for name in written))
    if args.samples < 1:
        raise InputError(f"--samples must be 1 or more, not {args.samples}")
    if args.samples > run_size.CHECKED_ABOVE:  # time a pilot; refuse what cannot finish
        size = run_size.estimate(model, args.samples, args.seed, args.method)
        run_size.check(
            size,
            workers=args.workers,
            cluster=bool(args.scheduler),
            samples_folder=Path(args.out) if samples_file else None,
        )
        sys.stderr.write(f"{size.describe()}\n")
    if samples_file:
        from valorize.report.sample_files import require_pyarrow

        require_pyarrow()
        folder = Path(args.out)
        if folder.exists() and not folder.is_dir():
            raise InputError(f"--out: {args.out!r} is a file, not a folder")
        made = not folder.exists()
        folder.mkdir(parents=True, exist_ok=True)
    progress = ProgressBar(args.samples) if wanted(args.progress, args.json) else None

    def evaluate(client: Any = None, sink: Any = None) -> Any:
        return run_uncertainty(
            model,
            args.samples,
            args.seed,
            args.method,
            keep=False,
            chunk_size=CHUNK if args.chunk_size is None else args.chunk_size,
            sink=sink,
            progress=progress,
            client=client,
        )

    def evaluate_anywhere(sink: Any = None) -> Any:
        if args.scheduler or args.workers is not None:
            from valorize.analysis.scale_out import dask_client

            with dask_client(args.scheduler, args.workers) as client:
                return evaluate(client, sink)
        return evaluate(None, sink)

    if samples_file:
        from valorize.report.files import write_atomically
        from valorize.report.sample_files import ParquetSamples

        results = []

        def write_samples(tmp: Path) -> None:
            writer = ParquetSamples(tmp)
            try:
                results.append(evaluate_anywhere(writer.write))
            finally:
                writer.close()

        try:
            parquet = write_atomically(Path(args.out) / "samples.parquet", write_samples)
        except BaseException:
            if made and not any(folder.iterdir()):
                folder.rmdir()  # a folder made for a run that did not finish goes again
            raise
        result = results[0]
    else:
        result = evaluate_anywhere()
    summary = result.summary
    warn(summary["warnings"])
    if args.out:
        target = write_json(args.out, "uncertainty.json", summary)
    if args.json:
        if args.out:
            wrote(target, True)
            if samples_file:
                wrote(parquet, True)
        print_json(summary)
        return 0
    print(f"{model.name} ({model.route}): {args.samples} samples ({args.method}, seed {args.seed})")
    if "sulfidation" in summary:
        print(f"  sulfidation: {summary['sulfidation']}")
    rows = []
    for key, q in summary["outputs"].items():
        label, scale = metric_heading(model, key)
        rows.append((label, [cell(q[k] * scale) for k in ("mean", "p5", "p50", "p95")]))
    odds = [
        (probability_label(model, key), ["n/a" if value is None else f"{value:.3f}"])
        for key, value in summary.items()
        if key.startswith("probability_")
    ]
    for line in labelled_rows(rows, ("mean", "P5", "median", "P95")):
        print(line)
    if odds:
        for line in labelled_rows(odds, ("probability",), cell_width=12):
            print(line)
    if summary["failed_samples"]:
        print(f"  samples that could not be evaluated: {summary['failed_samples']}")
    if "left_out" in summary:
        left = summary["left_out"]
        names = ", ".join(metric_heading(model, k)[0] for k in left["inputs"])
        _say(f"  left out: {names} ({left['why']})")
    for c in summary.get("correlations", []):
        pair = " and ".join(metric_heading(model, k)[0] for k in c["inputs"])
        _say(f"  rank correlation {c['spearman']:g} between {pair}")
    if args.out:
        wrote(target)
        if samples_file:
            wrote(parquet)
    return 0


def _cmd_sensitivity(args: argparse.Namespace) -> int:
    from valorize.analysis.sensitivity import (
        check_run,
        model_morris,
        model_sobol,
        spearman,
        tornado,
    )
    from valorize.analysis.uncertainty import posterior_warnings

    model = load_args_model(args)
    try:  # a refusal is the one line on stderr: the warnings wait for the result
        check_run(model, args.method, args.samples, args.seed)  # before any work
        if args.method == "tornado":
            result = tornado(model)
        elif args.method == "spearman":
            result = spearman(model, args.samples, args.seed)
        elif args.method == "sobol":
            result = model_sobol(model, args.samples, args.seed)
        else:
            result = model_morris(model, args.samples, args.seed)
    except MemoryError:  # what the pilots' estimate missed: no traceback, the way out
        raise InputError(
            f"--samples: the {args.method} analysis of --samples {args.samples} ran out of "
            "memory on this machine; ask for fewer samples"
        ) from None
    warn(posterior_warnings(model))
    if model.correlations and args.method != "spearman":
        warn(
            [
                f"{args.method} treats the inputs as independent: the case's "
                "[[correlation]] entries are ignored (spearman uses them)"
            ]
        )
    if args.out:
        wrote(write_json(args.out, f"sensitivity-{args.method}.json", result), args.json)
    if args.json:
        print_json(result)
        return 0
    if args.method == "tornado":
        print(f"{model.name}: tornado, each input alone at its P5 and P95, the others at medians")
        for out_key, rows in result["bars"].items():
            label, scale = metric_heading(model, out_key)
            base = cell(result["base_at_medians"][out_key] * scale)
            print(f"  {label}, {base} at the medians:")
            cells = [
                (
                    metric_heading(model, r["input"])[0],
                    [cell(r[k] * scale) for k in ("output_at_low", "output_at_high", "swing")],
                )
                for r in rows
            ]
            for line in labelled_rows(cells, ("input at P5", "at P95", "swing"), 13, "    "):
                print(line)
    elif args.method in ("sobol", "morris"):
        _print_indices(model, args, result)
    else:
        print(f"{model.name}: Spearman rank correlations, {args.samples} samples")
        for out_key, row in result["correlations"].items():
            ranked = sorted(row.items(), key=lambda kv: -abs(kv[1]))
            text = ", ".join(f"{metric_heading(model, n)[0]} {rho:+.3f}" for n, rho in ranked)
            print(
                textwrap.fill(
                    text,
                    width=100,
                    initial_indent=f"  {_metric_label(model, out_key)}: ",
                    subsequent_indent="      ",
                )
            )
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from valorize.report.model_report import write_model_report

    if args.samples < 0:
        raise InputError(f"--samples must be 0 or more, not {args.samples}")
    model = load_args_model(args)
    written = write_model_report(
        model,
        args.out or ".",
        samples=args.samples,
        seed=args.seed,
        figure_format=args.figures,
        objectives=tuple(o.strip() for o in (args.objectives or "").split(",") if o.strip()),
    )
    for path in written:
        wrote(path, args.json)
    if args.json:
        print_json({**model.detail(), "files": [str(p) for p in written]})
    return 0


def _price(value: float | None) -> str:
    """A break-even price, or why there is none."""
    return "none within 1e9" if value is None else f"{value:.2f}"


def _sulfidation_rows(s: dict) -> list[tuple[str, str]]:
    """The sulfidation's line of a summary, if it has one."""
    from valorize.report.refinery_sections import sulfidation_line

    line = sulfidation_line(s)
    return [] if line is None else [("sulfidation", line)]


def _main_elements(wt_pct: dict[str, float], most: int = 3) -> str:
    """The largest shares of a stream, e.g. 'Se 43 %, Cu 23 %, Pb 11 %'."""
    top = sorted(wt_pct.items(), key=lambda kv: -kv[1])[:most]
    return ", ".join(f"{el} {pct:.0f} %" for el, pct in top)


def _metric_label(model: Any, key: str) -> str:
    """A metric in words with its unit, e.g. 'product purity (Se) (wt %)'."""
    for m in model.metrics:
        if m.name == key:
            return f"{m.label} ({m.unit})" if m.unit and m.unit != "1" else m.label
    return key


def _print_indices(model: Any, args: argparse.Namespace, result: dict[str, Any]) -> None:
    """Sobol (S1, ST with 95 % half-widths) or Morris (mu*, sigma), inputs by importance."""
    sobol = args.method == "sobol"
    what = ("S1", "ST") if sobol else ("mu_star", "sigma")
    shown = "S1, ST +- 95 % half-width" if sobol else "mu*, sigma in the metric's unit"
    print(
        f"{model.name}: {args.method} indices ({shown}), "
        f"{args.samples} {'base samples' if sobol else 'trajectories'}"
    )
    print("  inputs by importance")
    for out_key, rows in result["indices"].items():
        scale = 1e6 if _metric_unit(model, out_key) == "USD" else 1.0

        def number(x: float, scale: float = scale) -> str:
            if sobol:
                return f"{0.0 if abs(x) < 5e-4 else x:6.3f}"  # estimator noise below 0.0005
            return f"{_plain(x / scale):>10}"

        label = _metric_label(model, out_key)
        print(f"  {label.replace('(USD)', '(M USD)') if scale > 1 else label}:")
        ranked = sorted(rows.items(), key=lambda kv: -kv[1][what[1] if sobol else what[0]])
        table = []
        for name, v in ranked:
            if sobol:
                values = [number(v["S1"]), f"{v['S1_conf']:.3f}", number(v["ST"]),
                          f"{v['ST_conf']:.3f}"]  # fmt: skip
            else:
                values = [number(v["mu_star"]), number(v["sigma"])]
            table.append((metric_heading(model, name)[0], [x.strip() for x in values]))
        heads = ("S1", "+-", "ST", "+-") if sobol else ("mu*", "sigma")
        for line in labelled_rows(table, heads, 9 if sobol else 12, "    "):
            print(line)
        if out_key in result.get("left_out", {}):
            print(textwrap.fill(f"({result['left_out'][out_key]})", 100, initial_indent="    ",
                                subsequent_indent="     "))  # fmt: skip
    for out_key, why in result.get("dropped", {}).items():
        print(f"  {_metric_label(model, out_key)}: no indices: {why}")


def _metric_unit(model: Any, key: str) -> str:
    return next((m.unit for m in model.metrics if m.name == key), "")


def _plain(x: float) -> str:
    """A Morris index: 33,950; 0.0928; 0 under 1e-9."""
    return plain_number(x, digits=4, whole_from=1000, small_below=1e-4, zero_below=1e-9)
