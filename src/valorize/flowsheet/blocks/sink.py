"""Sink: where a stream leaves the plant, and what that is worth.

``destination`` is one of :data:`DESTINATIONS`:

- ``sale``: sold as the product, at the refined-selenium price of the price scenario;
- ``smelter``: sold or returned to the copper smelter (or a precious-metals
  refiner), credited at the payable share of each element's price (the
  case's ``payable``);
- ``stockpile``: kept on site, neither paid for nor disposed of;
- ``waste``: disposed of at the case's ``waste_disposal`` cost per tonne.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from valorize.errors import InputError
from valorize.flowsheet.stream import Stream, mix
from valorize.flowsheet.unit import Balance, Design, Unit

DESTINATIONS = ("sale", "smelter", "stockpile", "waste")


@dataclass(frozen=True)
class Sink(Unit):
    """A terminal: takes its inlets out of the plant to ``destination``."""

    destination: str = "waste"

    kind = "sink"

    def __post_init__(self) -> None:
        self._need("inlets", (1, None), len(self.inlets))
        self._need("outlets", 0, len(self.outlets))
        if self.destination not in DESTINATIONS:
            raise InputError(
                f"unit {self.name!r} (sink): destination {self.destination!r} unknown; "
                f"allowed: {', '.join(DESTINATIONS)}"
            )

    def balance(self, inlets: Mapping[str, Stream]) -> Balance:
        """Nothing leaves; the details keep what arrived."""
        arrived = mix(self.name, [inlets[name] for name in self.inlets])
        return Balance({}, details={"stream": arrived})

    def design(self, balance: Balance) -> Design:
        """:meth:`Unit.design` with the throughput of what arrived.

        Summed here, when a design is asked for, not in every balance of a sampled run.
        """
        details = {**balance.details, "throughput": balance.details["stream"].total}
        return super().design(replace(balance, details=details))
