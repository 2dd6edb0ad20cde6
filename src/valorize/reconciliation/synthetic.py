"""Synthetic surveys: a balanced plant and its noisy measurements, for tests and benchmarks.

A separation circuit of ``nodes`` units, each splitting its feed in two (a flotation
bank, a classifier), as a tree grown from one feed: ``2 * nodes + 1`` streams. True
masses and assays balance exactly; :func:`measure` adds normal errors of given relative
sizes, so a reconciliation's statistics can be checked against what they should be.
Nothing here is plant data: the numbers are drawn, not measured.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from valorize.reconciliation.balance import Measurement, Network, Node


@dataclass(frozen=True)
class Plant:
    """A balanced network: its true masses ``(streams,)`` and assays ``(streams, comps)``."""

    network: Network
    mass: np.ndarray
    assay: np.ndarray


def separation_tree(nodes: int, components: int, rng: np.random.Generator) -> Plant:
    """A tree of two-way separators with balanced, drawn masses and assays.

    Each node splits its feed's mass and each component's mass by its own drawn shares,
    so that the two products differ in grade (a real separation); assays are mass
    fractions below one.
    """
    names = ["feed"]
    mass = [1000.0]
    assay = [rng.uniform(0.005, 0.05, components)]
    node_list, open_streams = [], [0]
    for k in range(nodes):
        parent = open_streams.pop(0)
        split = rng.uniform(0.2, 0.8)
        # the first product takes more of each component than of the mass: a concentrate
        recovery = np.clip(split * rng.uniform(1.0, 1.3, components), 0.05, 0.95)
        f, x = mass[parent], assay[parent]
        children = []
        for share, rec in ((split, recovery), (1.0 - split, 1.0 - recovery)):
            names.append(f"s{len(names)}")
            mass.append(f * share)
            assay.append(x * rec / share)
            children.append(len(names) - 1)
            open_streams.append(len(names) - 1)
        node_list.append(Node(f"n{k}", (names[parent],), tuple(names[c] for c in children)))
    network = Network(tuple(names), tuple(node_list), tuple(f"c{j}" for j in range(components)))
    return Plant(network, np.array(mass), np.array(assay))


def measure(
    plant: Plant,
    rng: np.random.Generator,
    mass_rsd: float = 0.02,
    assay_rsd: float = 0.05,
    skip_mass: tuple[str, ...] = (),
) -> tuple[Measurement, ...]:
    """Every mass (but those in ``skip_mass``) and every assay, with relative normal errors.

    The standard deviations are the relative sizes times the *true* values, as a plant's
    error model would state them.
    """
    out = []
    for i, s in enumerate(plant.network.streams):
        if s not in skip_mass:
            sd = mass_rsd * plant.mass[i]
            out.append(Measurement(s, "mass", plant.mass[i] + sd * rng.standard_normal(), sd))
        for j, c in enumerate(plant.network.components):
            true = plant.assay[i, j]
            sd = assay_rsd * true
            out.append(Measurement(s, c, abs(true + sd * rng.standard_normal()), sd))
    return tuple(out)
