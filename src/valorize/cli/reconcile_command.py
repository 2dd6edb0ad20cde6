"""``valorize reconcile``: a plant survey's masses and assays balanced, with gross-error tests."""

from __future__ import annotations

import argparse
import textwrap
from typing import Any

from valorize.cli.common import EXIT_CHECK_FAILED, finite, print_json, write_json, wrote


def add_reconcile_parser(sub: Any) -> None:
    """Register ``valorize reconcile SURVEY`` on the subcommand set ``sub``."""
    p = sub.add_parser(
        "reconcile",
        help="balance a plant survey's measured masses and assays (data reconciliation)",
        description="Adjust a survey's measured masses and assays by weighted least squares "
        "so that every node and every component balances; estimate the unmeasured ones; "
        "test the data for gross errors. The survey format: docs/reconciliation.md.",
        epilog="Exit status 0 also when a gross error is found: it is reported, with the "
        "measurements set aside. Exit status 3 when the balance needs a value no plant can "
        "have (a mass below zero, an assay outside 0-100 %, a stream's assays summing above "
        "100 %): the result is still printed and written, marked PHYSICALLY IMPOSSIBLE.",
    )
    p.add_argument(
        "survey", help="survey file (.toml), or a built-in example (see 'valorize cases')"
    )
    p.add_argument(
        "--alpha",
        type=finite,
        default=0.05,
        help="significance level of the global and measurement tests (default: 0.05)",
    )
    p.add_argument(
        "--keep-all",
        action="store_true",
        help="keep every measurement even when a test fails (no serial elimination)",
    )
    p.add_argument("--out", "-o", help="folder for reconciliation.json (created if missing)")
    p.add_argument("--json", action="store_true", help="print the result object")
    p.set_defaults(func=_cmd_reconcile)


def _number(x: float | None) -> str:
    from valorize.cli.tables import cell

    return "-" if x is None else cell(x, 5)


def _sd(x: float | None) -> str:
    """A standard deviation: three significant digits are all it carries."""
    from valorize.cli.tables import cell

    return "-" if x is None else cell(x, 3)


def _print_tests(d: dict[str, Any]) -> None:
    s = d["summary"]
    alpha = s["alpha"]
    if s["degrees_of_freedom"] == 0:
        print("global test: none possible (no redundant measurement: nothing to check)")
        return
    verdict = "passed" if s["global_test_passed"] else "FAILED"
    print(
        f"global test: chi-square {s['chi_square']:.3g}, {s['degrees_of_freedom']} degrees "
        f"of freedom, critical {s['chi_square_critical']:.3g} (alpha {alpha:g}), "
        f"p = {s['p_value']:.3g}: {verdict}"
    )
    if d["suspects"]:
        print(
            f"  first with every measurement: chi-square {s['first_pass_chi_square']:.3g} "
            f"(p = {s['first_pass_p_value']:.2g})"
        )
        print("suspected gross errors (set aside one by one, largest test statistic first):")
        for x in d["suspects"]:
            u = x["unit"]
            peers = (
                "; the data cannot tell it from an error in " + ", ".join(x["equivalent"])
                if x["equivalent"]
                else ""
            )
            print(
                textwrap.fill(
                    f"{x['label']}: measured {_number(x['measured'])} {u}; the balance without "
                    f"it says {_number(x['balance_value'])} +/- {_sd(x['balance_sd'])} {u} "
                    f"(measurement test {x['z']:.3g}){peers}",
                    100,
                    initial_indent="  ",
                    subsequent_indent="    ",
                )
            )


def _print_values(d: dict[str, Any]) -> None:
    from valorize.cli.tables import grid

    s = d["summary"]
    labels, cells = [], []
    for x in d["measurements"]:
        labels.append(f"{x['label']} ({x['unit']})" + (" IMPOSSIBLE" if x["impossible"] else ""))
        z = "-" if x["z"] is None else f"{x['z']:.2f}" + (" !" if x["flagged"] else "")
        cells.append(
            [
                _number(x["measured"]),
                _sd(x["sd"]),
                _number(x["reconciled"]),
                _sd(x["reconciled_sd"]),
                _number(x["adjustment"]),
                z,
            ]
        )
    headers = ["measured", "sd", "reconciled", "sd", "adjustment", "test"]
    print()
    print("measured values, in the units they were measured in:")
    for line in grid(labels, headers, cells, cell_width=11, label_width=34):
        print(line)
    print(
        textwrap.fill(
            f"test: measurement test |adjustment| / its sd, critical {s['z_critical']:.3g} "
            f"over {s['tested']} tested values at family-wise alpha {s['alpha']:g}; "
            "'!' above it, '-' a value no balance checks (not redundant, not adjusted)",
            100,
        )
    )
    if d["estimates"]:
        print()
        print("estimated from the balances (not measured, or set aside):")
        for x in d["estimates"]:
            print(
                f"  {x['label']:<40} {_number(x['value']):>11} +/- {_sd(x['sd']):<11} {x['unit']}"
                + ("  IMPOSSIBLE" if x["impossible"] else "")
            )


def _print_impossible(d: dict[str, Any]) -> None:
    """The flag of a balance that needs values no plant can have, above the tables."""
    from valorize.reconciliation.results import impossible_message

    if d["impossible"]:
        print()
        text = impossible_message(d["impossible"], d["nodes"])
        for line in textwrap.wrap(text + " (exit status 3).", 100, subsequent_indent="  "):
            print(line)


def _cmd_reconcile(args: argparse.Namespace) -> int:
    from valorize.plant_data import survey_path
    from valorize.reconciliation.balance import reconcile
    from valorize.reconciliation.results import reconciliation_document
    from valorize.reconciliation.survey import read_survey

    survey = read_survey(survey_path(args.survey))
    result = reconcile(
        survey.network, survey.measurements, alpha=args.alpha, eliminate=not args.keep_all
    )
    d = reconciliation_document(survey, result)
    if args.out:
        path = write_json(args.out, "reconciliation.json", d)
    if args.json:
        print_json(d)
    else:
        s = d["summary"]
        print(f"survey: {d['survey']}" + ("   [SYNTHETIC DATA]" if d["synthetic"] else ""))
        print(
            textwrap.fill(
                f"network: {s['nodes']} node{'s' * (s['nodes'] != 1)}, {s['streams']} streams, "
                f"components {', '.join(s['components']) or 'none'}; {s['measured']} measured "
                f"values, {s['estimated']} estimated; converged in {s['iterations']} "
                "iterations",
                100,
                subsequent_indent="  ",
            )
        )
        _print_tests(d)
        _print_impossible(d)
        _print_values(d)
    if args.out:
        wrote(path, args.json)
    from valorize.cli.common import warn

    warn(d["warnings"])
    return 0 if d["summary"]["physical"] else EXIT_CHECK_FAILED
