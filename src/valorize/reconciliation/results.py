"""The result document of a reconciliation: every value in the unit it was measured in.

:func:`reconciliation_document` turns a :class:`~valorize.reconciliation.balance.Reconciliation`
of a :class:`~valorize.reconciliation.survey.Survey` into the JSON-ready dictionary that
``valorize reconcile`` prints, writes and tabulates (keys in docs/reconciliation.md).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from valorize.reconciliation.balance import Reconciliation
from valorize.reconciliation.survey import Shown, Survey


def display_units(survey: Survey) -> dict[str, Shown]:
    """The unit each kind of value is shown in: the first one the survey used for it.

    ``"mass"`` takes the unit of the first measured mass (kg or kg/s when none is); each
    component that of its first assay (``%`` when it has none).
    """
    units: dict[str, Shown] = {}
    for m, how in zip(survey.measurements, survey.shown, strict=True):
        units.setdefault(m.quantity, how)
    units.setdefault("mass", Shown("kg" if survey.mass_dimension == "mass" else "kg/s", 1.0))
    for c in survey.network.components:
        units.setdefault(c, Shown("%", 1e-2))
    return units


def _label(stream: str, quantity: str) -> str:
    return f"{stream} mass" if quantity == "mass" else f"{stream} {quantity}"


def _finite(x: float) -> float | None:
    return float(x) if np.isfinite(x) else None


def _measurement_rows(
    r: Reconciliation, shown: dict[tuple[str, str], Shown], impossible: set[tuple[str, str]]
) -> list[dict]:
    rows = []
    for i, m in enumerate(r.measurements):
        how = shown[(m.stream, m.quantity)]
        f = how.factor
        rows.append(
            {
                "stream": m.stream,
                "quantity": m.quantity,
                "label": _label(m.stream, m.quantity),
                "unit": how.unit,
                "measured": m.value / f,
                "sd": m.sd / f,
                "reconciled": float(r.reconciled[i]) / f,
                "reconciled_sd": float(r.reconciled_sd[i]) / f,
                "adjustment": float(r.adjustment[i]) / f,
                "adjustment_in_sd": float(r.adjustment[i]) / m.sd,
                "redundant": bool(r.redundant[i]),
                "z": float(r.z[i]) if r.redundant[i] else None,
                "flagged": bool(r.flagged[i]),
                "impossible": (m.stream, m.quantity) in impossible,
            }
        )
    return rows


def _suspect_rows(r: Reconciliation, shown: dict[tuple[str, str], Shown]) -> list[dict]:
    """Each measurement set aside, its statistic then, its equivalents and the balance's value."""
    out = []
    for suspect in r.suspects:
        m = suspect.measurement
        how = shown[(m.stream, m.quantity)]
        value, sd = r.value(m.stream, m.quantity)
        out.append(
            {
                "stream": m.stream,
                "quantity": m.quantity,
                "label": _label(m.stream, m.quantity),
                "unit": how.unit,
                "measured": m.value / how.factor,
                "sd": m.sd / how.factor,
                "balance_value": value / how.factor,
                "balance_sd": sd / how.factor,
                "z": suspect.z,
                "equivalent": [_label(e.stream, e.quantity) for e in suspect.equivalent],
            }
        )
    return out


def _impossible_rows(
    survey: Survey, r: Reconciliation, units: dict[str, Shown], shown: dict[tuple[str, str], Shown]
) -> list[dict]:
    """Each value no plant can have, in the unit it is shown in, with the nodes to look at."""
    out = []
    for x in r.impossible():
        if x.quantity == "assays":
            label, how = f"{x.stream} assays (sum)", Shown("%", 1e-2)
        else:
            label = _label(x.stream, x.quantity)
            how = shown.get((x.stream, x.quantity)) or units[x.quantity]
        out.append(
            {
                "stream": x.stream,
                "quantity": x.quantity,
                "label": label,
                "unit": how.unit,
                "value": x.value / how.factor,
                "sd": x.sd / how.factor,
                "bound": x.bound,
                "nodes": [
                    n.name
                    for n in survey.network.nodes
                    if x.stream in n.inputs or x.stream in n.outputs
                ],
            }
        )
    return out


def impossible_message(impossible: list[dict], nodes: list[dict]) -> str:
    """One line: the impossible values, what they mean and where to look.

    ``impossible`` and ``nodes`` are the document's rows of those keys; the message
    starts with ``PHYSICALLY IMPOSSIBLE``, the flag every output carries.
    """
    values = ", ".join(
        f"{x['label']} {x['value']:.4g} {x['unit']} ({x['bound']})" for x in impossible
    )
    names = list(dict.fromkeys(n for x in impossible for n in x["nodes"]))
    at = "; ".join(
        f"node {n['name']!r} (in: {', '.join(n['inputs'])}; out: {', '.join(n['outputs'])})"
        for n in nodes
        if n["name"] in names
    )
    return (
        f"PHYSICALLY IMPOSSIBLE: {values}. No plant has these: the measurements cannot all "
        "be right with this network. Look for a gross error (a scale, a sample, a unit, a "
        f"decimal point) in the streams at {at}, and for a stream missing from the "
        "network or joined the wrong way round"
    )


def _warnings(
    survey: Survey, r: Reconciliation, impossible: list[dict], nodes: list[dict]
) -> list[str]:
    out = []
    if survey.info.synthetic:
        out.append(
            "SYNTHETIC data: made by a script, not measured in a plant"
            + (f" ({survey.info.note.strip()})" if survey.info.note.strip() else "")
        )
    if impossible:
        out.append(impossible_message(impossible, nodes))
    if not r.global_test_passed:
        out.append(
            "the global test still fails and no single measurement stands out: look for "
            "a systematic error (a node missing, a stream uncounted, errors too small)"
        )
    return out


def reconciliation_document(survey: Survey, r: Reconciliation) -> dict[str, Any]:
    """The JSON-ready result of a reconciliation; values in their measured units.

    Keys: ``survey`` (title), ``synthetic``, ``note``, ``source``, ``survey_file``,
    ``survey_sha256``, ``valorize_version``, ``summary`` (the tests; ``physical``
    false when a value is impossible), ``measurements`` (each measured value: measured,
    sd, reconciled, reconciled_sd, adjustment, adjustment_in_sd, z, redundant, flagged,
    impossible), ``estimates`` (each unmeasured value with its sd, and impossible),
    ``suspects`` (measurements set aside as gross errors), ``impossible`` (each value no
    plant can have: a mass below zero, an assay outside 0-100 %, a stream's assays
    summing above 100 %; :meth:`Reconciliation.impossible`), ``nodes`` and ``warnings``
    (where ``PHYSICALLY IMPOSSIBLE`` says so).
    """
    from scipy.stats import chi2

    from valorize import __version__

    shown = {
        (m.stream, m.quantity): how
        for m, how in zip(survey.measurements, survey.shown, strict=True)
    }
    units = display_units(survey)
    impossible = _impossible_rows(survey, r, units, shown)
    out_of_range = {(x["stream"], x["quantity"]) for x in impossible}
    rows = _measurement_rows(r, shown, out_of_range)
    estimates = []
    for j, (stream, quantity) in enumerate(r.unknowns):
        how = shown.get((stream, quantity)) or units[quantity]
        estimates.append(
            {
                "stream": stream,
                "quantity": quantity,
                "label": _label(stream, quantity),
                "unit": how.unit,
                "value": float(r.estimate[j]) / how.factor,
                "sd": float(r.estimate_sd[j]) / how.factor,
                "measured_but_set_aside": any(
                    (x.measurement.stream, x.measurement.quantity) == (stream, quantity)
                    for x in r.suspects
                ),
                "impossible": (stream, quantity) in out_of_range,
            }
        )
    nodes = [
        {"name": n.name, "inputs": list(n.inputs), "outputs": list(n.outputs)}
        for n in survey.network.nodes
    ]
    first = r.first_pass or r
    dof = r.degrees_of_freedom
    summary = {
        "nodes": len(survey.network.nodes),
        "streams": len(survey.network.streams),
        "components": list(survey.network.components),
        "measured": len(survey.measurements),
        "estimated": len(r.unknowns),
        "degrees_of_freedom": dof,
        "chi_square": r.chi_square,
        "chi_square_critical": _finite(chi2.isf(r.alpha, dof)) if dof else None,
        "p_value": r.p_value,
        "alpha": r.alpha,
        "global_test_passed": r.global_test_passed,
        "first_pass_chi_square": first.chi_square,
        "first_pass_p_value": first.p_value,
        "z_critical": r.z_critical,
        "tested": int(r.redundant.sum()),
        "iterations": r.iterations,
        "physical": not impossible,
    }
    return {
        "survey": survey.info.title,
        "synthetic": survey.info.synthetic,
        "note": survey.info.note,
        "source": survey.info.source,
        "survey_file": survey.path,
        "survey_sha256": survey.sha256,
        "valorize_version": __version__,
        "summary": summary,
        "measurements": rows,
        "estimates": estimates,
        "suspects": _suspect_rows(r, shown),
        "impossible": impossible,
        "nodes": nodes,
        "warnings": _warnings(survey, r, impossible, nodes),
    }


__all__ = ["display_units", "impossible_message", "reconciliation_document"]
