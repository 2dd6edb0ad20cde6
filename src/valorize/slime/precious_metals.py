r"""Calcine or leach residue -> decopperising -> Dore -> gold and silver; tellurium.

Theory manual
-------------
The solid left by a slime route is decopperised in dilute sulfuric acid (Cu
and Ni back to the tankhouse), smelted to Dore (Kaldo/TBRC or a reverberatory
Dore furnace), and the Dore refined: silver by electrolysis, gold by wet
chlorination (the Outotec flowsheet). Tellurium is won from the smelting (soda)
slag. All base metals, Pb, As, Sb, Bi and the rest go to slag and effluents.

With the shares of ``data/anode_slime.toml`` ``[precious_metals.*]``, each on
what reaches its step: :math:`m^{Cu\,sol} = u_i m_i`; Dore
:math:`m^{D} = d_i (m_i - m^{Cu\,sol})`; refined :math:`r_i m^{D}` (Au to the
gold product, Ag to the silver product, the rest of the Dore to slag);
tellurium :math:`t_i (m_i - m^{Cu\,sol} - m^{D})`; the remainder is waste.
Energy :math:`e_{Dore}` per kg of decopperised solid.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from valorize.slime import data
from valorize.slime.splits import divide


@dataclass(frozen=True)
class PreciousMetalParameters:
    """Shares over the slime elements and the energy per kg of decopperised solid (J/kg)."""

    to_copper_solution: np.ndarray
    to_dore: np.ndarray
    refined_from_dore: np.ndarray
    to_tellurium: np.ndarray
    energy: np.ndarray | float

    @classmethod
    def from_data(cls, **overrides: Any) -> PreciousMetalParameters:
        """The data file's values, with ``overrides`` replacing fields."""
        base = cls(
            to_copper_solution=data.split("precious_metals.to_copper_solution"),
            to_dore=data.split("precious_metals.to_dore"),
            refined_from_dore=data.split("precious_metals.refined_from_dore"),
            to_tellurium=data.split("precious_metals.to_tellurium"),
            energy=data.value("dore_energy"),
        )
        return replace(base, **overrides)


@dataclass(frozen=True)
class PreciousMetalsResult:
    """Outlets of the precious-metals plant, kg per element over ``data.ELEMENTS``."""

    feed: np.ndarray
    copper_solution: np.ndarray
    gold: np.ndarray
    silver: np.ndarray
    tellurium: np.ndarray
    waste: np.ndarray
    energy: np.ndarray

    def outlets(self) -> dict[str, np.ndarray]:
        """Every outlet by name."""
        return {
            "copper solution": self.copper_solution,
            "gold": self.gold,
            "silver": self.silver,
            "tellurium": self.tellurium,
            "slag and effluents": self.waste,
        }


def recover_precious_metals(solid: np.ndarray, p: PreciousMetalParameters) -> PreciousMetalsResult:
    """Send a calcine or leach residue (..., n) through decopperising, Dore and refining."""
    solid = np.asarray(solid, dtype=float)
    copper, rest = divide(solid, p.to_copper_solution, "precious_metals to_copper_solution")
    decopperised = rest.sum(axis=-1)
    dore, rest = divide(rest, p.to_dore, "precious_metals to_dore")
    refined, dore_slag = divide(dore, p.refined_from_dore, "precious_metals refined_from_dore")
    is_gold = np.array([e == "Au" for e in data.ELEMENTS])
    gold = np.where(is_gold, refined, 0.0)
    silver = refined - gold  # Ag, and whatever else a user sends through the Dore refinery
    tellurium, waste = divide(rest, p.to_tellurium, "precious_metals to_tellurium")
    return PreciousMetalsResult(
        feed=solid,
        copper_solution=copper,
        gold=gold,
        silver=silver,
        tellurium=tellurium,
        waste=waste + dore_slag,
        energy=np.asarray(p.energy) * decopperised,
    )
