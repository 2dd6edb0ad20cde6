r"""The project's yearly cash flow, its NPV and levelized costs, compiled, scenario by scenario.

:func:`valorize.economics.template.project_measures` gives a sample run the measures it
reports (NPV, IRR, unit and refining cost). In NumPy they come from the yearly lines of
:func:`valorize.economics.template._lines`, about thirty operations over a
(scenarios, years) array each, every one a fresh array; that code is the reference
(``tests/unit/test_project_kernel.py`` holds this kernel to it). This kernel runs the
same arithmetic one scenario at a time, a year at a time, and writes only the project's
cash flow (for the IRR) and the measures.

For scenario s and year t (B building years, the operating year k = t - B, the ramp-up
:math:`\rho_t`: 0 while building, the first year's share at t = B, 1 after):

.. math::

    R_t &= \rho_t m_k P + \rho_t \text{credits}_k, \qquad
    C_t = \rho_t \text{variable}_k + [\rho_t > 0]\,(W_{lab} + (f_{maint} + f_{ins}) I) \\
    T_t &= \tau \,\text{taxable}(R_t - C_t - D_t), \qquad
    CF_t = R_t - C_t - T_t - I [t < B] / B - WC_t

with the losses carried forward oldest first as in
:func:`valorize.economics.project.income_tax`, the working capital :math:`WC` a share of
the last year's operating cost tied up at t = B and released in the last year, the NPV
by Horner's scheme in :math:`v = 1/(1 + r)`, and the levelized costs
:math:`\sum_t c_t d_t / \sum_t \rho_t m_k d_t` with the discount factors :math:`d_t`
(:func:`valorize.economics.cashflow.discount_factors`). The arithmetic is the reference's
in the same order, the sums over the years in NumPy's pairwise order (eight partial sums,
for up to 128 years; one after another beyond), so the two agree to the bit up to 128
years. numba is imported when the kernel is first used; without it the NumPy path runs.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from valorize.compiled import compile_kernel

#: Scenarios from which the measures run compiled (numba's import costs about 0.3 s).
COMPILED_MIN_SCENARIOS = 512


def _run(
    product: np.ndarray,
    price: np.ndarray,
    credits: np.ndarray,
    feed: np.ndarray,
    variable: np.ndarray,
    capital: np.ndarray,
    depreciation: np.ndarray,
    discount: np.ndarray,
    terms: np.ndarray,
    n_build: int,
    window: int,
    project: np.ndarray,
    measures: np.ndarray,
) -> None:
    """Project cash flow ``(S, Y)`` and measures ``(4, S)``: NPV, costs' and output's PV.

    The lines (S, L) and capital (S,) may be broadcast views; ``depreciation`` is (S, Y),
    ``discount`` (Y,); ``terms``: ramp-up, labour, upkeep share, working-capital share,
    tax rate, loss offset share and the discount rate's v = 1 / (1 + r).
    """
    scenarios, n_years = project.shape
    ramp_up, labour, upkeep, working_share = terms[0], terms[1], terms[2], terms[3]
    tax_rate, offset_share, v = terms[4], terms[5], terms[6]
    last = n_years - 1
    rho_last = ramp_up if last == n_build else 1.0
    kept = np.zeros(n_years)
    terms_pv = np.empty((3, n_years))  # costs, costs less the feed, output; discounted
    building = 1.0 / n_build

    def pairwise(row: int) -> float:
        """The sum of ``terms_pv[row]`` in the order of NumPy's pairwise summation."""
        a = terms_pv[row]
        if n_years < 8 or n_years > 128:
            total = 0.0
            for i in range(n_years):
                total += a[i]
            return total
        r0, r1, r2, r3, r4, r5, r6, r7 = a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]
        i = 8
        while i < n_years - n_years % 8:
            r0, r1, r2, r3 = r0 + a[i], r1 + a[i + 1], r2 + a[i + 2], r3 + a[i + 3]
            r4, r5, r6, r7 = r4 + a[i + 4], r5 + a[i + 5], r6 + a[i + 6], r7 + a[i + 7]
            i += 8
        total = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
        while i < n_years:
            total += a[i]
            i += 1
        return total

    for s in range(scenarios):
        cap = capital[s]
        fixed = labour + upkeep * cap
        tied = working_share * (variable[s, last - n_build] * rho_last + fixed)
        kept[:] = 0.0
        for t in range(n_years):
            if t < n_build:
                revenue, operating, spending = 0.0, 0.0, cap * building
                output, credit, bought = 0.0, 0.0, 0.0
            else:
                k = t - n_build
                rho = ramp_up if t == n_build else 1.0
                output = product[s, k] * rho
                credit = credits[s, k] * rho
                bought = feed[s, k] * rho
                revenue = output * price[s] + credit
                operating = variable[s, k] * rho + fixed
                spending = cap * 0.0
            working = 0.0
            if t == n_build:
                working += tied
            if t == last:
                working -= tied
            margin = revenue - operating
            profit = margin - depreciation[s, t]
            taxable = max(profit, 0.0)
            room = offset_share * max(profit, 0.0)
            for u in range(max(0, t - window), t):  # losses carried forward, oldest first
                used = min(room, kept[u])
                kept[u] -= used
                room -= used
                taxable -= used
            kept[t] = max(-profit, 0.0)
            project[s, t] = margin - tax_rate * taxable - spending - working
            outlays = spending + working + operating
            terms_pv[0, t] = (outlays - credit) * discount[t]
            terms_pv[1, t] = (outlays - bought) * discount[t]
            terms_pv[2, t] = output * discount[t]
        npv = project[s, last]
        for t in range(last - 1, -1, -1):
            npv = npv * v + project[s, t]
        measures[0, s] = npv
        for row in range(3):
            measures[1 + row, s] = pairwise(row)


@functools.cache
def _kernel() -> Any:
    """The compiled yearly cash flow, or None without numba."""
    return compile_kernel(_run)


def cash_flow_measures(
    lines: dict[str, np.ndarray],
    capital: np.ndarray,
    depreciation: np.ndarray,
    discount: np.ndarray,
    terms: tuple[float, ...],
    n_build: int,
    window: int,
) -> tuple[np.ndarray, np.ndarray] | None:
    """The project's cash flow and its measures for S scenarios; None without numba.

    Parameters
    ----------
    lines
        ``product`` (kg/yr), ``credits``, ``feed`` and ``variable`` (USD/yr) over the
        operating years, each ``(S, L)`` (broadcast views allowed); ``price`` (USD/kg),
        ``(S,)``.
    capital
        Capital cost, USD, ``(S,)``.
    depreciation
        Tax depreciation, USD, ``(S, Y)`` for Y = B + L years.
    discount
        Discount factors :math:`(1 + r)^{-t}`, ``(Y,)``.
    terms
        Ramp-up share, labour (USD/yr), maintenance and insurance share of the capital,
        working-capital share, tax rate, loss offset share, and v = 1 / (1 + r).
    n_build, window
        Building years B (at least 1) and years a loss is carried forward.

    Returns
    -------
    tuple or None
        The cash flow ``(S, Y)`` and ``(4, S)``: NPV, present values of the costs (less
        the credits), of the costs less the feed, and of the output.
    """
    kernel = _kernel()
    if kernel is None:
        return None
    scenarios, n_years = depreciation.shape
    project = np.empty((scenarios, n_years))
    measures = np.empty((4, scenarios))
    kernel(
        lines["product"], lines["price"], lines["credits"], lines["feed"], lines["variable"],
        capital, depreciation, discount, np.array(terms, dtype=float), int(n_build),
        int(window), project, measures,
    )  # fmt: skip
    return project, measures
