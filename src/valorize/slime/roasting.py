r"""Sulfation roast of copper anode slime, with SeO2 scrubbing and SO2 reduction.

Theory manual
-------------
The slime is mixed with concentrated sulfuric acid and roasted at 500-600 °C.
Metals form sulfates that stay in the *calcine*; selenium is oxidized to SeO2,
which sublimes with the roast gas (Hait et al. 2009; Wang et al. 2016):

.. math:: \mathrm{Cu_2Se + 4\,H_2SO_4 \to 2\,CuSO_4 + SeO_2 + 3\,SO_2 + 4\,H_2O}

The gas is scrubbed in water, where SeO2 becomes selenious acid, and the SO2 of
the gas reduces it to elemental (crude) selenium:

.. math:: \mathrm{H_2SeO_3 + 2\,SO_2 + H_2O \to Se + 2\,H_2SO_4}

Element balance. With :math:`v_i` the share of element i volatilized and
:math:`c_i` the share of the volatilized element reporting to the crude
selenium (``data/anode_slime.toml`` ``[roast.*]``):

.. math::

    m_i^{crude} = c_i v_i m_i, \quad
    m_i^{off\text{-}gas} = v_i m_i - m_i^{crude}, \quad
    m_i^{calcine} = m_i - v_i m_i.

Reagents: acid :math:`d_{acid} m_{slime}`; SO2
:math:`2 (M_{SO_2}/M_{Se}) \, \xi \, m_{Se}^{crude}` with the excess
:math:`\xi`. Energy: :math:`e_{roast} m_{slime}`. The splits are recoveries
taken from the literature or assumed (each record says which), not computed
from thermodynamics: the model is a yield model.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from valorize.slime import data
from valorize.slime.splits import RouteResult, divide


@dataclass(frozen=True)
class RoastParameters:
    """Shares over the slime elements (..., n) and per-kg reagent and energy figures."""

    volatilized: np.ndarray
    to_crude: np.ndarray
    acid_dose: np.ndarray | float  # kg H2SO4 per kg slime
    so2_excess: np.ndarray | float  # over the stoichiometric 2 mol SO2 per mol Se
    energy: np.ndarray | float  # J per kg slime

    @classmethod
    def from_data(cls, **overrides: Any) -> RoastParameters:
        """The data file's values, with ``overrides`` replacing fields."""
        base = cls(
            volatilized=data.split("roast.volatilized"),
            to_crude=data.split("roast.to_crude"),
            acid_dose=data.value("roast_acid_dose"),
            so2_excess=data.value("so2_excess"),
            energy=data.value("roast_energy"),
        )
        return replace(base, **overrides)


def so2_for_reduction(selenium: np.ndarray, excess: np.ndarray | float) -> np.ndarray:
    r"""SO2 (kg) to reduce ``selenium`` kg of Se from selenious acid.

    .. math:: m_{SO_2} = 2 \frac{M_{SO_2}}{M_{Se}} \xi m_{Se}
    """
    w = data.atomic_weights()
    return 2.0 * (w["S"] + 2.0 * w["O"]) / w["Se"] * np.asarray(excess) * selenium


def sulfation_roast(feed: np.ndarray, p: RoastParameters) -> RouteResult:
    """Split a slime (kg per element over ``data.ELEMENTS``, scenarios in front).

    Returns the crude selenium, the calcine (``solid``) and the off-gas
    losses, the H2SO4 and SO2 consumed and the energy.
    """
    feed = np.asarray(feed, dtype=float)
    gas, calcine = divide(feed, p.volatilized, "roast volatilized")
    crude, offgas = divide(gas, p.to_crude, "roast to_crude")
    slime = feed.sum(axis=-1)
    se = data.ELEMENTS.index("Se")
    return RouteResult(
        route="roast",
        feed=feed,
        crude_selenium=crude,
        solid=calcine,
        losses=offgas,
        reagents={
            "H2SO4": np.asarray(p.acid_dose) * slime,
            "SO2": so2_for_reduction(crude[..., se], p.so2_excess),
        },
        energy=np.asarray(p.energy) * slime,
    )
