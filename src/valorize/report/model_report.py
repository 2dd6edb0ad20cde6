"""A self-contained HTML report of a case of any route, built from its model.

The answer first (every metric of the model at the case's own point, with its label
and unit, and each target met or not), then the route's own figures, the odds and
spreads over the case's uncertain inputs (histograms of the targets' metrics and the
NPV, a tornado chart), an optional Pareto front, what carries the answer (the
assumed data the route lists), the warnings, the valorize version and the case
file's SHA-256. Plotly's JavaScript is embedded once, so the file opens with no
internet. The refinery's report has more of its own (:mod:`valorize.report.html_report`).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

from valorize import __version__
from valorize.calibration.results import CalibrationRun
from valorize.model.protocol import Model
from valorize.report.html_parts import STYLE, Report, table
from valorize.report.html_parts import figure_html as _figure_html
from valorize.report.labels import target_text
from valorize.report.numbers import assumption_rows, value_with_unit
from valorize.report.route_sections import ROUTE_SECTIONS
from valorize.report.uncertainty_section import uncertainty_section


def _hydrogen_figures(model: Any) -> dict[str, Any]:
    from valorize.report.breakeven_plot import breakeven_figure

    curve = model.breakeven_curve()
    return {"breakeven": breakeven_figure(f"{model.title}: where panels break even", curve)}


#: The route's own figures, by route name.
ROUTE_FIGURES: dict[str, Callable[[Any], dict[str, Any]]] = {"hydrogen": _hydrogen_figures}


def _assumptions(detail: dict[str, Any]) -> list[tuple[str, str]]:
    return assumption_rows([a for a in detail.get("assumptions", []) if isinstance(a, dict)])


def build_model_report(
    model: Model,
    *,
    samples: int,
    seed: int = 0,
    objectives: tuple[str, ...] = (),
    calibration: CalibrationRun | None = None,
) -> Report:
    """The report of a case of any route as one HTML document and its figures.

    With a ``calibration`` (of ``model`` to a plant's data) the report has its section
    (:mod:`~valorize.report.calibration_section`) after the uncertainty.
    """
    detail = model.detail()
    summary = detail["summary"]
    answer = [
        (f"{m.label}", value_with_unit(summary.get(m.name), m.unit))
        for m in model.metrics
        if summary.get(m.name) is not None
    ]
    if isinstance(summary.get("grade"), str):
        answer.append(("grade met", summary["grade"]))
    values = model.evaluate({}, 1)
    checks = []
    for t in model.targets:
        met = bool(t.met(values[t.metric])[0])
        checks.append((f"target: {target_text(model, t)}", "met" if met else "NOT met"))
    figures = ROUTE_FIGURES.get(model.route, lambda _: {})(model)
    uncertain: dict[str, Any] = {}
    uncertainty = ""
    if model.uncertain and samples > 0:
        uncertainty, uncertain = uncertainty_section(model, samples, seed)
    if objectives:
        from valorize.analysis.pareto import pareto_front
        from valorize.report.pareto_plot import pareto_figure

        front = pareto_front(model, objectives, seed=seed)
        uncertainty += (
            f"<h2>Where to operate</h2><p>Pareto front of {html.escape(', '.join(objectives))} "
            f"(NSGA-II, seed {seed}, {front.evaluations} evaluations, {front.size} points).</p>"
        )
        uncertain["pareto"] = pareto_figure(model, front)
    learned_text, learned = "", {}
    if calibration is not None:
        from valorize.report.calibration_section import calibration_section

        learned_text, learned = calibration_section(model, calibration)
    all_figures = {**figures, **uncertain, **learned}
    shown: list[str] = []  # plotly's JavaScript goes with the first figure only

    def render(figs: dict[str, Any]) -> str:
        out = "".join(
            f'<section id="fig-{name}">{_figure_html(f, not shown and i == 0)}</section>'
            for i, (name, f) in enumerate(figs.items())
        )
        shown.extend(figs)
        return out

    route_blocks = render(figures)
    rest = render(uncertain) + learned_text + render(learned)
    own = "".join(
        f"<h2>{html.escape(title)}</h2>{table(rows)}"
        for title, rows in ROUTE_SECTIONS.get(model.route, lambda _: [])(detail)
    )
    warnings = "".join(f"<li>{html.escape(str(w))}</li>" for w in detail.get("warnings", []))
    info = getattr(model, "case", None)
    about = getattr(info, "case", None)
    description = html.escape(getattr(about, "description", "") or "")
    document = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{html.escape(model.title)}</title>
{STYLE}</head><body>
<h1>{html.escape(model.title)}</h1>
<p>{html.escape(getattr(about, "location", "") or "")}</p>
<p>{description}</p>
<h2>The answer</h2>
{table(answer + checks)}
{own}
<h2>Figures</h2>
{route_blocks or "<p>none for this route</p>"}
{uncertainty}
{rest}
<h2>What carries the answer</h2>
{table(_assumptions(detail)) if detail.get("assumptions") else "<p>none listed</p>"}
<h2>Warnings</h2><ul>{warnings or "<li>none</li>"}</ul>
<p class="small">valorize {__version__}; {model.route} route; case file SHA-256
{detail.get("case_sha256", "")}. Every number from the world used here has its source and
status in valorize's data folder (src/valorize/data/).</p>
</body></html>
"""
    return Report(document, all_figures)


def report_of(
    model: Model,
    *,
    samples: int,
    seed: int = 0,
    objectives: tuple[str, ...] = (),
    calibration: CalibrationRun | None = None,
) -> Report:
    """The report of a model: the refinery's own, or the one any route's model gives.

    The refinery's report (:mod:`~valorize.report.html_report`) has its Sankey, phase
    diagram, trajectory and cash flow; the others are built by :func:`build_model_report`.
    """
    if model.route == "refinery":
        from valorize.refinery.run import run
        from valorize.report.html_report import build_report

        results = run(model.case, model.case_sha256)
        return build_report(
            model.case,
            results,
            samples=samples,
            seed=seed,
            objectives=objectives,
            calibration=calibration,
        )
    return build_model_report(
        model, samples=samples, seed=seed, objectives=objectives, calibration=calibration
    )


def write_model_report(
    model: Model,
    folder: str | Path,
    *,
    samples: int,
    seed: int = 0,
    figure_format: str | None = None,
    objectives: tuple[str, ...] = (),
) -> list[Path]:
    """Write ``folder/report.html`` and, with a ``figure_format``, ``folder/figures/*``.

    Parameters
    ----------
    folder
        Made if missing (``--out DIR``, as every command's).
    figure_format
        ``png``, ``svg`` or ``pdf``: every figure of the report also as a file, by
        plotly's static export (:mod:`valorize.report.static_figures`); None: none.

    Returns
    -------
    list of Path
        The report, then the figures; each written atomically.

    Raises
    ------
    InputError
        For a figure format not offered, or a static export that fails (no Chromium).
    """
    from valorize.report.files import write_atomically

    folder = Path(folder)
    if figure_format is not None:
        from valorize.report.static_figures import check_export

        check_export(figure_format, folder / "figures")
    report = report_of(model, samples=samples, seed=seed, objectives=objectives)
    folder.mkdir(parents=True, exist_ok=True)
    figures = []
    if figure_format is not None:
        from valorize.report.static_figures import write_figures

        figures = write_figures(report.figures, folder / "figures", figure_format)
    page = write_atomically(
        folder / "report.html", lambda tmp: tmp.write_text(report.html, encoding="utf-8")
    )
    return [page, *figures]
