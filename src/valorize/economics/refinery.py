r"""Cash flow of a refinery case, vectorized over price scenarios.

The refinery is appraised with the template every route shares
(:func:`valorize.economics.template.project_cash_flow`, theory there): its main
product is the refined selenium; its by-product credits are the valuable elements
of the residue (Te, Ag, Au) at payable fractions :math:`\pi_e`,
:math:`\sum_e \pi_e\, m_{res,e} P_e`; it buys the crude as feed, electricity as its
utility, sulfur for a sulfidation as its reagent, and pays for disposing of the volatile
cut; labour is the staff times the
yearly wage with employer's charges.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from valorize.economics.template import (
    CashFlowResult,
    PlantMoney,
    ProjectMeasures,
    ProjectTerms,
    every_year,
    project_cash_flow,
    project_measures,
)

__all__ = [
    "CashFlowResult",
    "EconomicInputs",
    "PlantFlows",
    "ProjectMeasures",
    "refinery_cash_flow",
    "refinery_measures",
]


@dataclass(frozen=True)
class PlantFlows:
    """Yearly physical flows of the plant at full capacity (kg/yr, kWh/yr); arrays broadcast.

    ``sulfur`` is a sulfidation's dose, kg/yr (0 without one).
    """

    feed: np.ndarray | float
    product: np.ndarray | float
    waste: np.ndarray | float
    energy: np.ndarray | float
    residue_by_element: dict[str, np.ndarray | float]
    sulfur: np.ndarray | float = 0.0


@dataclass(frozen=True)
class EconomicInputs:
    """The refinery's prices (USD; arrays over scenarios) and its project terms.

    ``terms`` holds the capital, life, rates, labour, financing and tax rules
    (:class:`~valorize.economics.template.ProjectTerms`, from the case by
    :func:`valorize.economics.terms.project_terms`); ``sulfur_price`` is per kg of a
    sulfidation's dose.
    """

    terms: ProjectTerms
    electricity_price: np.ndarray | float
    waste_disposal_per_kg: float
    product_price: np.ndarray | float
    feed_price: np.ndarray | float
    credit_prices: dict[str, np.ndarray | float]
    payable: dict[str, float]
    sulfur_price: np.ndarray | float = 0.0


def refinery_cash_flow(
    flows: PlantFlows, e: EconomicInputs, *, break_even: bool = True
) -> CashFlowResult:
    """Cash flow and measures for every price scenario at once (see the module).

    With ``break_even=False`` the minimum selling price (a root search over the
    whole cash flow) is skipped and reported as NaN, for large sample runs.

    Raises
    ------
    InputError
        For economic terms with no meaning, or a plant that makes no product.
    """
    return project_cash_flow(_money(flows, e), e.terms, break_even=break_even)


def refinery_measures(flows: PlantFlows, e: EconomicInputs) -> ProjectMeasures:
    """NPV, IRR, unit and refining cost of every scenario, for a sample run.

    The numbers :func:`refinery_cash_flow` gives, without its other lines and measures
    (:func:`~valorize.economics.template.project_measures`: compiled for many scenarios).

    Raises
    ------
    InputError
        For economic terms with no meaning, or a plant that makes no product.
    """
    return project_measures(_money(flows, e), e.terms)


def _money(flows: PlantFlows, e: EconomicInputs) -> PlantMoney:
    """What the refinery makes, earns and spends a year, priced."""
    credits = sum(
        (
            np.asarray(flows.residue_by_element.get(el, 0.0), dtype=float)
            * e.payable.get(el, 0.0)
            * np.asarray(price, dtype=float)
            for el, price in e.credit_prices.items()
        ),
        start=np.zeros(()),
    )
    return PlantMoney(
        product=every_year(flows.product),
        product_price=e.product_price,
        credits=every_year(credits),
        feed=every_year(np.asarray(flows.feed) * np.asarray(e.feed_price)),
        reagents=every_year(np.asarray(flows.sulfur) * np.asarray(e.sulfur_price)),
        utilities=every_year(np.asarray(flows.energy) * np.asarray(e.electricity_price)),
        waste=every_year(np.asarray(flows.waste) * e.waste_disposal_per_kg),
    )
