r"""The two tax rules of every route's project appraisal: depreciation and income tax.

Every route values its plant as an after-tax project with one template,
:func:`valorize.economics.template.project_cash_flow` (the refinery through
:mod:`valorize.economics.refinery`, the anode slime through
:mod:`valorize.slime.economics`, the slag-to-hydrogen field through
:func:`valorize.hydrogen.run.project_cash_flow`), which applies these two rules:

- depreciation of the depreciable capital I over D years, straight-line
  (:math:`D_t = I/D` for the first D operating years) or declining-balance (double
  rate, switching to straight line when that is larger), :func:`depreciation_schedule`;
- income tax at rate :math:`\tau` on the year's positive taxable profit,
  :math:`T_t = \tau\,\max(0, M_t - D_t)` with M the operating margin (revenue less
  operating costs), :func:`income_tax`. Losses are not carried forward (a
  simplification that overstates tax in early loss years; issue 15 takes it up).
"""

from __future__ import annotations

import numpy as np

from valorize.errors import InputError


def depreciation_schedule(capex: float, method: str, years: int, life: int) -> np.ndarray:
    """Depreciation of ``capex`` in each of ``life`` operating years, shape ``(life,)``.

    Parameters
    ----------
    capex
        Depreciable capital, USD.
    method
        ``"straight-line"`` or ``"declining-balance"`` (double rate, then straight line).
    years
        Years over which the tax code lets it be written off.
    life
        Operating years of the project.

    Raises
    ------
    InputError
        For an unknown method.
    """
    out = np.zeros(life)
    if method == "straight-line":
        out[: min(years, life)] = capex / years
    elif method == "declining-balance":
        book, rate = capex, 2.0 / years
        for t in range(min(years, life)):
            straight = book / (years - t)
            out[t] = max(book * rate, straight)
            book -= out[t]
    else:
        raise InputError("depreciation must be 'straight-line' or 'declining-balance'")
    return out


def income_tax(margin: np.ndarray, depreciation: np.ndarray, rate: float) -> np.ndarray:
    r"""Tax on each year's positive taxable profit, :math:`\tau \max(0, M_t - D_t)`; broadcasts."""
    return rate * np.maximum(np.asarray(margin) - np.asarray(depreciation), 0.0)
