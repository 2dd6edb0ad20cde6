"""The case file of the anode slime -> selenium, tellurium, gold and silver flowsheet.

Tables: ``[case]``, ``[plant]`` (the copper output the slime is scaled from),
``[slime]`` (its analysis), optional ``[[variants]]`` (other slimes run beside
it), ``[roast]``, ``[leach]`` and ``[precious_metals]`` (each an optional
override of the data file's splits and doses), ``[refining]`` (the vacuum
refinery's ``operation`` and ``model`` tables, as in a refinery case),
``[economics]``, ``[check]`` (reported outputs to compare with), ``[[uncertainty]]``
(inputs sampled by path, :mod:`valorize.slime.uncertain`) and ``[co2_baseline]`` (what
the route replaces, :mod:`valorize.emissions.baseline`). Quantities
with a dimension are text with units ("148.5 kt/yr"); money is text with a
currency ("1000 UZS/kWh", "25e6 USD"); shares are numbers from 0 to 1. A field
left out takes its value from ``data/anode_slime.toml``. Errors name the field.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, model_validator

from valorize.case_files import StrictModel
from valorize.economics.terms import FinancingTerms
from valorize.errors import InputError
from valorize.quantities import Unit, parse_quantity
from valorize.refinery.case import Co2Baseline, ModelOptions, Operation, RouteUncertain

ROUTES = ("roast", "leach")


def _money(per: str | None) -> BeforeValidator:
    def parse(v: Any) -> float:
        from valorize.economics.money import parse_money

        return parse_money(v, "", per=per)

    return BeforeValidator(parse)


MassRate = Annotated[
    float, BeforeValidator(lambda v: parse_quantity(v, "mass_rate", "")), Unit("kg/s"), Field(gt=0)
]
Share = Annotated[float, Unit("fraction"), Field(ge=0, le=1)]
Shares = dict[str, Share]
Money = Annotated[float, _money(None), Unit("USD"), Field(ge=0)]
PricePerKWh = Annotated[float, _money("kWh"), Unit("USD/kWh"), Field(ge=0)]
PricePerMonth = Annotated[float, _money("month"), Unit("USD/month"), Field(ge=0)]


def _known_elements(shares: dict[str, Any]) -> None:
    from valorize.slime.data import ELEMENTS

    unknown = sorted(set(shares) - set(ELEMENTS))
    if unknown:
        raise ValueError(f"unknown element {unknown[0]!r}; known: {', '.join(ELEMENTS)}")


class CaseInfo(StrictModel):
    """What the case is."""

    name: str = Field(description="short identifier, e.g. 'almalyk-anode-slime'")
    title: str = Field(description="one line for reports")
    description: str = Field("", description="what is modelled and why")
    location: str = Field("", description="plant and country")


class PlantSpec(StrictModel):
    """The copper refinery whose tankhouse makes the slime."""

    copper_output: MassRate = Field(description="cathode copper, e.g. '148.5 kt/yr'")
    slime_kg_per_t_copper: float | None = Field(
        None,
        gt=0,
        le=100,
        description="anode slime per t of cathode copper, kg (None: the data file's typical value)",
    )
    source: str = Field("", description="where the copper output comes from")


class SlimeSpec(StrictModel):
    """A slime analysis in mass percent over the elements of valorize.slime.data."""

    composition_wt_pct: dict[str, float] = Field(
        description="mass percent per element of data/anode_slime.toml, summing to 100"
    )
    source: str = Field("", description="where the analysis comes from and what is assumed")

    @model_validator(mode="after")
    def _valid(self) -> SlimeSpec:
        from valorize.slime.data import fractions

        try:
            fractions(self.composition_wt_pct, "composition_wt_pct")
        except InputError as exc:
            raise ValueError(str(exc).removeprefix("composition_wt_pct: ")) from None
        return self


class Variant(SlimeSpec):
    """Another slime run beside the case's."""

    name: str = Field(description="the variant's name in the results")


class _Splits(StrictModel):
    @model_validator(mode="after")
    def _elements(self) -> _Splits:
        for value in self.__dict__.values():
            if isinstance(value, dict):
                _known_elements(value)
        return self


class RoastSpec(_Splits):
    """Overrides of the sulfation roast's data (shares per element, doses)."""

    volatilized: Shares = Field(
        default_factory=dict, description="share of each element volatilized in the roast"
    )
    to_crude: Shares = Field(
        default_factory=dict, description="share of each volatilized element in the crude Se"
    )
    acid_dose_kg_per_kg: float | None = Field(
        None, ge=0, le=10, description="sulfuric acid per kg of slime, kg"
    )
    so2_excess: float | None = Field(
        None, ge=1, le=10, description="SO2 fed over the reduction's need (1: stoichiometric)"
    )
    energy_kwh_per_t: float | None = Field(
        None, ge=0, description="electricity of the roast per t of slime, kWh"
    )


class LeachSpec(_Splits):
    """Overrides of the sulfuric-acid leach's data (shares per element, doses)."""

    leached: Shares = Field(
        default_factory=dict, description="share of each element leached into solution"
    )
    gold_precipitated: Shares = Field(
        default_factory=dict, description="share of each leached element precipitated with gold"
    )
    to_crude: Shares = Field(
        default_factory=dict, description="share of each leached element reduced into crude Se"
    )
    te_cemented: Shares = Field(
        default_factory=dict, description="share of each element cemented with tellurium"
    )
    acid_dose_kg_per_kg: float | None = Field(
        None, ge=0, le=10, description="sulfuric acid per kg of slime, kg"
    )
    mno2_dose_kg_per_kg: float | None = Field(
        None, ge=0, le=10, description="MnO2 (oxidant) per kg of slime, kg"
    )
    nacl_dose_kg_per_kg: float | None = Field(
        None, ge=0, le=10, description="NaCl (chloride) per kg of slime, kg"
    )
    so2_excess: float | None = Field(
        None, ge=1, le=10, description="SO2 fed over the reduction's need (1: stoichiometric)"
    )
    energy_kwh_per_t: float | None = Field(
        None, ge=0, description="electricity of the leach per t of slime, kWh"
    )


class PreciousMetalsSpec(_Splits):
    """Overrides of the precious-metals plant's data."""

    to_copper_solution: Shares = Field(
        default_factory=dict, description="share of each element to the copper solution"
    )
    to_dore: Shares = Field(default_factory=dict, description="share of each element to the dore")
    refined_from_dore: Shares = Field(
        default_factory=dict, description="share of the dore's Au and Ag refined"
    )
    to_tellurium: Shares = Field(
        default_factory=dict, description="share of each element to the tellurium product"
    )
    energy_kwh_per_t: float | None = Field(
        None, ge=0, description="electricity of the precious-metals plant per t of slime, kWh"
    )


class RefiningSpec(StrictModel):
    """The vacuum refinery of the crude selenium (the tables of a refinery case)."""

    operation: Operation
    model: ModelOptions = ModelOptions()

    @model_validator(mode="after")
    def _no_recycle(self) -> RefiningSpec:
        op = self.operation
        if op.residue_recycle > 0 or any(z.destination == "recycle" for z in op.condensers):
            raise ValueError(
                "operation: the slime route's refining step recycles nothing; leave "
                "residue_recycle at 0 and give condensers no 'recycle' destination"
            )
        return self


class EconomicsSpec(StrictModel, FinancingTerms):
    """Money of the slime plant; amounts with a currency.

    The building, financing and tax terms are those of every route
    (:class:`~valorize.economics.terms.FinancingTerms`).
    """

    price_scenario: str = Field(description="a price scenario of data/economics.toml")
    capital_cost: Money = Field(description="installed cost of the slime plant, e.g. '25e6 USD'")
    capital_cost_source: str = Field(description="where the capital cost comes from")
    life_years: int = Field(ge=1, le=60, description="operating years, e.g. 15")
    discount_rate: float = Field(ge=0, le=0.5, description="real, 0 to 0.5 a year, e.g. 0.10")
    tax_rate: float = Field(0.0, ge=0, lt=1, description="income tax on profit, share")
    staff: float = Field(0.0, ge=0, description="people employed")
    monthly_wage: PricePerMonth = Field(0.0, description="wage per person, e.g. '6e6 UZS/month'")
    employer_charges: float = Field(
        0.0, ge=0, lt=1, description="employer's social charges on wages, share, e.g. 0.12"
    )
    maintenance_fraction: float = Field(
        ge=0, lt=1, description="maintenance a year, share of the capital cost, e.g. 0.03"
    )
    insurance_fraction: float = Field(0.0, ge=0, lt=1, description="of capital cost a year")
    electricity_price: PricePerKWh = Field(description="e.g. '1000 UZS/kWh'")
    payable: dict[str, Share] = Field(
        default_factory=dict, description="share of each product's price paid, e.g. {Au = 0.99}"
    )
    off_grade: Literal["crude", "unsold"] = Field(
        "crude",
        description="refined Se meeting no priced grade: sold as crude on its Se content, "
        "or unsold",
    )
    grid_emission_factor: str = Field(
        "grid_UZ", description="the grid's CO2 record in data/economics.toml"
    )
    source: str = Field("", description="where the money figures come from")

    @model_validator(mode="after")
    def _products(self) -> EconomicsSpec:
        unknown = sorted(set(self.payable) - {"Se", "Te", "Au", "Ag"})
        if unknown:
            raise ValueError(f"payable: unknown product {unknown[0]!r}; use Se, Te, Au, Ag")
        return self


class CheckSpec(StrictModel):
    """Reported yearly outputs the model is compared with (not fitted to)."""

    selenium: MassRate | None = Field(
        None, description="reported selenium output, e.g. '34.5 t/yr'"
    )
    tellurium: MassRate | None = Field(None, description="reported tellurium output")
    tolerance_factor: float = Field(
        3.0, gt=1, description="model and report agree within this factor either way"
    )
    source: str = Field("", description="where the reported outputs come from")


class SlimeUncertain(RouteUncertain):
    """An uncertain input of the slime route, by path (:mod:`valorize.slime.uncertain`)."""

    @model_validator(mode="after")
    def _known(self) -> SlimeUncertain:
        from valorize.slime.uncertain import check_bounds

        check_bounds(self.parameter, self.distribution, self.parameters)
        return self


class SlimeCase(StrictModel):
    """A whole anode slime case."""

    case: CaseInfo
    plant: PlantSpec
    slime: SlimeSpec
    variants: list[Variant] = Field(default_factory=list)
    route: Literal["roast", "leach"] = Field(
        "roast", description="the slime path: sulfation roast or acid leach"
    )
    roast: RoastSpec = Field(default_factory=RoastSpec)
    leach: LeachSpec = Field(default_factory=LeachSpec)
    precious_metals: PreciousMetalsSpec = Field(default_factory=PreciousMetalsSpec)
    refining: RefiningSpec
    economics: EconomicsSpec | None = None
    check: CheckSpec = Field(default_factory=CheckSpec)
    uncertainty: list[SlimeUncertain] = Field(default_factory=list)
    co2_baseline: Co2Baseline | None = None
    decisions: dict[str, list[float | str]] = Field(
        default_factory=dict,
        description="decision variables of valorize optimize by case path: [low, high] as "
        "numbers in the parameter's unit or quantities, e.g. { 'operation.temperature' = "
        "['250 degC', '450 degC'] }; replaces the route's defaults",
    )


def load_slime_case(name_or_path: str) -> tuple[SlimeCase, str, str]:
    """Read a built-in case by name or a case file by path: (case, text, SHA-256)."""
    from valorize.case_files import load_case_file
    from valorize.refinery.case import builtin_cases

    return load_case_file(
        SlimeCase, name_or_path, list(builtin_cases("slime")), "docs/anode-slime.md"
    )
