r"""A term loan: drawn while the plant is built, repaid as an annuity once it runs.

A share :math:`s` of each construction year's spending is borrowed at the
interest rate :math:`i`. Interest on the balance is paid every year,
during construction too (from equity). From the first operating year the
balance :math:`B` is repaid in :math:`n` equal instalments of interest plus
principal (an annuity, e.g. Brealey, Myers & Allen, *Principles of Corporate
Finance*, ch. 2):

.. math:: A = B\,\frac{i}{1 - (1 + i)^{-n}} \quad (A = B/n \text{ when } i = 0)

Interest is deductible from taxable profit; the equity holder's cash flow is
the project's plus the drawdowns, less interest and principal, plus the
tax saved by the interest.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from valorize.errors import InputError


@dataclass(frozen=True)
class DebtSchedule:
    """Yearly lines of the loan (USD), on the plant's year axis."""

    drawdown: np.ndarray
    interest: np.ndarray
    principal: np.ndarray
    balance: np.ndarray  # at the end of each year

    @property
    def debt_service(self) -> np.ndarray:
        """Interest plus principal paid each year."""
        return self.interest + self.principal


def term_loan(
    spending: np.ndarray, share: float, rate: float, years: int, first_repayment: int
) -> DebtSchedule:
    """Schedule of a loan financing ``share`` of ``spending`` (yearly, USD).

    Parameters
    ----------
    spending
        Capital spent each year on the plant's year axis (the last), with any scenario
        axes in front.
    share
        Share of the spending borrowed, 0 <= s < 1.
    rate
        Yearly interest rate, 0 <= i < 1.
    years
        Instalments, at least 1; they must fit within the plant's years.
    first_repayment
        Index of the year of the first instalment (the first operating year).
    """
    if not 0 <= share < 1:
        raise InputError(f"economics.loan_fraction must lie in [0, 1), not {share}")
    if not 0 <= rate < 1:
        raise InputError(f"economics.loan_interest_rate must lie in [0, 1), not {rate}")
    spending = np.asarray(spending, dtype=float)
    n_years = spending.shape[-1]
    if years < 1 or first_repayment + years > n_years:
        raise InputError(
            f"economics.loan_years must be between 1 and the plant life "
            f"({n_years - first_repayment}), not {years}"
        )
    drawdown = share * spending
    interest = np.zeros(spending.shape)
    principal = np.zeros(spending.shape)
    balance = np.zeros(spending.shape)
    owed = np.zeros(spending.shape[:-1])  # scenarios (leading axes) at once
    annuity = np.zeros(spending.shape[:-1])
    for t in range(n_years):
        interest[..., t] = owed * rate  # on the balance at the start of the year
        if t == first_repayment:
            # -expm1(-n ln(1+i)) = 1 - (1+i)^-n without cancellation; a rate so small that
            # i n vanishes next to 1 (even subnormal) is the interest-free B / n
            if rate * years > 1e-12:
                annuity = owed * rate / -np.expm1(-years * np.log1p(rate))
            else:
                annuity = owed / years
        if first_repayment <= t < first_repayment + years - 1:
            principal[..., t] = annuity - interest[..., t]
        elif t == first_repayment + years - 1:
            principal[..., t] = owed  # the last instalment clears the balance (no rounding)
        owed = owed + drawdown[..., t] - principal[..., t]
        balance[..., t] = owed
    return DebtSchedule(drawdown, interest, principal, balance)
