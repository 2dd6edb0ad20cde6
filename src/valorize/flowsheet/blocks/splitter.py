r"""Splitter: one stream into several of the same composition.

Outlet k takes the share :math:`f_k` of every component,
:math:`\dot m_{i,k} = f_k\,\dot m_{i,in}` with :math:`\sum_k f_k = 1`; the
last outlet takes what the others leave, so the balance closes to rounding.
Shares may be arrays over scenarios.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np

from valorize.errors import InputError
from valorize.flowsheet.stream import Stream, mix
from valorize.flowsheet.unit import Balance, Unit
from valorize.scenario_axis import rows

#: How far the shares may sum from 1 (rounding of shares written in a case file).
SHARE_SUM_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Splitter(Unit):
    """Splits its (mixed) inlets between its outlets by ``fractions``, one per outlet."""

    fractions: tuple[np.ndarray | float, ...] = ()

    kind = "splitter"

    def take(self, index: np.ndarray | None) -> Splitter:
        """The splitter in the scenarios ``index`` only (its shares may vary over them)."""
        if index is None:
            return self
        return replace(self, fractions=tuple(rows(f, index) for f in self.fractions))

    def __post_init__(self) -> None:
        self._need("inlets", (1, None), len(self.inlets))
        self._need("outlets", (2, None), len(self.outlets))
        if len(self.fractions) != len(self.outlets):
            raise InputError(
                f"unit {self.name!r} (splitter): give one fraction per outlet "
                f"({len(self.outlets)}), not {len(self.fractions)}"
            )
        f = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in self.fractions))
        total = sum(f)
        if any(np.any((v < 0) | (v > 1)) for v in f) or np.any(
            np.abs(total - 1.0) > SHARE_SUM_TOLERANCE
        ):
            raise InputError(
                f"unit {self.name!r} (splitter): fractions must lie in [0, 1] and sum to 1"
            )

    def balance(self, inlets: Mapping[str, Stream]) -> Balance:
        """Every outlet has the inlet's composition and its share of the flow."""
        feed = mix(self.name, [inlets[name] for name in self.inlets])
        outlets, taken = {}, np.zeros_like(feed.mass)
        for name, share in zip(self.outlets[:-1], self.fractions[:-1], strict=True):
            outlets[name] = feed.scaled(share, name)
            taken = taken + outlets[name].mass
        rest = feed.mass - taken
        last = self.outlets[-1]
        outlets[last] = feed.copy(last, mass=np.where(rest < 0, 0.0, rest))
        return Balance(outlets)
