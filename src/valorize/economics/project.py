r"""The two tax rules of every route's project appraisal: depreciation and income tax.

Every route values its plant as an after-tax project with one template,
:func:`valorize.economics.template.project_cash_flow` (the refinery through
:mod:`valorize.economics.refinery`, the anode slime through
:mod:`valorize.slime.economics`, the slag-to-hydrogen field through
:func:`valorize.hydrogen.run.project_cash_flow`), which applies these two rules:

- depreciation of the depreciable capital I over D years, straight-line
  (:math:`D_t = I/D` for the first D operating years) or declining-balance (double
  rate, switching to straight line when that is larger), or as a tax code allows
  (``data/economics.toml`` ``[tax_code]``: Kazakhstan's pooled declining balance,
  Uzbekistan's straight line at a yearly rate), :func:`depreciation_schedule`;
- income tax at rate :math:`\tau` on the year's positive taxable profit,
  :math:`T_t = \tau\,\max(0, M_t - D_t - \text{losses carried})` with M the operating
  margin (revenue less operating costs), losses carried forward for the years and up to
  the share of profit the tax code allows, :func:`income_tax`.
"""

from __future__ import annotations

import numpy as np

from valorize.compiled import compiled_allowed
from valorize.errors import InputError

#: Depreciation rules: the two of a case's choice and the two of the tax codes.
DEPRECIATION_METHODS = (
    "straight-line",
    "declining-balance",
    "pooled-declining",
    "straight-line-rate",
)


def depreciation_schedule(
    capex: float, method: str, years: int, life: int, rate: float | None = None
) -> np.ndarray:
    """Depreciation of ``capex`` in each of ``life`` operating years, shape ``(life,)``.

    Parameters
    ----------
    capex
        Depreciable capital, USD.
    method
        ``"straight-line"`` (``capex / years`` for ``years``), ``"declining-balance"``
        (double rate 2/years, switching to straight line when that is larger), or a tax
        code's rule at ``rate``: ``"pooled-declining"`` (``rate`` times the book value
        each year, the book value left written off in the last operating year, as for a
        group of assets disposed of) or ``"straight-line-rate"`` (``rate`` times
        ``capex`` each year until written off).
    years
        Years over which the tax code lets it be written off (the first two methods).
    life
        Operating years of the project.
    rate
        Yearly rate of the tax-code rules, (0, 1].

    Raises
    ------
    InputError
        For an unknown method or a tax-code rule without a rate in (0, 1].

    Examples
    --------
    >>> depreciation_schedule(100.0, "pooled-declining", 0, 3, rate=0.25).tolist()
    [25.0, 18.75, 56.25]
    >>> depreciation_schedule(100.0, "straight-line-rate", 0, 10, rate=0.15).round(2).tolist()
    [15.0, 15.0, 15.0, 15.0, 15.0, 15.0, 10.0, 0.0, 0.0, 0.0]
    """
    out = np.zeros(life)
    if method in ("pooled-declining", "straight-line-rate"):
        if rate is None or not 0 < rate <= 1:
            raise InputError(f"depreciation {method!r} needs a yearly rate in (0, 1]")
        book = capex
        for t in range(life):
            if method == "pooled-declining":
                out[t] = book if t == life - 1 else rate * book
            else:
                out[t] = min(rate * capex, book)
            book -= out[t]
    elif method == "straight-line":
        out[: min(years, life)] = capex / years
    elif method == "declining-balance":
        book, double = capex, 2.0 / years
        for t in range(min(years, life)):
            straight = book / (years - t)
            out[t] = max(book * double, straight)
            book -= out[t]
    else:
        raise InputError(f"depreciation must be one of {', '.join(DEPRECIATION_METHODS)}")
    return out


def income_tax(
    margin: np.ndarray,
    depreciation: np.ndarray,
    rate: float,
    *,
    carry_years: int | None = 0,
    offset_share: float = 1.0,
    compiled: bool | None = None,
) -> np.ndarray:
    r"""Income tax of each year, with losses carried forward against later profits.

    The taxable profit of year t is :math:`P_t = M_t - D_t`. A loss (:math:`P_t < 0`)
    is kept for ``carry_years`` years; a profit is first reduced by the kept losses,
    oldest first, by at most ``offset_share`` of it, and the rest is taxed:

    .. math:: T_t = \tau \max\bigl(0,\; P_t - \min(s P_t, \textstyle\sum_{v \in
              [t - n, t)} L_v)\bigr)

    Losses not used within their ``carry_years`` lapse; ``None`` keeps them without
    limit, 0 carries nothing (:math:`T_t = \tau \max(0, P_t)`). No carry-back.

    Parameters
    ----------
    margin, depreciation
        Operating margin and tax depreciation, USD, ``(..., years)`` (broadcast).
    rate
        Income-tax rate, fraction.
    carry_years
        Years a loss may be carried forward (None: without limit).
    offset_share
        Largest share of a year's taxable profit that carried losses may offset, (0, 1].
    compiled
        Carry the losses with the compiled kernel
        (:mod:`~valorize.economics.carry_forward_kernel`, the same result to the bit):
        None from its ``COMPILED_MIN_SCENARIOS`` scenarios on, True always, False never.

    Returns
    -------
    numpy.ndarray
        Tax, USD, ``(..., years)``.

    Examples
    --------
    >>> income_tax([-100.0, 60.0, 60.0], 0.0, 0.2, carry_years=5).tolist()
    [0.0, 0.0, 4.0]
    >>> income_tax([-100.0, 60.0, 60.0], 0.0, 0.2, carry_years=5, offset_share=0.5).tolist()
    [0.0, 6.0, 6.0]
    """
    profit = np.asarray(margin, dtype=float) - np.asarray(depreciation, dtype=float)
    if carry_years == 0:
        return rate * np.maximum(profit, 0.0)
    n_years = profit.shape[-1]
    window = n_years if carry_years is None else carry_years
    if compiled or (compiled is None and compiled_allowed()):
        from valorize.economics import carry_forward_kernel as kernel

        if compiled or profit.size >= kernel.COMPILED_MIN_SCENARIOS * n_years:
            taxable = kernel.taxable_after_losses(profit, window, offset_share)
            if taxable is not None:
                return rate * taxable
    kept = np.zeros(profit.shape)  # losses of each year still unused, by year of origin
    taxable = np.maximum(profit, 0.0)
    for t in range(n_years):
        p = profit[..., t]
        room = offset_share * np.maximum(p, 0.0)
        for v in range(max(0, t - window), t):  # oldest first
            used = np.minimum(room, kept[..., v])
            kept[..., v] -= used
            room -= used
            taxable[..., t] -= used
        kept[..., t] = np.maximum(-p, 0.0)
    return rate * taxable
