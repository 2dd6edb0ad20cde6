"""The case file of the slag -> photocatalyst -> solar hydrogen route, validated by pydantic.

Tables: ``[case]``, ``[site]``, ``[slag]``, ``[panels]``, ``[economics]`` and
``[breakeven]``. Quantities with a dimension are text with units ("530 m",
"30 bar", "100000 m^2", "3 yr"); money is text with a currency ("30 USD/m2",
"1800 UZS/m3", "50 USD/t"); shares and efficiencies are plain numbers whose
field name says the unit (``_pct``). A field left out takes its value from
``data/hydrogen.toml`` with that record's source. Errors name the field.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    BeforeValidator,
    Field,
    field_validator,
    model_validator,
)

from valorize.case_files import StrictModel
from valorize.economics.terms import FinancingTerms
from valorize.hydrogen.data import value
from valorize.quantities import Unit, parse_quantity
from valorize.refinery.case import RouteUncertain

_YEAR = 365.25 * 86400.0


def _quantity(dimension: str) -> BeforeValidator:
    return BeforeValidator(lambda v: parse_quantity(v, dimension, ""))


def _money(per: str | None) -> BeforeValidator:
    def parse(v: Any) -> float:
        from valorize.economics.money import parse_money

        return parse_money(v, "", per=per)

    return BeforeValidator(parse)


def _years(v: Any) -> float:
    return parse_quantity(v, "time", "") / _YEAR


Length = Annotated[float, _quantity("length"), Unit("m"), Field(ge=0)]
#: Ground a site may stand on, m: the Dead Sea's shore to Everest (data/hydrogen.toml).
ALTITUDE_RANGE_M = (value("lowest_ground"), value("highest_ground"))
Altitude = Annotated[
    float,
    _quantity("length"),
    Unit("m"),
    Field(ge=ALTITUDE_RANGE_M[0], le=ALTITUDE_RANGE_M[1]),
]
Area = Annotated[float, _quantity("area"), Unit("m^2"), Field(gt=0)]
Pressure = Annotated[float, _quantity("pressure"), Unit("Pa"), Field(gt=0)]
Years = Annotated[float, BeforeValidator(_years), Unit("yr"), Field(gt=0)]
PricePerM2 = Annotated[float, _money("m2"), Unit("USD/m^2"), Field(ge=0)]
PricePerM3 = Annotated[float, _money("m3"), Unit("USD/m^3"), Field(ge=0)]
PricePerKWh = Annotated[float, _money("kWh"), Unit("USD/kWh"), Field(ge=0)]
PricePerT = Annotated[float, _money("t"), Unit("USD/t"), Field(ge=0)]
Share = Annotated[float, Unit("fraction"), Field(gt=0, le=1)]


class CaseInfo(StrictModel):
    """What the case is."""

    name: str = Field(description="short identifier, e.g. 'almalyk-slag-hydrogen'")
    title: str = Field(description="one line for reports")
    description: str = Field("", description="what is modelled and why")
    location: str = Field("", description="plant and country")


class SiteSpec(StrictModel):
    """Where the panels stand; coordinates in decimal degrees."""

    latitude: float = Field(ge=-90, le=90, description="degrees north")
    longitude: float = Field(ge=-180, le=180, description="degrees east")
    altitude: Altitude = Field(description="above sea level, -430 m to 8,849 m, e.g. '530 m'")
    timezone: str = Field("UTC", description="IANA name, e.g. 'Asia/Tashkent'")

    @field_validator("timezone")
    @classmethod
    def _a_time_zone(cls, name: str) -> str:
        """An IANA time zone the system's database knows, with the nearest names if not."""
        import difflib
        import zoneinfo

        try:
            zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, IsADirectoryError):
            near = difflib.get_close_matches(name, sorted(zoneinfo.available_timezones()), 3)
            hint = f"; did you mean {', '.join(repr(n) for n in near)}?" if near else ""
            raise ValueError(f"unknown time zone {name!r}, give an IANA name{hint}") from None
        return name

    tilt_deg: float = Field(ge=0, le=90, description="panel tilt from horizontal, degrees")
    azimuth_deg: float = Field(180.0, ge=0, lt=360, description="panel facing, 180 = south")
    year: int = Field(2023, ge=1950, le=2100, description="calendar year of the sun positions")
    sunny_days: float | None = Field(
        None, ge=0, le=366, description="clear days a year (None: data/hydrogen.toml's)"
    )
    cloudy_day_clearness: float | None = Field(
        None, ge=0, le=1, description="a cloudy day's irradiation over the clear-sky day's"
    )
    source: str = Field("", description="where the site data come from")


class SlagSpec(StrictModel):
    """The slag's analysis in mass percent (components of valorize.hydrogen.slag)."""

    composition_wt_pct: dict[str, float] = Field(
        description="mass percent per slag component, summing to 100"
    )
    source: str = Field("", description="where the analysis comes from")

    @model_validator(mode="after")
    def _sums_to_100(self) -> SlagSpec:
        from valorize.hydrogen.slag import COMPONENTS

        unknown = sorted(set(self.composition_wt_pct) - set(COMPONENTS))
        if unknown:
            raise ValueError(f"unknown component {unknown[0]!r}; known: {', '.join(COMPONENTS)}")
        if any(v < 0 for v in self.composition_wt_pct.values()):
            raise ValueError("mass percentages must not be negative")
        total = sum(self.composition_wt_pct.values())
        if abs(total - 100.0) > 1e-6:
            raise ValueError(f"mass percentages must sum to 100, not {total:g}")
        return self


class PanelSpec(StrictModel):
    """The photocatalyst panel field; None takes the data file's value."""

    area: Area = Field(description="panel area, e.g. '100000 m^2'")
    sth_pct: float = Field(gt=0, lt=100, description="STH efficiency of the case, %")
    sth_scenarios_pct: dict[str, Annotated[float, Field(gt=0, lt=100)]] = Field(
        default_factory=dict, description="named STH values to report, %"
    )
    catalyst_life: Annotated[Years, Field(le=60)] | None = Field(
        None, description="years between catalyst sheet replacements, e.g. '5 yr'"
    )
    degradation_pct_per_yr: float | None = Field(
        None, ge=0, lt=100, description="yearly loss of activity, %"
    )
    catalyst_loading_kg_per_m2: float | None = Field(
        None, gt=0, description="photocatalyst per m2 of panel, kg"
    )
    panel_cost: PricePerM2 | None = Field(None, description="installed panel without catalyst")
    panel_om_pct_per_yr: float | None = Field(
        None, ge=0, lt=100, description="operation and maintenance, % of panel capital a year"
    )
    separation_recovery: Share | None = Field(
        None, description="share of the evolved H2 recovered from the H2/O2 mixture"
    )
    ground_coverage: Share | None = Field(None, description="panel area over land area")
    land_cost: PricePerM2 | None = Field(None, description="land, per m2")
    delivery_pressure: Pressure | None = Field(None, description="hydrogen delivered at")
    compressor_efficiency: Share | None = Field(
        None, description="isothermal efficiency of the compressor"
    )


class EconomicsSpec(StrictModel, FinancingTerms):
    """Discounting, prices and the CO2 price the break-even is also found with.

    The building, financing and tax terms are those of every route
    (:class:`~valorize.economics.terms.FinancingTerms`).
    """

    discount_rate: float = Field(ge=0, le=0.5, description="real, 0 to 0.5 a year")
    lifetime: Years = Field(ge=1, le=60, description="1 to 60 years, e.g. '20 yr'")
    co2_price: PricePerT = Field(description="e.g. '50 USD/t' of CO2")
    tax_rate: float = Field(
        ge=0, lt=1, description="income tax on the field's profit, e.g. 0.15 (Uzbekistan)"
    )
    gas_price: PricePerM3 | None = Field(None, description="natural gas for reforming, per m3")
    electricity_price: PricePerKWh | None = Field(None, description="grid electricity")
    pv_electricity_price: PricePerKWh | None = Field(
        None, description="PV electricity for electrolysis"
    )


class BreakevenSpec(StrictModel):
    """The grid the break-even curve is drawn on."""

    sth_max_pct: float = Field(15.0, gt=0, lt=100, description="the curve's highest STH, %")
    catalyst_cost_max: PricePerM2 = Field(100.0, description="its highest catalyst cost")
    points: int = Field(61, ge=3, le=2001, description="points along the curve")


class HydrogenUncertain(RouteUncertain):
    """An uncertain input of the hydrogen route and its distribution.

    The STH efficiency (``panels.sth_pct``, %), factors on the catalyst sheet's cost and
    on the price of the hydrogen it replaces (``catalyst_cost_factor``,
    ``hydrogen_price_factor``), or any numeric field of the case.
    """


class HydrogenCase(StrictModel):
    """A whole slag-to-hydrogen case."""

    case: CaseInfo
    site: SiteSpec
    slag: SlagSpec
    panels: PanelSpec
    economics: EconomicsSpec
    breakeven: BreakevenSpec = Field(default_factory=BreakevenSpec)
    uncertainty: list[HydrogenUncertain] = Field(default_factory=list)
    decisions: dict[str, list[float | str]] = Field(
        default_factory=dict,
        description="decision variables of valorize optimize by case path: [low, high] as "
        "numbers in the parameter's unit or quantities, e.g. { 'operation.temperature' = "
        "['250 degC', '450 degC'] }; replaces the route's defaults",
    )


def load_hydrogen_case(name_or_path: str) -> tuple[HydrogenCase, str, str]:
    """Read a built-in case by name or a case file by path: (case, text, SHA-256)."""
    from valorize.case_files import load_case_file
    from valorize.refinery.case import builtin_cases

    return load_case_file(
        HydrogenCase, name_or_path, list(builtin_cases("hydrogen")), "docs/hydrogen.md"
    )
