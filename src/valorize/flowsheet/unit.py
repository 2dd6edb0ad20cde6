r"""The unit base: inlets and outlets by stream name, and three steps.

In the spirit of BioSTEAM's ``_run``, ``_design`` and ``_cost``, a unit
operation answers three questions, each a pure function of the one before:

1. :meth:`Unit.balance` (mass and energy): the outlet streams from the inlet
   streams, and the heat and electric power the unit takes (W). Every unit
   closes its mass balance, :math:`\sum_{in} \dot m_i = \sum_{out} \dot m_i`
   for every component i.
2. :meth:`Unit.design` (sizes and utilities): sizes (throughput, batches,
   furnaces) and utilities: electricity (kW) and heat (kW).
3. :meth:`Unit.cost`: purchase cost of the unit's equipment (correlations of
   ``data/capital.toml`` or quotes, through :mod:`valorize.economics.capital`)
   and its utilities' yearly cost, :math:`C_{util} = P_{el}\,\dot W\,t_{yr}`.

Units are frozen dataclasses: no unit holds state between calls, so a
flowsheet can be solved for many scenarios, or many times, with one set of
units.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

import numpy as np

from valorize.errors import InputError
from valorize.flowsheet.stream import Stream
from valorize.scenario_axis import rows


@functools.cache
def seconds_per_year() -> float:
    """Seconds in a year as the case files' ``t/yr`` mean it (pint's year, 365.25 days)."""
    from valorize.quantities import parse_quantity

    return parse_quantity("1 yr", "time", "year")


@dataclass(frozen=True)
class Balance:
    """What a unit's balance gives: its outlets, duties (W) and model details."""

    outlets: dict[str, Stream]
    heat: np.ndarray | float = 0.0
    electricity: np.ndarray | float = 0.0
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Design:
    """Sizes and utilities of a unit (arrays over scenarios)."""

    sizes: dict[str, np.ndarray | float]
    electricity_kW: np.ndarray | float
    heat_kW: np.ndarray | float


@dataclass(frozen=True)
class EquipmentCost:
    """One item of a unit's equipment: a correlation and size, or a quote and its year."""

    name: str
    correlation: str | None = None
    size: str | None = None
    cost: str | None = None
    cost_year: int | None = None
    count: int = 1
    source: str = ""


@dataclass(frozen=True)
class Cost:
    """Purchase cost (USD of the cost year) and utilities' yearly cost (USD/yr)."""

    purchase_usd: float
    utilities_usd_per_yr: np.ndarray | float
    items: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class Unit:
    """A unit operation wired by stream names.

    Subclasses set :attr:`kind`, check their wiring in ``__post_init__`` and
    override :meth:`balance` (and :meth:`design` when they have sizes).
    """

    name: str
    inlets: tuple[str, ...]
    outlets: tuple[str, ...]
    equipment: tuple[EquipmentCost, ...] = ()

    kind = "unit"
    #: Fields that may vary over scenarios (a number or an array over the scenario axis).
    scenario_fields: ClassVar[tuple[str, ...]] = ()

    def take(self, index: np.ndarray | None) -> Unit:
        """The unit in the scenarios ``index`` only: its per-scenario fields cut to them."""
        if index is None or not self.scenario_fields:
            return self
        return replace(self, **{f: rows(getattr(self, f), index) for f in self.scenario_fields})

    def for_many_passes(self) -> Unit:
        """The unit for the rest of a recycle loop that has run many passes.

        A unit with a faster path whose start-up only a long loop repays (the vacuum
        furnace's compiled steps) returns itself with that path on; the answer is the
        same within the unit's own accuracy. Others return themselves.
        """
        return self

    def _need(self, what: str, count: int | tuple[int, int | None], have: int) -> None:
        lo, hi = (count, count) if isinstance(count, int) else count
        if have < lo or (hi is not None and have > hi):
            wanted = str(lo) if lo == hi else f"{lo} or more" if hi is None else f"{lo}-{hi}"
            if have == 0 and what.startswith("inlet"):
                raise InputError(
                    f"flowsheet: unit {self.name!r} ({self.kind}) has no inlet; it needs {wanted}"
                )
            raise InputError(
                f"flowsheet: unit {self.name!r} ({self.kind}): needs {wanted} {what}, has {have}"
            )

    def balance(self, inlets: Mapping[str, Stream]) -> Balance:
        """Outlets and duties from the inlets (mass and energy balance)."""
        raise NotImplementedError

    def design(self, balance: Balance) -> Design:
        """Sizes and utilities; by default the balance's duties and the throughput."""
        throughput = balance.details.get("throughput")
        if throughput is None:
            throughput = sum((s.total for s in balance.outlets.values()), start=np.zeros(()))
        return Design(
            {"throughput_t_per_yr": np.asarray(throughput) * seconds_per_year() / 1000.0},
            np.asarray(balance.electricity) / 1000.0,
            np.asarray(balance.heat) / 1000.0,
        )

    def cost(self, design: Design, electricity_price: float, year: int) -> Cost:
        """Purchase cost of the equipment and the yearly electricity bill (USD per kWh given)."""
        from valorize.economics.capital import equipment_purchase_cost

        items = tuple(
            equipment_purchase_cost(item, year, f"unit {self.name!r} equipment[{i}]")
            for i, item in enumerate(self.equipment)
        )
        kwh_per_yr = np.asarray(design.electricity_kW) * seconds_per_year() / 3600.0
        return Cost(
            sum(row["purchase_cost_usd"] for row in items),
            kwh_per_yr * electricity_price,
            items,
        )
