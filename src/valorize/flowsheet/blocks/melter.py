r"""Melter: crude handling and melting before the vacuum furnace.

The crude (taken to arrive cold, at the ``ambient_temperature`` of
``data/process.toml``) is heated to the melt temperature T, melting on the
way; the heat per second follows :func:`valorize.units.vacuum_distillation.heating_energy`
applied to the mass flow,

.. math:: \dot Q = \frac{\dot m}{M_{Se}}\left[\int_{T_0}^{T_m} c_{p,s}\,dT
    + \Delta H_{fus} + c_{p,l}(T - T_m)\right] - \dot Q_{in},

where :math:`\dot Q_{in}` is the same expression for inlets that arrive
already molten (at or above the melting point of selenium); colder inlets
are counted as arriving at ambient temperature. The melter is electric and
its losses are counted with the furnace's: electricity equals :math:`\dot Q`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from valorize.data.loader import element
from valorize.errors import InputError
from valorize.flowsheet.stream import Stream, mix
from valorize.flowsheet.unit import Balance, Unit
from valorize.units.vacuum_distillation import SOLVENT, heating_energy


def heat_carried(stream: Stream, up_to: np.ndarray | float | None = None) -> np.ndarray:
    """Heat (W) a molten stream carries above ambient, capped at ``up_to`` K; 0 when not molten."""
    if stream.temperature is None:
        return np.zeros(np.shape(stream.mass)[:-1])
    T = np.asarray(stream.temperature, dtype=float)
    if up_to is not None:
        T = np.minimum(T, up_to)
    melting_point = element(SOLVENT).melting_point.value
    molten = T >= melting_point
    return np.where(molten, heating_energy(stream.total, np.where(molten, T, melting_point)), 0.0)


@dataclass(frozen=True)
class Melter(Unit):
    """Melts its inlets to ``temperature`` (K): one liquid outlet."""

    temperature: np.ndarray | float = 0.0

    kind = "melter"
    scenario_fields = ("temperature",)

    def __post_init__(self) -> None:
        self._need("inlets", (1, None), len(self.inlets))
        self._need("outlet", 1, len(self.outlets))
        if np.any(np.asarray(self.temperature) < element(SOLVENT).melting_point.value):
            raise InputError(
                f"unit {self.name!r} (melter): temperature below the melting point of selenium"
            )

    def balance(self, inlets: Mapping[str, Stream]) -> Balance:
        """The melt, and the heat to bring the cold part of the inlets to temperature."""
        streams = [inlets[name] for name in self.inlets]
        melt = mix(self.outlets[0], streams).copy(temperature=self.temperature, phase="liquid")
        heat = heating_energy(melt.total, self.temperature) - sum(
            (heat_carried(s, self.temperature) for s in streams), start=np.zeros(())
        )
        return Balance({melt.name: melt}, heat=heat, electricity=heat)
