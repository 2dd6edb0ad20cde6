r"""Normative phases of a copper-smelter slag from its oxide analysis.

A slag analysis gives oxides and elements in mass percent (FeO, Fe3O4, SiO2,
CaO, Al2O3, MgO, ZnO, Cu, S and a lumped rest). The phases a photocatalyst
plant cares about are fayalite (Fe2SiO4, the photocatalyst raw material) and
magnetite (Fe3O4, removed magnetically). They are allocated by a stated
element balance, in this order (a normative calculation in the manner of the
CIPW norm of petrology; Gorai et al. 2003 describe copper slag as fayalite,
magnetite and glass):

1. magnetite: all Fe3O4 of the analysis, :math:`n_{mt} = n_{Fe_3O_4}`;
2. fayalite: :math:`2\,FeO + SiO_2 \to Fe_2SiO_4`, so
   :math:`n_{fa} = \min(n_{FeO}/2,\ n_{SiO_2})`;
3. the FeO left is free wüstite (in glass), the SiO2 left free silica (glass);
4. chalcocite: :math:`2\,Cu + S \to Cu_2S`, :math:`n_{cc} = \min(n_{Cu}/2,\ n_S)`;
   the Cu left is metallic copper (prills), the S left other sulfides;
5. CaO, Al2O3, MgO and ZnO stay as glass oxides; the rest is inert.

Every function works on arrays: each component's mass fraction may carry a
leading scenario axis.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from valorize.errors import InputError
from valorize.hydrogen.data import atomic_weights

#: Analysed components and their atoms per formula unit ("other": a lumped inert rest).
COMPONENTS: dict[str, dict[str, int]] = {
    "FeO": {"Fe": 1, "O": 1},
    "Fe3O4": {"Fe": 3, "O": 4},
    "SiO2": {"Si": 1, "O": 2},
    "CaO": {"Ca": 1, "O": 1},
    "Al2O3": {"Al": 2, "O": 3},
    "MgO": {"Mg": 1, "O": 1},
    "ZnO": {"Zn": 1, "O": 1},
    "Cu": {"Cu": 1},
    "S": {"S": 1},
    "other": {},
}

#: Normative phases and their atoms per formula unit.
PHASES: dict[str, dict[str, int]] = {
    "fayalite": {"Fe": 2, "Si": 1, "O": 4},
    "magnetite": {"Fe": 3, "O": 4},
    "wustite": {"Fe": 1, "O": 1},
    "silica": {"Si": 1, "O": 2},
    "lime": {"Ca": 1, "O": 1},
    "alumina": {"Al": 2, "O": 3},
    "periclase": {"Mg": 1, "O": 1},
    "zincite": {"Zn": 1, "O": 1},
    "chalcocite": {"Cu": 2, "S": 1},
    "copper": {"Cu": 1},
    "sulfur": {"S": 1},
    "other": {},
}


def molar_mass(formula: Mapping[str, int]) -> float:
    """Molar mass (kg/mol) of a formula given as atoms per formula unit."""
    weights = atomic_weights()
    return float(sum(n * weights[el] for el, n in formula.items()))


def check_composition(fractions: Mapping[str, np.ndarray | float], where: str = "slag") -> None:
    """Raise :class:`InputError` unless the fractions are known, non-negative and sum to 1."""
    unknown = sorted(set(fractions) - set(COMPONENTS))
    if unknown:
        raise InputError(
            f"{where}: unknown component {unknown[0]!r}; known: {', '.join(COMPONENTS)}"
        )
    total = sum(np.asarray(v, dtype=float) for v in fractions.values())
    if any(np.any(np.asarray(v, dtype=float) < 0) for v in fractions.values()):
        raise InputError(f"{where}: mass fractions must not be negative")
    if np.any(np.abs(np.asarray(total) - 1.0) > 1e-6):
        raise InputError(f"{where}: mass fractions must sum to 1 (100 wt %), not {total}")


def normative_phases(fractions: Mapping[str, np.ndarray | float]) -> dict[str, np.ndarray]:
    """Mass fraction of each phase of :data:`PHASES` from the analysed components.

    Parameters
    ----------
    fractions
        Mass fraction of each component of :data:`COMPONENTS` (missing ones are 0),
        summing to 1; arrays broadcast over a scenario axis.

    Returns
    -------
    dict
        Phase name -> mass fraction of the slag (same shape as the inputs).
    """
    check_composition(fractions)
    w = {k: np.asarray(fractions.get(k, 0.0), dtype=float) for k in COMPONENTS}
    mm = {k: molar_mass(f) for k, f in COMPONENTS.items() if f}
    n = {k: w[k] / mm[k] for k in mm}  # mol per kg of slag
    fayalite = np.minimum(n["FeO"] / 2.0, n["SiO2"])
    chalcocite = np.minimum(n["Cu"] / 2.0, n["S"])
    moles = {
        "fayalite": fayalite,
        "magnetite": n["Fe3O4"],
        "wustite": n["FeO"] - 2.0 * fayalite,
        "silica": n["SiO2"] - fayalite,
        "lime": n["CaO"],
        "alumina": n["Al2O3"],
        "periclase": n["MgO"],
        "zincite": n["ZnO"],
        "chalcocite": chalcocite,
        "copper": n["Cu"] - 2.0 * chalcocite,
        "sulfur": n["S"] - chalcocite,
    }
    out = {p: moles[p] * molar_mass(PHASES[p]) for p in moles}
    out["other"] = w["other"]
    return out


def element_masses(
    amounts: Mapping[str, np.ndarray | float], formulas: Mapping[str, Mapping[str, int]]
) -> dict[str, np.ndarray]:
    """Mass of each element (same unit as ``amounts``) in species of the given formulas.

    ``"other"`` (no formula) is carried as the pseudo-element ``"other"``.
    """
    weights = atomic_weights()
    out: dict[str, np.ndarray] = {}
    for species, mass in amounts.items():
        mass = np.asarray(mass, dtype=float)
        formula = formulas[species]
        if not formula:
            out["other"] = out.get("other", 0.0) + mass
            continue
        total = molar_mass(formula)
        for el, count in formula.items():
            out[el] = out.get(el, 0.0) + mass * count * weights[el] / total
    return out
