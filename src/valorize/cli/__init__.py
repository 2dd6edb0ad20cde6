"""The ``valorize`` command line: a thin face over the library.

Every user error becomes one line on stderr starting with ``error:`` and exit
status 2. Heavy libraries (numpy, scipy, pint, plotly, matplotlib) are imported
inside the command that needs them, so ``valorize --help`` answers at once.
Commands live in :mod:`valorize.cli.thermo_commands` (elements and melts) and
:mod:`valorize.cli.case_commands` (case files).
"""

from __future__ import annotations

import argparse
import gc
import sys
import warnings
from collections.abc import Sequence

from valorize import __version__
from valorize.cli.calibrate_command import add_calibrate_parser
from valorize.cli.case_commands import (
    _cmd_cases,
    _cmd_report,
    _cmd_run,
    _cmd_sensitivity,
    _cmd_uncertainty,
)
from valorize.cli.common import EXIT_CHECK_FAILED, EXIT_USAGE, Parser, finite, seed
from valorize.cli.compare_command import _cmd_compare
from valorize.cli.dashboard_command import _cmd_dashboard
from valorize.cli.hydrogen_commands import add_hydrogen_parser
from valorize.cli.optimize_command import _cmd_optimize
from valorize.cli.outputs import check_outputs
from valorize.cli.portfolio_commands import add_portfolio_parser
from valorize.cli.reconcile_command import add_reconcile_parser
from valorize.cli.slime_commands import add_slime_parser
from valorize.cli.thermo_commands import (
    _cmd_elements,
    _cmd_vapor_pressure,
    _cmd_vle_beta,
    _cmd_vle_bubble,
    _cmd_vle_diagram,
)
from valorize.errors import InfeasibleError, ValorizeError
from valorize.report import REPORT_SAMPLES

#: Exit status after Ctrl-C (128 + SIGINT, as shells report it).
EXIT_INTERRUPTED = 130
#: NumPy's floating-point warnings, by their message (kept from the terminal).
FLOATING_POINT_NOTICES = (
    r"(invalid value|divide by zero|overflow|underflow) encountered|Mean of empty slice"
    r"|Degrees of freedom <= 0"
)


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
    parser = Parser(
        prog="valorize",
        description="Model, cost and compare how copper smelters' by-products and wastes "
        "become value: vacuum refining of selenium and tellurium, anode slime, slag to "
        "hydrogen; every route a model for uncertainty, sensitivity, optimization and reports.",
    )
    parser.add_argument("--version", action="version", version=f"valorize {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    r = sub.add_parser(
        "run",
        help="run a case: a built-in name (see 'valorize cases') or a .toml file",
        description="Run a case of any route and print what it makes, recovers, uses and earns.",
    )
    r.add_argument("case", help="built-in case name or path to a case file")
    r.add_argument(
        "--extrapolate",
        action="store_true",
        help="evaluate vapour pressures outside their data (with a warning) instead of "
        "refusing the temperature; the same as extrapolate = true in the case's [model]",
    )
    r.add_argument("--out", "-o", help="folder for results.json (created if missing)")
    r.add_argument(
        "--route", help="anode slime cases: roast, leach or both (default: the case's route)"
    )
    r.add_argument("--json", action="store_true", help="print the results object")
    r.add_argument(
        "--report",
        action="store_true",
        help="also write report.html (the folder of --out, or the current folder)",
    )
    r.set_defaults(func=_cmd_run)

    op = sub.add_parser(
        "optimize",
        help="best temperature, distilled fraction and head cut for a purity",
        description="Maximize Se recovery subject to a product purity and the furnace hours.",
        epilog="Exit status 3: no point of the search meets every constraint (one optimum: "
        "the best one found is still printed and written; a Pareto front: nothing is).",
    )
    op.add_argument("case", help="built-in case name or path to a case file")
    op.add_argument(
        "--extrapolate",
        action="store_true",
        help="evaluate vapour pressures outside their data (with a warning) instead of "
        "refusing the temperature; the same as extrapolate = true in the case's [model]",
    )
    op.add_argument("--route", help="anode slime cases: roast or leach (default: the case's route)")
    op.add_argument(
        "--objective",
        help="the metric to optimize (default the route's: the product's direct recovery "
        "for the refinery and crude tellurium, NPV for the anode slime and hydrogen, which "
        "have no default decisions: give --decision or a [decisions] table); minimized if "
        "less is better, else maximized",
    )
    op.add_argument(
        "--decision",
        action="append",
        metavar="PATH=LOW,HIGH",
        help="a decision variable by its case path and range, e.g. "
        "operation.temperature='250 degC,450 degC' (repeat for more; added to the route's "
        "defaults)",
    )
    op.add_argument(
        "--no-default-decisions",
        action="store_true",
        help="search only the --decision variables, not the route's defaults",
    )
    target = op.add_mutually_exclusive_group()
    target.add_argument(
        "--purity",
        type=finite,
        help="refinery: minimum Se in the product, wt %% (default the case's target, else 99.5)",
    )
    target.add_argument(
        "--grade", help="refinery: a grade of data/grades.toml, e.g. 'YS/T 223 Se99.9'"
    )
    op.add_argument(
        "--temperature-range",
        help="refinery: the melt temperature's range (default '250 degC,450 degC')",
    )
    op.add_argument("--seed", type=seed, default=0, help="seed of the search (default 0)")
    op.add_argument(
        "--plot", help="write the trade-off curve (or front): .html, .png, .svg or .pdf"
    )
    op.add_argument(
        "--objectives",
        help="two or more of recovery, purity, refining_cost, unit_cost, co2, energy, npv, "
        "output: a Pareto front by NSGA-II instead of one optimum (needs valorize[optimize])",
    )
    op.add_argument(
        "--area-range", help="with --objectives: also search the melt surface, e.g. '0.2 m^2,2 m^2'"
    )
    op.add_argument(
        "--grade-probability",
        type=finite,
        help="with --objectives: meet the purity with this probability over the case's "
        "[[uncertainty]] inputs (a chance constraint), e.g. 0.9",
    )
    op.add_argument(
        "--risk-samples",
        type=int,
        help="with --grade-probability: samples per candidate (default 64)",
    )
    op.add_argument(
        "--population", type=int, help="with --objectives: NSGA-II population (default 60)"
    )
    op.add_argument(
        "--generations", type=int, help="with --objectives: NSGA-II generations (default 40)"
    )
    op.add_argument(
        "--out",
        "-o",
        help="folder for optimum.json, or pareto.json and pareto.csv with --objectives",
    )
    op.add_argument("--json", action="store_true", help="print a JSON object")
    op.set_defaults(func=_cmd_optimize)

    cmp = sub.add_parser(
        "compare",
        help="cases and their price scenarios side by side",
        description="Run cases and show them, and each of their price scenarios, in one table.",
    )
    cmp.add_argument("cases", nargs="+", help="built-in case names or case files, any route")
    cmp.add_argument("--route", help="anode slime cases: roast or leach (default: the case's)")
    cmp.add_argument("--json", action="store_true", help="print a JSON object")
    cmp.set_defaults(func=_cmd_compare)

    un = sub.add_parser(
        "uncertainty",
        help="Monte Carlo over a case's [[uncertainty]] inputs",
        description="Sample a case's uncertain inputs and report percentiles and odds.",
    )
    un.add_argument("case", help="built-in case name or path to a case file")
    un.add_argument(
        "--extrapolate",
        action="store_true",
        help="evaluate vapour pressures outside their data (with a warning) instead of "
        "refusing the temperature; the same as extrapolate = true in the case's [model]",
    )
    un.add_argument(
        "--samples",
        type=int,
        default=REPORT_SAMPLES,
        help=f"samples (default {REPORT_SAMPLES}, as report, portfolio and hydrogen)",
    )
    un.add_argument("--route", help="anode slime cases: roast or leach (default: the case's route)")
    un.add_argument("--seed", type=seed, default=0, help="seed (default 0)")
    un.add_argument(
        "--method", choices=["mc", "lhs", "sobol"], default="lhs", help="sampling (default lhs)"
    )
    un.add_argument(
        "--out", "-o", help="folder for uncertainty.json and samples.parquet (needs pyarrow)"
    )
    un.add_argument(
        "--no-samples", action="store_true", help="with --out, write only uncertainty.json"
    )
    un.add_argument("--json", action="store_true", help="print the summary as JSON")
    un.add_argument(
        "--progress",
        action="store_true",
        help="show a progress bar on stderr (default: only when stderr is a terminal; "
        "never with --json)",
    )
    un.add_argument(
        "--chunk-size",
        type=int,
        help="samples per vectorized call and per Dask task "
        "(default: valorize.analysis.uncertainty.CHUNK, 20000)",
    )
    un.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run the chunks on the Dask cluster of this scheduler, e.g. tcp://host:8786 "
        "(needs valorize[scale])",
    )
    un.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="run the chunks on a local Dask cluster of N worker processes",
    )
    un.set_defaults(func=_cmd_uncertainty)

    rp = sub.add_parser(
        "report",
        help="a self-contained HTML report of a case",
        description="Write one HTML file with the answers, the figures and the assumptions.",
    )
    rp.add_argument("case", help="built-in case name or path to a case file, any route")
    rp.add_argument(
        "--extrapolate",
        action="store_true",
        help="evaluate vapour pressures outside their data (with a warning) instead of "
        "refusing the temperature; the same as extrapolate = true in the case's [model]",
    )
    rp.add_argument("--route", help="anode slime cases: roast or leach (default: the case's)")
    rp.add_argument(
        "--out", "-o", help="folder for report.html (created if missing; default: here)"
    )
    rp.add_argument(
        "--figures",
        choices=["png", "svg", "pdf"],
        help="also write each figure of the report into OUT/figures in this format "
        "(plotly's static export: needs valorize[figures] and Chromium)",
    )
    rp.add_argument(
        "--json",
        action="store_true",
        help="print the case's results (as run --json) and the files written as JSON",
    )
    rp.add_argument(
        "--samples",
        type=int,
        default=REPORT_SAMPLES,
        help=f"Monte Carlo samples of the uncertainty section (default {REPORT_SAMPLES}; 0: none)",
    )
    rp.add_argument("--seed", type=seed, default=0, help="seed of the sampling (default 0)")
    rp.add_argument(
        "--objectives",
        help="add the Pareto front of these objectives, e.g. recovery,purity (see optimize)",
    )
    rp.set_defaults(func=_cmd_report)

    se = sub.add_parser(
        "sensitivity",
        help="which uncertain inputs drive the answer (tornado, Spearman, Sobol, Morris)",
        description="Rank a case's [[uncertainty]] inputs by their effect on each output.",
    )
    se.add_argument("case", help="built-in case name or path to a case file")
    se.add_argument(
        "--extrapolate",
        action="store_true",
        help="evaluate vapour pressures outside their data (with a warning) instead of "
        "refusing the temperature; the same as extrapolate = true in the case's [model]",
    )
    se.add_argument(
        "--method",
        choices=["tornado", "spearman", "sobol", "morris"],
        default="tornado",
        help="one-at-a-time tornado, Spearman rank correlation, Sobol indices or Morris "
        "screening (default tornado)",
    )
    se.add_argument(
        "--samples",
        type=int,
        default=256,
        help="samples (spearman), base samples, a power of 2 (sobol), or trajectories "
        "(morris); default 256",
    )
    se.add_argument("--seed", type=seed, default=0, help="seed of the sampling (default 0)")
    se.add_argument("--route", help="anode slime cases: roast or leach (default: the case's route)")
    se.add_argument("--out", "-o", help="folder for sensitivity-METHOD.json")
    se.add_argument("--json", action="store_true", help="print a JSON object")
    se.set_defaults(func=_cmd_sensitivity)

    add_hydrogen_parser(sub)
    add_portfolio_parser(sub)
    db = sub.add_parser(
        "dashboard",
        help="a local web app to edit a case and compare scenarios (needs valorize[dashboard])",
        description="Start the dashboard (Streamlit) on 127.0.0.1 and open it in a browser.",
    )
    db.add_argument("--port", type=int, default=8501, help="port (default 8501)")
    db.add_argument(
        "--db",
        help="SQLite file of saved scenarios (default: scenarios.sqlite in the user's data folder)",
    )
    db.add_argument("--no-browser", action="store_true", help="do not open a browser")
    db.set_defaults(func=_cmd_dashboard)
    add_slime_parser(sub)
    add_reconcile_parser(sub)
    add_calibrate_parser(sub)

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
    vsub = vle.add_subparsers(dest="vle_command", metavar="WHAT", parser_class=Parser)
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

    d = vsub.add_parser(
        "diagram",
        help="T-x-y diagram of a binary at a pressure (a table; --plot draws it)",
        description="Bubble and dew temperatures of a binary melt at one pressure.",
    )
    d.add_argument("--components", required=True, help="two elements, e.g. Se,Te")
    d.add_argument("--pressure", "-P", required=True, help="e.g. '10 Pa'")
    d.add_argument("--plot", help="draw the diagram: .html, .png, .svg or .pdf")
    d.add_argument("--out", "-o", help="folder for diagram.json (created if missing)")
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
        check_outputs(args)  # before any work: nothing computed only to fail at the end
        with warnings.catch_warnings():
            # NumPy's floating-point notices are not for the user: results are checked
            # for being finite and physical, and a refusal says what is wrong
            warnings.filterwarnings("ignore", FLOATING_POINT_NOTICES, RuntimeWarning)
            return int(args.func(args))
    except InfeasibleError as exc:  # a result, not a bad input: no point to print
        sys.stderr.write(f"error: {exc}\n")
        return EXIT_CHECK_FAILED
    except ValorizeError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:  # Ctrl-C: temporaries are removed on the way out
        sys.stderr.write("interrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        return 0


def console_main() -> int:
    """The ``valorize`` command (and ``python -m valorize.cli``): :func:`main`, then exit.

    When a command is done, its files closed and its temporaries removed, the
    interpreter's shutdown would still run the cyclic garbage collector over every
    object of NumPy, pydantic and valorize, several times: about 0.15-0.2 s of a 0.9 s
    ``valorize run balkhash-selenium`` on the development machine (2026-12-01).
    Freezing the collector's objects (:func:`gc.freeze`) leaves that memory to the
    operating system; the ``atexit`` handlers (the conversion memo's save) and the
    flushing of standard output and error still run. Not done by :func:`main`, which
    tests and other programs call in their own process.
    """
    status = main()
    gc.freeze()
    return status


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(console_main())
