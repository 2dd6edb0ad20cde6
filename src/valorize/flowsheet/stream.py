r"""Process streams: element mass flows with a scenario axis in front.

A :class:`Stream` is what flows between two units: the mass flow of each
component (kg/s, SI inside; t/yr only at the edges) as an array of shape
``(..., n)`` whose leading axes are scenarios, and where it matters the
temperature (K) and phase. Mixing conserves mass exactly,

.. math:: \dot m_{i,out} = \sum_k \dot m_{i,k},

and keeps a temperature only when every inlet has the same one (an enthalpy
balance across a melt/solid mixture is the receiving unit's business, see
:class:`valorize.flowsheet.blocks.Melter`).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from valorize.errors import InputError
from valorize.scenario_axis import component_sum, rows

#: Phases a stream may be in.
PHASES = ("solid", "liquid", "vapour")


@dataclass(frozen=True)
class Stream:
    """A named stream: component mass flows (kg/s) over scenarios, temperature and phase.

    Attributes
    ----------
    name
        The stream's name in the flowsheet.
    components
        Component (element) symbols, in the order of the last axis of ``mass``.
    mass
        Mass flow of each component, kg/s, shape ``(..., n)``; kept without a copy, so
        an array given here is not to be changed in place afterwards (the stream's
        :attr:`total` is summed once).
    temperature
        Temperature, K (array over scenarios or a float), or None where it does not matter.
    phase
        One of :data:`PHASES`, or None.
    """

    name: str
    components: tuple[str, ...]
    mass: np.ndarray
    temperature: np.ndarray | float | None = None
    phase: str | None = None

    def __post_init__(self) -> None:
        mass = np.asarray(self.mass, dtype=float)
        if mass.ndim == 0 or mass.shape[-1] != len(self.components):
            raise InputError(
                f"stream {self.name!r}: mass flows must end in one axis per component "
                f"({len(self.components)}), not shape {mass.shape}"
            )
        if self.phase is not None and self.phase not in PHASES:
            raise InputError(f"stream {self.name!r}: phase must be one of {', '.join(PHASES)}")
        object.__setattr__(self, "mass", mass)

    @functools.cached_property
    def total(self) -> np.ndarray:
        """Total mass flow, kg/s, shape ``(...)``.

        Summed once per stream, as the units and the models that read a stream's total
        ask for it several times (its flows are not changed in place; see :attr:`mass`);
        read-only, so that no reader changes it for the others.
        """
        total = component_sum(self.mass)
        if isinstance(total, np.ndarray):  # not a NumPy scalar (a stream of one scenario)
            total.flags.writeable = False
        return total

    @property
    def mass_fractions(self) -> np.ndarray:
        """Mass fraction of each component (zeros for an empty stream)."""
        total = self.total[..., None]
        return np.where(total > 0, self.mass / np.where(total > 0, total, 1.0), 0.0)

    def copy(self, name: str | None = None, **changes: object) -> Stream:
        """The same stream under another name, with any field changed."""
        return replace(self, name=self.name if name is None else name, **changes)

    def take(self, index: np.ndarray | None) -> Stream:
        """The stream in the scenarios ``index`` only (:func:`valorize.scenario_axis.rows`)."""
        if index is None:
            return self
        return replace(
            self, mass=rows(self.mass, index, 1), temperature=rows(self.temperature, index)
        )

    def scaled(self, factor: np.ndarray | float, name: str | None = None) -> Stream:
        """The stream with every flow times ``factor`` (broadcast over scenarios)."""
        return self.copy(name, mass=self.mass * np.asarray(factor, dtype=float)[..., None])


def mix(name: str, streams: Sequence[Stream]) -> Stream:
    """One stream of the summed flows; temperature and phase kept where all inlets agree."""
    if not streams:
        raise InputError(f"stream {name!r}: nothing to mix")
    components = streams[0].components
    for s in streams[1:]:
        if s.components != components:
            raise InputError(
                f"stream {name!r}: cannot mix {s.name!r} with {streams[0].name!r}: "
                "different components"
            )
    mass = sum((s.mass for s in streams[1:]), start=streams[0].mass)
    temperatures = [s.temperature for s in streams]
    same_t = all(t is not None for t in temperatures) and all(
        np.array_equal(np.asarray(t), np.asarray(temperatures[0])) for t in temperatures
    )
    phases = {s.phase for s in streams}
    return Stream(
        name,
        components,
        mass,
        temperatures[0] if same_t else None,
        phases.pop() if len(phases) == 1 else None,
    )
