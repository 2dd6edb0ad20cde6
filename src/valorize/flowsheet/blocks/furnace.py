r"""Vacuum furnace: batch vacuum distillation of the molten crude, as flows.

The furnace runs :func:`valorize.units.vacuum_distillation.distill_passes`
(theory in that module) on a batch of ``charge_mass`` of the inlet's
composition, and runs :math:`\dot n_b = \dot m_{in}/m_{charge}` batches per
second, so every outlet is the batch's mass times the batch rate,

.. math:: \dot m_{i,k} = \dot n_b\,m_{i,k}^{batch}.

Outlets, in this order: the product condensate, the residue (dissolved and
bound atoms; Te, Au, Ag gather here), the volatile cut (head cut and cold
trap) and one side condensate per condenser zone other than the product's,
hottest first. The energy is the batch's heat-up, vaporization and furnace
losses times the batch rate, less the heat the inlet brings when it comes
molten from a melter (:func:`valorize.flowsheet.blocks.melter.heat_carried`,
capped at the batch temperature); heating is electric.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np

from valorize.data.loader import process_parameter
from valorize.errors import InputError
from valorize.flowsheet.blocks.melter import heat_carried
from valorize.flowsheet.stream import Stream, mix
from valorize.flowsheet.unit import Balance, Design, Unit, seconds_per_year
from valorize.scenario_axis import component_sum
from valorize.units.furnace_energy import furnace_time
from valorize.units.vacuum_distillation import (
    CrudeSelenium,
    DistillationConditions,
    DistillationResult,
    distill_passes,
)


@dataclass(frozen=True)
class VacuumFurnace(Unit):
    """Distils its (mixed) inlets batch by batch under ``conditions``."""

    conditions: DistillationConditions | None = None
    passes: int = 1
    activity: str | None = None
    allow_ideal: bool = False
    forms: dict[str, str] = field(default_factory=dict)
    extrapolate: bool = False
    #: Run the distillation's steps compiled, as ``compiled`` of
    #: :func:`~valorize.units.vacuum_distillation.distill` (None: by the scenario count).
    compiled: bool | None = None

    kind = "vacuum_furnace"

    def take(self, index: np.ndarray | None) -> VacuumFurnace:
        """The furnace in the scenarios ``index`` only (its conditions vary over them)."""
        if index is None or self.conditions is None:
            return self
        return replace(self, conditions=self.conditions.take(index))

    def for_many_passes(self) -> VacuumFurnace:
        """The furnace with its compiled steps on (unless set): a loop distils each pass.

        A single scenario distils about ten times faster compiled, which repays loading the
        cached kernel (about half a second) after some twenty passes.
        """
        return replace(self, compiled=True) if self.compiled is None else self

    @property
    def side_zones(self) -> int:
        """Condenser zones other than the product's."""
        c = self.conditions
        return max(len(c.condensers) - 1, 0) if c is not None else 0

    def __post_init__(self) -> None:
        self._need("inlets", (1, None), len(self.inlets))
        self._need(
            "outlets (product, residue, volatile cut, one per side condenser)",
            3 + self.side_zones,
            len(self.outlets),
        )

    @classmethod
    def preset(
        cls,
        conditions: DistillationConditions,
        passes: int,
        activity: str | None,
        allow_ideal: bool,
        forms: Mapping[str, str],
        extrapolate: bool = False,
    ) -> VacuumFurnace:
        """A furnace on its own: the furnace every route's plant distils in.

        Its streams are named ``crude``, ``product``, ``residue``, ``volatile cut`` and
        ``side k`` (one per side condenser).
        """
        sides = tuple(f"side {k + 1}" for k in range(max(len(conditions.condensers) - 1, 0)))
        return cls(
            "vacuum furnace",
            ("crude",),
            ("product", "residue", "volatile cut", *sides),
            conditions=conditions,
            passes=passes,
            activity=activity,
            allow_ideal=allow_ideal,
            forms=dict(forms),
            extrapolate=extrapolate,
        )

    def distill(self, feed: Stream) -> tuple[DistillationResult, np.ndarray]:
        """One batch of the inlet's composition, and the batches per second."""
        return self.distill_flow(feed.components, feed.mass, feed.total)

    def distill_flow(
        self, components: tuple[str, ...], flow: np.ndarray, total: np.ndarray | None = None
    ) -> tuple[DistillationResult, np.ndarray]:
        r"""One batch of a crude flow's composition, and the batches that flow makes.

        The one place a batch distillation becomes a plant's throughput:
        :math:`\dot n_b = \dot m / m_{charge}` batches per unit of the flow's time (per
        second for a stream, per year for a year's crude).

        Parameters
        ----------
        components
            Elements, the solvent first, in the order of the flow's last axis.
        flow
            Mass flow of each element, shape ``(..., n)`` over scenarios, in kg per any
            unit of time.
        total
            The flow summed over the elements, shape ``(...)``, where the caller has it
            (a stream's :attr:`~valorize.flowsheet.stream.Stream.total`); None: summed here.

        Raises
        ------
        InputError
            For a flow with no mass (nothing to distil) or a composition the
            distillation refuses.
        """
        flow = np.asarray(flow, dtype=float)
        total = component_sum(flow) if total is None else total
        if np.any(total <= 0):
            raise InputError(f"unit {self.name!r} (vacuum furnace): nothing to distil")
        forms = tuple(self.forms.get(s, "dissolved") for s in components)
        crude = CrudeSelenium(components, flow / total[..., None], forms)
        result = distill_passes(
            crude,
            self.conditions,
            self.passes,
            self.activity,
            allow_ideal=self.allow_ideal,
            extrapolate=self.extrapolate,
            compiled=self.compiled,
        )
        return result, total / np.asarray(self.conditions.charge_mass, dtype=float)

    def balance(self, inlets: Mapping[str, Stream]) -> Balance:
        """Product, residue, volatile cut and side condensates as flows; the furnace's power."""
        feed = mix(self.name, [inlets[name] for name in self.inlets])
        r, rate = self.distill(feed)
        per_s = rate[..., None]
        masses = [r.product, r.residue, r.volatile_cut, *r.side_condensates]
        T = np.asarray(r.final_temperature)
        phases = ["solid", "liquid", "solid", *["solid"] * self.side_zones]
        outlets = {
            name: Stream(name, feed.components, m * per_s, None, phase)
            for name, m, phase in zip(self.outlets, masses, phases, strict=True)
        }
        outlets[self.outlets[1]] = outlets[self.outlets[1]].copy(temperature=T)
        batch_T = np.maximum(T, np.max(np.asarray(self.conditions.temperature)))
        # the heat a molten inlet brings, per batch of the first pass (which heats the charge)
        credit = heat_carried(feed, batch_T)
        power = r.energy_total * rate - np.minimum(credit, r.energy_heating * rate)
        hours = furnace_time(r.duration) * rate * seconds_per_year() / 3600.0
        return Balance(
            outlets,
            heat=power,
            electricity=power,
            details={
                "result": r,
                "batches_per_s": rate,
                "throughput": feed.total,
                "furnace_hours_per_yr": hours,
            },
        )

    def design(self, balance: Balance) -> Design:
        """Batches a year, batch time, furnace hours and how many furnaces those hours need."""
        r = balance.details["result"]
        year = seconds_per_year()
        hours = balance.details["furnace_hours_per_yr"]
        available = process_parameter("operating_hours").value / 3600.0
        return Design(
            {
                "throughput_t_per_yr": balance.details["throughput"] * year / 1000.0,
                "batches_per_yr": balance.details["batches_per_s"] * year,
                "batch_duration_h": r.duration / 3600.0,
                "furnace_hours_per_yr": hours,
                "furnaces_needed": np.ceil(hours / available),
                "charge_mass_kg": np.asarray(self.conditions.charge_mass, dtype=float),
                "evaporation_area_m2": np.asarray(self.conditions.evaporation_area, dtype=float),
            },
            np.asarray(balance.electricity) / 1000.0,
            np.asarray(balance.heat) / 1000.0,
        )
