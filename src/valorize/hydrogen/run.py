"""Evaluate a slag-to-hydrogen case: photocatalysis against reforming and electrolysis.

:func:`evaluate` is a pure function of the case: it chains the slag's normative
phases, the photocatalyst plant, the site's irradiance (pvlib), the panel field's
levelized cost, the baselines and the break-even with reforming, with and without
the case's CO2 price, and returns one JSON-ready dictionary plus the break-even
curves for plotting.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from valorize.economics.template import CashFlowResult, PlantMoney, ProjectTerms, irr_details
from valorize.hydrogen.case import EconomicsSpec, HydrogenCase

_KWH = 3.6e6


@dataclass(frozen=True)
class BreakevenCurve:
    """Catalyst cost (USD/m2) at which photocatalysis equals reforming, over STH."""

    sth: np.ndarray  # fraction
    cost_without_co2_price: np.ndarray
    cost_with_co2_price: np.ndarray
    co2_price: float  # USD per kg CO2
    catalyst_cost: float  # the case's, USD/m2
    sth_case: float


def _pick(given: float | None, name: str, scale: float = 1.0) -> float:
    from valorize.hydrogen.data import value

    return value(name) if given is None else given * scale


def project_cash_flow(
    panel: Any,
    area: np.ndarray | float,
    sth: np.ndarray | float,
    catalyst_cost: np.ndarray | float,
    price: np.ndarray | float,
    e: EconomicsSpec,
    *,
    break_even: bool = False,
) -> tuple[CashFlowResult, np.ndarray]:
    r"""The panel field appraised with the template every route shares; hydrogen by year.

    Arguments broadcast over leading scenario axes. The capital,
    :math:`I = A\,(c_{panel} + c_{land} + c)` (panels, land, the first catalyst sheet),
    is spent over the construction years (one by default); in each operating year the
    field sells its hydrogen :math:`m_t` at ``price`` (reforming's levelized cost, the
    hydrogen it replaces) and spends O&M and the later sheets,
    :math:`A\,(f_t + c\,k_t)` (the template's *other* costs), and compression,
    :math:`b\,m_t` (its utilities). For tax the panels are depreciated over the tax life
    (the field's life by default), the first sheet over its own life (the sheets bought
    later are expensed), land not at all. Grant, loan, ramp-up and working capital are
    the case's shared terms (:func:`valorize.economics.template.project_cash_flow`).

    Returns
    -------
    tuple
        The cash flow and its measures (:class:`~valorize.economics.template.CashFlowResult`,
        lines ``(..., B + N)``), and the hydrogen made in each operating year, kg,
        ``(..., N)``.
    """
    from valorize.economics.template import project_cash_flow as appraise

    money, terms, made = panel_money(panel, area, sth, catalyst_cost, price, e)
    return appraise(money, terms, break_even=break_even), made


def panel_money(
    panel: Any,
    area: np.ndarray | float,
    sth: np.ndarray | float,
    catalyst_cost: np.ndarray | float,
    price: np.ndarray | float,
    e: EconomicsSpec,
) -> tuple[PlantMoney, ProjectTerms, np.ndarray]:
    """What the panel field makes, earns and spends, its project terms, and its hydrogen.

    The inputs of :func:`project_cash_flow` (see it for the lines); the hydrogen made in
    each operating year, kg, ``(..., N)``.
    """
    from valorize.economics.terms import project_terms

    area = np.asarray(area, dtype=float)
    c = np.asarray(catalyst_cost, dtype=float)
    operating = slice(1, None)  # PanelEconomics counts year 0 as the capital year
    made = area[..., None] * np.asarray(sth, dtype=float)[..., None]
    made = made * panel.output_per_sth()[operating]
    money = PlantMoney(
        product=made,
        product_price=price,
        utilities=made * panel.per_kg_cost(),
        other=area[..., None]
        * (panel.fixed_costs()[operating] + c[..., None] * panel.sheets_bought()[operating]),
    )
    terms = project_terms(
        e,
        capital_cost=area * (panel.panel_cost + panel.land_cost + c),
        life_years=panel.years,
        discount_rate=e.discount_rate,
        tax_rate=e.tax_rate,
        depreciable=(
            (area * panel.panel_cost, e.depreciation_years or panel.years),
            (area * c, panel.catalyst_life),
        ),
    )
    return money, terms, made


def _project(
    panel: Any, area: float, sth: float, catalyst_cost: float, smr: Any, e: EconomicsSpec
) -> dict[str, Any]:
    r"""The panel field as a project selling its hydrogen at reforming's cost, after tax.

    :func:`project_cash_flow` at the case's STH and catalyst cost; NPV, IRR and payback
    of that cash flow, and the price of hydrogen that earns the target IRR. CO2 avoided
    is reforming's direct CO2 less the route's, per kg, times the mean output.
    """
    from valorize.emissions.baseline import co2_comparison

    r, made = project_cash_flow(panel, area, sth, catalyst_cost, smr.cost, e, break_even=True)

    def number(x: Any) -> float | None:
        v = float(np.asarray(x))
        return v if np.isfinite(v) else None

    mean = float(made.mean())
    irr, payback = number(r.irr), number(r.payback)
    compression = panel.co2_per_kg_compression()
    avoided = co2_comparison(
        {
            "compression electricity (scope 2)": compression * mean / 1000.0,
            "catalyst sheets made": (panel.co2_per_kg(sth) - compression) * mean / 1000.0,
        },
        {"steam methane reforming (direct)": smr.co2 * mean / 1000.0},
        mean / 1000.0,
        "the same hydrogen made by steam methane reforming of natural gas",
        "the field's compression electricity on the grid and the CO2 of making its catalyst "
        "sheets, against reforming's direct CO2 per kg (data/hydrogen.toml smr_co2_direct), "
        "for the mean year's hydrogen",
    )
    return {
        "basis": (
            f"hydrogen valued at reforming's levelized cost; after {100 * e.tax_rate:g} % "
            "income tax"
        ),
        "hydrogen_price_usd_per_kg": smr.cost,
        "capex_usd": float(area * (panel.panel_cost + panel.land_cost + catalyst_cost)),
        "grant_usd": float(r.cash_flow[0] - r.project_cash_flow[0]),  # received in year 0
        "npv_usd": float(r.npv),
        "npv_with_grant_usd": float(r.npv_with_grant),
        "irr_pct": None if irr is None else 100 * irr,
        **{key: values[0] for key, values in irr_details(r).items()},
        "payback_yr": payback,
        "minimum_selling_price_usd_per_kg": number(r.minimum_selling_price),
        "target_irr": e.target_irr,
        "equity_npv_usd": float(r.equity_npv),
        "co2_avoided_t_per_yr": avoided["avoided_t_per_yr"],
        "co2_avoided": avoided,
        "cash_flow_usd": [float(x) for x in r.project_cash_flow],
        "cash_flow_with_grant_usd": [float(x) for x in r.cash_flow],
        "hydrogen_kg": [0.0] * (len(r.years) - len(made)) + [float(x) for x in made],
    }


@dataclass(frozen=True)
class Basis:
    """What the case's answers are computed from: slag, plant, sun, panels, baselines."""

    phases: dict[str, Any]
    balance: Any
    loading: float
    life: int
    catalyst_cost: float
    catalyst_co2: float
    site: Any
    sun: Any
    ground: float
    panel: Any
    smr: Any
    grid: Any
    pv: Any
    pv_cf: float
    co2_price: float
    rate: float
    years: int


def basis(case: HydrogenCase) -> Basis:
    """The slag's phases, the photocatalyst plant, the sun, the panel field and the baselines."""
    from valorize.data.loader import emission_factor
    from valorize.hydrogen import baselines
    from valorize.hydrogen.breakeven import PanelEconomics
    from valorize.hydrogen.compression import compression_energy
    from valorize.hydrogen.data import value
    from valorize.hydrogen.photocatalyst_plant import PlantInputs, process_slag
    from valorize.hydrogen.slag import normative_phases
    from valorize.hydrogen.solar import Site, yearly_irradiation

    p, e = case.panels, case.economics
    grid_factor = emission_factor("grid_UZ").value / _KWH  # kg CO2 per J
    electricity_price = _pick(e.electricity_price, "electricity_price_almalyk", 1.0 / _KWH)
    gas_price = _pick(e.gas_price, "gas_price_almalyk")
    pv_price = _pick(e.pv_electricity_price, "pv_electricity_cost", 1.0 / _KWH)
    co2_price = e.co2_price / 1000.0  # USD per kg CO2
    years = round(e.lifetime)
    rate = e.discount_rate

    # slag -> photocatalyst
    phases = normative_phases({k: v / 100.0 for k, v in case.slag.composition_wt_pct.items()})
    plant = PlantInputs.from_data(grid_factor)
    plant = replace(plant, electricity_price=electricity_price, gas_price=gas_price)
    balance = process_slag(phases, plant)
    loading = _pick(p.catalyst_loading_kg_per_m2, "catalyst_loading")
    catalyst_cost = float(
        loading * balance.cost_per_kg_photocatalyst + value("sheet_fabrication_cost")
    )
    catalyst_co2 = float(loading * balance.co2_per_kg_photocatalyst)
    life = max(1, round(_pick(p.catalyst_life, "catalyst_life")))

    # sun
    site = Site(
        case.site.latitude,
        case.site.longitude,
        case.site.altitude,
        case.site.timezone,
        case.site.tilt_deg,
        case.site.azimuth_deg,
        value("ground_albedo"),
    )
    sun = yearly_irradiation(
        site, case.site.year, case.site.sunny_days, case.site.cloudy_day_clearness
    )

    ground = _pick(p.ground_coverage, "ground_coverage")
    panel = PanelEconomics(
        poa_irradiation=sun.poa_typical,
        separation_recovery=_pick(p.separation_recovery, "separation_recovery"),
        degradation=_pick(p.degradation_pct_per_yr, "catalyst_degradation", 0.01),
        catalyst_life=life,
        panel_cost=_pick(p.panel_cost, "panel_cost"),
        panel_om=_pick(p.panel_om_pct_per_yr, "panel_om", 0.01),
        land_cost=_pick(p.land_cost, "land_cost") / ground,
        compression_energy=compression_energy(
            1e5,
            _pick(p.delivery_pressure, "delivery_pressure"),
            _pick(p.compressor_efficiency, "compressor_efficiency"),
        ),
        electricity_price=electricity_price,
        grid_emission_factor=grid_factor,
        catalyst_co2=catalyst_co2,
        discount_rate=rate,
        years=years,
    )

    # baselines
    smr = baselines.steam_methane_reforming(rate, years, gas_price)
    grid = baselines.electrolysis(
        "grid electrolysis",
        rate,
        years,
        electricity_price,
        value("grid_electrolysis_capacity_factor"),
        grid_factor,
    )
    pv_cf = baselines.pv_capacity_factor(sun.poa_typical)
    pv = baselines.electrolysis(
        "PV electrolysis", rate, years, pv_price, pv_cf, value("pv_lifecycle_emissions")
    )
    return Basis(
        phases,
        balance,
        loading,
        life,
        catalyst_cost,
        catalyst_co2,
        site,
        sun,
        ground,
        panel,
        smr,
        grid,
        pv,
        pv_cf,
        co2_price,
        rate,
        years,
    )


def evaluate(case: HydrogenCase) -> tuple[dict[str, Any], BreakevenCurve]:
    """Every result of the case, and the break-even curves."""
    from valorize.hydrogen import baselines
    from valorize.hydrogen.breakeven import breakeven_catalyst_cost, breakeven_sth, lcoh

    b = basis(case)
    p, e = case.panels, case.economics
    phases, balance, loading, life = b.phases, b.balance, b.loading, b.life
    catalyst_cost, site, sun, ground, panel = b.catalyst_cost, b.site, b.sun, b.ground, b.panel
    smr, grid, pv, pv_cf, co2_price, rate = b.smr, b.grid, b.pv, b.pv_cf, b.co2_price, b.rate

    def route(sth: float) -> dict[str, Any]:
        per_m2 = panel.output_per_sth()[1:] * sth
        return {
            "sth_pct": 100 * sth,
            "h2_first_year_kg": float(per_m2[0] * p.area),
            "h2_mean_kg_per_yr": float(per_m2.mean() * p.area),
            "h2_kg_per_m2_yr": float(per_m2.mean()),
            "lcoh_usd_per_kg": float(lcoh(panel, sth, catalyst_cost)),
            "lcoh_with_co2_price_usd_per_kg": float(lcoh(panel, sth, catalyst_cost, co2_price)),
            "co2_kg_per_kg": panel.co2_per_kg(sth),
        }

    sth_case = p.sth_pct / 100.0
    scenarios = {name: route(v / 100.0) for name, v in p.sth_scenarios_pct.items()}
    sth_grid = np.linspace(
        case.breakeven.sth_max_pct / 100 / case.breakeven.points,
        case.breakeven.sth_max_pct / 100,
        case.breakeven.points,
    )
    smr_with = smr.cost_with_co2_price(co2_price)
    curve = BreakevenCurve(
        sth=sth_grid,
        cost_without_co2_price=breakeven_catalyst_cost(panel, sth_grid, smr.cost),
        cost_with_co2_price=breakeven_catalyst_cost(panel, sth_grid, smr_with, co2_price),
        co2_price=co2_price,
        catalyst_cost=catalyst_cost,
        sth_case=sth_case,
    )
    be_without = float(breakeven_sth(panel, catalyst_cost, smr.cost))
    be_with = float(breakeven_sth(panel, catalyst_cost, smr_with, co2_price))
    slag_per_yr = p.area * loading / life / float(balance.photocatalyst)

    def base(r: baselines.RouteResult) -> dict[str, Any]:
        return {
            "lcoh_usd_per_kg": r.cost,
            "lcoh_with_co2_price_usd_per_kg": r.cost_with_co2_price(co2_price),
            "co2_kg_per_kg": r.co2,
            "co2_lifecycle_kg_per_kg": r.co2_lifecycle,
        }

    payload: dict[str, Any] = {
        "slag": {
            "phases_wt_pct": {k: 100 * float(v) for k, v in phases.items()},
            "photocatalyst_kg_per_kg_slag": float(balance.photocatalyst),
            "magnetic_product_kg_per_kg_slag": float(sum(balance.magnetic.values())),
            "fayalite_in_photocatalyst_wt_pct": 100 * float(balance.fayalite_grade),
            "grinding_kwh_per_t_slag": float(balance.grinding_energy) / _KWH * 1000,
            "calcination_gas_m3_per_t_slag": float(balance.gas_volume) * 1000,
            "photocatalyst_cost_usd_per_kg": float(balance.cost_per_kg_photocatalyst),
            "photocatalyst_co2_kg_per_kg": float(balance.co2_per_kg_photocatalyst),
            "slag_needed_t_per_yr": slag_per_yr / 1000,
        },
        "solar": {
            "ghi_clear_kwh_per_m2_yr": sun.ghi_clear / _KWH,
            "poa_clear_kwh_per_m2_yr": sun.poa_clear / _KWH,
            "ghi_typical_kwh_per_m2_yr": sun.ghi_typical / _KWH,
            "poa_typical_kwh_per_m2_yr": sun.poa_typical / _KWH,
            "tilt_deg": site.tilt,
            "pv_capacity_factor": pv_cf,
        },
        "warnings": list(sun.warnings),
        "panels": {
            "area_m2": p.area,
            "land_m2": p.area / ground,
            "catalyst_cost_usd_per_m2": catalyst_cost,
            "catalyst_life_yr": life,
            "compression_kwh_per_kg": panel.compression_energy / _KWH,
        },
        "photocatalysis": {"case": route(sth_case), "scenarios": scenarios},
        "baselines": {
            "steam methane reforming": base(smr),
            "grid electrolysis": base(grid),
            "PV electrolysis": base(pv),
        },
        "breakeven": {
            "reference": "steam methane reforming",
            "co2_price_usd_per_t": e.co2_price,
            "sth_pct_without_co2_price": 100 * be_without if np.isfinite(be_without) else None,
            "sth_pct_with_co2_price": 100 * be_with if np.isfinite(be_with) else None,
            "at_catalyst_cost_usd_per_m2": catalyst_cost,
        },
        "economics": {"discount_rate": rate, "lifetime_yr": b.years},
        "project": _project(panel, p.area, sth_case, catalyst_cost, smr, e),
    }
    return payload, curve
