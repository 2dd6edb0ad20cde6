"""Case files: a plant described in TOML, with units, validated by pydantic.

A case file has the tables ``[case]``, ``[feed]``, ``[operation]``, optional
``[model]``, ``[target]`` and ``[[variants]]``; every field is documented in
``docs/case-files.md``. Quantities are text with units (``"75 t/yr"``,
``"400 degC"``, ``"130 Pa"``) and become SI floats here; a wrong dimension or
an unknown field is an :class:`~valorize.errors.InputError` that names the
field and what is allowed.
"""

from __future__ import annotations

import hashlib
import itertools
from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from valorize.case_files import StrictModel, parse_toml, read_case_text, validate
from valorize.constants import STANDARD_ATMOSPHERE
from valorize.economics.terms import FinancingTerms, non_negative_money
from valorize.errors import InputError
from valorize.quantities import SI_SYMBOLS, Unit, parse_quantity
from valorize.units.sulfidation import MAX_DOSE_WT_PCT, hold_window


def _quantity(dimension: str) -> Any:
    def parse(value: Any) -> float:
        return parse_quantity(value, dimension, "")

    return BeforeValidator(parse)


def _si(dimension: str) -> Unit:
    return Unit(SI_SYMBOLS[dimension])


Temperature = Annotated[float, _quantity("temperature"), _si("temperature"), Field(gt=0)]
Duration = Annotated[float, _quantity("time"), _si("time"), Field(ge=0)]
Pressure = Annotated[float, _quantity("pressure"), _si("pressure"), Field(gt=0)]
Mass = Annotated[float, _quantity("mass"), _si("mass"), Field(gt=0)]
MassRate = Annotated[float, _quantity("mass_rate"), _si("mass_rate"), Field(gt=0)]
Area = Annotated[float, _quantity("area"), _si("area"), Field(gt=0)]
Length = Annotated[float, _quantity("length"), _si("length"), Field(gt=0)]
HeatFlux = Annotated[float, _quantity("heat_flux"), _si("heat_flux"), Field(ge=0)]
Fraction = Annotated[float, Unit("fraction"), Field(ge=0, lt=1)]


class CaseInfo(StrictModel):
    """What the case is."""

    name: str = Field(description="short identifier, e.g. 'balkhash-selenium'")
    title: str = Field(description="one line for reports")
    description: str = Field("", description="what is modelled and why")
    location: str = Field("", description="plant and country")


class Feed(StrictModel):
    """The crude selenium fed to the refinery."""

    rate: MassRate = Field(description="crude selenium per year, e.g. '75 t/yr'")
    composition_wt_pct: dict[str, float] = Field(
        description="mass percent of each element, Se first; must sum to 100"
    )
    forms: dict[str, str] = Field(
        default_factory=dict,
        description="element -> compound it is bound in (data/forms.toml); default dissolved",
    )
    source: str = Field(description="where the composition comes from, and what is assumed")

    @field_validator("composition_wt_pct")
    @classmethod
    def _selenium_first(cls, composition: dict[str, float]) -> dict[str, float]:
        return selenium_first(composition)


def selenium_first(composition: dict[str, float]) -> dict[str, float]:
    """A crude's composition with selenium first; ValueError without selenium."""
    if composition.get("Se", 0.0) <= 0:
        raise ValueError("a crude selenium needs selenium: give Se above 0 wt %")
    return {"Se": composition["Se"], **{k: v for k, v in composition.items() if k != "Se"}}


class Condenser(StrictModel):
    """One condensation zone; the vapour meets the zones in the order listed."""

    name: str = Field(description="e.g. 'product' or 'tellurium baffle'")
    temperature: Temperature = Field(description="wall temperature, e.g. '200 degC'")
    product: bool = Field(False, description="true for the one zone whose condensate is sold")
    destination: Literal["waste", "recycle"] | None = Field(
        None,
        description="what happens to a side condensate: 'waste' (disposed of with the "
        "volatile cut; the default) or 'recycle' (back to the furnace with the crude)",
    )


#: Smallest share of the crude's selenium the passes may keep as product (below it the
#: product is lost in rounding: a numerical floor, not a plant figure).
MIN_SELENIUM_KEPT = 1e-6


class SulfidationStep(StrictModel):
    """Sulfur mixed into each charge and held before it distils (units/sulfidation.py)."""

    sulfur_dose: Annotated[float, Unit("wt %")] = Field(
        gt=0, le=MAX_DOSE_WT_PCT, description="sulfur added, wt % of the crude, e.g. 2"
    )
    temperature: Temperature = Field(
        description="hold temperature, between sulfur's and selenium's melting points "
        "({:.1f}-{:.1f} K: the sulfur molten, the crude solid), e.g. '200 degC'".format(
            *hold_window()
        )
    )

    @field_validator("temperature")
    @classmethod
    def _sulfur_molten_crude_solid(cls, T: float) -> float:
        low, high = hold_window()
        if not low < T < high:
            raise ValueError(
                f"{T:g} K; the sulfur must be molten and the crude solid: between "
                f"{low:g} and {high:g} K"
            )
        return T

    time: Duration = Field(description="hold time added to every batch, e.g. '30 min'")
    hgs: Literal["retained", "equilibrium"] = Field(
        description="what the HgS does in the distillation: 'retained' stays in the residue "
        "(the most sulfidation can do), 'equilibrium' dissolves and exchanges with the "
        "sulfur left in the melt (the least)"
    )
    source: str = Field("", description="where the dose and the hold come from")


class Operation(StrictModel):
    """How the vacuum furnace is run."""

    temperature: Temperature | None = Field(
        None, description="melt temperature, e.g. '400 degC' (or give temperature_program)"
    )
    temperature_program: list[tuple[Duration, Temperature]] | None = Field(
        None,
        description="[[time, temperature], ...] from the start of the batch, piecewise linear, "
        "held after the last point, e.g. [['0 min', '350 degC'], ['30 min', '420 degC']]",
    )
    pressure: Pressure = Field(
        le=STANDARD_ATMOSPHERE,
        description="residual pressure, up to one atmosphere (101,325 Pa), e.g. '130 Pa'",
    )
    distilled_fraction: Fraction = Field(
        description="share of the dissolved selenium distilled per batch, above 0 and below 1"
    )

    @field_validator("distilled_fraction")
    @classmethod
    def _something_distils(cls, share: float) -> float:
        if share <= 0:
            raise ValueError("0 distils nothing, so there is no product; give e.g. 0.98")
        return share

    head_cut: Fraction = Field(0.05, description="share of the distillate taken as volatile cut")
    charge_mass: Mass = Field(description="crude selenium per batch, e.g. '500 kg'")
    evaporation_area: Area = Field(description="free melt surface, e.g. '0.5 m^2'")
    gap: Length | None = Field(None, description="melt-to-condenser distance, e.g. '50 mm'")
    passes: int = Field(1, ge=1, le=10, description="distillations in series, product to feed")
    furnaces: int = Field(
        1,
        ge=1,
        le=100,
        description="vacuum furnaces working in parallel; each runs operating_hours a year "
        "(data/process.toml), and the crude their hours cannot take is not processed",
    )
    residue_recycle: Fraction = Field(
        0.0, description="share of the residue returned to the furnace with the crude, 0-1"
    )
    condenser_temperature: Temperature | None = Field(
        None,
        description="hot product condenser before a cold trap, e.g. '200 degC'; "
        "none: one condenser takes all (or give condensers)",
    )
    condensers: list[Condenser] = Field(
        default_factory=list,
        description="condensation zones hottest first, one of them the product's, "
        "then a cold trap; e.g. [{name = 'baffle', temperature = '330 degC'}, "
        "{name = 'product', temperature = '200 degC', product = true}]",
    )
    sulfidation: SulfidationStep | None = Field(
        None,
        description="sulfidation before each batch distils, e.g. { sulfur_dose = 2, "
        "temperature = '200 degC', time = '30 min', hgs = 'retained' }; S must be listed in "
        "the feed's composition (0 if the crude holds none)",
    )
    justification: str = Field("", description="why these conditions")

    @model_validator(mode="after")
    def _something_left(self) -> Operation:
        """Passes that leave (almost) no selenium to sell are refused, with the share kept."""
        kept = (self.distilled_fraction * (1.0 - self.head_cut)) ** self.passes
        if kept < MIN_SELENIUM_KEPT:
            raise ValueError(
                f"passes: {self.passes} pass(es) distilling {self.distilled_fraction:g} of the "
                f"selenium less a {self.head_cut:g} head cut keep {kept:.1e} of it, no product "
                "to speak of; use fewer passes, a larger distilled_fraction or a smaller head_cut"
            )
        return self

    @model_validator(mode="after")
    def _one_temperature(self) -> Operation:
        if self.temperature is None and self.temperature_program is None:
            raise ValueError("give a temperature (e.g. '360 degC') or a temperature_program")
        if self.temperature is not None and self.temperature_program is not None:
            raise ValueError("give either temperature or temperature_program, not both")
        program = self.temperature_program
        if program is not None:
            times = [t for t, _ in program]
            if len(program) < 2 or any(b <= a for a, b in itertools.pairwise(times)):
                raise ValueError("temperature_program needs 2 or more points at rising times")
        zones = self.condensers
        if zones and self.condenser_temperature is not None:
            raise ValueError("give either condenser_temperature or condensers, not both")
        if zones:
            if sum(z.product for z in zones) != 1:
                raise ValueError("exactly one of the condensers must have product = true")
            if len({z.name for z in zones}) != len(zones):
                raise ValueError("condenser names must differ")
            if any(b.temperature >= a.temperature for a, b in itertools.pairwise(zones)):
                raise ValueError("list condensers hottest first, at falling temperatures")
            if any(z.product and z.destination is not None for z in zones):
                raise ValueError("the product condenser takes no destination")
        return self

    @property
    def condenser_zones(self) -> list[Condenser]:
        """The condensation zones, ``condenser_temperature`` read as one product zone."""
        if self.condenser_temperature is not None:
            zone = {"name": "product", "temperature": self.condenser_temperature, "product": True}
            return [Condenser.model_construct(**zone, destination=None)]  # already validated
        return list(self.condensers)

    @property
    def side_condensers(self) -> list[Condenser]:
        """The condensation zones other than the product's, in the order the vapour meets them."""
        return [z for z in self.condenser_zones if not z.product]


class ModelOptions(StrictModel):
    """Model choices; None means the documented default of data/process.toml."""

    activity: Literal["ideal", "regular", "redlich-kister", "wilson", "mivm"] = Field(
        "ideal", description="activity model of the melt"
    )
    allow_ideal: bool = Field(False, description="treat pairs without parameters as ideal")
    extrapolate: bool = Field(
        False,
        description="evaluate vapour pressures outside their data (with a warning in the "
        "results) instead of refusing a melt or condenser temperature there",
    )
    evaporation_coefficient: float | None = Field(
        None, gt=0, le=1, description="Hertz-Knudsen-Langmuir coefficient"
    )
    entrainment: Fraction | None = Field(None, description="droplet share of the condensate")
    heat_loss: HeatFlux | None = Field(
        None,
        description="furnace loss per m^2 of melt, e.g. '5 kW/m^2', in place of the furnace's "
        "radiation to the condenser and shell losses",
    )
    steps: int = Field(48, ge=2, le=10_000, description="integration steps per cut")


class Target(StrictModel):
    """What the plant must achieve."""

    product_rate: MassRate | None = Field(None, description="e.g. '60 t/yr'")
    se_min_wt_pct: float | None = Field(None, gt=0, le=100, description="e.g. 99.5")
    max_ppm: dict[str, Annotated[float, Field(ge=0, le=1e6)]] = Field(
        default_factory=dict,
        description="highest content of each impurity in the product, ppm by mass (a buyer's "
        "specification), e.g. { Hg = 50, Te = 100 }; elements of the feed",
    )
    source: str = Field("", description="where the target comes from")


class EquipmentItem(StrictModel):
    """An item of equipment: a cost correlation and a size, or a quoted cost and its year."""

    name: str = Field(description="e.g. 'vacuum pump'")
    correlation: str | None = Field(
        None, description="a correlation of data/capital.toml, e.g. 'dry_vacuum_pump_screw'"
    )
    size: str | None = Field(None, description="size with a unit, e.g. '300 ft^3/min'")
    cost: str | None = Field(None, description="or a quoted purchase cost, e.g. '25e6 KZT'")

    @field_validator("cost")
    @classmethod
    def _money(cls, text: str | None) -> str | None:
        return None if text is None else non_negative_money(text, "cost")

    cost_year: int | None = Field(None, description="the year of the quoted cost, e.g. 2023")
    count: int = Field(1, ge=1, description="identical items")
    source: str = Field("", description="where the size or the quote comes from")

    @model_validator(mode="after")
    def _correlation_or_quote(self) -> EquipmentItem:
        by_correlation = self.correlation is not None or self.size is not None
        by_quote = self.cost is not None or self.cost_year is not None
        if by_correlation == by_quote:
            raise ValueError("give either correlation and size, or cost and cost_year")
        if by_correlation and (self.correlation is None or self.size is None):
            raise ValueError("a correlation needs a size and a size needs a correlation")
        if by_quote and (self.cost is None or self.cost_year is None):
            raise ValueError("a quoted cost needs its cost_year")
        return self


class Economics(StrictModel, FinancingTerms):
    """Money: amounts as text with an ISO currency ("280e6 KZT"), prices per unit.

    The building, financing and tax terms are those of every route
    (:class:`~valorize.economics.terms.FinancingTerms`).
    """

    price_scenarios: list[str] = Field(
        min_length=1,
        description="named price sets of data/economics.toml, run side by side (one or more)",
    )
    user_prices: dict[str, str] = Field(
        default_factory=dict,
        description="your own prices, e.g. {refined_selenium = '40 USD/kg', crude_selenium = "
        "'12 USD/kg'}: priced first, as scenario 'user', before price_scenarios; prices not "
        "given come from the first named scenario",
    )
    capital_cost: str | None = Field(
        None, description="installed plant cost, e.g. '600e6 KZT' (or give equipment)"
    )
    capital_cost_source: str = Field(description="where the capital cost comes from")
    equipment: list[EquipmentItem] = Field(
        default_factory=list,
        description="instead of capital_cost: equipment costed by correlations or quotes",
    )
    plant_kind: Literal["solids", "solid_fluid", "fluid"] = Field(
        "solid_fluid", description="for the Lang factor of data/capital.toml"
    )
    installation_factor: float | None = Field(
        None, ge=1, description="fixed capital over equipment cost; default: the Lang factor"
    )
    cost_year: int | None = Field(
        None, description="the year whose money the capital is in; default: latest CEPCI"
    )
    contingency: float = Field(0.0, ge=0, lt=1, description="share added to the fixed capital")
    life_years: int = Field(ge=1, le=60, description="years of operation, e.g. 10")
    discount_rate: float = Field(
        ge=0, le=0.5, description="real discount rate, 0 to 0.5 a year, e.g. 0.10"
    )
    tax_rate: float = Field(ge=0, lt=1, description="corporate income tax rate, e.g. 0.20")
    staff: float = Field(ge=0, description="people employed")
    monthly_wage: str = Field(description="cost per person per month, e.g. '364295 KZT/month'")
    employer_charges: float = Field(
        0.0, ge=0, lt=1, description="employer's social charges on wages, share, e.g. 0.152"
    )
    maintenance_fraction: float = Field(
        ge=0, lt=1, description="maintenance a year, share of capital cost, e.g. 0.03"
    )
    insurance_fraction: float = Field(
        ge=0, lt=1, description="insurance a year, share of capital cost, e.g. 0.01"
    )
    electricity_price: str = Field(description="e.g. '30 KZT/kWh'")
    waste_disposal: str = Field(
        "0 USD/t", description="cost to dispose of the volatile cut and side condensates"
    )
    payable: dict[str, Annotated[float, Unit("fraction"), Field(ge=0, le=1)]] = Field(
        default_factory=dict,
        description="share of each residue element's value paid by the buyer, e.g. {Te = 0.5}",
    )
    off_grade: Literal["crude", "unsold", "redistil"] = Field(
        "crude",
        description="product meeting no priced grade: sold as crude on its Se content, "
        "unsold, or distilled again (up to 3 more passes, then sold as crude)",
    )
    crude_pricing: Literal["contained-se", "flat"] = Field(
        "contained-se",
        description="crude bought per kg of contained Se (a poorer crude costs less), or at "
        "the quote per kg of crude whatever its content",
    )
    feed_payable: dict[str, Annotated[float, Unit("fraction"), Field(ge=0, le=1)]] = Field(
        default_factory=dict,
        description="precious metals of the crude the smelter charges for, share of their "
        "value, e.g. {Au = 0.9, Ag = 0.8}",
    )
    grid_emission_factor: str = Field(
        "grid_KZ", description="grid electricity emission factor of data/economics.toml"
    )
    source: str = Field("", description="where the economic assumptions come from")

    @field_validator("capital_cost", "monthly_wage", "electricity_price", "waste_disposal")
    @classmethod
    def _money(cls, text: str | None, info: ValidationInfo) -> str | None:
        """Amounts and prices of a known currency, zero or more, per the right unit."""
        per = {"monthly_wage": "month", "electricity_price": "kWh", "waste_disposal": "t"}
        if text is None:
            return None
        return non_negative_money(text, info.field_name, per.get(info.field_name))

    @model_validator(mode="after")
    def _one_capital(self) -> Economics:
        if (self.capital_cost is None) == (not self.equipment):
            raise ValueError("give either capital_cost or equipment, not both or neither")
        return self


class Uncertain(StrictModel):
    """An uncertain input: which, its distribution, and why."""

    parameter: str = Field(
        description="a parameter of the case's model: a dotted path such as 'model.entrainment' "
        "or 'operation.pressure' (see docs/case-files.md)"
    )
    distribution: Literal[
        "uniform",
        "triangular",
        "normal",
        "lognormal",
        "loguniform",
        "pert",
        "empirical",
        "posterior",
    ] = Field(
        description="uniform, triangular, normal, lognormal, loguniform, pert, empirical, or "
        "posterior "
        "(the samples of a calibration, valorize calibrate)"
    )
    parameters: list[float | str] = Field(
        default_factory=list,
        description="e.g. [low, mode, high] for triangular, as numbers in the parameter's unit "
        "or quantities ('380 degC'); the data values for empirical; for posterior the "
        "posterior.csv that valorize calibrate wrote",
    )
    series: str | None = Field(
        None, description="empirical only: a dated price series of data/price_series.toml"
    )
    source: str = Field("", description="where the range comes from")


class RouteUncertain(StrictModel):
    """An uncertain input of a route's case and its distribution.

    The parameter is any parameter of the route's model (its native inputs and every
    numeric field of the case, by dotted path); the analysis checks it against the
    model and its bounds.
    """

    parameter: str = Field(description="a parameter of the route's model, by dotted path")
    distribution: str = Field(
        description="uniform, triangular, normal, lognormal, loguniform, pert, empirical, or "
        "posterior "
        "(the samples of a calibration, valorize calibrate)"
    )
    parameters: list[float | str] = Field(
        description="numbers in the parameter's unit, or quantities ('380 degC'); for a "
        "posterior, the posterior.csv that valorize calibrate wrote"
    )
    source: str = Field("", description="where the range comes from")


class TransportLeg(StrictModel):
    """A leg of the baseline's transport: a freight mode and a data route or a distance."""

    mode: Literal["rail", "road", "sea"] = Field(description="freight mode of data/economics.toml")
    route: str | None = Field(
        None, description="a route of data/economics.toml, e.g. 'balkhash_lanzhou_rail'"
    )
    distance: Length | None = Field(None, description="or a distance, e.g. '3070 km'")

    @model_validator(mode="after")
    def _one_distance(self) -> TransportLeg:
        if (self.route is None) == (self.distance is None):
            raise ValueError("give either route or distance")
        return self


class Co2Baseline(StrictModel):
    """What the route replaces, for the CO2 it avoids (see valorize.emissions.baseline)."""

    description: str = Field(description="the baseline in words")
    refining_grid: str = Field(
        description="grid factor of data/economics.toml where the crude is refined otherwise"
    )
    legs: list[TransportLeg] = Field(description="transport from the site to that refiner")


class Correlation(StrictModel):
    """A Spearman rank correlation between two uncertain inputs."""

    inputs: tuple[str, str] = Field(description="two [[uncertainty]] parameters")
    spearman: float = Field(description="rank correlation, -1 to 1")
    source: str = Field("", description="why this correlation (measured or assumed)")


class Variant(StrictModel):
    """Another crude to run beside the base case (a poorer or richer feed)."""

    name: str = Field(description="the variant's name in the results")
    composition_wt_pct: dict[str, float] = Field(
        description="mass percent per element, Se first, summing to 100 (as the feed's)"
    )
    source: str = Field("", description="where the composition comes from")

    @field_validator("composition_wt_pct")
    @classmethod
    def _selenium_first(cls, composition: dict[str, float]) -> dict[str, float]:
        return selenium_first(composition)


#: Fields of a flowsheet unit that only some kinds take.
UNIT_FIELDS = {
    "temperature": ("melter",),
    "fractions": ("splitter",),
    "destination": ("sink",),
    "energy": ("caster",),
    "loss_share": ("caster",),
}


class FlowsheetUnit(StrictModel):
    """A unit of a flowsheet, wired to other units by stream names (docs/flowsheets.md)."""

    name: str = Field(description="unique name, e.g. 'furnace'")
    kind: Literal["melter", "vacuum_furnace", "caster", "splitter", "mixer", "sink"] = Field(
        description="the unit model"
    )
    inlets: list[str] = Field(default_factory=list, description="streams in, by name")
    outlets: list[str] = Field(
        default_factory=list,
        description="streams out, by name; vacuum_furnace: product, residue, volatile cut, "
        "then one per side condenser",
    )
    temperature: Temperature | None = Field(
        None, description="melter: melt temperature; default the furnace's"
    )
    fractions: list[Annotated[float, Field(ge=0, le=1)]] | None = Field(
        None, description="splitter: share of the inlet to each outlet, summing to 1"
    )
    destination: Literal["sale", "smelter", "stockpile", "waste"] | None = Field(
        None, description="sink: where the stream goes (sale, smelter, stockpile, waste)"
    )
    energy: Annotated[float, _quantity("specific_energy"), Field(ge=0)] | None = Field(
        None, description="caster: electricity per t cast, e.g. '120 kWh/t'"
    )
    loss_share: Fraction | None = Field(None, description="caster: share lost as scrap")
    equipment: list[EquipmentItem] = Field(
        default_factory=list, description="the unit's equipment, costed like economics.equipment"
    )
    source: str = Field("", description="where the unit's numbers come from")

    @model_validator(mode="after")
    def _fields_of_its_kind(self) -> FlowsheetUnit:
        for name, kinds in UNIT_FIELDS.items():
            if getattr(self, name) is not None and self.kind not in kinds:
                raise ValueError(f"{name} is for a {' or '.join(kinds)}, not a {self.kind}")
        if self.kind == "splitter" and self.fractions is None:
            raise ValueError("a splitter needs fractions")
        if self.kind == "sink" and self.destination is None:
            raise ValueError("a sink needs a destination (sale, smelter, stockpile or waste)")
        return self


class Flowsheet(StrictModel):
    """The plant as units wired by stream names; [feed] is the stream named ``feed``."""

    feed: str = Field("crude", description="name of the stream of [feed]'s crude")
    unit: list[FlowsheetUnit] = Field(description="the units, [[flowsheet.unit]]")


class Case(StrictModel):
    """A whole case file."""

    case: CaseInfo
    feed: Feed
    operation: Operation
    model: ModelOptions = ModelOptions()
    target: Target = Target()
    variants: list[Variant] = Field(default_factory=list)
    economics: Economics | None = None
    uncertainty: list[Uncertain] = Field(default_factory=list)
    co2_baseline: Co2Baseline | None = None
    correlation: list[Correlation] = Field(default_factory=list)
    flowsheet: Flowsheet | None = None
    decisions: dict[str, list[float | str]] = Field(
        default_factory=dict,
        description="decision variables of valorize optimize by case path: [low, high] as "
        "numbers in the parameter's unit or quantities, e.g. { 'operation.temperature' = "
        "['250 degC', '450 degC'] }; replaces the route's defaults",
    )

    @model_validator(mode="after")
    def _limits_on_feed_elements(self) -> Case:
        unknown = sorted(set(self.target.max_ppm) - set(self.feed.composition_wt_pct) - {"Se"})
        if unknown or "Se" in self.target.max_ppm:
            bad = unknown or ["Se"]
            raise ValueError(
                f"target.max_ppm: {', '.join(bad)} is not an impurity of the feed; limit one of "
                + ", ".join(s for s in self.feed.composition_wt_pct if s != "Se")
            )
        return self

    @model_validator(mode="after")
    def _a_charge_within_a_year(self) -> Case:
        from valorize.flowsheet.unit import seconds_per_year

        charge, year = self.operation.charge_mass, self.feed.rate * seconds_per_year()
        if charge > year:  # fewer than one batch a year: no plant runs so
            raise ValueError(
                f"operation.charge_mass: {charge / 1000:,.4g} t is more than a year's crude "
                f"({year / 1000:,.4g} t at feed.rate): one charge would take "
                f"{charge / year:,.3g} years to gather"
            )
        return self

    @model_validator(mode="after")
    def _recycle_by_wiring(self) -> Case:
        if self.flowsheet is None:
            return self
        if self.operation.residue_recycle > 0:
            raise ValueError(
                "operation.residue_recycle: with a [flowsheet], recycle the residue by "
                "wiring a splitter and a mixer"
            )
        if any(z.destination is not None for z in self.operation.condensers):
            raise ValueError(
                "operation.condensers: with a [flowsheet], side condensates go where their "
                "vacuum_furnace outlets are wired, not by destination"
            )
        if self.economics is not None and self.economics.off_grade == "redistil":
            raise ValueError(
                "economics.off_grade: with a [flowsheet], send off-grade product back by "
                "wiring it; 'redistil' is for a plain case (or use 'crude' or 'unsold')"
            )
        return self


def builtin_cases(kind: str | None = None) -> dict[str, str]:
    """Built-in case names and their titles, of one route (the registry's name) or all."""
    from valorize.model.registry import builtin_cases as every_case

    return {
        name: title
        for name, (route, title) in every_case().items()
        if kind is None or route == kind
    }


def load_case(name_or_path: str) -> tuple[Case, str, str]:
    """Read a built-in case by name or a case file by path.

    Returns
    -------
    tuple
        The validated case, the text it was read from, and its SHA-256.
    """
    from valorize.model.registry import builtin_case_names

    text, where = read_case_text(name_or_path, builtin_case_names())
    return case_from_text(text, where), text, hashlib.sha256(text.encode("utf-8")).hexdigest()


def case_from_text(text: str, where: str = "case file") -> Case:
    """Validate a case given as TOML text; ``where`` names it in error messages."""
    from valorize.model.registry import route_of

    data = parse_toml(text, where)
    route = route_of(data)
    if route.name != "refinery":
        raise InputError(
            f"{where}: a case of the {route.name} route ({route.description}); this "
            "takes refinery cases; valorize run, compare, uncertainty, sensitivity, optimize "
            "and report take every route"
        )
    return validate(Case, data, where, "docs/case-files.md")
