"""The case fields every route's ``[economics]`` shares: building, financing and tax terms.

:class:`FinancingTerms` is mixed into the economics table of every route's case schema
(the refinery, the anode slime, the slag-to-hydrogen field), so that a plant of any route
can be given construction years, a ramp-up, a depreciation rule, a grant, a loan and
working capital with the same names and meanings; :func:`project_terms` turns them, with
the route's capital, life, rates and fixed costs, into the
:class:`~valorize.economics.template.ProjectTerms` of the shared cash-flow template.
The defaults are no financing: no grant, no loan, no working capital, one year of
building, full capacity from the first operating year, the plant's life as its tax life
and no loss carried forward; a ``tax_code`` (``data/economics.toml``) brings a country's
loss carry-forward and, with ``depreciation = "tax-code"``, its depreciation rule.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import BaseModel, Field, field_validator, model_validator

from valorize.data.loader import tax_code
from valorize.economics.money import parse_money
from valorize.economics.template import Amount, ProjectTerms
from valorize.errors import InputError


class FinancingTerms(BaseModel):
    """Building, financing and tax terms of a plant, shared by every route's case."""

    construction_years: int = Field(1, ge=0, le=10, description="years of spending before start")
    ramp_up: float = Field(1.0, gt=0, le=1, description="share of capacity in the first year")
    target_irr: float = Field(
        ge=0, le=1, description="IRR for the minimum selling price, 0 to 1 a year, e.g. 0.15"
    )
    depreciation: Literal["straight-line", "declining-balance", "tax-code"] = Field(
        "straight-line",
        description="tax depreciation: straight-line or declining-balance over "
        "depreciation_years, or 'tax-code' for the rule of the case's tax_code",
    )
    tax_code: str | None = Field(
        None,
        description="a tax code of data/economics.toml (KZ, UZ): its loss carry-forward and, "
        "with depreciation = 'tax-code', its depreciation; default: no loss carried forward",
    )
    finance_rate: float | None = Field(
        None, ge=0, le=0.5, description="for the modified IRR, spending; default: discount_rate"
    )
    reinvestment_rate: float | None = Field(
        None, ge=0, le=0.5, description="for the modified IRR, income; default: discount_rate"
    )
    depreciation_years: int | None = Field(
        None, ge=1, le=60, description="tax life of the plant; default: its life"
    )
    grant: str = Field("0 USD", description="grant received in year 0, e.g. '280e6 KZT'")
    loan_fraction: float = Field(
        0.0, ge=0, lt=1, description="share of the capital cost borrowed, e.g. 0.5"
    )
    loan_interest_rate: float = Field(0.0, ge=0, lt=1, description="yearly, e.g. 0.12")
    loan_years: int = Field(
        5, ge=1, le=60, description="equal yearly instalments from the first operating year"
    )
    working_capital: float = Field(
        0.0,
        ge=0,
        lt=1,
        description="share of a full year's operating cost tied up from the first operating "
        "year and released in the last",
    )

    @field_validator("tax_code")
    @classmethod
    def _a_known_code(cls, name: str | None) -> str | None:
        """A tax code of data/economics.toml."""
        if name is not None:
            try:
                tax_code(name)
            except InputError as exc:
                raise ValueError(str(exc).removeprefix("economics.tax_code: ")) from None
        return name

    @model_validator(mode="after")
    def _code_for_tax_code_depreciation(self) -> FinancingTerms:
        if self.depreciation == "tax-code" and self.tax_code is None:
            raise ValueError("depreciation = 'tax-code' needs a tax_code (e.g. 'KZ')")
        if self.depreciation == "tax-code" and self.depreciation_years is not None:
            raise ValueError(
                "depreciation_years: the tax code sets the depreciation; give one or the other"
            )
        rate = getattr(self, "tax_rate", None)  # each route's own field
        if self.tax_code is not None and rate is not None:
            code = tax_code(self.tax_code)
            if abs(rate - code.income_tax_rate) > 1e-12:
                raise ValueError(
                    f"tax_rate: {rate:g} is not the {self.tax_code} tax code's "
                    f"{code.income_tax_rate:g}; give the code's rate, or no tax_code for a "
                    "plant taxed otherwise"
                )
        return self

    @field_validator("grant")
    @classmethod
    def _an_amount(cls, text: str) -> str:
        """A grant is an amount of a known currency, zero or more."""
        return non_negative_money(text, "grant")


def non_negative_money(text: str, field: str, per: str | None = None) -> str:
    """Check in a pydantic validator that ``text`` is money of a known currency, >= 0.

    Returns the text unchanged (the case keeps its currency); raises ValueError (which
    the case reader turns into one ``error:`` line naming the field) otherwise.
    """
    try:
        value = parse_money(text, field, per=per)
    except InputError as exc:
        raise ValueError(str(exc).removeprefix(f"{field}: ")) from None
    if not np.isfinite(value):
        raise ValueError(f"{text!r} is not a finite amount")
    if value < 0:
        raise ValueError(f"cannot be negative ({text!r})")
    return text


def project_terms(
    terms: FinancingTerms,
    *,
    capital_cost: Amount,
    life_years: int,
    discount_rate: float,
    tax_rate: float,
    labour: float = 0.0,
    maintenance_fraction: float = 0.0,
    insurance_fraction: float = 0.0,
    depreciable: tuple[tuple[Amount, int], ...] = (),
) -> ProjectTerms:
    """The case's terms with the route's capital, life, rates and fixed costs (USD).

    Raises
    ------
    InputError
        For a grant that is not an amount of a known currency.
    """
    code = tax_code(terms.tax_code) if terms.tax_code is not None else None
    by_code = code is not None and terms.depreciation == "tax-code"
    return ProjectTerms(
        capital_cost=capital_cost,
        life_years=life_years,
        discount_rate=discount_rate,
        tax_rate=tax_rate,
        construction_years=terms.construction_years,
        ramp_up=terms.ramp_up,
        depreciation=code.depreciation if by_code else terms.depreciation,
        depreciation_years=terms.depreciation_years or life_years,
        depreciation_rate=code.depreciation_rate if by_code else None,
        loss_carry_forward_years=code.loss_carry_forward_years if code else 0,
        loss_offset_share=code.loss_offset_share if code else 1.0,
        finance_rate=terms.finance_rate,
        reinvestment_rate=terms.reinvestment_rate,
        depreciable=depreciable,
        grant=parse_money(terms.grant, "economics.grant"),
        labour=labour,
        maintenance_fraction=maintenance_fraction,
        insurance_fraction=insurance_fraction,
        working_capital=terms.working_capital,
        loan_fraction=terms.loan_fraction,
        loan_interest_rate=terms.loan_interest_rate,
        loan_years=terms.loan_years,
        target_irr=terms.target_irr,
    )
