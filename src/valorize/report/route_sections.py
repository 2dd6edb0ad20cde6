"""The report sections of the anode slime and hydrogen routes, from their result documents.

Each function takes a route's document (``model.detail()``) and returns sections as
(title, rows) with rows of (label in words with its unit, value); the report of every
route (:mod:`valorize.report.model_report`) renders them after the answer. Nothing here
computes: it says what the route computed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from valorize.report.numbers import money_text, percent_text, years_text

Section = tuple[str, list[tuple[str, str]]]


def _co2_rows(a: dict[str, Any]) -> list[tuple[str, str]]:
    here, base = a["this_route_t_per_yr"], a["baseline_t_per_yr"]
    rows = [
        (part, f"{here[part]:,.1f} t/yr here, {base.get(part, 0.0):,.1f} t/yr in the baseline")
        for part in here
    ]
    rows.append(("avoided", f"{a['avoided_t_per_yr']:,.1f} t/yr (negative: this route emits more)"))
    rows.append(("basis", a["basis"]))
    rows.append(("baseline", " ".join(a["description"].split())))
    return rows


def slime_sections(d: dict[str, Any]) -> list[Section]:
    """Outlets, reagents and energy, the check against reported output, money and CO2."""
    path = d["summary"]["path"]
    r = d["routes"][path]
    k = 0  # the case's own slime; the others are variants
    outlets = [(name, f"{v[k]:,.2f} t/yr") for name, v in r["outlets_t_per_yr"].items()]
    use = [(f"reagent {n}", f"{v[k]:,.1f} t/yr") for n, v in r["reagents_t_per_yr"].items()]
    use += [(f"electricity, {n}", f"{v[k]:,.0f} MWh/yr")
            for n, v in r["energy_breakdown_mwh_per_yr"].items()]  # fmt: skip
    sections: list[Section] = [
        (f"Where the slime goes ({path} path, {r['slimes'][k]})", outlets),
        ("Reagents and electricity", use),
    ]
    checks = []
    for name, c in r["check"].items():
        if name == "source":
            continue
        verdict = "agrees within" if c["agrees"] else "DISAGREES: outside"
        checks.append(
            (
                name,
                f"modelled {c['modelled_t_per_yr']:,.2f} t/yr against "
                f"{c['reported_t_per_yr']:,.2f} t/yr reported: ratio {c['ratio']:.2f}, "
                f"{verdict} a factor {c['tolerance_factor']:g} (reported, not tuned away)",
            )
        )
    if checks:
        checks.append(("reported output from", " ".join(str(r["check"]["source"]).split())))
        sections.append(("Modelled against what the plant reports", checks))
    e = r.get("economics")
    if e:
        gold = e["revenue_by_product_usd_per_yr"].get("Au", [0.0])[k]
        sections.append(
            (
                f"Capital and returns ({e['price_scenario']} prices)",
                [
                    ("capital", money_text(e["capex_usd"])),
                    ("grant", money_text(e["grant_usd"])),
                    (
                        "revenue",
                        f"{money_text(e['revenue_usd_per_yr'][k])} a year, gold "
                        f"{money_text(gold)} of it (the slime's own metal value)",
                    ),
                    ("operating cost", f"{money_text(e['opex_usd_per_yr'][k])} a year"),
                    ("NPV without the grant", money_text(e["npv_usd"][k])),
                    ("NPV with the grant", money_text(e["npv_with_grant_usd"][k])),
                    ("IRR", percent_text(e["irr_pct"][k])),
                    ("payback", years_text(e["payback_yr"][k])),
                    ("selenium sold as", f"{e['se_grade_sold'][k]}"),
                ],
            )
        )
    if r.get("co2_avoided"):
        sections.append(("CO2 against the baseline", _co2_rows(r["co2_avoided"][k])))
    return sections


def hydrogen_sections(d: dict[str, Any]) -> list[Section]:
    """The panels against reforming and electrolysis, the break-even, the project."""
    rows = [("photocatalysis (this case)", d["photocatalysis"]["case"])]
    rows += [(f"photocatalysis, {n}", v) for n, v in d["photocatalysis"]["scenarios"].items()]
    rows += list(d["baselines"].items())
    compared = [
        (
            name,
            f"{v['lcoh_usd_per_kg']:,.2f} USD/kg ({v['lcoh_with_co2_price_usd_per_kg']:,.2f} with "
            f"the CO2 price), {v['co2_kg_per_kg']:.2f} kg CO2 per kg H2",
        )
        for name, v in rows
    ]
    b = d["breakeven"]

    def sth(x: float | None) -> str:
        return "never (the costs per kg alone exceed reforming)" if x is None else f"{x:.2f} %"

    breakeven = [
        ("against", b["reference"]),
        ("at a catalyst cost of", f"{b['at_catalyst_cost_usd_per_m2']:.2f} USD per m2"),
        ("STH needed, no CO2 price", sth(b["sth_pct_without_co2_price"])),
        (
            f"STH needed, CO2 at {b['co2_price_usd_per_t']:g} USD/t",
            sth(b["sth_pct_with_co2_price"]),
        ),
    ]
    p = d["project"]
    project = [
        ("basis", p["basis"]),
        ("capital", money_text(p["capex_usd"])),
        ("grant", money_text(p["grant_usd"])),
        ("NPV without the grant", money_text(p["npv_usd"])),
        ("NPV with the grant", money_text(p["npv_with_grant_usd"])),
        ("IRR", percent_text(p["irr_pct"])),
        ("payback", years_text(p["payback_yr"])),
        ("CO2 avoided", f"{p['co2_avoided_t_per_yr']:,.0f} t/yr against reforming"),
    ]
    return [
        ("Hydrogen against reforming and electrolysis", compared),
        ("Where the panels break even with reforming", breakeven),
        ("The panels as a project", project),
    ]


#: A route's own sections, by route name.
ROUTE_SECTIONS: dict[str, Callable[[dict[str, Any]], list[Section]]] = {
    "slime": slime_sections,
    "hydrogen": hydrogen_sections,
}
