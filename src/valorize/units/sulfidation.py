r"""Sulfidation of crude selenium before distillation: mercury's HgSe turned to HgS.

Zha et al. (Metals 13 (2023) 1795) mixed a crude selenium holding 0.32 % Hg with sulfur,
held it at 473 K for 30 min, and distilled it at 503 K and 10-20 Pa: the selenium held
523 ppm Hg after one distillation and 88.5 ppm after two, "far" less than distillation
alone. At 473 K the selenium is solid (it melts at 494 K) and the sulfur liquid (388 K),
so the dose is a liquid phase of unit sulfur activity around the crude's grains, and

.. math:: \mathrm{HgSe(ss)} + \mathrm{S(l)} = \mathrm{HgS(ss)} + \mathrm{Se(s)}

runs in the HgS-HgSe solid solution (a complete series; taken ideal) until

.. math::

    \frac{x_{HgS}}{x_{HgSe}} = K_s(T_s) = \frac{p^\circ_{HgSe}(T_s)}{p^\circ_{HgS}(T_s)},
    \qquad \phi = \frac{K_s}{1 + K_s},

with :math:`p^\circ` the mercury pressures over each compound with its partner in its
stable state (:mod:`valorize.thermo.dissociation`, the data of ``data/forms.toml``), and
:math:`\phi` the share of the mercury turned to HgS. The dose must hold that much sulfur
with some to spare (the liquid phase must remain); a smaller dose turns what it can.

What the HgS does in the distillation that follows is not in any text read here, so the
unit takes one of two limits, stated in every output:

``"retained"``
    the HgS stays a solid in the melt and leaves with the residue (it does not
    re-dissolve, and its own sublimation from the melt is neglected): the most a
    sulfidation can do;
``"equilibrium"``
    the HgS dissolves in the melt, where the exchange with the sulfur left
    (:mod:`valorize.thermo.exchange`) holds at the melt's temperature; the dose's sulfur,
    far more volatile than selenium, leaves early and takes the exchange with it: the
    least it can do.

The step holds the charge at :math:`T_s` for a time in the furnace before it distils,
taken long enough to reach that equilibrium (Zha's 30 min were their best; the time does
not change :math:`\phi`), so it adds that time to every batch and the furnace's losses
over it
(:mod:`valorize.units.furnace_losses`); the sulfur is bought at the price of
``data/economics.toml``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar, Literal

import numpy as np

from valorize.constants import GAS_CONSTANT
from valorize.data.loader import dissociating_forms, element
from valorize.errors import InputError
from valorize.scenario_axis import rows
from valorize.thermo.dissociation import ln_reference_pressure_and_slope

#: The limits of what the HgS does in the distillation (see the module), as outputs say them.
LIMITS = {
    "retained": "kept in the residue (the most a sulfidation can do)",
    "equilibrium": "dissolved, exchanging with the sulfur left in the melt (the least)",
}
MODES = tuple(LIMITS)
#: The largest dose a case may give, wt % of the crude (a bound on input, not data).
MAX_DOSE_WT_PCT = 50.0


def hold_window() -> tuple[float, float]:
    """The hold temperatures, K, with the sulfur molten and the crude solid (open interval)."""
    return element("S").melting_point.value, element("Se").melting_point.value


@dataclass(frozen=True)
class Sulfidation:
    """A sulfidation step: the dose, its hold, and what the HgS does after.

    Attributes
    ----------
    dose
        Sulfur added per kg of crude, kg/kg (any shape over scenarios).
    temperature
        Hold temperature, K: above sulfur's melting point, below selenium's.
    time
        Hold time, s.
    mode
        ``"retained"`` or ``"equilibrium"`` (see the module).
    """

    dose: np.ndarray | float
    temperature: np.ndarray | float
    time: np.ndarray | float
    mode: Literal["retained", "equilibrium"] = "equilibrium"

    #: The fields that may hold one value per scenario.
    PER_SCENARIO: ClassVar[tuple[str, ...]] = ("dose", "temperature", "time")

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise InputError(f"sulfidation.mode: {self.mode!r}; use one of {', '.join(MODES)}")
        if not np.all(np.isfinite(np.asarray(self.dose, float)) & (np.asarray(self.dose) >= 0)):
            raise InputError("sulfidation.sulfur_dose must be finite and not negative")
        if not np.all(np.isfinite(np.asarray(self.time, float)) & (np.asarray(self.time) >= 0)):
            raise InputError("sulfidation.time must be finite and not negative")
        T = np.asarray(self.temperature, float)
        low, high = hold_window()
        if not np.all((T > low) & (T < high)):
            given = f"{T.min():g} K" if T.min() == T.max() else f"{T.min():g}-{T.max():g} K"
            raise InputError(
                f"sulfidation.temperature: {given}; the sulfur must be molten and the crude "
                f"solid, between {low:g} and {high:g} K"
            )

    def take(self, index: np.ndarray) -> Sulfidation:
        """The step in the scenarios ``index`` only (:func:`valorize.scenario_axis.rows`)."""
        return replace(self, **{f: rows(getattr(self, f), index) for f in self.PER_SCENARIO})


def exchange_constant(
    temperature: np.ndarray | float, form: str = "HgSe", partner: str = "S"
) -> np.ndarray:
    """K = p(Hg over HgSe)/p(Hg over the partner's compound), partners in their stable states."""
    forms = dissociating_forms()
    other = next(k for k, f in forms.items() if f.vapour == "Hg" and f.partner == partner)
    return np.exp(
        ln_reference_pressure_and_slope(form, temperature)[0]
        - ln_reference_pressure_and_slope(other, temperature)[0]
    )


def converted_share(
    sulfidation: Sulfidation,
    mercury_mol: np.ndarray,
    sulfur_dose_mol: np.ndarray,
    enthalpy_offset: np.ndarray | float = 0.0,
) -> np.ndarray:
    r"""Share of the mercury turned to HgS: :math:`\phi = K_s/(1+K_s)`, capped by the dose.

    Parameters
    ----------
    sulfidation
        The step.
    mercury_mol, sulfur_dose_mol
        Moles of mercury and of sulfur in the charge (the dose with the crude's own),
        broadcasting shapes.
    enthalpy_offset
        Shift of HgSe's enthalpy of formation from its data, J/mol (the distillation's
        ``formation_enthalpy_offset``, so that one HgSe serves both steps): it multiplies
        :math:`K_s` by :math:`\exp(\delta H / R T_s)`, HgS's data kept.

    Returns
    -------
    numpy.ndarray
        The share, in [0, 1): where the charge holds less sulfur than
        :math:`\phi N_{Hg}`, what that sulfur can turn, :math:`N_S/N_{Hg}`.
    """
    T = np.asarray(sulfidation.temperature, float)
    K = exchange_constant(T) * np.exp(np.asarray(enthalpy_offset, float) / (GAS_CONSTANT * T))
    phi = K / (1.0 + K)
    hg = np.asarray(mercury_mol, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        cap = np.where(hg > 0, np.asarray(sulfur_dose_mol, float) / np.where(hg > 0, hg, 1), 0)
    return np.minimum(phi, cap)
