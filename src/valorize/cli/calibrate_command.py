"""``valorize calibrate``: a case's model fitted to a plant's batch log, with honest doubt."""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path
from typing import Any

from valorize.cli.common import EXIT_CHECK_FAILED, print_json, seed, warn, wrote
from valorize.errors import InputError


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a positive number")
    return value


def _paths(text: str) -> list[str]:
    """Parameter paths from ``"model.entrainment,feed.Se_wt_pct"``."""
    items = [s.strip() for s in text.split(",")]
    if any(not s for s in items):
        raise argparse.ArgumentTypeError("give dotted parameter paths separated by commas")
    return items


def add_calibrate_parser(sub: Any) -> None:
    """Register ``valorize calibrate CASE --data LOG`` on the subcommand set ``sub``."""
    p = sub.add_parser(
        "calibrate",
        help="learn a case's uncertain parameters from a plant's batch log (Bayesian, MCMC)",
        description="Sample the posterior of a case's parameters given a batch log of "
        "measured outputs (emcee's ensemble sampler, the model evaluated for all walkers "
        "in one call), until converged; print the posterior against the prior, a "
        "posterior predictive check and the case's targets' odds before and after. The "
        "batch log format: docs/calibration.md.",
        epilog="Exit status 3: the chain did not converge within --max-steps (the "
        "posterior is still printed and written, marked NOT converged).",
    )
    p.add_argument("case", help="built-in case name or path to a case file")
    p.add_argument(
        "--data",
        required=True,
        help="batch log (.csv), or a built-in one (see 'valorize cases')",
    )
    p.add_argument(
        "--learn",
        type=_paths,
        help="parameters to learn, comma-separated dotted paths with an [[uncertainty]] "
        "prior in the case (default: every uncertain input the log informs)",
    )
    p.add_argument("--walkers", type=_positive, default=32, help="ensemble size (default 32)")
    p.add_argument("--max-steps", type=_positive, default=20_000, help="most steps (default 20000)")
    p.add_argument(
        "--min-ess",
        type=_positive,
        default=1000,
        help="effective sample size every parameter must reach (default 1000)",
    )
    p.add_argument("--seed", type=seed, default=0, help="seed of the sampler (default 0)")
    p.add_argument("--out", "-o", help="folder for calibration.json and posterior.csv")
    p.add_argument("--plot", help="corner plot of the posterior: .png, .svg, .pdf or .html")
    p.add_argument(
        "--report",
        action="store_true",
        help="also write report.html: the case's report with the calibration's section "
        "(posterior against prior, predictive bands, trace; the folder of --out, or the "
        "current folder)",
    )
    p.add_argument("--json", action="store_true", help="print the result object")
    p.set_defaults(func=_cmd_calibrate)


def _fmt(x: float) -> str:
    from valorize.cli.tables import cell

    return cell(x, 4)


def _print_parameters(d: dict[str, Any], model: Any) -> None:
    from valorize.report.labels import metric_heading

    widths = (30, 20, 22, 7, 7)
    head = ("", "prior 5 to 95 %", "posterior mean +/- sd", "ESS", "R-hat")
    print(
        head[0].ljust(widths[0])
        + "".join(h.rjust(w) for h, w in zip(head[1:], widths[1:], strict=True))
    )
    for p in d["parameters"]:
        pr, po = p["prior"], p["posterior"]
        cells = (
            f"{_fmt(pr['p5'])} to {_fmt(pr['p95'])}",
            f"{_fmt(po['mean'])} +/- {_fmt(po['sd'])}",
            f"{p['ess']:,.0f}",
            f"{p['r_hat']:.3f}",
        )
        label = textwrap.wrap(metric_heading(model, p["name"])[0], widths[0] - 1)
        print(
            label[0].ljust(widths[0])
            + "".join(c.rjust(w) for c, w in zip(cells, widths[1:], strict=True))
        )
        post = f"posterior 5 to 95 %: {_fmt(po['p5'])} to {_fmt(po['p95'])}"
        for k, line in enumerate([*label[1:], ""]):
            print(
                (
                    ("  " + line).ljust(widths[0])
                    + (post.rjust(sum(widths[1:3])) if k == 0 else "")
                ).rstrip()
            )


def _print_predictive(d: dict[str, Any]) -> None:
    from valorize.cli.tables import grid

    labels, cells = [], []
    for c in d["predictive"]:
        unit = "" if c["unit"] in ("", "1") else f" ({c['unit']})"
        labels.append(c["label"] + unit)
        inside = "-" if c["share_within_band"] is None else f"{100 * c['share_within_band']:.0f} %"
        cells.append(
            [
                f"{c['observations']}" + (f", {c['censored']}<" if c["censored"] else ""),
                "-" if c["observed_mean"] is None else _fmt(c["observed_mean"]),
                _fmt(c["predicted_mean"]),
                _fmt(c["band_p5"]),
                _fmt(c["band_p95"]),
                inside,
                "-" if c["p_value_mean"] is None else f"{c['p_value_mean']:.2f}",
            ]
        )
    headers = [
        "batches",
        "observed mean",
        "predicted",
        "band 5 %",
        "band 95 %",
        "inside",
        "p(mean)",
    ]
    for line in grid(labels, headers, cells, cell_width=10, label_width=30):
        print(line)


def _print(d: dict[str, Any], model: Any) -> None:
    from valorize.calibration.results import verdict

    s, data = d["summary"], d["data"]
    print(f"case: {d['case']}")
    if "sulfidation" in d:
        print(f"sulfidation: {d['sulfidation']}")
    print(
        f"data: {data['title']} ({data['rows']} batches)"
        + ("  [SYNTHETIC DATA]" * data["synthetic"])
    )
    print(
        textwrap.fill(
            f"sampler: emcee, {s['walkers']} walkers, {s['steps']:,} steps (burn-in "
            f"{s['burn_in']}), {s['posterior_samples']:,} posterior samples, smallest ESS "
            f"{s['min_ess']:,.0f}, largest split R-hat {s['max_r_hat']:.3f}, "
            f"{s['seconds']:.0f} s: {verdict(s)}",
            100,
            subsequent_indent="  ",
        )
    )
    print()
    _print_parameters(d, model)
    print()
    print("posterior predictive check: a new batch's measurement falls in the 90 % band;")
    print("p(mean) near 0 or 1 says the calibrated model cannot give the log's mean")
    if data["conditions"]:
        print(
            textwrap.fill(
                f"(batches at their own {', '.join(data['conditions'])}: the band is pooled "
                "over them; 'inside' reads each batch against its own band)",
                100,
            )
        )
    _print_predictive(d)
    if d["odds"]:
        print()
        print(
            "the case's targets, learned parameters from prior to posterior (the rest at baseline):"
        )
        for o in d["odds"]:
            print(f"  P({o['label']}): {o['prior']:.2f} -> {o['posterior']:.2f}")


def write_calibration(run: Any, out: str, command: str) -> list[Path]:
    """``calibration.json`` and ``posterior.csv`` of a calibration in the folder ``out``.

    ``command`` is what made it, for the posterior file's first line.

    Raises
    ------
    InputError
        Where ``out`` is a file.
    """
    from valorize.calibration.results import posterior_file
    from valorize.cli.common import write_json
    from valorize.report.files import write_atomically

    text = posterior_file(run, command)
    return [
        write_json(out, "calibration.json", run.document),
        write_atomically(
            Path(out) / "posterior.csv", lambda tmp: tmp.write_text(text, encoding="utf-8")
        ),
    ]


def _cmd_calibrate(args: argparse.Namespace) -> int:
    import numpy as np

    from valorize.calibration.log import read_batch_log
    from valorize.calibration.results import calibration_run
    from valorize.cli.progress import wanted
    from valorize.model.registry import load_model
    from valorize.plant_data import batch_log_path

    model = load_model(args.case)
    if args.report and (Path(args.out or ".") / "report.html").is_dir():
        raise InputError(f"--report: {str(Path(args.out or '.') / 'report.html')!r} is a folder")
    outputs = {m.name: m.unit for m in model.observables}
    parameters = {p.name: p.unit for p in model.parameters}
    log = read_batch_log(batch_log_path(args.data), outputs, parameters)

    def progress(steps: int, diagnostics: Any) -> None:
        sys.stderr.write(
            f"\r{steps:,} steps: smallest ESS {np.min(diagnostics.ess):,.0f}, largest "
            f"R-hat {np.max(diagnostics.r_hat):.3f}   "
        )
        sys.stderr.flush()

    show = wanted(False, args.json)
    run = calibration_run(
        model,
        log,
        args.learn,
        walkers=args.walkers,
        max_steps=args.max_steps,
        min_ess=args.min_ess,
        seed=args.seed,
        progress=progress if show else None,
    )
    if show:
        sys.stderr.write("\n")
    d, result = run.document, run.calibration
    report = None
    if args.report:  # built before anything is written, so a failure leaves nothing
        from valorize.report import REPORT_SAMPLES
        from valorize.report.model_report import report_of

        report = report_of(model, samples=REPORT_SAMPLES, seed=args.seed, calibration=run).html
    written = []
    if args.out:
        command = f"valorize calibrate {d['case']} --data {Path(log.path).name}"
        written += write_calibration(run, args.out, command)
    if report is not None:
        from valorize.report.files import write_atomically

        folder = Path(args.out or ".")
        folder.mkdir(parents=True, exist_ok=True)
        written.append(
            write_atomically(
                folder / "report.html", lambda tmp: tmp.write_text(report, encoding="utf-8")
            )
        )
    if args.plot:
        from valorize.report.corner_plot import write_corner

        written.append(write_corner(args.plot, model, result))
    if args.json:
        print_json(d)
    else:
        _print(d, model)
    for path in written:
        wrote(path, args.json)
    warn(d["warnings"])
    return 0 if d["summary"]["converged"] else EXIT_CHECK_FAILED
