"""The results of a refinery run: their shape, the target checks, assumptions and money."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from valorize import __version__
from valorize.data.loader import dissociating_forms, emission_factor, process_parameter, reference
from valorize.errors import InputError
from valorize.refinery.case import Case
from valorize.units.sulfidation import LIMITS

PPM = 1e6
#: The yearly flows of a summary that follow the crude the furnaces can process.
PROCESSED_FLOWS = (
    "product_t_per_yr",
    "residue_t_per_yr",
    "residue_sold_t_per_yr",
    "stockpile_t_per_yr",
    "volatile_cut_t_per_yr",
    "waste_t_per_yr",
    "batches_per_yr",
    "recycle_t_per_yr",
    "sulfur_t_per_yr",
)


def furnace_capacity(furnaces: int) -> float:
    """Furnace hours a year ``furnaces`` can run: each ``operating_hours`` (data/process.toml)."""
    return furnaces * process_parameter("operating_hours").value / 3600.0


def processed_share(hours_needed: Any, furnaces: int) -> Any:
    r"""Share of the crude the furnaces can process, :math:`\min(1, H_{cap}/H_{need})`.

    ``hours_needed`` (h/yr, any shape) are the furnace hours the batches of all the crude
    would take; :math:`H_{cap}` is :func:`furnace_capacity`. The rest of the crude is not
    processed: every yearly flow of the plant scales by this share.
    """
    import numpy as np

    need = np.asarray(hours_needed, dtype=float)
    capacity = furnace_capacity(furnaces)
    return np.where(need > capacity, capacity / np.where(need > 0, need, 1.0), 1.0)


def cap_to_furnaces(summary: dict[str, Any], furnaces: int) -> None:
    """Scale a run's yearly flows to what ``furnaces`` can process; say how many it needs.

    ``furnace_hours_per_yr`` stays the hours all the crude would need; the summary gains
    ``furnaces``, ``furnaces_needed``, ``furnace_capacity_h_per_yr``, ``processed_share``
    and the crude processed and left unprocessed (t/yr). Energy per tonne, purity and the
    recovery of the processed crude do not change.
    """
    import math

    hours = summary["furnace_hours_per_yr"]
    if not math.isfinite(hours):
        raise InputError(
            "operation: at these conditions the melt does not evaporate in any time: no batch "
            "ends (lower the residual pressure or raise the temperature)"
        )
    share = float(processed_share(hours, furnaces))
    one = furnace_capacity(1)
    summary["furnaces"] = furnaces
    summary["furnaces_needed"] = max(1, math.ceil(hours / one - 1e-9))
    summary["furnace_capacity_h_per_yr"] = furnace_capacity(furnaces)
    summary["processed_share"] = share
    summary["crude_processed_t_per_yr"] = summary["feed_t_per_yr"] * share
    summary["crude_unprocessed_t_per_yr"] = summary["feed_t_per_yr"] * (1.0 - share)
    if share >= 1.0:
        return
    for key in PROCESSED_FLOWS:
        if key in summary:
            summary[key] *= share
    for row in (*summary.get("streams", []), *summary.get("side_condensates", [])):
        row["t_per_yr"] *= share
    for unit in summary.get("units", []):  # each unit runs on the processed share too
        for key in ("throughput_t_per_yr", "batches_per_yr"):
            if key in unit["sizes"]:
                unit["sizes"][key] *= share
        for key in ("electricity_kW", "heat_kW", "utilities_usd_per_yr"):
            if key in unit:
                unit[key] *= share


def capacity_warning(summary: dict[str, Any]) -> str | None:
    """What a summary capped to its furnaces (:func:`cap_to_furnaces`) must say, or None."""
    share = summary.get("processed_share", 1.0)
    if share >= 1.0:
        return None
    n, need = summary["furnaces"], summary["furnace_hours_per_yr"]
    have, more = summary["furnace_capacity_h_per_yr"], summary["furnaces_needed"]
    return (
        f"the {n} furnace{'s' * (n != 1)} cannot process all the crude: its batches need "
        f"{need:,.0f} h/yr, {have:,.0f} are available; {100 * share:.1f} % of it is "
        f"processed and every yearly figure is that share; {more} furnaces would take "
        "it all (operation.furnaces)"
    )


@dataclass(frozen=True)
class Results:
    """What a case run gives: a summary per crude, assumptions and warnings."""

    case_name: str
    title: str
    case_sha256: str
    summary: dict[str, Any]
    variants: list[dict[str, Any]]
    assumptions: list[dict[str, Any]]
    warnings: list[str] = field(default_factory=list)

    def cash_flow_frame(self) -> Any:
        """The yearly cash flow of every price scenario as a pandas DataFrame.

        One row per scenario and year, with the columns of ``results.json``'s
        ``cash_flow`` tables (USD) and a ``price_scenario`` column.
        """
        import pandas as pd

        scenarios = self.summary.get("economics", {}).get("scenarios", [])
        if not scenarios:
            raise InputError(f"case {self.case_name} has no [economics]: no cash flow")
        rows = [
            {"price_scenario": e["price_scenario"], **row}
            for e in scenarios
            for row in e["cash_flow"]
        ]
        return pd.DataFrame(rows).set_index(["price_scenario", "year"])

    def summary_frame(self) -> Any:
        """The base crude and every variant side by side: the scalar results as a DataFrame."""
        import pandas as pd

        columns = {"base": self.summary}
        columns.update({v["name"]: v["summary"] for v in self.variants})
        scalar = (int, float, str)
        return pd.DataFrame(
            {
                name: {k: v for k, v in s.items() if isinstance(v, scalar)}
                for name, s in columns.items()
            }
        )

    def to_json(self) -> dict[str, Any]:
        """The object written to results.json."""
        return {
            "case": self.case_name,
            "title": self.title,
            "route": "refinery",
            "valorize_version": __version__,
            "case_sha256": self.case_sha256,
            "summary": self.summary,
            "assumptions": self.assumptions,
            "warnings": self.warnings,
            "variants": self.variants,
        }


def target_check(summary: dict[str, Any], case: Case, seconds_per_year: float) -> dict:
    """Each of the case's targets against a run's summary: its value and whether it is met."""
    t = case.target
    out: dict[str, Any] = {}
    if t.product_rate is not None:
        need = t.product_rate * seconds_per_year / 1000.0
        out["product_t_per_yr"] = {"target": need, "met": summary["product_t_per_yr"] >= need}
    if t.se_min_wt_pct is not None:
        out["product_Se_wt_pct"] = {
            "target": t.se_min_wt_pct,
            "met": summary["product_Se_wt_pct"] >= t.se_min_wt_pct,
        }
    for symbol, limit in t.max_ppm.items():
        out[f"{symbol}_ppm_max"] = {
            "target": limit,
            "met": summary["impurities_ppm"][symbol] <= limit,
        }
    capacity = furnace_capacity(case.operation.furnaces)
    out["furnace_hours_per_yr"] = {
        "target": capacity,
        "met": summary["furnace_hours_per_yr"] <= capacity,
    }
    return out


def case_assumptions(case: Case) -> list[dict[str, Any]]:
    """The assumed numbers that carry a refinery case's answer, with status and source."""
    rows = []
    plant = (  # the plant's energy beyond the charge (units/furnace_energy.py)
        "fixture_mass_ratio",
        "fixture_heat_capacity",
        "vacuum_pump_power",
        "pumpdown_time",
        "cooling_water_share",
    )
    losses = (  # the furnace's own losses (units/furnace_losses.py), unless the case gives its
        ()
        if case.model.heat_loss is not None
        else (
            "melt_emissivity",
            "condenser_emissivity",
            "hot_zone_wall_area",
            "insulation_thickness",
            "insulation_conductivity",
            "insulation_conductivity_slope",
            "shell_heat_transfer_coefficient",
            *(() if case.operation.condenser_zones else ("condenser_wall_temperature",)),
        )
    )
    for name in ("evaporation_coefficient", "entrainment", *losses, *plant):
        given = {
            "evaporation_coefficient": case.model.evaporation_coefficient,
            "entrainment": case.model.entrainment,
        }.get(name)
        datum = process_parameter(name)
        rows.append(
            {
                "name": name,
                "value": datum.in_unit(given),
                "unit": datum.unit,
                "status": datum.status if given is None else "case file",
                "source": reference(datum.reference).citation if given is None else case.case.name,
                "note": datum.note,
            }
        )
    if case.model.heat_loss is not None:
        rows.append(
            {
                "name": "furnace heat loss",
                "value": case.model.heat_loss,
                "unit": "W/m2",
                "status": "case file",
                "source": case.case.name,
                "note": "the case's loss per m2 of melt, in place of the furnace's radiation "
                "and shell losses",
            }
        )
    dissociating = dissociating_forms()
    given = set(case.feed.forms.values()) & set(dissociating)
    # the compounds the given ones exchange with (HgS, HgTe: valorize.thermo.exchange)
    exchanged = {
        key
        for key, f in dissociating.items()
        for g in given
        if f.vapour == dissociating[g].vapour
        and f.partner != dissociating[g].partner
        and f.partner in case.feed.composition_wt_pct
    }
    for form in sorted(given | exchanged):
        for name, unit in (("formation_enthalpy", "J/mol"), ("formation_entropy", "J/(mol K)")):
            datum = getattr(dissociating[form], name)
            rows.append(
                {
                    "name": f"{form} {name}",
                    "value": datum.value,
                    "unit": unit,
                    "status": datum.status,
                    "source": reference(datum.reference).citation,
                    "note": datum.note,
                }
            )
    step = case.operation.sulfidation
    if step is not None:
        rows.append(
            {
                "name": "sulfidation",
                "value": step.sulfur_dose,
                "unit": "wt % S",
                "status": "case file",
                "source": step.source or case.case.name,
                "note": f"hgs = {step.hgs!r}: the HgS {LIMITS[step.hgs]}",
            }
        )
    rows.append(
        {
            "name": "feed composition",
            "value": case.feed.composition_wt_pct,
            "unit": "wt %",
            "status": "case file",
            "source": case.feed.source,
            "note": "",
        }
    )
    return rows


def add_economics(
    summary: dict[str, Any],
    case: Case,
    priced: dict[str, Any] | None = None,
    economics: Any = None,
) -> None:
    """Add the case's economics and CO2 to a summary (in place); nothing without [economics].

    ``priced`` is the summary the cash flow prices, where it differs from ``summary``
    (a flowsheet credits only the residue its smelter sinks take); ``economics``
    replaces ``case.economics`` for the cash flow (a flowsheet's units add equipment).
    """
    if case.economics is None:
        return
    from valorize.refinery.economics import case_economics

    economics = case_economics(
        priced or summary, economics or case.economics, case.feed.composition_wt_pct
    )
    first = economics["scenarios"][0]
    for key in (
        "capex_usd",
        "opex_usd_per_yr",
        "revenue_usd_per_yr",
        "unit_cost_usd_per_kg",
        "refining_cost_usd_per_kg",
        "npv_usd",
        "irr_pct",
        "payback_yr",
        "minimum_selling_price_usd_per_kg",
    ):
        summary[key] = first[key]
    summary["price_scenario"] = first["price_scenario"]
    summary["economics"] = economics
    factor = emission_factor(case.economics.grid_emission_factor)
    # scope 2: the furnace runs on grid electricity (the energy balance's kWh)
    summary["co2_kg_per_kg_product"] = summary["energy_kWh_per_t_product"] * factor.value / 1e3
    summary["co2_t_per_yr"] = summary["co2_kg_per_kg_product"] * summary["product_t_per_yr"]
    summary["co2_basis"] = (
        f"scope 2, grid electricity at {factor.value} kg CO2/kWh "
        f"({reference(factor.reference).citation})"
    )
    if case.co2_baseline is not None:
        from valorize.emissions.baseline import avoided_emissions

        summary["co2_avoided"] = avoided_emissions(
            priced or summary, case.co2_baseline, case.economics.grid_emission_factor
        )


def run_warnings(result: Any, summary: dict[str, Any]) -> list[str]:
    """A run's warnings: the distillation's, pairs taken as ideal, furnaces short of hours."""
    warnings = list(result.warnings)
    if result.ideal_pairs:
        warnings.append(
            "taken as ideal for lack of parameters: "
            + ", ".join("-".join(p) for p in result.ideal_pairs)
        )
    capped = capacity_warning(summary)
    if capped is not None:
        warnings.append(capped)
    return warnings
