r"""A system: units wired by stream names, solved in order, recycle loops converged.

Wiring
------
Every inlet of a unit is either a feed or the outlet of exactly one unit;
no stream is the inlet of two units (split it first) and every outlet goes
somewhere (to a unit, or out through a sink). A wiring mistake is an
:class:`~valorize.errors.InputError` naming the unit and the stream and
listing the streams that exist.

Order and loops
---------------
Units are the nodes of a directed graph with an edge from a unit to each
unit its outlets feed. Its strongly connected components (Tarjan, SIAM J.
Comput. 1 (1972) 146, doi:10.1137/0201010) are the recycle loops; the
components, taken in topological order, are solved one after another. Inside
a loop a depth-first search from the unit that takes the loop's outside
inlets orders the units; the streams along its back edges are the *tear
streams* (cutting the back edges of a depth-first search leaves no cycle).
With the tear streams' flows x as unknowns, one pass through the loop's
units in that order is a map :math:`x \mapsto g(x)`, and the loop is
converged with Wegstein's method (:func:`valorize.flowsheet.recycle.wegstein`)
on every scenario at once. If it does not converge the error names the
loop (its units and tear streams), the residual and the iterations. After
convergence the loop is evaluated once more at the fixed point so that
every stream is consistent with the tear streams.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from valorize.errors import ConvergenceError, InputError, ValorizeError
from valorize.flowsheet.recycle import Q_BOUNDS, wegstein
from valorize.flowsheet.stream import Stream
from valorize.flowsheet.unit import Balance, Unit

#: Relative tolerance of recycle loops in a system: tight, so that a plant's element
#: balance (feeds in, sinks out) closes to about 1e-12 even for trace elements.
LOOP_TOLERANCE = 1e-13
#: Passes allowed around a loop before the convergence error.
LOOP_ITERATIONS = 200
#: Bounds of Wegstein's acceleration when a loop is solved again, damped, after a pass
#: failed: extrapolating less keeps each component's flow near the loop's own.
DAMPED_Q_BOUNDS = (-5.0, 0.0)
#: The damped solve may take this many times the passes of the first.
DAMPED_ITERATIONS_FACTOR = 5
#: Passes around a loop after which its units switch to their paths for long loops
#: (:meth:`~valorize.flowsheet.unit.Unit.for_many_passes`): a loop that converges sooner
#: never pays their start-up. A choice.
MANY_PASSES = 20


@dataclass(frozen=True)
class Loop:
    """A recycle loop: its units in solving order and its tear streams."""

    units: tuple[str, ...]
    tears: tuple[str, ...]

    @property
    def label(self) -> str:
        """The loop in words, for messages."""
        return f"{' -> '.join(self.units)} (tear: {', '.join(self.tears)})"


@dataclass(frozen=True)
class Solution:
    """Every stream of a solved system, each unit's balance, and the loops' iterations."""

    streams: dict[str, Stream]
    balances: dict[str, Balance]
    loops: tuple[Loop, ...]
    iterations: dict[str, int]


def stream_edges(units: Iterable[Any]) -> dict[str, list[str]]:
    """Each unit's name -> the units its outlets feed.

    ``units``: anything with ``name``, ``inlets`` and ``outlets`` (unit models, or the
    units of a case's ``[flowsheet]`` before they are built).
    """
    units = list(units)
    consumer = {s: u.name for u in units for s in u.inlets}
    return {u.name: [consumer[s] for s in u.outlets if s in consumer] for u in units}


def has_loop(units: Iterable[Any]) -> bool:
    """Whether ``units`` (as :func:`stream_edges` takes them) close a recycle loop."""
    edges = stream_edges(units)
    return any(_is_loop(c, edges) for c in _strong_components(list(edges), edges))


def _is_loop(component: Sequence[str], edges: Mapping[str, list[str]]) -> bool:
    """Whether a strongly connected component is a loop: several units, or one feeding itself."""
    return len(component) > 1 or component[0] in edges[component[0]]


def _strong_components(nodes: Sequence[str], edges: Mapping[str, list[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components, in reverse topological order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            out.append(component)

    for v in nodes:
        if v not in index:
            visit(v)
    return out


class System:
    """Units wired by stream names, with the feeds that enter from outside.

    Parameters
    ----------
    units
        The unit operations; names must differ.
    feeds
        Streams entering the plant, by name.
    tolerance, max_iterations
        Of the recycle loops (see :func:`valorize.flowsheet.recycle.wegstein`).
    """

    def __init__(
        self,
        units: Sequence[Unit],
        feeds: Mapping[str, Stream],
        *,
        tolerance: float = LOOP_TOLERANCE,
        max_iterations: int = LOOP_ITERATIONS,
    ) -> None:
        self.units = {u.name: u for u in units}
        self.feeds = dict(feeds)
        self.tolerance = tolerance
        self.max_iterations = max_iterations
        if len(self.units) != len(units):
            seen: set[str] = set()
            twice = next(u.name for u in units if u.name in seen or seen.add(u.name))
            raise InputError(f"flowsheet: two units are named {twice!r}")
        self.producer = self._check_wiring()
        self.order = self._order()

    # ------------------------------------------------------------------ wiring
    def _check_wiring(self) -> dict[str, str]:
        producer: dict[str, str] = {}
        for u in self.units.values():
            if not u.inlets:
                raise InputError(f"flowsheet: unit {u.name!r} ({u.kind}) has no inlet")
            for s in u.outlets:
                if s in self.feeds:
                    raise InputError(
                        f"flowsheet: unit {u.name!r} makes stream {s!r}, which is a feed"
                    )
                if s in producer:
                    raise InputError(
                        f"flowsheet: stream {s!r} is an outlet of both {producer[s]!r} "
                        f"and {u.name!r}"
                    )
                producer[s] = u.name
        known = sorted([*self.feeds, *producer])
        consumer: dict[str, str] = {}
        for u in self.units.values():
            for s in u.inlets:
                if s not in self.feeds and s not in producer:
                    raise InputError(
                        f"flowsheet: unit {u.name!r} takes stream {s!r}, which no unit makes "
                        f"and no feed is; known streams: {', '.join(known)}"
                    )
                if s in consumer:
                    raise InputError(
                        f"flowsheet: stream {s!r} is an inlet of both {consumer[s]!r} and "
                        f"{u.name!r}; split it with a splitter"
                    )
                consumer[s] = u.name
        for s in known:
            if s not in consumer:
                where = f"unit {producer[s]!r}" if s in producer else "the feeds"
                raise InputError(
                    f"flowsheet: stream {s!r} of {where} goes nowhere; wire it to a unit or a sink"
                )
        return producer

    # ------------------------------------------------------------------ order
    def _edges(self) -> dict[str, list[str]]:
        return stream_edges(self.units.values())

    def _order(self) -> list[tuple[list[str], Loop | None]]:
        """Blocks in solving order: a single unit, or a loop's units and its tears."""
        edges = self._edges()
        blocks = []
        for component in reversed(_strong_components(list(self.units), edges)):
            members = set(component)
            if not _is_loop(component, edges):
                blocks.append((component, None))
                continue
            order, tears = self._tear(component, members, edges)
            blocks.append((order, Loop(tuple(order), tuple(tears))))
        return blocks

    def _tear(
        self, component: list[str], members: set[str], edges: Mapping[str, list[str]]
    ) -> tuple[list[str], list[str]]:
        """Units of a loop in solving order and the streams to tear (DFS back edges)."""
        fed_from_outside = [
            n
            for n in self.units
            if n in members
            and any(self.producer.get(s) not in members for s in self.units[n].inlets)
        ]
        start = fed_from_outside or [n for n in self.units if n in members]
        state: dict[str, int] = {}  # 1 on the DFS path, 2 finished
        finished: list[str] = []
        back: list[tuple[str, str]] = []

        def visit(v: str) -> None:
            state[v] = 1
            for w in edges[v]:
                if w not in members:
                    continue
                if state.get(w) == 1:
                    back.append((v, w))
                elif w not in state:
                    visit(w)
            state[v] = 2
            finished.append(v)

        for v in start:
            if v not in state:
                visit(v)
        tears = [s for v, w in back for s in self.units[v].outlets if s in self.units[w].inlets]
        return finished[::-1], list(dict.fromkeys(tears))

    # ------------------------------------------------------------------ solving
    def solve(self) -> Solution:
        """Solve every unit in order and converge every loop, for all scenarios at once."""
        streams = dict(self.feeds)
        balances: dict[str, Balance] = {}
        loops, iterations = [], {}

        def evaluate(names: Sequence[str]) -> None:
            for name in names:
                unit = self.units[name]
                b = unit.balance({s: streams[s] for s in unit.inlets})
                balances[name] = b
                streams.update(b.outlets)

        def evaluate_rows(
            loop: Loop, template: Mapping[str, Stream], x: np.ndarray, index: np.ndarray
        ) -> np.ndarray:
            """One pass around the loop in the scenarios ``index`` only (the unconverged)."""
            local = {s: stream.take(index) for s, stream in streams.items()}
            for k, s in enumerate(loop.tears):
                local[s] = template[s].copy(mass=x[..., k, :])
            for name in loop.units:
                unit = self.units[name].take(index)
                local.update(unit.balance({s: local[s] for s in unit.inlets}).outlets)
            return np.stack([local[s].mass for s in loop.tears], axis=-2)

        for names, loop in self.order:
            if loop is None:
                evaluate(names)
                continue
            loops.append(loop)
            template = self._first_guess(loop, streams)
            track = {"passes": 0, "residual": np.inf}

            def around(
                x: np.ndarray,
                index: np.ndarray | None = None,
                loop: Loop = loop,
                template: dict = template,
                track: dict = track,
            ) -> np.ndarray:
                if index is not None:
                    gx = evaluate_rows(loop, template, x, index)
                else:
                    for k, s in enumerate(loop.tears):
                        streams[s] = template[s].copy(mass=x[..., k, :])
                    evaluate(loop.units)
                    gx = np.stack(
                        np.broadcast_arrays(*(streams[s].mass for s in loop.tears)), axis=-2
                    )
                scale = np.maximum(np.abs(gx).max(), np.finfo(float).tiny)
                track["residual"] = float(np.max(np.abs(gx - x) / (np.abs(x) + scale)))
                track["passes"] += 1
                if track["passes"] == MANY_PASSES:  # a long loop: its units' faster paths
                    for name in loop.units:
                        self.units[name] = self.units[name].for_many_passes()
                return gx

            x0 = np.stack([template[s].mass for s in loop.tears], axis=-2)
            # Wegstein's acceleration extrapolates each component on its own and can hand a
            # unit a stream it refuses (a crude with too little selenium for its metals) on
            # a loop that returns most of its flow; then the loop is solved again, damped
            attempts = (
                (Q_BOUNDS, self.max_iterations),
                (DAMPED_Q_BOUNDS, DAMPED_ITERATIONS_FACTOR * self.max_iterations),
            )
            failed: str | None = None  # the first attempt's failed pass, in words
            for bounds, passes in attempts:
                track.update(passes=0, residual=np.inf)
                try:
                    x, n = wegstein(
                        around,
                        x0,
                        loop=loop.label,
                        tolerance=self.tolerance,
                        max_iterations=passes,
                        item_ndim=2,  # tears x components
                        q_bounds=bounds,
                    )
                    break
                except ConvergenceError:
                    if failed is None:
                        raise
                except ValorizeError as exc:
                    if track["passes"] < 2:  # the first pass fails: an error of the units
                        raise
                    if failed is None:
                        done = track["passes"] - 1
                        failed = (
                            f"largest relative residual {track['residual']:.3g} after {done} "
                            f"iteration{'s' * (done != 1)}, when a pass failed ({exc})"
                        )
                        continue
                raise ConvergenceError(
                    f"recycle loop '{loop.label}' did not converge: {failed}, nor damped; "
                    "does everything that enters the loop have a way out?"
                ) from None
            around(x)
            iterations[loop.label] = n
        return Solution(streams, balances, tuple(loops), iterations)

    def _first_guess(self, loop: Loop, streams: Mapping[str, Stream]) -> dict[str, Stream]:
        """Empty tear streams with the feeds' components (the loop fills them)."""
        components = next(iter(self.feeds.values())).components
        n = len(components)
        return {s: Stream(s, components, np.zeros(n)) for s in loop.tears}
