r"""Oxidative sulfuric-acid leach of copper anode slime (H2SO4 + MnO2 + NaCl).

Theory manual
-------------
Hait et al. (Ind. Eng. Chem. Res. 41 (2002) 6593) leached anode slime in
sulfuric acid with MnO2 as oxidant and NaCl as complexing agent: at 50 °C and
40 min, 90 % of the Cu, 80 % of the Se, 79 % of the Te and 77 % of the Au
dissolved; silver stays as AgCl and lead as PbSO4. From the liquor, gold is
precipitated first, selenium is then reduced by SO2 to crude selenium
(H2SeO3 + 2 SO2 + H2O -> Se + 2 H2SO4), and tellurium is cemented on copper;
the rest is bled. The leach residue (Ag, Pb, the undissolved Au) goes to the
precious-metals recovery.

Element balance, with the shares :math:`l_i` (leached), :math:`g_i` (gold
step), :math:`c_i` (to the crude) and :math:`t_i` (cemented) of
``data/anode_slime.toml`` ``[leach.*]``, each applied to what reaches its step:

.. math::

    m_i^{liq} = l_i m_i,\quad m_i^{Au} = g_i m_i^{liq},\quad
    m_i^{crude} = c_i (m_i^{liq} - m_i^{Au}),\quad
    m_i^{Te} = t_i (m_i^{liq} - m_i^{Au} - m_i^{crude}),

the residue :math:`m_i - m_i^{liq}` and the bleed the remainder. Reagents:
H2SO4, MnO2 and NaCl in kg per kg of slime; SO2 as in the roast. The copper
consumed in the cementation is not counted.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from valorize.slime import data
from valorize.slime.roasting import so2_for_reduction
from valorize.slime.splits import RouteResult, divide


@dataclass(frozen=True)
class LeachParameters:
    """Shares over the slime elements (..., n) and per-kg reagent and energy figures."""

    leached: np.ndarray
    gold_precipitated: np.ndarray
    to_crude: np.ndarray
    te_cemented: np.ndarray
    acid_dose: np.ndarray | float  # kg H2SO4 per kg slime
    mno2_dose: np.ndarray | float
    nacl_dose: np.ndarray | float
    so2_excess: np.ndarray | float
    energy: np.ndarray | float  # J per kg slime

    @classmethod
    def from_data(cls, **overrides: Any) -> LeachParameters:
        """The data file's values, with ``overrides`` replacing fields."""
        base = cls(
            leached=data.split("leach.leached"),
            gold_precipitated=data.split("leach.gold_precipitated"),
            to_crude=data.split("leach.to_crude"),
            te_cemented=data.split("leach.te_cemented"),
            acid_dose=data.value("leach_acid_dose"),
            mno2_dose=data.value("leach_mno2_dose"),
            nacl_dose=data.value("leach_nacl_dose"),
            so2_excess=data.value("so2_excess"),
            energy=data.value("leach_energy"),
        )
        return replace(base, **overrides)


def sulfuric_acid_leach(feed: np.ndarray, p: LeachParameters) -> RouteResult:
    """Split a slime (kg per element over ``data.ELEMENTS``, scenarios in front)."""
    feed = np.asarray(feed, dtype=float)
    liquor, residue = divide(feed, p.leached, "leach leached")
    gold, liquor = divide(liquor, p.gold_precipitated, "leach gold_precipitated")
    crude, liquor = divide(liquor, p.to_crude, "leach to_crude")
    tellurium, bleed = divide(liquor, p.te_cemented, "leach te_cemented")
    slime = feed.sum(axis=-1)
    se = data.ELEMENTS.index("Se")
    return RouteResult(
        route="leach",
        feed=feed,
        crude_selenium=crude,
        solid=residue,
        losses=bleed,
        side_products={"gold precipitate": gold, "tellurium cement": tellurium},
        reagents={
            "H2SO4": np.asarray(p.acid_dose) * slime,
            "MnO2": np.asarray(p.mno2_dose) * slime,
            "NaCl": np.asarray(p.nacl_dose) * slime,
            "SO2": so2_for_reduction(crude[..., se], p.so2_excess),
        },
        energy=np.asarray(p.energy) * slime,
    )
