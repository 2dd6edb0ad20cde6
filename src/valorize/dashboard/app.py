"""The Streamlit script of ``valorize dashboard`` (run by ``streamlit run``; thin on purpose).

Reads ``--db PATH`` from the arguments after ``--``. Everything that can be
tested without a browser lives in the sibling modules; this script draws the
controls, the answers, the plots, the saved scenarios and the downloads.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable
from dataclasses import replace
from typing import Any

# pandas and plotly are imported at the top, by the first run, not where a table or a
# figure first needs them: two script runs that reach a first import at once (a new
# page while the last rerun still draws) can get the module half-initialized
# ("partially initialized module 'pandas'", CPython's way out of an import deadlock;
# seen in CI on 2026-12-01).
import pandas  # noqa: F401
import plotly.graph_objects  # noqa: F401
import streamlit as st

from valorize.case_files import parse_toml
from valorize.dashboard import model_page as mp
from valorize.dashboard import validation as v
from valorize.dashboard.controls import Controls, apply_controls, controls_from_case
from valorize.dashboard.evaluation import Evaluation, evaluate, key_numbers, side_by_side
from valorize.dashboard.store import ScenarioStore
from valorize.errors import ValorizeError
from valorize.model.registry import builtin_case_names, route_of
from valorize.refinery.case import case_from_text
from valorize.units.sulfidation import LIMITS, MAX_DOSE_WT_PCT

EDITED = "(the edited case)"


def _db_argument(argv: list[str]) -> str | None:
    if "--db" in argv and argv.index("--db") + 1 < len(argv):
        return argv[argv.index("--db") + 1]
    return None


@st.cache_resource
def _store(path: str | None) -> ScenarioStore:
    return ScenarioStore(path)


@st.cache_data(max_entries=64, show_spinner=False)
def _evaluate(text: str) -> Evaluation:
    return evaluate(text)


@st.cache_data(max_entries=16, show_spinner=False)
def _figures(text: str) -> list[Any]:
    from valorize.report.html_report import core_figures

    ev = _evaluate(text)
    return list(core_figures(ev.case, ev.results).values()) if ev.ok else []


def _report_of(ev: Evaluation) -> Callable[[], str]:
    """The report's HTML, built only when the download button is clicked.

    Building it runs the case's Monte Carlo and tornado; doing that on every
    edit would keep each rerun of the page waiting for a file nobody asked for.
    """

    def build() -> str:
        from valorize.report.html_report import build_report

        return build_report(ev.case, ev.results).html

    return build


# ------------------------------------------------------------------ the case and controls
def _set_base(text: str, where: str) -> None:
    """Start from a new case: its text, and every control set to its values."""
    state = st.session_state
    try:
        route = route_of(parse_toml(text, where)).name
    except ValorizeError as exc:
        state.load_error = str(exc)
        return
    if route != "refinery":
        _set_model_base(text, where)
        return
    try:
        case = case_from_text(text, where)
    except ValorizeError as exc:
        state.load_error = str(exc)
        return
    state.route = "refinery"
    state.load_error = ""
    state.base_text, state.base_where = text, where
    c = controls_from_case(case)
    for key in [k for k in state if str(k).startswith("wt_")]:
        del state[key]
    state.elements = list(c.composition_wt_pct)
    for el, pct in c.composition_wt_pct.items():
        state[f"wt_{el}"] = float(pct)
    state.temperature = float(c.temperature_degC)
    state.pressure = float(c.pressure_Pa)
    state.entrainment = float(c.entrainment_pct)
    state.sulfur_dose = float(c.sulfur_dose_pct)
    state.hgs = c.hgs
    state.priced = c.refined_price is not None
    state.refined_price = float(c.refined_price or 0.0)
    state.crude_price = float(c.crude_price or 0.0)


def _set_model_base(text: str, where: str) -> None:
    """Start from a case of a route with no page of its own: a control per parameter."""
    state = st.session_state
    model = mp.checked(text, where)
    if isinstance(model, str):
        state.load_error = model
        return
    state.load_error = ""
    state.route = model.route
    state.base_text, state.base_where = text, where
    for key in [k for k in state if str(k).startswith("param_")]:
        del state[key]
    state.model_controls = mp.controls_of(model)
    for i, c in enumerate(state.model_controls):
        state[f"param_{i}"] = c.value


def _on_builtin() -> None:
    from valorize.case_files import read_case_text

    name = st.session_state.builtin
    text, where = read_case_text(name, builtin_case_names())
    _set_base(text, where)


def _on_upload() -> None:
    upload = st.session_state.upload
    if upload is None:
        return
    try:
        text = upload.getvalue().decode("utf-8")
    except UnicodeDecodeError:
        st.session_state.load_error = f"{upload.name}: not a UTF-8 text file"
        return
    _set_base(text, upload.name)


def _on_load(store: ScenarioStore) -> None:
    name = st.session_state.get("saved")
    if name:
        try:
            _set_base(store.load(name).case_toml, f"scenario {name}")
        except ValorizeError as exc:
            st.session_state.load_error = str(exc)


def _on_balance() -> None:
    state = st.session_state
    others = sum(state[f"wt_{el}"] for el in state.elements if el != "Se")
    state.wt_Se = round(100.0 - others, 6)


#: The built-in case the dashboard opens with.
DEFAULT_CASE = "balkhash-selenium"


def _controls(store: ScenarioStore) -> tuple[Controls | None, dict[str, Any]]:
    """Draw the sidebar; the control values and a message slot next to each control."""
    bar = st.sidebar
    bar.header("Case")
    names = builtin_case_names()
    bar.selectbox("Built-in case", names, key="builtin", on_change=_on_builtin)
    bar.file_uploader(
        "…or upload a case file (TOML)", type=["toml"], key="upload", on_change=_on_upload
    )
    saved = store.names()
    bar.selectbox(
        "…or a saved scenario",
        saved,
        key="saved",
        index=None,
        placeholder="none saved yet" if not saved else "choose one",
    )
    bar.button("Load scenario", on_click=_on_load, args=(store,), disabled=not saved)
    slots = {v.CASE: bar.empty()}
    if st.session_state.get("route", "refinery") != "refinery":
        return None, slots  # the model page draws its own controls
    bar.header("Operation")
    bar.number_input("Temperature (°C)", key="temperature", step=5.0, format="%.1f")
    slots[v.TEMPERATURE] = bar.empty()
    bar.number_input("Pressure (Pa)", key="pressure", step=10.0, format="%.1f")
    slots[v.PRESSURE] = bar.empty()
    bar.number_input(
        "Entrainment (% of the condensate)", key="entrainment", step=0.05, format="%.3f"
    )
    slots[v.ENTRAINMENT] = bar.empty()
    bar.number_input(
        "Sulfidation: sulfur (wt % of the crude, 0 for none)",
        key="sulfur_dose",
        min_value=0.0,
        max_value=MAX_DOSE_WT_PCT,
        step=0.5,
        format="%.2f",
    )
    bar.radio(
        "What the HgS does while the Se distils",
        list(LIMITS),
        key="hgs",
        format_func=lambda k: LIMITS[k],
        disabled=not st.session_state.sulfur_dose,
    )
    slots[v.SULFIDATION] = bar.empty()
    state = st.session_state
    if state.priced:
        bar.header("Prices (USD/kg)")
        bar.number_input("Refined Se price", key="refined_price", step=5.0, format="%.2f")
        bar.number_input("Crude Se price", key="crude_price", step=1.0, format="%.2f")
        slots[v.PRICES] = bar.empty()
    bar.header("Crude composition (wt %)")
    columns = bar.columns(2)
    for i, el in enumerate(state.elements):
        columns[i % 2].number_input(f"{el} (wt %)", key=f"wt_{el}", step=0.1, format="%.4f")
    total = sum(state[f"wt_{el}"] for el in state.elements)
    bar.caption(f"sum: {total:.4f} %")
    bar.button("Make Se the balance", on_click=_on_balance)
    slots[v.COMPOSITION] = bar.empty()
    c = Controls(
        composition_wt_pct={el: float(state[f"wt_{el}"]) for el in state.elements},
        temperature_degC=float(state.temperature),
        pressure_Pa=float(state.pressure),
        entrainment_pct=float(state.entrainment),
        sulfur_dose_pct=float(state.sulfur_dose),
        hgs=str(state.hgs),
    )
    if state.priced:
        c = replace(
            c, refined_price=float(state.refined_price), crude_price=float(state.crude_price)
        )
    return c, slots


# ------------------------------------------------------------------------ the answers
def _fmt(value: Any) -> str:
    if not isinstance(value, float):
        return str(value)
    return f"{value:,.4g}" if abs(value) < 1e5 else f"{value:,.0f}"


def _answers(ev: Evaluation) -> None:
    numbers = key_numbers(ev.results)
    status, grade = numbers.pop("targets"), numbers.pop("grade met")
    (st.success if status == "all met" else st.error)(f"targets: {status}; grade met: {grade}")
    labels = [k for k in numbers if k != "price scenario"]
    for row in (labels[:4], labels[4:]):  # two rows, so no value is cut
        for column, label in zip(st.columns(4), row, strict=False):
            column.metric(label, numbers[label])
    if "price scenario" in numbers:
        st.caption(f"money at the price scenario {numbers['price scenario']!r}")
    for w in ev.results.warnings:
        st.warning(w)


def _save_and_download(
    store: ScenarioStore, text: str, stem: str, report: Callable[[], str]
) -> None:
    """Save the edited case under a name; download it (TOML) and its report (HTML)."""
    left, right = st.columns(2)
    with left:
        st.subheader("Save this scenario")
        name = st.text_input("Scenario name", key="scenario_name")
        if st.button("Save scenario"):
            try:
                saved = store.save(name, text)
                st.success(f"saved {saved.name!r} at {saved.saved_at}")
            except ValorizeError as exc:
                st.error(str(exc))
    with right:
        st.subheader("Download")
        # which case the buttons hold: the report carries the same hash
        st.caption(f"case file SHA-256 {hashlib.sha256(text.encode('utf-8')).hexdigest()}")
        st.download_button(
            "Download case (TOML)",
            text,
            file_name=f"{stem}.toml",
            mime="application/toml",
            on_click="ignore",  # a download changes nothing on the page: no rerun
        )
        st.download_button(
            "Download report (HTML)",
            report,  # built only when clicked
            file_name=f"{stem}-report.html",
            mime="text/html",
            on_click="ignore",
        )


def _compare(store: ScenarioStore, edited: str) -> None:
    choices = [EDITED, *store.names()]
    left, right = st.columns(2)
    a = left.selectbox("Scenario A", choices, key="compare_a")
    b = right.selectbox("Scenario B", choices, key="compare_b", index=min(1, len(choices) - 1))
    texts = []
    for name in (a, b):
        texts.append(edited if name == EDITED else store.load(name).case_toml)
    runs = [_evaluate(t) for t in texts]
    for column, name, ev in zip((left, right), (a, b), runs, strict=True):
        if not ev.ok:
            column.error(f"{name}: {ev.error}")
    if all(ev.ok for ev in runs):
        rows = side_by_side(runs[0].results, runs[1].results)
        st.table(
            {
                "": [r[0] for r in rows],
                f"A: {a}": [_fmt(r[1]) for r in rows],
                f"B: {b}": [_fmt(r[2]) for r in rows],
            }
        )


def _model_page(store: ScenarioStore) -> None:
    """A case of a route with no page of its own: its model's controls and answers."""
    state = st.session_state
    bar = st.sidebar
    bar.header("Parameters")
    controls = state.model_controls
    for i, c in enumerate(controls):
        bar.number_input(
            c.label, key=f"param_{i}", min_value=c.low, max_value=c.high, format="%.6g"
        )
    values = {c.name: float(state[f"param_{i}"]) for i, c in enumerate(controls)}
    model = mp.checked(state.base_text, state.base_where)
    if isinstance(model, str):
        st.error(model)
        return
    text, page_only = mp.apply_values(state.base_text, model, values)
    st.subheader(model.title)
    try:
        metrics, targets = mp.answers(model, values)
    except ValorizeError as exc:
        st.error(str(exc).splitlines()[0])
        return
    metrics = [  # money in M USD, as the CLI shows it
        (label, value / 1e6, "M USD") if unit == "USD" else (label, value, unit)
        for label, value, unit in metrics
    ]
    shown = metrics[:6]
    for column, (label, value, unit) in zip(st.columns(len(shown)), shown, strict=True):
        column.metric(f"{label} ({unit})", _fmt(value))
    for text_, met in targets:
        (st.success if met else st.warning)(f"target {text_}: {'met' if met else 'NOT met'}")
    if page_only:
        st.caption(
            "changed on this page only (not fields of the case file, not saved): "
            + ", ".join(page_only)
        )
    table, plant, toml = st.tabs(["All metrics", "Plant data", "Case file"])
    with table:
        st.table(
            {
                "metric": [m[0] for m in metrics],
                "value": [_fmt(m[1]) for m in metrics],
                "unit": [m[2] for m in metrics],
            }
        )
    with plant:
        _plant_data(text, state.base_where)
    with toml:
        st.code(text, language="toml")

    def report() -> str:
        from valorize.report.model_report import report_of

        edited = mp.checked(text, state.base_where)
        return "" if isinstance(edited, str) else report_of(edited, samples=500).html

    _save_and_download(store, text, model.name, report)


def _log_text() -> tuple[str, str] | None:
    """The batch log chosen (its text and name), or None while none is uploaded."""
    from valorize.dashboard.calibration_page import shipped_logs

    logs = shipped_logs()
    upload = "upload a batch log (CSV)"
    source = st.radio("Batch log", [*logs, upload], key="log_source", horizontal=True)
    if source != upload:
        return logs[source], source
    got = st.file_uploader("Batch log (CSV with a '# [log]' header)", type=["csv"], key="log_file")
    if got is None:
        st.info("Upload a batch log: format in docs/calibration.md, example above.")
        return None
    try:
        return got.getvalue().decode("utf-8"), got.name
    except UnicodeDecodeError:
        st.error(f"{got.name}: not a UTF-8 text file")
        return None


def _plant_data(text: str, where: str) -> None:
    """Calibrate the edited case to a batch log; the posterior and the targets' odds."""
    from valorize.calibration.results import posterior_file
    from valorize.cli.common import strict_json
    from valorize.dashboard import calibration_page as cp
    from valorize.report import calibration_section as cs

    st.caption(
        "Learn the case's uncertain parameters from a plant's batch log, as `valorize "
        "calibrate` does (Bayesian, emcee; docs/calibration.md). The sampler runs until "
        "converged or the most steps; a run that stops first is marked NOT converged."
    )
    chosen = _log_text()
    if chosen is None:
        return
    log_text, log_name = chosen
    a, b, c, d = st.columns(4)
    settings = cp.Settings(
        walkers=int(a.number_input("Walkers", min_value=2, value=32, step=2, key="cal_walkers")),
        max_steps=int(b.number_input("Most steps", min_value=250, value=20_000, step=250,
                                     key="cal_steps")),
        min_ess=int(c.number_input("Effective sample size", min_value=1, value=1000,
                                   key="cal_ess")),
        seed=int(d.number_input("Seed", min_value=0, value=0, key="cal_seed")),
    )  # fmt: skip
    st.caption(cp.settings_line(settings))
    key = cp.run_key(text, log_text, settings)
    state = st.session_state
    if st.button("Calibrate", key="calibrate"):
        model = mp.checked(text, where)
        if isinstance(model, str):
            st.error(model)
            return
        bar = st.progress(0.0, text="starting the sampler")
        try:
            run = cp.calibrate_case(
                model,
                log_text,
                log_name,
                settings,
                lambda steps, diag: bar.progress(
                    *cp.progress_text(steps, settings.max_steps, diag)
                ),
            )
        except ValorizeError as exc:
            bar.empty()
            st.error(str(exc).splitlines()[0])
            return
        bar.empty()
        state.calibration = (key, model, run)
    held = state.get("calibration")
    if held is None or held[0] != key:
        st.info("Press Calibrate to learn from this log (the case or settings changed since).")
        return
    _, model, run = held
    ok, line = cp.verdict(run)
    (st.success if ok else st.error)(line)
    for w in run.document["warnings"]:
        if not w.startswith("NOT converged"):  # the verdict above says it
            st.warning(w)
    odds = cp.odds_rows(run)
    for column, (label, before, after) in zip(st.columns(max(1, len(odds))), odds, strict=False):
        change = f"{100 * (after - before):+.0f} points from {100 * before:.0f} %"
        column.metric(f"P({label})", f"{100 * after:.0f} %", delta=change)
    st.table(cp.parameter_table(run))
    st.plotly_chart(cs.posterior_figure(model, run))
    st.plotly_chart(cs.predictive_figure(model, run))
    with st.expander("Trace of the walkers"):
        st.plotly_chart(cs.trace_figure(model, run))
    left, middle, right = st.columns(3)
    left.download_button("Download posterior.csv", posterior_file(run, cp.COMMAND),
                         file_name="posterior.csv", mime="text/csv", on_click="ignore")  # fmt: skip
    middle.download_button("Download calibration.json", strict_json(run.document),
                           file_name="calibration.json", mime="application/json",
                           on_click="ignore")  # fmt: skip

    def report() -> str:
        from valorize.report.model_report import report_of

        return report_of(model, samples=500, calibration=run).html

    right.download_button("Download report with the calibration (HTML)", report,
                          file_name=f"{model.name}-calibrated-report.html", mime="text/html",
                          on_click="ignore")  # fmt: skip


def main() -> None:
    """Draw the page."""
    st.set_page_config(page_title="valorize dashboard", layout="wide")
    state = st.session_state
    store = _store(_db_argument(sys.argv))
    if "base_text" not in state:
        names = builtin_case_names()
        # the plain refinery first: other cases sort before it by name
        state.builtin = DEFAULT_CASE if DEFAULT_CASE in names else names[0]
        _on_builtin()
    c, slots = _controls(store)
    if state.get("load_error"):
        slots[v.CASE].error(state.load_error)
    st.title("valorize dashboard")
    st.caption(f"{state.base_where}, as edited in the sidebar")
    if c is None:
        _model_page(store)
        return
    problems = v.check_controls(c)
    for control, message in problems.items():
        slots.get(control, slots[v.CASE]).error(message)
    if problems:
        st.info("Fix the entries marked in the sidebar to see the answers.")
        return
    text = apply_controls(state.base_text, c)
    ev = _evaluate(text)
    if not ev.ok:
        slots.get(v.control_of(ev.error), slots[v.CASE]).error(ev.error)
        st.error(ev.error)
        return
    st.subheader(ev.case.case.title)
    _answers(ev)
    # saving and downloading come before the figures, which take longest to draw
    _save_and_download(store, ev.text, ev.case.case.name, _report_of(ev))
    plots, plant, compare, toml = st.tabs(["Plots", "Plant data", "Compare scenarios", "Case file"])
    with plots:
        for fig in _figures(text):
            st.plotly_chart(fig)
    with plant:
        _plant_data(text, state.base_where)
    with compare:
        _compare(store, text)
    with toml:
        st.code(text, language="toml")


try:
    main()
except ValorizeError as exc:
    st.error(str(exc))
except Exception as exc:  # never a traceback on the page
    if type(exc).__module__.startswith("streamlit"):
        raise
    st.error(f"the dashboard failed: {type(exc).__name__}: {(str(exc).splitlines() or [''])[0]}")
