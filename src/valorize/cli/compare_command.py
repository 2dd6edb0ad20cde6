"""``valorize compare``: cases of any route side by side.

Metrics are matched by name, unit and label: one quantity each route names alike shares a
row, while a quantity of another product (the tellurium case's refined Te beside the
selenium case's refined Se, both ``product_t_per_yr``) gets a row of its own.
"""

from __future__ import annotations

import argparse
from typing import Any

from valorize.cli.common import print_json
from valorize.cli.tables import grid

#: Results beside the metrics that a case's summary may hold: name, label, unit.
EXTRA_ROWS = (
    ("grade", "grade met", ""),
    ("capex_usd", "capital", "USD"),
    ("payback_yr", "payback", "yr"),
    ("minimum_selling_price_usd_per_kg", "selenium price for the target IRR", "USD/kg"),
    (
        "minimum_selling_price_without_credits_usd_per_kg",
        "  the same without residue credits",
        "USD/kg",
    ),
)
#: Keys a price scenario of a refinery summary replaces, and its prices' keys.
SCENARIO_KEYS = (
    "npv_usd",
    "irr_pct",
    "payback_yr",
    "unit_cost_usd_per_kg",
    "refining_cost_usd_per_kg",
    "minimum_selling_price_usd_per_kg",
    "minimum_selling_price_without_credits_usd_per_kg",
)


def _columns(model: Any) -> list[dict[str, Any]]:
    """One column per case, or per price scenario of a case that has several."""
    summary = model.detail()["summary"]
    base = {m.name: summary.get(m.name) for m in model.metrics}
    base.update({key: summary.get(key) for key, _, _ in EXTRA_ROWS if key in summary})
    base["label"] = model.name
    scenarios = summary.get("economics", {}).get("scenarios") or [None]
    out = []
    for e in scenarios:
        column = dict(base)
        if e is not None:
            column.update({k: e[k] for k in SCENARIO_KEYS if k in e})
            column["label"] = f"{model.name} @ {e['price_scenario']}"
            for item, price in e["prices_usd_per_kg"].items():
                column[f"price_{item}_usd_per_kg"] = price
        out.append(column)
    return out


def _rows(models: list[Any]) -> list[tuple[str, str, str]]:
    """(key, label, unit) of every metric, matched across the models by all three."""
    rows = {(m.name, m.label, m.unit): None for model in models for m in model.metrics}
    return list(rows) + list(EXTRA_ROWS)


def _labelled(models: list[Any], columns: list[dict[str, Any]]) -> list[dict[str, str]]:
    """For each column, the label its model gives each metric name."""
    labels = {model.name: {m.name: m.label for m in model.metrics} for model in models}
    return [labels[c["label"].split(" @ ")[0]] for c in columns]


def _cell(value: Any, unit: str, key: str = "") -> str:
    """A value as shown; a missing one as '-', a payback never reached (None) as 'never'.

    ``key`` is the row's key where the column has it, '' where it does not.
    """
    from valorize.report.numbers import shown

    if value is None:
        return "never" if key == "payback_yr" else "-"
    return shown(value, unit)[0]


def _cmd_compare(args: argparse.Namespace) -> int:
    from valorize.cli.models import route_of_case
    from valorize.model.registry import load_model

    options = {} if args.route is None else {"route": args.route}
    models = [
        load_model(name, **(options if route_of_case(name) == "slime" else {}))
        for name in args.cases
    ]
    columns = [c for m in models for c in _columns(m)]
    rows = _rows(models)
    prices = sorted({k for c in columns for k in c if k.startswith("price_")})
    if args.json:
        units = {key: unit for key, _, unit in rows}
        print_json({"columns": columns, "units": units})
        return 0
    named = _labelled(models, columns)
    labels, cells = [], []
    for key, label, unit in rows:
        # a metric shows in the row of the label its own model gives it
        here = [
            c if n.get(key, label) == label else {} for c, n in zip(columns, named, strict=True)
        ]
        if all(c.get(key) is None for c in here):
            continue
        shown = "M USD" if unit == "USD" else unit
        labels.append(f"{label} ({shown})" if shown not in ("", "1") else label)
        cells.append([_cell(c.get(key), unit, key if key in c else "") for c in here])
    for key in prices:
        title = key.removeprefix("price_").removesuffix("_usd_per_kg").replace("_", " ")
        labels.append(f"price: {title} (USD/kg)")
        cells.append([_cell(c.get(key), "") for c in columns])
    headers = [c["label"].replace(" @ ", " at prices ") for c in columns]
    for line in grid(labels, headers, cells):
        print(line)
    return 0
