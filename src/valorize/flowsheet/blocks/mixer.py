r"""Mixer: several streams into one, :math:`\dot m_{i,out} = \sum_k \dot m_{i,k}`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from valorize.flowsheet.stream import Stream, mix
from valorize.flowsheet.unit import Balance, Unit


@dataclass(frozen=True)
class Mixer(Unit):
    """Joins its inlets into its one outlet (no energy: a temperature is kept only if shared)."""

    kind = "mixer"

    def __post_init__(self) -> None:
        self._need("inlets", (1, None), len(self.inlets))
        self._need("outlet", 1, len(self.outlets))

    def balance(self, inlets: Mapping[str, Stream]) -> Balance:
        """The outlet is the sum of the inlets."""
        streams = [inlets[name] for name in self.inlets]
        return Balance({self.outlets[0]: mix(self.outlets[0], streams)})
