"""The case file of the crude-tellurium route, validated by pydantic.

Tables: ``[case]``, ``[crude]`` (the crude tellurium: rate, composition with Te first,
the forms its metals are bound in, source), ``[operation]`` and ``[model]`` (those of a
refinery case: the vacuum furnace is the same unit), ``[target]`` and
``[[uncertainty]]``. Quantities are text with units; errors name the field.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from valorize.case_files import StrictModel
from valorize.quantities import Unit
from valorize.refinery.case import (
    CaseInfo,
    Correlation,
    MassRate,
    ModelOptions,
    Operation,
    Uncertain,
)


class Crude(StrictModel):
    """The crude tellurium fed to the vacuum furnace."""

    rate: MassRate = Field(description="crude tellurium per year, e.g. '3 t/yr'")
    composition_wt_pct: dict[str, float] = Field(
        description="mass percent of each element, Te first; must sum to 100"
    )
    forms: dict[str, str] = Field(
        default_factory=dict,
        description="element -> compound it is bound in (data/forms.toml, e.g. Cu2Te)",
    )
    source: str = Field(description="where the composition comes from, and what is assumed")

    @model_validator(mode="after")
    def _tellurium_first(self) -> Crude:
        if next(iter(self.composition_wt_pct), None) != "Te":
            raise ValueError("composition_wt_pct: list Te first")
        total = sum(self.composition_wt_pct.values())
        if abs(total - 100.0) > 1e-6 or any(v < 0 for v in self.composition_wt_pct.values()):
            raise ValueError(
                f"composition_wt_pct: mass percents must be non-negative and sum to 100 "
                f"(they sum to {total:g})"
            )
        unknown = set(self.forms) - set(self.composition_wt_pct)
        if unknown:
            raise ValueError(f"forms: {', '.join(sorted(unknown))} not in the composition")
        return self


class Target(StrictModel):
    """What the refinery must achieve."""

    product_rate: MassRate | None = Field(None, description="e.g. '2.5 t/yr'")
    te_min_wt_pct: Annotated[float, Unit("wt %"), Field(gt=0, le=100)] | None = Field(
        None, description="minimum Te in the product, e.g. 99.9"
    )
    max_ppm: dict[str, Annotated[float, Field(ge=0, le=1e6)]] = Field(
        default_factory=dict, description="highest content of each impurity, ppm by mass"
    )
    source: str = Field("", description="where the target comes from")


class TelluriumCase(StrictModel):
    """A whole crude-tellurium case."""

    case: CaseInfo
    crude: Crude
    operation: Operation
    model: ModelOptions = ModelOptions()
    target: Target = Target()
    uncertainty: list[Uncertain] = Field(default_factory=list)
    correlation: list[Correlation] = Field(default_factory=list)
    decisions: dict[str, list[float | str]] = Field(
        default_factory=dict,
        description="decision variables of valorize optimize by case path: [low, high] as "
        "numbers in the parameter's unit or quantities, e.g. { 'operation.temperature' = "
        "['250 degC', '450 degC'] }; replaces the route's defaults",
    )

    @model_validator(mode="after")
    def _limits_on_impurities(self) -> TelluriumCase:
        impurities = set(self.crude.composition_wt_pct) - {"Te"}
        unknown = sorted(set(self.target.max_ppm) - impurities)
        if unknown:
            raise ValueError(
                f"target.max_ppm: {', '.join(unknown)} is not an impurity of the crude; limit "
                "one of " + ", ".join(s for s in self.crude.composition_wt_pct if s != "Te")
            )
        return self
