r"""Caster: product casting (or granulation) and packaging.

The refined selenium is remelted, cast and packed with a stated electricity
per tonne e and a loss share :math:`\lambda` collected as scrap (both
``assumed`` in ``data/process.toml``: ``casting_energy``, ``casting_loss``),

.. math:: \dot m_{ingots} = (1 - \lambda)\,\dot m_{in}, \quad
    \dot m_{scrap} = \lambda\,\dot m_{in}, \quad \dot W = e\,\dot m_{in}.

With a loss share above zero the caster needs a second outlet for the scrap.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from valorize.data.loader import process_parameter
from valorize.errors import InputError
from valorize.flowsheet.stream import Stream, mix
from valorize.flowsheet.unit import Balance, Unit


@dataclass(frozen=True)
class Caster(Unit):
    """Casts its inlet into packed product (first outlet) and scrap (second outlet)."""

    energy_per_kg: np.ndarray | float | None = None  # J/kg; None: casting_energy
    loss_share: np.ndarray | float | None = None  # None: casting_loss

    kind = "caster"
    scenario_fields = ("energy_per_kg", "loss_share")

    def __post_init__(self) -> None:
        self._need("inlets", (1, None), len(self.inlets))
        self._need("outlets", (1, 2), len(self.outlets))
        loss = self.loss
        if np.any(loss < 0) or np.any(loss >= 1):
            raise InputError(f"unit {self.name!r} (caster): loss_share must lie in [0, 1)")
        if np.any(loss > 0) and len(self.outlets) < 2:
            raise InputError(
                f"unit {self.name!r} (caster): a loss share above 0 needs a second outlet "
                "for the scrap"
            )
        if np.any(self.energy < 0):
            raise InputError(f"unit {self.name!r} (caster): energy must not be negative")

    @property
    def loss(self) -> np.ndarray:
        """The loss share in use."""
        value = process_parameter("casting_loss").value if self.loss_share is None else None
        return np.asarray(self.loss_share if value is None else value, dtype=float)

    @property
    def energy(self) -> np.ndarray:
        """The electricity per kg cast in use, J/kg."""
        value = process_parameter("casting_energy").value if self.energy_per_kg is None else None
        return np.asarray(self.energy_per_kg if value is None else value, dtype=float)

    def balance(self, inlets: Mapping[str, Stream]) -> Balance:
        """Ingots and scrap, solid; electricity in proportion to the mass cast."""
        feed = mix(self.name, [inlets[name] for name in self.inlets])
        scrap = feed.scaled(self.loss, self.outlets[-1])
        ingots = feed.copy(self.outlets[0], mass=feed.mass - scrap.mass, phase="solid")
        outlets = {ingots.name: ingots}
        if len(self.outlets) == 2:
            outlets[scrap.name] = scrap.copy(phase="solid")
        power = self.energy * feed.total
        return Balance(outlets, heat=power, electricity=power)
