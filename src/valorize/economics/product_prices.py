r"""Prices that follow the product: the grade it meets, off-grade product, crude on content.

A refined product is sold at the price of the highest priced grade it meets
(``data/economics.toml`` ``[grade_price]``, grades of ``data/grades.toml``): a factor
:math:`f_g` on the price scenario's refined price :math:`P_{ref}`,

.. math:: P = f_g\,P_{ref}, \qquad g = \max\{g : w_{Se} \ge w_g,\ \text{impurities} \le
          \text{limits of } g\}

evaluated scenario by scenario, so the price moves sample by sample in a Monte Carlo run.
A product meeting no priced grade is off-grade and the case's rule prices it:

- ``"crude"``: sold back as crude selenium on its selenium content,
  :math:`P = w_{Se}\,P_{crude,Se}`;
- ``"unsold"``: not sold (stockpiled for reprocessing), :math:`P = 0`;
- ``"redistil"``: distilled again by the route (more passes) until it meets a priced
  grade; what still meets none is priced as crude.

Crude selenium is bought on its content (``crude_pricing = "contained-se"``): the price
per kg of contained selenium :math:`P_{crude,Se}` (a quote for a crude of
:math:`w_b` selenium is :math:`P_{quote}/w_b` per kg of selenium) times the crude's
selenium content, plus the payable share :math:`\pi_e` of every precious metal the
smelter charges for,

.. math:: C_{crude} = w_{Se}\,P_{crude,Se} + \sum_e \pi_e\, w_e\, P_e

per kg of crude, so that a poorer crude costs less (Chinese crude-selenium tenders are
priced per tonne of contained selenium: SMM, 2025-06-20). ``crude_pricing = "flat"``
keeps the quote per kg of crude whatever its content.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from valorize.data.loader import grade_prices, grades
from valorize.errors import InputError

#: How off-grade product is priced (see the module).
OFF_GRADE_RULES = ("crude", "unsold", "redistil")
#: How crude selenium is bought (see the module).
CRUDE_PRICING = ("contained-se", "flat")


def grade_price_factor(
    fraction: np.ndarray,
    impurities_ppm: Mapping[str, np.ndarray] | None = None,
    element: str = "Se",
) -> tuple[np.ndarray, np.ndarray]:
    """Factor on the refined price and the name of the highest priced grade each product meets.

    Parameters
    ----------
    fraction
        Mass fraction of ``element`` in the product, ``(...)``.
    impurities_ppm
        Impurities in ppm by mass, each ``(...)``; a grade with impurity limits is met
        only when they are given and within its limits.
    element
        The product's element.

    Returns
    -------
    factor, grade
        ``(...)`` each: the factor (NaN where no priced grade is met) and the grade's
        name ('' there).
    """
    by_name = {g.name: g for g in grades()}
    priced = [(by_name[p.grade], p.factor) for p in grade_prices(element)]
    if not priced:
        raise InputError(f"no priced grade of {element} in data/economics.toml")
    w = np.asarray(fraction, dtype=float)
    ordered = sorted(priced, key=lambda gf: gf[0].min_fraction)  # highest met last
    which = np.full(w.shape, len(ordered))  # the grade met, len(ordered): none
    for k, (grade, _) in enumerate(ordered):
        met = w >= grade.min_fraction - 1e-12
        for symbol, limit in grade.max_ppm.items():
            if impurities_ppm is None:
                met = np.zeros(w.shape, dtype=bool)
                break
            met = met & (np.asarray(impurities_ppm.get(symbol, 0.0)) <= limit)
        which = np.where(met, k, which)
    factors = np.array([f for _, f in ordered] + [np.nan])
    names = np.array([g.name for g, _ in ordered] + [""], dtype=object)
    return np.asarray(factors[which]), np.asarray(names[which], dtype=object)


def product_price(
    reference_price: np.ndarray | float,
    crude_price_per_kg_se: np.ndarray | float,
    fraction: np.ndarray,
    *,
    impurities_ppm: Mapping[str, np.ndarray] | None = None,
    off_grade: str = "crude",
) -> tuple[np.ndarray, np.ndarray]:
    """The selling price of a selenium product of the given purity, USD/kg.

    Parameters
    ----------
    reference_price
        The scenario's refined-selenium price, USD/kg, ``(...)``.
    crude_price_per_kg_se
        Crude selenium's price per kg of contained selenium, USD/kg, ``(...)``.
    fraction
        Selenium's mass fraction in the product, ``(...)``.
    impurities_ppm
        The product's impurities, ppm by mass (for grades with impurity limits).
    off_grade
        ``"crude"``, ``"unsold"`` or ``"redistil"`` (priced as crude here: the route has
        distilled it again already; :data:`OFF_GRADE_RULES`).

    Returns
    -------
    price, grade
        ``(...)`` each (broadcast): USD/kg, and the grade sold ('' off-grade).

    Raises
    ------
    InputError
        For an unknown off-grade rule.

    Examples
    --------
    >>> price, grade = product_price(30.0, 15.0, [0.9999, 0.9993, 0.98])
    >>> price.round(2).tolist(), grade.tolist()
    ([44.16, 30.0, 14.7], ['Se 99.99 (4N)', 'YS/T 223 Se99.9', ''])
    """
    if off_grade not in OFF_GRADE_RULES:
        raise InputError(f"economics.off_grade must be one of {', '.join(OFF_GRADE_RULES)}")
    w = np.asarray(fraction, dtype=float)
    factor, grade = grade_price_factor(w, impurities_ppm)
    if off_grade in ("crude", "redistil"):
        fallback = w * np.asarray(crude_price_per_kg_se, dtype=float)
    else:
        fallback = np.zeros(w.shape)
    price = np.where(np.isnan(factor), fallback, np.nan_to_num(factor) * reference_price)
    shape = np.broadcast_shapes(price.shape, grade.shape)
    return np.broadcast_to(price, shape).copy(), np.broadcast_to(grade, shape).copy()


def crude_price(
    price_per_kg_se: np.ndarray | float,
    se_fraction: np.ndarray | float,
    payables: Mapping[str, tuple[float, np.ndarray | float, np.ndarray | float]] | None = None,
) -> np.ndarray:
    """Price of a kg of crude bought on its content, USD/kg (the module's :math:`C_{crude}`).

    Parameters
    ----------
    price_per_kg_se
        Price per kg of contained selenium, ``(...)``.
    se_fraction
        The crude's selenium mass fraction, ``(...)``.
    payables
        Precious metals the smelter charges for: element -> (payable share in [0, 1],
        price USD/kg, mass fraction in the crude).

    Returns
    -------
    numpy.ndarray
        USD per kg of crude, ``(...)``.

    Examples
    --------
    >>> float(crude_price(15.0, 0.9, {"Au": (0.9, 80000.0, 2e-4)}))
    27.9
    """
    total = np.asarray(se_fraction, dtype=float) * np.asarray(price_per_kg_se, dtype=float)
    for share, price, content in (payables or {}).values():
        total = total + share * np.asarray(price, dtype=float) * np.asarray(content, dtype=float)
    return total


def per_kg_contained(
    quote: np.ndarray | float, basis_wt_pct: np.ndarray | float | None
) -> np.ndarray:
    """A crude quote as a price per kg of contained selenium.

    ``basis_wt_pct`` is the Se content each quote is for (broadcast); None or NaN: the
    quote is per kg of contained Se already.
    """
    q = np.asarray(quote, dtype=float)
    if basis_wt_pct is None:
        return q
    basis = np.asarray(basis_wt_pct, dtype=float)
    return q / np.where(np.isnan(basis), 1.0, basis / 100.0)


def meets_a_priced_grade(
    fraction: np.ndarray, impurities_ppm: Mapping[str, np.ndarray] | None = None
) -> np.ndarray:
    """Whether each selenium product meets a priced grade, ``(...)`` bool."""
    factor, _ = grade_price_factor(fraction, impurities_ppm)
    return ~np.isnan(factor)
