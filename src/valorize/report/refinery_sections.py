"""The refinery report's sections: what ``valorize run`` says, as tables people read.

Each function takes the run's summary (``results.json``'s ``summary``) and returns rows
of (label in words with its unit, value); :mod:`valorize.report.html_report` renders
them. Nothing here computes physics or money: it only says what the run computed.
"""

from __future__ import annotations

from typing import Any

from valorize.data.loader import grades, reference
from valorize.report.numbers import (
    assumption_rows,
    money_text,
    percent_text,
    years_text,
)
from valorize.units.sulfidation import LIMITS

Rows = list[tuple[str, str]]

#: ppm in one mass fraction.
PPM = 1e6


def _met(check: dict[str, Any] | None) -> str:
    if check is None:
        return ""
    return "met" if check["met"] else "NOT met"


#: A refinery target in words: its key in ``summary.target``, what it bounds, its unit.
TARGET_WORDS = {
    "product_t_per_yr": ("refined selenium out at least", "t/yr"),
    "product_Se_wt_pct": ("product purity at least", "wt % Se"),
    "furnace_hours_per_yr": ("furnace time at most", "h/yr"),
}


def target_words(key: str, bound: float) -> str:
    """``refined selenium out at least 60 t/yr``; ``Hg in the product at most 50 ppm``."""
    if key in TARGET_WORDS:
        words, unit = TARGET_WORDS[key]
        return f"{words} {bound:,g} {unit}"
    element = key.split("_")[0]
    return f"{element} in the product at most {bound:,g} ppm"


def targets(s: dict[str, Any]) -> Rows:
    """Each target of the run in words, and ``met`` or ``NOT met``."""
    return [(target_words(k, c["target"]), _met(c)) for k, c in s.get("target", {}).items()]


def largest_impurity(s: dict[str, Any]) -> str:
    """``Hg 3,170 ppm``: the impurity with the most ppm in the product ('none' if pure)."""
    ppm = s["impurities_ppm"]
    if not ppm:
        return "none"
    worst = max(ppm, key=ppm.get)
    return f"{worst} {_ppm(ppm[worst])} ppm"


def _ppm(x: float) -> str:
    """3,170 or 0.48: whole ppm from 1 up."""
    return f"{x:,.0f}" if x >= 1 else f"{x:.2g}"


def answer(s: dict[str, Any], max_ppm: dict[str, float]) -> Rows:
    """The headline: output, purity, grade, recovery, the main impurity, money, CO2."""
    rows = [
        (
            "refined selenium",
            f"{s['product_t_per_yr']:,.2f} t/yr from {s['feed_t_per_yr']:,.2f} t/yr of crude",
        ),
        ("purity", f"{s['product_Se_wt_pct']:.3f} wt % Se, grade met: {s['grade'] or 'none'}"),
    ]
    rows.append(("direct Se recovery", f"{s['Se_recovery_pct']:.2f} % of the Se fed"))
    ppm = s["impurities_ppm"]
    if ppm:
        worst = max(ppm, key=ppm.get)
        text = f"{worst} at {_ppm(ppm[worst])} ppm"
        if worst in max_ppm:
            text += f" (the buyer's limit: {max_ppm[worst]:g} ppm)"
        rows.append(("the largest impurity", text))
    for e in s.get("economics", {}).get("scenarios", []):
        rows.append(
            (
                f"NPV at {e['price_scenario']} prices",
                f"{money_text(e['npv_usd'])} without the grant, "
                f"{money_text(e['npv_with_grant_usd'])} with it "
                f"(capital {money_text(e['capex_usd'])})",
            )
        )
    if "co2_kg_per_kg_product" in s:
        text = f"{s['co2_kg_per_kg_product']:.3f} kg CO2 per kg of product (scope 2)"
        avoided = s.get("co2_avoided")
        if avoided:
            text += f"; {avoided['avoided_t_per_yr']:,.1f} t/yr avoided against the baseline"
        rows.append(("CO2", text))
    rows.append(("furnace use", schedule_line(s)))
    rows.extend((f"target: {words}", verdict) for words, verdict in targets(s))
    return rows


def schedule_line(s: dict[str, Any]) -> str:
    """``150 batches of 2.63 h: 394 of 8,000 furnace hours a year``."""
    return (
        f"{s['batches_per_yr']:,.0f} batches of {s['batch_duration_h']:.2f} h: "
        f"{s['furnace_hours_per_yr']:,.0f} of {s['furnace_capacity_h_per_yr']:,.0f} furnace "
        f"hours a year ({s['furnaces']} furnace{'s' if s['furnaces'] > 1 else ''})"
    )


def _grades(s: dict[str, Any]) -> tuple[tuple[Any, ...], Any]:
    """The selenium grades, and the one met (the lowest where none is)."""
    selenium = tuple(g for g in grades() if g.element == "Se")
    return selenium, next((g for g in selenium if g.name == s["grade"]), selenium[0])


def impurity_table(s: dict[str, Any], max_ppm: dict[str, float]) -> list[tuple[str, ...]]:
    """Each impurity in the product against the grades' and the buyer's limits.

    Rows of element, ppm, share of the impurity allowance of the grade met (or of the
    lowest grade), each grade's limit where the standard gives one, the buyer's limit
    and its verdict; the largest impurity first.
    """
    ppm = s["impurities_ppm"]
    selenium, met = _grades(s)
    allowance = (1.0 - met.min_fraction) * PPM
    rows = []
    for el in sorted(ppm, key=lambda k: -ppm[k]):
        limits = [f"{g.name} {g.max_ppm[el]:g}" for g in selenium if el in g.max_ppm]
        buyer = max_ppm.get(el)
        verdict = "" if buyer is None else ("met" if ppm[el] <= buyer else "NOT met")
        rows.append(
            (
                el,
                f"{ppm[el]:,.1f}" if ppm[el] >= 1 else f"{ppm[el]:.2g}",
                f"{100 * ppm[el] / allowance:.1f} %",
                ", ".join(limits) or "none on record",
                "" if buyer is None else f"{buyer:g} ({verdict})",
            )
        )
    return rows


def impurity_note(s: dict[str, Any]) -> str:
    """What the allowance column means, in one sentence."""
    met = _grades(s)[1]
    return (
        f"Share of allowance: the impurity's part of the {(1 - met.min_fraction) * PPM:,.0f} "
        f"ppm of non-selenium that the grade {met.name} (at least {100 * met.min_fraction:g} "
        "wt % Se) leaves room for. The grades' per-impurity limits are given where the "
        "standard's table is on record (data/grades.toml)."
    )


def _main(wt_pct: dict[str, float], most: int = 4) -> str:
    top = sorted(wt_pct.items(), key=lambda kv: -kv[1])[:most]
    return ", ".join(f"{el} {pct:.1f} %" for el, pct in top)


def streams(s: dict[str, Any]) -> Rows:
    """Residue, volatile cut and side condensates: tonnage, main elements, where they go."""
    rows = [
        (
            "residue",
            f"{s['residue_t_per_yr']:,.2f} t/yr ({_main(s['residue_wt_pct'])}); "
            f"{s['residue_sold_t_per_yr']:,.2f} t/yr sold to the smelter, "
            f"{s['stockpile_t_per_yr']:,.2f} t/yr stockpiled",
        ),
        (
            "volatile cut (first condensate)",
            f"{s['volatile_cut_t_per_yr']:,.2f} t/yr ({_main(s['volatile_cut_wt_pct'])}); "
            f"waste {s['waste_t_per_yr']:,.2f} t/yr",
        ),
    ]
    for z in s.get("side_condensates", []):
        rows.append(
            (f"{z['name']} condensate", f"{z['t_per_yr']:,.2f} t/yr ({_main(z['wt_pct'])})")
        )
    if "recycle_t_per_yr" in s:
        rows.append(("recycled to the furnace", f"{s['recycle_t_per_yr']:,.2f} t/yr"))
    return rows


def sulfidation_line(s: dict[str, Any]) -> str | None:
    """A summary's sulfidation: dose, hold, and the mercury turned; None without one."""
    step = s.get("sulfidation")
    if step is None:
        return None
    return (
        f"{step['sulfur_dose_wt_pct']:g} wt % S ({s['sulfur_t_per_yr']:.2f} t/yr), "
        f"{step['time_h']:.2g} h at {step['temperature_C']:.0f} degC: "
        f"{step['hg_as_hgs_pct']:.0f} % of the Hg to HgS, {LIMITS[step['hgs']]}"
    )


def furnace(s: dict[str, Any]) -> Rows:
    """Batches, furnace hours and capacity, a sulfidation, energy and its parts."""
    line = sulfidation_line(s)
    rows = [
        ("schedule", schedule_line(s)),
        *([("sulfidation", line)] if line is not None else []),
        ("furnaces needed", f"{s['furnaces_needed']} of {s['furnaces']}"),
        ("crude processed", f"{100 * s['processed_share']:.1f} % of the crude received"),
        (
            "gas between melt and condenser",
            f"{s['flow_regime']} (Knudsen number {s['knudsen_number']:.3g}, mean free path "
            f"{s['mean_free_path_mm']:.3g} mm); the gas holds back "
            f"{100 * s['gas_resistance_share']:.1f} % of the evaporation rate",
        ),
        ("energy", f"{s['energy_kWh_per_t_product']:,.0f} kWh per t of product"),
    ]
    for part, kwh in s["energy_breakdown_kWh_per_t_product"].items():
        rows.append((f"  {part.replace('_', ' ')}", f"{kwh:,.1f} kWh/t"))
    return rows


def money(s: dict[str, Any]) -> list[tuple[str, ...]]:
    """Capital and returns, one column per price scenario."""
    scenarios = s.get("economics", {}).get("scenarios", [])
    if not scenarios:
        return []

    def row(label: str, text: Any) -> tuple[str, ...]:
        return (label, *(text(e) for e in scenarios))

    return [
        row("prices", lambda e: e["price_scenario"]),
        row("selenium sold as", lambda e: f"{e['grade_sold']}"),
        row("capital", lambda e: money_text(e["capex_usd"])),
        row("grant", lambda e: money_text(e["grant_usd"])),
        row("operating cost", lambda e: f"{money_text(e['opex_usd_per_yr'])} a year"),
        row("revenue", lambda e: f"{money_text(e['revenue_usd_per_yr'])} a year"),
        row("NPV without the grant", lambda e: money_text(e["npv_usd"])),
        row("NPV with the grant", lambda e: money_text(e["npv_with_grant_usd"])),
        row("IRR", lambda e: percent_text(e["irr_pct"])),
        row("payback", lambda e: years_text(e["payback_yr"])),
        row("discounted payback", lambda e: years_text(e["discounted_payback_yr"])),
        row("refining cost", lambda e: f"{e['refining_cost_usd_per_kg']:.2f} USD/kg"),
        row(
            "Se price for the target IRR",
            lambda e: (
                f"{e['minimum_selling_price_usd_per_kg']:.2f} USD/kg with residue credits, "
                f"{e['minimum_selling_price_without_credits_usd_per_kg']:.2f} without"
            ),
        ),
    ]


def co2(s: dict[str, Any]) -> Rows:
    """CO2 of this route against the case's stated baseline."""
    a = s.get("co2_avoided")
    if not a:
        return []
    here, base = a["this_route_t_per_yr"], a["baseline_t_per_yr"]
    rows = [
        (f"{part}", f"{here[part]:,.2f} t/yr here, {base[part]:,.2f} t/yr in the baseline")
        for part in here
    ]
    rows.append(
        (
            "avoided",
            f"{a['avoided_t_per_yr']:,.2f} t/yr ({a['avoided_kg_per_kg_product']:.3f} kg per kg "
            "of product; negative: this route emits more)",
        )
    )
    rows.append(("basis", a["basis"]))
    rows.append(("baseline", " ".join(a["description"].split())))
    return rows


def assumptions(records: list[dict[str, Any]]) -> Rows:
    """Each assumed or estimated number with its unit, status, citation and note."""
    return assumption_rows(records)


def cited(key: str) -> str:
    """A reference key as its full citation with DOI or URL."""
    ref = reference(key)
    return f"{ref.citation} {ref.link}".strip()
