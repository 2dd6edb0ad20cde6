"""The parameters of every built-in case's model, with units and bounds, as a Markdown page.

``python -m valorize.model.reference > docs/parameters.md`` writes the page; a test
checks that the page in the repository is the one this module writes, so the documented
bounds are those the code checks. Each row is a parameter of the case's model (a case
field by dotted path, or a route's native input): its unit, the built-in case's value,
its bounds (what a case file, an ``[[uncertainty]]`` distribution or an analysis may
give) and what it is. Text and whole-table fields (names, sources, compositions, which
must sum to 100) are described in docs/case-files.md.
"""

from __future__ import annotations

import math
import sys

from valorize.model.parameter import Parameter


def _number(x: float) -> str:
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    return f"{x:.6g}"


def _bounds(p: Parameter) -> str:
    low, high = p.bounds
    return f"{_number(low)} to {_number(high)}"


def _row(p: Parameter) -> str:
    description = " ".join(str(p.description).split()).replace("|", "/")
    return (
        f"| `{p.name}` | {p.unit or '-'} | {_number(float(p.baseline))} | {_bounds(p)} | "
        f"{description} |"
    )


def page() -> str:
    """The Markdown page: one table per built-in case."""
    from valorize.model.registry import builtin_cases, load_model

    lines = [
        "# Parameters and their bounds",
        "",
        "Every parameter of each built-in case's model: its unit, the case's value, the",
        "bounds a case file, an `[[uncertainty]]` distribution or an analysis must keep to,",
        "and what it is. A value outside its bounds is refused with one `error:` line naming",
        "the field. Written by `python -m valorize.model.reference > docs/parameters.md`;",
        "`tests/unit/test_parameter_reference.py` checks that this page is up to date.",
        "Some inputs are checked against the data too when the model runs: a melt or",
        "condenser temperature must lie inside every element's vapour-pressure data and",
        "above selenium's melting point (unless `--extrapolate`). Names, sources and",
        "compositions (which must sum to 100) are in [case-files.md](case-files.md).",
    ]
    for name in sorted(builtin_cases()):
        model = load_model(name)
        lines += [
            "",
            f"## {name} ({model.route})",
            "",
            "| parameter | unit | case value | bounds | what it is |",
            "|---|---|---|---|---|",
        ]
        lines += [_row(p) for p in model.parameters]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover
    sys.stdout.write(page())
