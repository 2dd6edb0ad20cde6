r"""Cash flow of a refinery case, vectorized over price scenarios.

Theory manual
-------------
Every year of operation t (after ``construction_years`` of building):

.. math::

    R_t &= \rho_t\,(m_{prod} P_{prod} + \textstyle\sum_e \pi_e\, m_{res,e} P_e) \\
    C_t &= \rho_t\,(m_{feed} P_{feed} + E\,P_{el} + m_{cut} P_{waste})
          + n_{staff} w + (f_{maint} + f_{ins})\,I \\
    T_t &= \tau\,\max(0, R_t - C_t - D_t), \qquad CF_t = R_t - C_t - T_t

with the ramp-up factor :math:`\rho_t` (share of capacity in the first year),
residue credits at payable fractions :math:`\pi_e` for the valuable elements of
the residue (Te, Ag, Au), capital cost I spent evenly over the construction
years, a grant received in year 0, depreciation :math:`D_t` straight-line or
declining-balance (double rate, switching to straight line), and income tax
at rate :math:`\tau` on positive profit (no loss carry-forward, a simplification
that overstates tax in early loss years). Measures
(:mod:`valorize.economics.cashflow`): NPV at the discount rate, IRR, payback,
the levelized unit cost :math:`\sum_t (I_t + C_t - \text{credits}_t)(1+r)^{-t} /
\sum_t m_{prod,t}(1+r)^{-t}` (with and without the feed), and the minimum
selling price of the product for a target IRR, found by bisection since NPV
rises monotonically with the price. NPV, IRR, payback and that price judge the
project on its own merit (without the grant, as a funding commission would);
the NPV with the grant, and the yearly cash flow, include it. Working capital,
a share of a full year's operating cost, is tied up in the first operating year
and released in the last.

With a loan (:mod:`valorize.economics.debt`) the owner's (equity) cash flow is
:math:`R_t - C_t - T^{lev}_t - I_t + G_t + L_t - S_t`, where the drawdowns
:math:`L_t` pay a share of the building, :math:`S_t` is the debt service and the
levered tax :math:`T^{lev}_t` deducts the interest; the equity NPV (at the same
discount rate), the equity IRR and the lowest debt-service coverage ratio
:math:`\min_t (R_t - C_t - T^{lev}_t)/S_t` a lender looks at are reported beside
the project's measures, which the loan does not change.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from valorize.economics.cashflow import (
    internal_rate_of_return,
    levelized_cost,
    net_present_value,
    payback_period,
)
from valorize.economics.debt import term_loan
from valorize.economics.project import depreciation_schedule, income_tax
from valorize.errors import InputError


@dataclass(frozen=True)
class PlantFlows:
    """Yearly physical flows of the plant at full capacity (kg/yr, kWh/yr); arrays broadcast."""

    feed: np.ndarray | float
    product: np.ndarray | float
    waste: np.ndarray | float
    energy: np.ndarray | float
    residue_by_element: dict[str, np.ndarray | float]


@dataclass(frozen=True)
class EconomicInputs:
    """Money in USD, rates as fractions; prices may be arrays over scenarios."""

    capital_cost: float
    construction_years: int
    life_years: int
    ramp_up: float
    discount_rate: float
    tax_rate: float
    depreciation: str
    depreciation_years: int
    grant: float
    staff: float
    wage_per_year: float
    maintenance_fraction: float
    insurance_fraction: float
    electricity_price: np.ndarray | float
    waste_disposal_per_kg: float
    product_price: np.ndarray | float
    feed_price: np.ndarray | float
    credit_prices: dict[str, np.ndarray | float]
    payable: dict[str, float]
    target_irr: float
    loan_fraction: float = 0.0
    loan_interest_rate: float = 0.0
    loan_years: int = 1
    working_capital: float = 0.0


@dataclass(frozen=True)
class CashFlowResult:
    """Yearly lines (scenarios, years) and the measures per scenario."""

    years: np.ndarray
    revenue: np.ndarray
    operating_cost: np.ndarray
    tax: np.ndarray
    capital: np.ndarray
    cash_flow: np.ndarray
    project_cash_flow: np.ndarray
    npv: np.ndarray
    npv_with_grant: np.ndarray
    irr: np.ndarray
    payback: np.ndarray
    unit_cost: np.ndarray
    refining_cost: np.ndarray
    minimum_selling_price: np.ndarray
    working_capital: np.ndarray
    interest: np.ndarray
    principal: np.ndarray
    equity_cash_flow: np.ndarray
    equity_npv: np.ndarray
    equity_irr: np.ndarray
    minimum_dscr: np.ndarray


def _lines(flows: PlantFlows, e: EconomicInputs, product_price: np.ndarray) -> dict:
    """Yearly lines for given product prices (scenarios,)."""
    # spending in years 0 .. n_build-1 (year 0 at least), operation for life years after
    n_build = max(e.construction_years, 1)
    years = np.arange(n_build + e.life_years)
    operating = np.zeros(len(years))
    operating[n_build:] = 1.0
    operating[n_build] = e.ramp_up
    shape = np.broadcast(product_price, e.feed_price, e.electricity_price).shape
    rho = operating  # (years,)

    def yearly(amount: np.ndarray | float) -> np.ndarray:
        return np.asarray(amount, dtype=float)[..., None] * rho

    credits = sum(
        (
            flows.residue_by_element.get(el, 0.0) * e.payable.get(el, 0.0) * np.asarray(price)
            for el, price in e.credit_prices.items()
        ),
        start=np.zeros(shape),
    )
    product_revenue = yearly(flows.product * np.asarray(product_price))
    credit_revenue = yearly(credits)
    revenue = product_revenue + credit_revenue
    feed = yearly(flows.feed * np.asarray(e.feed_price))
    variable = yearly(
        flows.energy * np.asarray(e.electricity_price) + flows.waste * e.waste_disposal_per_kg
    )
    fixed = (
        e.staff * e.wage_per_year + (e.maintenance_fraction + e.insurance_fraction) * e.capital_cost
    ) * (rho > 0)
    operating_cost = feed + variable + fixed
    # working capital: a share of a full year's operating cost, tied up when the plant
    # starts and released in its last year
    tied = e.working_capital * operating_cost[..., -1:]
    working = np.zeros(operating_cost.shape)
    working[..., n_build] += tied[..., 0]
    working[..., -1] -= tied[..., 0]
    spending = np.zeros(len(years))
    spending[:n_build] = e.capital_cost / n_build
    capital = spending.copy()
    capital[0] -= e.grant
    depreciation = np.zeros(len(years))
    depreciation[n_build:] = depreciation_schedule(
        e.capital_cost, e.depreciation, e.depreciation_years, len(years) - n_build
    )
    tax = income_tax(revenue - operating_cost, depreciation, e.tax_rate)
    project = revenue - operating_cost - tax - spending - working  # the plant on its merit
    cash_flow = project + (spending - capital)  # plus the grant, received in year 0
    debt = term_loan(spending, e.loan_fraction, e.loan_interest_rate, e.loan_years, n_build)
    # the owner's view: interest is deductible, the loan pays part of the building
    tax_levered = income_tax(revenue - operating_cost - debt.interest, depreciation, e.tax_rate)
    available = revenue - operating_cost - tax_levered  # cash available for debt service
    equity = available - working - capital + debt.drawdown - debt.debt_service
    return {
        "working": working,
        "debt": debt,
        "equity": equity,
        "available": available,
        "years": years,
        "revenue": revenue,
        "operating_cost": operating_cost,
        "tax": tax,
        "capital": np.broadcast_to(capital, revenue.shape),
        "cash_flow": cash_flow,
        "spending": np.broadcast_to(spending, revenue.shape),
        "project": project,
        "feed": feed,
        "credit_revenue": credit_revenue,
        "operating": rho,
    }


def _break_even_price(flows: PlantFlows, e: EconomicInputs, shape: tuple) -> np.ndarray:
    """Product price giving NPV = 0 at the target IRR; NPV rises with the price (bisection)."""
    lo = np.zeros(shape)
    hi = np.full(shape, 10.0)
    while True:  # widen until the high price is enough (bounded: prices below 1e9 USD/kg)
        npv_hi = net_present_value(e.target_irr, _lines(flows, e, hi)["project"])
        if np.all(npv_hi >= 0) or hi.max() > 1e9:
            break
        hi = np.where(npv_hi < 0, hi * 10.0, hi)
    for _ in range(80):
        mid = 0.5 * (lo + hi)
        npv_mid = net_present_value(e.target_irr, _lines(flows, e, mid)["project"])
        lo, hi = np.where(npv_mid < 0, mid, lo), np.where(npv_mid < 0, hi, mid)
    return 0.5 * (lo + hi)


def refinery_cash_flow(
    flows: PlantFlows, e: EconomicInputs, *, break_even: bool = True
) -> CashFlowResult:
    """Cash flow and measures for every price scenario at once.

    With ``break_even=False`` the minimum selling price (a bisection over the
    whole cash flow) is skipped and reported as NaN, for large sample runs.
    """
    if e.life_years < 1:
        raise InputError("economics.life_years must be at least 1")
    if e.depreciation_years < 1:
        raise InputError("economics.depreciation_years must be at least 1")
    if not 0 <= e.tax_rate < 1 or not 0 < e.ramp_up <= 1:
        raise InputError("tax rate must be in [0, 1) and ramp-up in (0, 1]")
    if np.any(np.asarray(flows.product) <= 0):
        raise InputError("the plant makes no product: its economics are undefined")
    lines = _lines(flows, e, np.asarray(e.product_price, dtype=float))
    cf, project = lines["cash_flow"], lines["project"]
    rate = e.discount_rate
    output = np.asarray(flows.product, dtype=float)[..., None] * lines["operating"]
    # levelized costs count the whole plant (the grant is financing, not a saving)
    outlays = lines["spending"] + lines["working"] + lines["operating_cost"]
    costs = outlays - lines["credit_revenue"]
    out_q = np.broadcast_to(output, costs.shape)

    minimum_price = (
        _break_even_price(flows, e, project.shape[:-1])
        if break_even
        else np.full(project.shape[:-1], np.nan)
    )
    return CashFlowResult(
        years=lines["years"],
        revenue=lines["revenue"],
        operating_cost=lines["operating_cost"],
        tax=lines["tax"],
        capital=lines["capital"],
        cash_flow=cf,
        project_cash_flow=project,
        npv=net_present_value(rate, project),
        npv_with_grant=net_present_value(rate, cf),
        irr=internal_rate_of_return(project),
        payback=payback_period(project),
        unit_cost=levelized_cost(rate, costs, out_q),
        refining_cost=levelized_cost(rate, outlays - lines["feed"], out_q),
        minimum_selling_price=minimum_price,
        working_capital=lines["working"],
        interest=lines["debt"].interest,
        principal=lines["debt"].principal,
        equity_cash_flow=lines["equity"],
        equity_npv=net_present_value(rate, lines["equity"]),
        equity_irr=internal_rate_of_return(lines["equity"]),
        minimum_dscr=_minimum_dscr(lines["available"], lines["debt"].debt_service),
    )


def _minimum_dscr(available: np.ndarray, service: np.ndarray) -> np.ndarray:
    """Lowest debt-service coverage ratio (cash available / debt service); NaN without a loan."""
    paying = service > 0
    if not np.any(paying):
        return np.full(available.shape[:-1], np.nan)
    return np.min(available[..., paying] / service[paying], axis=-1)
