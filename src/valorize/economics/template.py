r"""One after-tax project cash flow for every route, vectorized over scenarios.

Every route appraises its plant with :func:`project_cash_flow`: the route says what
the plant makes, earns and spends in a year at full capacity (:class:`PlantMoney`),
the case says how the project is built, financed and taxed (:class:`ProjectTerms`).

Theory manual
-------------
The capital cost I is spent evenly over the B construction years (B >= 1; year 0
at least) and the plant runs for L years after them. In operating year t, with the
ramp-up factor :math:`\rho_t` (the share of capacity in the first year, 1 after),

.. math::

    R_t &= \rho_t\,(m_t P + \text{credits}_t) \\
    C_t &= \rho_t\,(\text{feed}_t + \text{reagents}_t + \text{utilities}_t
          + \text{waste}_t + \text{other}_t) + W_{lab} + (f_{maint} + f_{ins})\,I \\
    T_t &= \tau\,\max(0, R_t - C_t - D_t - L^{c}_t), \qquad CF_t = R_t - C_t - T_t - I_t - WC_t

with the main product's mass :math:`m_t` and price P, the by-product credits
(payable shares applied by the route), labour :math:`W_{lab}`, maintenance and
insurance as shares of the capital, depreciation :math:`D_t` of each depreciable
asset (straight-line, double declining balance or a tax code's rule,
:mod:`valorize.economics.project`), income tax at rate :math:`\tau` on positive profit
less the losses :math:`L^{c}_t` carried forward as the tax code allows (none without
one), and working capital WC, a share of a full year's operating cost tied up in the
first operating year and released in the last. A grant G (at most the capital) is
received in year 0 and pays the first spending. Measures
(:mod:`valorize.economics.cashflow`): NPV at the discount rate, IRR (with why it is
missing, every root of an ambiguous one and the modified IRR at the case's finance and
reinvestment rates), payback and discounted payback from the first spending (never:
NaN), the levelized unit cost of the main product

.. math:: c = \frac{\sum_t (I_t + WC_t + C_t - \text{credits}_t)(1+r)^{-t}}
                   {\sum_t \rho_t m_t (1+r)^{-t}},

the same without the feed (the cost of the processing alone), and the minimum
selling price of the product for a target IRR, found by false position (Illinois) in a
bracket since NPV rises monotonically with the price; it is negative where the credits
alone earn the target.
NPV, IRR, payback and that price judge the project on
its own merit, without the grant (as a funding commission would); the NPV with the
grant, and the yearly cash flow, include it.

With a loan (:mod:`valorize.economics.debt`) the owner's (equity) cash flow is
:math:`R_t - C_t - T^{lev}_t - I_t + G_t + L_t - S_t`, where the drawdowns
:math:`L_t` pay a share of the owner's spending (the building less the grant),
:math:`S_t` is the debt service and the
levered tax :math:`T^{lev}_t` deducts the interest; the equity NPV (at the same
discount rate), the equity IRR and the lowest debt-service coverage ratio
:math:`\min_t (R_t - C_t - T^{lev}_t)/S_t` a lender looks at are reported beside
the project's measures, which the loan does not change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from valorize.compiled import compiled_allowed
from valorize.economics.cashflow import (
    IRR_STATUS,
    discount_factors,
    discounted_payback_period,
    internal_rate_of_return,
    irr_analysis,
    levelized_cost,
    modified_internal_rate_of_return,
    net_present_value,
    payback_period,
)
from valorize.economics.debt import DebtSchedule, term_loan
from valorize.economics.project import depreciation_schedule, income_tax
from valorize.errors import InputError

Amount = np.ndarray | float


def every_year(value: Amount) -> np.ndarray:
    """A value over scenarios ``(...)`` as a line of :class:`PlantMoney`, the same each year."""
    return np.asarray(value, dtype=float)[..., None]


@dataclass(frozen=True)
class PlantMoney:
    """What the plant makes, earns and spends in each operating year at full capacity.

    Every line but ``product_price`` has a last axis over the L operating years (of
    length L, or 1 for the same every year: :func:`every_year`) after any scenario
    axes; ``product_price`` is over scenarios only.

    Attributes
    ----------
    product
        Main product made, kg/yr.
    product_price
        Its price, USD/kg (what the minimum selling price replaces).
    credits
        By-products sold, USD/yr, payable shares applied.
    feed
        Raw material bought, USD/yr.
    reagents, utilities, waste, other
        Reagents, electricity and other utilities, disposal, and anything else the route
        spends in proportion to its operation (replaced parts, O&M priced per area), USD/yr.
    """

    product: Amount
    product_price: Amount
    credits: Amount = 0.0
    feed: Amount = 0.0
    reagents: Amount = 0.0
    utilities: Amount = 0.0
    waste: Amount = 0.0
    other: Amount = 0.0

    def variable_cost(self) -> np.ndarray:
        """Feed, reagents, utilities, waste and other, USD/yr, ``(..., L or 1)``."""
        lines = (self.feed, self.reagents, self.utilities, self.waste, self.other)
        return sum((np.asarray(v, dtype=float) for v in lines), start=np.zeros(1))


@dataclass(frozen=True)
class ProjectTerms:
    """How the plant is built, financed, taxed and judged; USD and fractions.

    ``capital_cost`` may be an array over scenarios. ``depreciable``
    lists the depreciable assets as (amount, tax years) pairs; empty: the whole
    capital over ``depreciation_years`` (None: the life).
    """

    capital_cost: Amount
    life_years: int
    discount_rate: float
    tax_rate: float
    construction_years: int = 1
    ramp_up: float = 1.0
    depreciation: str = "straight-line"
    depreciation_years: int | None = None
    depreciation_rate: float | None = None
    depreciable: tuple[tuple[Amount, int], ...] = ()
    grant: float = 0.0
    labour: float = 0.0
    maintenance_fraction: float = 0.0
    insurance_fraction: float = 0.0
    working_capital: float = 0.0
    loan_fraction: float = 0.0
    loan_interest_rate: float = 0.0
    loan_years: int = 1
    target_irr: float | None = None
    finance_rate: float | None = None
    reinvestment_rate: float | None = None
    loss_carry_forward_years: int | None = 0
    loss_offset_share: float = 1.0

    def check(self) -> None:
        """Refuse terms with no meaning, naming the case field (:class:`InputError`)."""
        if self.life_years < 1:
            raise InputError("economics.life_years must be at least 1")
        if self.depreciation_years is not None and self.depreciation_years < 1:
            raise InputError("economics.depreciation_years must be at least 1")
        if not 0 <= self.tax_rate < 1:
            raise InputError(f"economics.tax_rate must lie in [0, 1), not {self.tax_rate}")
        if not 0 < self.ramp_up <= 1:
            raise InputError(f"economics.ramp_up must lie in (0, 1], not {self.ramp_up}")
        if self.grant < 0:
            raise InputError(f"economics.grant must not be negative, not {self.grant:g} USD")
        capital = np.asarray(self.capital_cost, dtype=float)
        if np.any(capital < 0):
            raise InputError("economics.capital_cost must not be negative")
        above = capital < self.grant
        if np.any(above):
            raise InputError(
                f"economics.grant ({self.grant:,.0f} USD) exceeds the capital cost "
                f"({float(np.min(capital)):,.0f} USD"
                + (f", in {int(above.sum())} of {above.size} scenarios" if above.ndim else "")
                + "); a grant pays at most for the plant's building"
            )

    @property
    def build_years(self) -> int:
        """Years of spending before operation (year 0 at least)."""
        return max(self.construction_years, 1)


@dataclass(frozen=True)
class CashFlowResult:
    """Yearly lines ``(..., years)`` over the plant's years and the measures per scenario."""

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
    irr_status: np.ndarray
    irr_roots: np.ndarray
    mirr: np.ndarray
    payback: np.ndarray
    discounted_payback: np.ndarray
    unit_cost: np.ndarray
    refining_cost: np.ndarray
    minimum_selling_price: np.ndarray
    working_capital: np.ndarray
    interest: np.ndarray
    principal: np.ndarray
    loan_drawn: np.ndarray
    equity_cash_flow: np.ndarray
    equity_npv: np.ndarray
    equity_irr: np.ndarray
    minimum_dscr: np.ndarray


@dataclass(frozen=True)
class _Lines:
    """The project's yearly lines of one evaluation, ``(..., years)``.

    ``owner_spending`` (the building less the grant) and ``depreciation`` keep their own
    shapes, for the owner's lines (:func:`_owner_lines`).
    """

    years: np.ndarray
    operating: np.ndarray
    output: np.ndarray
    revenue: np.ndarray
    credits: np.ndarray
    feed: np.ndarray
    operating_cost: np.ndarray
    working: np.ndarray
    spending: np.ndarray
    capital: np.ndarray
    tax: np.ndarray
    project: np.ndarray
    cash_flow: np.ndarray
    owner_spending: np.ndarray
    depreciation: np.ndarray


@dataclass(frozen=True)
class _OwnerLines:
    """The owner's (equity) lines with a loan, ``(..., years)``."""

    debt: DebtSchedule
    available: np.ndarray
    equity: np.ndarray


def _on_years(line: Amount, n_build: int, n_years: int) -> np.ndarray:
    """An operating-years line ``(..., L or 1)`` on the plant's years (zero while building)."""
    a = np.asarray(line, dtype=float)
    if a.ndim == 0:
        a = a[None]
    out = np.zeros((*a.shape[:-1], n_years))
    out[..., n_build:] = a
    return out


def _depreciation(t: ProjectTerms, n_build: int, n_years: int) -> np.ndarray:
    """Depreciation of every asset on the plant's years, ``(..., years)``."""
    assets = t.depreciable or ((t.capital_cost, t.depreciation_years or t.life_years),)
    total = np.zeros(n_years)
    for amount, tax_years in assets:
        per_unit = np.zeros(n_years)
        per_unit[n_build:] = depreciation_schedule(
            1.0, t.depreciation, tax_years, n_years - n_build, t.depreciation_rate
        )
        total = total + np.asarray(amount, dtype=float)[..., None] * per_unit
    return total


def _lines(money: PlantMoney, t: ProjectTerms, product_price: np.ndarray) -> _Lines:
    """Yearly lines for given product prices (scenarios)."""
    n_build = t.build_years
    n_years = n_build + t.life_years
    years = np.arange(n_years)
    rho = np.zeros(n_years)
    rho[n_build:] = 1.0
    rho[n_build] = t.ramp_up
    output = _on_years(money.product, n_build, n_years) * rho
    credits = _on_years(money.credits, n_build, n_years) * rho
    feed = _on_years(money.feed, n_build, n_years) * rho
    variable = _on_years(money.variable_cost(), n_build, n_years) * rho
    revenue = output * np.asarray(product_price, dtype=float)[..., None] + credits
    capital = np.asarray(t.capital_cost, dtype=float)[..., None]
    fixed = (t.labour + (t.maintenance_fraction + t.insurance_fraction) * capital) * (rho > 0)
    operating_cost = variable + fixed
    revenue, operating_cost = np.broadcast_arrays(revenue, operating_cost)
    # working capital: a share of a full year's operating cost, tied up when the plant
    # starts and released in its last year
    tied = t.working_capital * operating_cost[..., -1]
    working = np.zeros(operating_cost.shape)
    working[..., n_build] += tied
    working[..., -1] -= tied
    build = (years < n_build) / n_build
    spending = capital * build
    granted = spending - t.grant * (years == 0)
    # the grant pays the first spending; the owner (and a loan) pays the rest
    paid_by_grant = np.diff(np.minimum(np.cumsum(spending, axis=-1), t.grant), prepend=0.0)
    owner_spending = spending - paid_by_grant
    depreciation = _depreciation(t, n_build, n_years)
    tax = income_tax(revenue - operating_cost, depreciation, t.tax_rate, **_tax_rules(t))
    project = revenue - operating_cost - tax - spending - working  # the plant on its merit
    cash_flow = project + (spending - granted)  # plus the grant, received in year 0
    shape = revenue.shape
    return _Lines(
        years=years,
        operating=rho,
        output=np.broadcast_to(output, shape),
        revenue=revenue,
        credits=np.broadcast_to(credits, shape),
        feed=np.broadcast_to(feed, shape),
        operating_cost=operating_cost,
        working=working,
        spending=np.broadcast_to(spending, shape),
        capital=np.broadcast_to(granted, shape),
        tax=tax,
        project=project,
        cash_flow=cash_flow,
        owner_spending=owner_spending,
        depreciation=depreciation,
    )


def _tax_rules(t: ProjectTerms) -> dict[str, Any]:
    """The tax code's loss rules as :func:`~valorize.economics.project.income_tax` takes them."""
    return {"carry_years": t.loss_carry_forward_years, "offset_share": t.loss_offset_share}


def _owner_lines(lines: _Lines, t: ProjectTerms) -> _OwnerLines:
    """The owner's lines: the loan's schedule, the cash available for it and the equity flow."""
    if t.loan_fraction > 0:
        debt = term_loan(
            lines.owner_spending, t.loan_fraction, t.loan_interest_rate, t.loan_years,
            t.build_years,
        )  # fmt: skip
    else:  # no loan: no schedule (and no loan_years to fit in the life)
        none = np.zeros(lines.owner_spending.shape)
        debt = DebtSchedule(none, none, none, none)
    # the owner's view: interest is deductible, the loan pays part of the building
    margin = lines.revenue - lines.operating_cost
    tax_levered = income_tax(
        margin - debt.interest, lines.depreciation, t.tax_rate, **_tax_rules(t)
    )
    available = margin - tax_levered  # cash available for debt service
    equity = available - lines.working - lines.capital + debt.drawdown - debt.debt_service
    return _OwnerLines(debt, available, equity)


def _levelized_costs(lines: _Lines, rate: float) -> tuple[np.ndarray, np.ndarray]:
    """The unit cost and the refining cost (the same without the feed), USD per unit made.

    Levelized costs count the whole plant: the grant is financing, not a saving.
    """
    outlays = lines.spending + lines.working + lines.operating_cost
    return (
        levelized_cost(rate, outlays - lines.credits, lines.output),
        levelized_cost(rate, outlays - lines.feed, lines.output),
    )


#: Largest product price magnitude, USD/kg, searched for the minimum selling price.
BREAK_EVEN_LIMIT = 1e9


def _break_even_price(money: PlantMoney, t: ProjectTerms, shape: tuple) -> np.ndarray:
    """Product price giving NPV = 0 at the target IRR, negative ones included.

    NPV rises strictly with the price (the tax takes at most the rate of each extra
    dollar), so the bracket is widened tenfold each way until NPV changes sign in it;
    a price below zero means the by-product credits alone earn the target IRR. NaN
    where no price within :data:`BREAK_EVEN_LIMIT` does. The root is then found by
    false position with the Illinois rule (:func:`_illinois`): NPV is linear in the
    price between the years where the tax or a loss carried forward changes regime, so
    a secant lands on the root in a few evaluations where bisection took about 45.
    """

    def npv(price: np.ndarray) -> np.ndarray:
        return net_present_value(t.target_irr, _lines(money, t, price).project)

    lo = np.full(shape, -10.0)
    hi = np.full(shape, 10.0)
    while True:
        f_lo, f_hi = npv(lo), npv(hi)
        short_low, short_high = f_lo > 0, f_hi < 0
        grow_low = short_low & (-lo < BREAK_EVEN_LIMIT)
        grow_high = short_high & (hi < BREAK_EVEN_LIMIT)
        if not (np.any(grow_low) or np.any(grow_high)):
            break
        lo = np.where(grow_low, 10.0 * lo, lo)
        hi = np.where(grow_high, 10.0 * hi, hi)
    found = (f_lo <= 0) & (f_hi >= 0)  # not short either way, and not NaN
    # a scenario without a price in reach starts settled (f = 0 at both ends)
    root = _illinois(npv, lo, hi, np.where(found, f_lo, 0.0), np.where(found, f_hi, 0.0))
    return np.where(found, root, np.nan)


#: Relative width of the bracket at which the minimum selling price is settled.
BREAK_EVEN_TOLERANCE = 1e-12


def _illinois(
    f: Callable[[np.ndarray], np.ndarray],
    lo: np.ndarray,
    hi: np.ndarray,
    f_lo: np.ndarray,
    f_hi: np.ndarray,
    max_iterations: int = 300,
) -> np.ndarray:
    """The root of an increasing ``f`` in each bracket, ``f(lo) <= 0 <= f(hi)``.

    False position, its stuck end's value halved each time that end is kept twice in a
    row (the Illinois rule; Dowell and Jarratt, BIT 11, 1971, 168-174), bisection where
    the secant leaves the bracket or the last two steps did not halve it (so the bracket
    halves at least every third step: never more than three times bisection's
    evaluations, where a steep kink would hold false position back).

    Where the bracket's secant puts the root within half the tolerance of the last
    point, the next point is that far past it: the root is then bracketed that
    narrowly, or the secant was wrong (a kink between) and the search goes on. Each
    element stops on its own once its bracket is within :data:`BREAK_EVEN_TOLERANCE`
    of its size (at least 1), or f is zero at a point, and returns the bracket's middle
    (or that point); out of iterations, the bracket's middle. Shapes ``(...)``.
    """
    kept = np.zeros(lo.shape, dtype=np.int8)  # -1: lo was kept last time, +1: hi
    active = (f_lo < 0) & (f_hi > 0)  # an end where f is zero is the root
    root = np.where(f_lo == 0, lo, hi)
    probe = np.zeros(lo.shape, dtype=bool)
    last, f_last = lo, f_lo
    width = before = hi - lo  # the bracket's width now and two steps ago
    slow = np.zeros(lo.shape, dtype=bool)
    for _ in range(max_iterations):
        if not active.any():
            break
        with np.errstate(divide="ignore", invalid="ignore"):
            x = lo - f_lo * (hi - lo) / (f_hi - f_lo)
        # bisection where the secant leaves the bracket or two steps did not halve it
        x = np.where((x > lo) & (x < hi) & ~slow, x, 0.5 * (lo + hi))
        step = 0.5 * BREAK_EVEN_TOLERANCE * np.maximum(1.0, np.abs(last))
        past = last - np.sign(f_last) * step
        x = np.where(probe & ~slow & (past > lo) & (past < hi), past, x)
        fx = f(x)
        below = active & (fx < 0)
        above = active & (fx > 0)
        f_hi = np.where(below & (kept == 1), 0.5 * f_hi, f_hi)
        f_lo = np.where(above & (kept == -1), 0.5 * f_lo, f_lo)
        lo, f_lo = np.where(below, x, lo), np.where(below, fx, f_lo)
        hi, f_hi = np.where(above, x, hi), np.where(above, fx, f_hi)
        kept = np.where(below, 1, np.where(above, -1, kept)).astype(np.int8)
        slow, before, width = hi - lo > 0.5 * before, width, hi - lo
        zero = active & (fx == 0)
        narrow = active & (hi - lo <= BREAK_EVEN_TOLERANCE * np.maximum(1.0, np.abs(hi)))
        root = np.where(zero, x, np.where(narrow, 0.5 * (lo + hi), root))
        active &= ~zero & ~narrow
        # how far x lies from the root by the bracket's secant (f is linear near it)
        with np.errstate(divide="ignore", invalid="ignore"):
            off = np.abs(fx) * (hi - lo) / (f_hi - f_lo)
        probe = active & (off <= 0.5 * BREAK_EVEN_TOLERANCE * np.maximum(1.0, np.abs(x)))
        last, f_last = x, fx
    return np.where(active, 0.5 * (lo + hi), root)


def _check(money: PlantMoney, terms: ProjectTerms) -> None:
    """Refuse terms with no meaning and a plant that makes no product (:class:`InputError`)."""
    terms.check()
    if np.any(np.asarray(money.product) <= 0):
        raise InputError("the plant makes no product: its economics are undefined")


def project_cash_flow(
    money: PlantMoney, terms: ProjectTerms, *, break_even: bool = True
) -> CashFlowResult:
    """The plant's after-tax cash flow and its measures, for every scenario at once.

    Parameters
    ----------
    money
        What the plant makes, earns and spends a year at full capacity; lines
        ``(..., L or 1)``, the product's price ``(...)``.
    terms
        Capital, construction, life, ramp-up, tax, depreciation, grant, labour,
        maintenance, insurance, working capital, loan and the target IRR.
    break_even
        False skips the minimum selling price (a root search over the whole cash flow)
        and reports it as NaN, for large sample runs.

    Returns
    -------
    CashFlowResult
        Lines ``(..., B + L)`` over the plant's years and measures ``(...)``.

    Raises
    ------
    InputError
        For terms with no meaning (:meth:`ProjectTerms.check`) or a plant that makes no
        product (its unit cost is undefined).
    """
    _check(money, terms)
    with np.errstate(invalid="ignore", over="ignore"):  # a flow not finite is refused below
        lines = _lines(money, terms, np.asarray(money.product_price, dtype=float))
        owner = _owner_lines(lines, terms)
    rate = terms.discount_rate
    scenarios = lines.project.shape[:-1]
    irr = irr_analysis(lines.project)
    if break_even and terms.target_irr is None:
        raise InputError("economics.target_irr is needed for the minimum selling price")
    minimum_price = (
        _break_even_price(money, terms, scenarios) if break_even else np.full(scenarios, np.nan)
    )
    unit_cost, refining_cost = _levelized_costs(lines, rate)
    return CashFlowResult(
        years=lines.years,
        revenue=lines.revenue,
        operating_cost=lines.operating_cost,
        tax=lines.tax,
        capital=lines.capital,
        cash_flow=lines.cash_flow,
        project_cash_flow=lines.project,
        npv=net_present_value(rate, lines.project),
        npv_with_grant=net_present_value(rate, lines.cash_flow),
        irr=irr.irr,
        irr_status=irr.status,
        irr_roots=irr.roots,
        mirr=modified_internal_rate_of_return(
            lines.project,
            rate if terms.finance_rate is None else terms.finance_rate,
            rate if terms.reinvestment_rate is None else terms.reinvestment_rate,
        ),
        payback=payback_period(lines.project),
        discounted_payback=discounted_payback_period(rate, lines.project),
        unit_cost=unit_cost,
        refining_cost=refining_cost,
        minimum_selling_price=minimum_price,
        working_capital=lines.working,
        interest=owner.debt.interest,
        principal=owner.debt.principal,
        loan_drawn=owner.debt.drawdown.sum(axis=-1),
        equity_cash_flow=owner.equity,
        equity_npv=net_present_value(rate, owner.equity),
        equity_irr=internal_rate_of_return(owner.equity),
        minimum_dscr=_minimum_dscr(owner.available, owner.debt.debt_service, lines.operating > 0),
    )


@dataclass(frozen=True)
class ProjectMeasures:
    """The measures a sample run reports of each scenario, ``(...)``.

    Attributes
    ----------
    npv
        Net present value at the discount rate, without the grant, USD.
    irr, irr_status
        IRR (fraction a year; NaN unless unique) and why
        (:data:`~valorize.economics.cashflow.IRR_STATUS`).
    unit_cost, refining_cost
        Levelized cost of the main product, and the same without the feed, USD per unit.
    project_cash_flow
        The project's yearly cash flow, USD, ``(..., B + L)``.
    """

    npv: np.ndarray
    irr: np.ndarray
    irr_status: np.ndarray
    unit_cost: np.ndarray
    refining_cost: np.ndarray
    project_cash_flow: np.ndarray


def project_measures(
    money: PlantMoney, terms: ProjectTerms, *, compiled: bool | None = None
) -> ProjectMeasures:
    """NPV, IRR and levelized costs of every scenario, without the rest of the cash flow.

    The same numbers as :func:`project_cash_flow`'s (the theory is the module's), for a
    sample run that reports only these: from
    :data:`~valorize.economics.project_kernel.COMPILED_MIN_SCENARIOS` scenarios on, the
    yearly cash flow runs compiled (:mod:`valorize.economics.project_kernel`), equal to
    the NumPy lines to the bit up to 128 years (within an ulp or so of the sums beyond).

    Parameters
    ----------
    money
        What the plant makes, earns and spends a year at full capacity; lines
        ``(..., L or 1)``, the product's price ``(...)``.
    terms
        The project's terms; the loan does not change these measures.
    compiled
        None: compiled for many scenarios; True: compiled whenever numba imports; False:
        NumPy.

    Returns
    -------
    ProjectMeasures
        Measures ``(...)`` and the cash flow ``(..., B + L)``.

    Raises
    ------
    InputError
        As :func:`project_cash_flow` does (terms, no product, a cash flow that is not
        finite, a discounted output that is not positive).
    """
    _check(money, terms)
    got = None
    if compiled or (compiled is None and compiled_allowed()):
        from valorize.economics import project_kernel

        lead = _scenario_shape(money, terms)
        if compiled or int(np.prod(lead)) >= project_kernel.COMPILED_MIN_SCENARIOS:
            got = _compiled_measures(money, terms, lead)
    if got is None:
        with np.errstate(invalid="ignore", over="ignore"):  # a flow not finite is refused
            lines = _lines(money, terms, np.asarray(money.product_price, dtype=float))
            npv = net_present_value(terms.discount_rate, lines.project)
            unit_cost, refining_cost = _levelized_costs(lines, terms.discount_rate)
        project = lines.project
    else:
        project, npv, unit_cost, refining_cost = got
    irr = irr_analysis(project)
    return ProjectMeasures(npv, irr.irr, irr.status, unit_cost, refining_cost, project)


def _scenario_shape(money: PlantMoney, terms: ProjectTerms) -> tuple[int, ...]:
    """The scenario axes the money's lines, its price, the capital and the assets span."""
    lines = (money.product, money.credits, money.feed, money.variable_cost())
    leads = [np.shape(line)[:-1] for line in lines]
    assets = [np.shape(amount) for amount, _ in terms.depreciable]
    return np.broadcast_shapes(
        *leads, *assets, np.shape(money.product_price), np.shape(terms.capital_cost)
    )


def _compiled_measures(
    money: PlantMoney, terms: ProjectTerms, lead: tuple[int, ...]
) -> tuple[np.ndarray, ...] | None:
    """:func:`project_measures`' cash flow, NPV and costs, compiled; None for NumPy's.

    None without numba, and where a cash flow or a cost's present value is not finite
    (the NumPy path then refuses it as :func:`project_cash_flow` does).
    """
    from valorize.economics import project_kernel

    t = terms
    n_build = t.build_years
    n_years = n_build + t.life_years
    scenarios = int(np.prod(lead))

    def operating(line: Amount) -> np.ndarray:
        a = np.asarray(line, dtype=float)
        a = a[None] if a.ndim == 0 else a
        return np.broadcast_to(a, (*lead, t.life_years)).reshape(scenarios, t.life_years)

    def per_scenario(value: Amount, *years: int) -> np.ndarray:
        a = np.asarray(value, dtype=float)
        return np.broadcast_to(a, (*lead, *years)).reshape(scenarios, *years)

    with np.errstate(invalid="ignore", over="ignore"):  # a line not finite: NumPy refuses it
        lines = {
            "product": operating(money.product),
            "credits": operating(money.credits),
            "feed": operating(money.feed),
            "variable": operating(money.variable_cost()),
            "price": per_scenario(money.product_price),
        }
        rate = t.discount_rate
        window = n_years if t.loss_carry_forward_years is None else t.loss_carry_forward_years
        got = project_kernel.cash_flow_measures(
            lines,
            per_scenario(t.capital_cost),
            per_scenario(_depreciation(t, n_build, n_years), n_years),
            discount_factors(rate, n_years),
            (
                t.ramp_up, t.labour, t.maintenance_fraction + t.insurance_fraction,
                t.working_capital, t.tax_rate, t.loss_offset_share, 1.0 / (1.0 + rate),
            ),
            n_build,
            window,
        )  # fmt: skip
    if got is None or not (np.all(np.isfinite(got[0])) and np.all(np.isfinite(got[1]))):
        return None
    project, (npv, cost_pv, refining_pv, output_pv) = got
    if np.any(output_pv <= 0):
        raise InputError("the discounted output must be positive to levelize a cost")
    return (
        project.reshape(*lead, n_years),
        npv.reshape(lead),
        (cost_pv / output_pv).reshape(lead),
        (refining_pv / output_pv).reshape(lead),
    )


def _minimum_dscr(available: np.ndarray, service: np.ndarray, operating: np.ndarray) -> np.ndarray:
    """Lowest debt-service coverage ratio (cash available / debt service), operating years.

    NaN without a loan. Interest while the plant is built is paid by the owners.
    """
    paying = (service > 0) & operating
    if not np.any(paying):
        return np.full(available.shape[:-1], np.nan)
    return np.min(np.where(paying, available / np.where(paying, service, 1.0), np.inf), axis=-1)


def irr_details(r: CashFlowResult) -> dict[str, list]:
    """Why each scenario's IRR is what it is, its roots, the modified IRR and discounted payback.

    JSON-ready lists over the scenarios (flattened): ``irr_status`` (words of
    :data:`~valorize.economics.cashflow.IRR_STATUS`), ``irr_roots_pct`` (every root found,
    % a year), ``mirr_pct`` and ``discounted_payback_yr`` (None where undefined).
    """

    def defined(x: np.ndarray) -> list[float | None]:
        return [None if not np.isfinite(v) else float(v) for v in np.ravel(x)]

    roots = np.asarray(r.irr_roots).reshape(-1, np.shape(r.irr_roots)[-1])
    return {
        "irr_status": [IRR_STATUS[int(k)] for k in np.ravel(r.irr_status)],
        "irr_roots_pct": [[100 * float(x) for x in row if np.isfinite(x)] for row in roots],
        "mirr_pct": defined(100 * np.asarray(r.mirr)),
        "discounted_payback_yr": defined(r.discounted_payback),
    }
