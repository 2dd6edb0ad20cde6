"""The report section "What the plant's data say": a calibration, shown so it can be judged.

Built from a finished calibration (:class:`~valorize.calibration.results.CalibrationRun`)
without running the model again:

- the data (title, batches, SYNTHETIC where made by a script) and the sampler's verdict
  (converged or NOT, with the reasons);
- each learned parameter's prior against its posterior, as a table (5th to 95th
  percentiles, mean and sd, autocorrelation time, effective sample size, split R-hat)
  and as a figure (the prior's density over the posterior's histogram);
- the posterior predictive check: each output's measurements, batch by batch, against
  the 90 % band a new measurement should fall in (values below the detection limit
  drawn at the limit, as open triangles), and the table of shares inside and
  p-values;
- the trace of the walkers, the burn-in marked, so a reader sees the chain settle;
- the odds of each of the case's targets before and after.
"""

from __future__ import annotations

import html
from typing import Any

import numpy as np

from valorize.calibration.results import CalibrationRun, verdict
from valorize.model.protocol import Model
from valorize.report.html_parts import grid_table, table
from valorize.report.numbers import value_text

#: Walkers drawn in the trace figure, and the most points per walker.
TRACE_WALKERS = 8
TRACE_POINTS = 400
#: Prior density drawn between these quantiles (and over the posterior's range).
PRIOR_SPAN = (0.002, 0.998)
#: Bins of a posterior's histogram.
POSTERIOR_BINS = 40
#: Panels per row in the section's figures.
PANELS_PER_ROW = 3


def _title(name: str, unit: str) -> str:
    words = name.rsplit(".", 1)[-1].replace("_", " ")
    return f"{words} ({unit})" if unit and unit != "1" else words


def _legend(rows: int) -> dict[str, Any]:
    """A horizontal legend under the panels, clear of the last row's axis title."""
    return {"orientation": "h", "yanchor": "top", "y": -0.1 if rows > 1 else -0.28}


def _grid(count: int) -> tuple[int, int]:
    cols = min(count, PANELS_PER_ROW)
    return -(-count // cols), cols


def posterior_figure(model: Model, run: CalibrationRun) -> Any:
    """Each learned parameter: the prior's density over the posterior's histogram.

    Each is scaled to its own peak, so a posterior much narrower than its prior and the
    prior's shape both show.
    """
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    c = run.calibration
    samples = c.samples()
    titles = [_title(p.name, model.parameter(p.name).unit) for p in c.priors]
    rows, cols = _grid(len(titles))
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=titles)
    for j, p in enumerate(c.priors):
        row, col = divmod(j, cols)
        low, high = (p.distribution.quantile(q) for q in PRIOR_SPAN)
        low, high = min(low, samples[:, j].min()), max(high, samples[:, j].max())
        x = np.linspace(low, high, 300)
        with np.errstate(divide="ignore"):
            prior = np.exp(p.distribution.logpdf(x))
        counts, edges = np.histogram(samples[:, j], bins=POSTERIOR_BINS)
        height = np.append(counts, 0) / counts.max()  # a step outline: visible however narrow
        fig.add_trace(
            go.Scatter(
                x=edges, y=height, mode="lines", line={"shape": "hv", "color": "#2c7fb8"},
                fill="tozeroy", name="posterior", showlegend=j == 0,
            ),
            row=row + 1, col=col + 1,
        )  # fmt: skip
        fig.add_trace(
            go.Scatter(
                x=x, y=prior / prior.max(), name="prior", line={"color": "#d95f0e", "width": 2},
                showlegend=j == 0,
            ),
            row=row + 1, col=col + 1,
        )  # fmt: skip
    fig.update_layout(
        title={"text": "What the data taught: each parameter's prior against its posterior"},
        template="plotly_white",
        height=320 * rows + 80,
        legend=_legend(rows),
    )
    fig.update_yaxes(title_text="density / its peak", col=1, range=[0, 1.05])
    return fig


def predictive_figure(model: Model, run: CalibrationRun) -> Any:
    """Each output's measurements, batch by batch, against the 90 % predictive band."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    checks = {c["output"]: c for c in run.document["predictive"]}
    observations = run.log.observations
    titles = []
    for o in observations:
        m = model.observable(o.name)
        titles.append(m.label + ("" if m.unit in ("", "1") else f" ({m.unit})"))
    rows, cols = _grid(len(titles))
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=titles)
    legend: set[str] = set()
    for j, o in enumerate(observations):
        row, col = (k + 1 for k in divmod(j, cols))
        check = checks[o.name]
        order = np.arange(1, o.value.size + 1)
        for censored, name, symbol in (
            (False, "measured", "circle"),
            (True, "below the detection limit (drawn at the limit)", "triangle-down-open"),
        ):
            pick = o.censored == censored
            if not pick.any():
                continue
            fig.add_trace(
                go.Scatter(
                    x=order[pick], y=o.value[pick], mode="markers", name=name,
                    marker={"symbol": symbol, "size": 5, "color": "#444"},
                    text=[f"batch {b}" for b, k in zip(o.batch, pick, strict=True) if k],
                    legendgroup=name, showlegend=name not in legend,
                ),
                row=row, col=col,
            )  # fmt: skip
            legend.add(name)
        if "band_p5_batches" in check:  # each batch at its own conditions: its own band
            _batch_band(fig, order, check, row, col, showlegend=j == 0)
            continue
        fig.add_hrect(  # after the traces: plotly skips empty panels
            y0=check["band_p5"], y1=check["band_p95"], fillcolor="#2c7fb8", opacity=0.18,
            line_width=0, row=row, col=col,
        )  # fmt: skip
        fig.add_hline(
            y=check["predicted_mean"], line={"color": "#2c7fb8", "dash": "dash"}, row=row, col=col
        )
    fig.update_layout(
        title={
            "text": "The log against the calibrated model: 90 % band of a new measurement "
            "(shaded), predicted mean (dashed)"
        },
        template="plotly_white",
        height=300 * rows + 100,
        legend=_legend(rows),
    )
    fig.update_xaxes(title_text="batch, in the log's order", row=rows)
    return fig


def _batch_band(
    fig: Any, order: np.ndarray, check: dict[str, Any], row: int, col: int, showlegend: bool
) -> None:
    """The 90 % band and predicted mean of each batch, at the batch's own conditions."""
    import plotly.graph_objects as go

    low, high = check["band_p5_batches"], check["band_p95_batches"]
    fig.add_trace(
        go.Scatter(
            x=np.concatenate([order, order[::-1]]), y=[*high, *low[::-1]], fill="toself",
            fillcolor="rgba(44,127,184,0.18)", line={"width": 0}, hoverinfo="skip",
            name="90 % band of each batch", showlegend=showlegend,
        ),
        row=row, col=col,
    )  # fmt: skip
    fig.add_trace(
        go.Scatter(
            x=order, y=check["predicted_batches"], mode="lines", name="predicted",
            line={"color": "#2c7fb8", "dash": "dash"}, showlegend=showlegend,
        ),
        row=row, col=col,
    )  # fmt: skip


def trace_figure(model: Model, run: CalibrationRun) -> Any:
    """A few walkers' paths through each parameter, the burn-in dotted."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    c = run.calibration
    steps, walkers, d = c.chain.shape
    every = max(1, steps // TRACE_POINTS)
    step = np.arange(0, steps, every)
    titles = [_title(p.name, model.parameter(p.name).unit) for p in c.priors]
    fig = make_subplots(rows=d, cols=1, subplot_titles=titles, shared_xaxes=True)
    for j in range(d):
        for w in range(min(TRACE_WALKERS, walkers)):
            fig.add_trace(
                go.Scatter(
                    x=step, y=c.chain[::every, w, j], mode="lines", showlegend=False,
                    line={"width": 0.8}, opacity=0.7, hoverinfo="skip",
                ),
                row=j + 1, col=1,
            )  # fmt: skip
        fig.add_vline(x=c.diagnostics.burn_in, line={"dash": "dot", "color": "black"}, row=j + 1)
    fig.update_layout(
        title={
            "text": f"Trace of {min(TRACE_WALKERS, walkers)} of {walkers} walkers "
            f"(dotted: end of the burn-in, step {c.diagnostics.burn_in:,})"
        },
        template="plotly_white",
        height=170 * d + 120,
    )
    fig.update_xaxes(title_text="step", row=d)
    return fig


def _parameter_rows(run: CalibrationRun) -> list[list[str]]:
    rows = []
    for p in run.document["parameters"]:
        pr, po, unit = p["prior"], p["posterior"], p["unit"]
        rows.append(
            [
                f"{p['label']} ({p['name']})",
                f"{pr['distribution']} {value_text(pr['parameters'], unit)}",
                f"{pr['p5']:.4g} to {pr['p95']:.4g}",
                f"{po['mean']:.4g} ± {po['sd']:.2g}",
                f"{po['p5']:.4g} to {po['p95']:.4g}",
                f"{p['tau']:.0f}",
                f"{p['ess']:,.0f}",
                f"{p['r_hat']:.3f}",
            ]
        )
    return rows


def _predictive_rows(run: CalibrationRun) -> list[list[str]]:
    rows = []
    for c in run.document["predictive"]:
        unit = "" if c["unit"] in ("", "1") else f" ({c['unit']})"
        inside = c["share_within_band"]
        rows.append(
            [
                c["label"] + unit,
                f"{c['observations']}"
                + (f" ({c['censored']} below the limit)" * bool(c["censored"])),
                "-" if c["observed_mean"] is None else f"{c['observed_mean']:.4g}",
                f"{c['predicted_mean']:.4g}",
                f"{c['band_p5']:.4g} to {c['band_p95']:.4g}",
                "-" if inside is None else f"{100 * inside:.0f} %",
                "-" if c["p_value_mean"] is None else f"{c['p_value_mean']:.2f}",
            ]
        )
    return rows


def calibration_section(model: Model, run: CalibrationRun) -> tuple[str, dict[str, Any]]:
    """The section's HTML and its figures (posterior, predictive, trace) by name.

    Parameters
    ----------
    model
        The model that was calibrated (its parameters' and outputs' units label the
        figures).
    run
        The calibration, its batch log and its result document.

    Returns
    -------
    tuple of (str, dict)
        The HTML (headings, tables and the warnings; the figures go where the caller
        puts them) and the plotly figures ``calibration-posterior``,
        ``calibration-predictive`` and ``calibration-trace``.
    """
    d, s, data = run.document, run.document["summary"], run.document["data"]
    synthetic = " [SYNTHETIC DATA]" if data["synthetic"] else ""
    sampler = (
        f"emcee, {s['walkers']} walkers, {s['steps']:,} steps (burn-in {s['burn_in']:,}), "
        f"acceptance {s['acceptance_fraction']:.2f}, {s['posterior_samples']:,} posterior "
        f"samples, {s['seconds']:.0f} s"
    )
    about = [
        ("data", f"{data['title']} ({data['rows']} batches){synthetic}"),
        ("file", f"{data['file']} (SHA-256 {data['sha256']})"),
        *(
            [("conditions", f"each batch at its own {', '.join(data['conditions'])}: the "
              "figure's bands are each batch's, the table's band is pooled over them")]
            if data.get("conditions")
            else []
        ),
        ("sampler", sampler),
        ("convergence", f"smallest ESS {s['min_ess']:,.0f}, largest split R-hat "
         f"{s['max_r_hat']:.3f}: {verdict(s)}"),
    ]  # fmt: skip
    parameter_head = ("parameter", "prior", "prior 5 to 95 %", "posterior mean ± sd",
                      "posterior 5 to 95 %", "τ (steps)", "ESS", "R-hat")  # fmt: skip
    predictive_head = ("output", "batches", "observed mean", "predicted mean",
                       "90 % band", "inside the band", "p(mean)")  # fmt: skip
    odds = [(f"P({o['label']})", f"{o['prior']:.2f} before, {o['posterior']:.2f} after")
            for o in d["odds"]]  # fmt: skip
    warnings = "".join(f"<li>{html.escape(w)}</li>" for w in d["warnings"])
    text = (
        "<h2>What the plant's data say (calibration)</h2>"
        "<p>The case's uncertain parameters learned from a batch log by Bayesian "
        "calibration (docs/calibration.md): the prior is the case's [[uncertainty]] entry, "
        "the posterior what the measurements leave of it.</p>"
        + table(about)
        + (f"<ul>{warnings}</ul>" if warnings else "")
        + "<h3>Prior and posterior</h3>"
        + grid_table(parameter_head, _parameter_rows(run))
        + "<h3>Posterior predictive check</h3><p>About 90 % of the measurements should fall "
        "inside the band when the model and the stated laboratory errors are right; p(mean) "
        "near 0 or 1 says the calibrated model cannot give the log's mean.</p>"
        + grid_table(predictive_head, _predictive_rows(run))
        + (
            "<h3>The case's targets, before and after</h3><p>The learned parameters drawn "
            "from their prior and from their posterior, the other inputs at the case's "
            "values.</p>" + table(odds)
            if odds
            else ""
        )
    )
    figures = {
        "calibration-posterior": posterior_figure(model, run),
        "calibration-predictive": predictive_figure(model, run),
        "calibration-trace": trace_figure(model, run),
    }
    return text, figures
