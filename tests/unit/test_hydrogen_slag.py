"""Slag phases and the photocatalyst plant: every element's mass balance closes."""

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from valorize.errors import InputError
from valorize.hydrogen.photocatalyst_plant import PlantInputs, bond_energy, process_slag
from valorize.hydrogen.slag import COMPONENTS, PHASES, element_masses, normative_phases

NAMES = list(COMPONENTS)


@st.composite
def compositions(draw):
    raw = draw(st.lists(st.floats(0.0, 1.0), min_size=len(NAMES), max_size=len(NAMES)))
    total = sum(raw)
    if total < 1e-6:
        raw = [1.0] + [0.0] * (len(NAMES) - 1)
        total = 1.0
    return {k: v / total for k, v in zip(NAMES, raw, strict=True)}


def _close(a, b):
    assert set(a) | set(b) <= set(a) | set(b)
    for el in set(a) | set(b):
        assert np.allclose(a.get(el, 0.0), b.get(el, 0.0), rtol=1e-12, atol=1e-14), el


@settings(max_examples=200, deadline=None)
@given(compositions())
def test_normative_phases_close_every_element(c):
    phases = normative_phases(c)
    assert all(np.all(v >= -1e-15) for v in phases.values())
    # element masses counted from the phase formulas equal those of the analysed oxides
    _close(element_masses(c, COMPONENTS), element_masses(phases, PHASES))
    assert np.isclose(sum(phases.values()), 1.0, atol=1e-12)


@settings(max_examples=100, deadline=None)
@given(compositions(), st.floats(0.0, 1.0), st.floats(0.0, 1.0))
def test_magnetic_separation_closes_every_element(c, to_magnetic, entrained):
    plant = PlantInputs.from_data(grid_emission_factor=0.612 / 3.6e6)
    plant = replace(plant, magnetite_to_magnetic=to_magnetic, entrainment_to_magnetic=entrained)
    phases = normative_phases(c)
    b = process_slag(phases, plant)
    fed = element_masses(phases, PHASES)
    mag = element_masses(b.magnetic, PHASES)
    non = element_masses(b.nonmagnetic, PHASES)
    for el in fed:
        assert np.isclose(fed[el], mag.get(el, 0.0) + non.get(el, 0.0), rtol=1e-12, atol=1e-15)
    # finished powder = non-magnetic product + co-catalyst
    assert np.isclose(b.photocatalyst, sum(b.nonmagnetic.values()) + b.cocatalyst)


def test_vectorized_over_scenarios():
    c = {"FeO": np.array([0.4, 0.2]), "SiO2": np.array([0.4, 0.5]), "other": np.array([0.2, 0.3])}
    phases = normative_phases(c)
    assert phases["fayalite"].shape == (2,)
    # 0.4 FeO is the limit in the first (n_FeO/2 < n_SiO2)
    m_feo, m_fa = 0.071844, 0.203774
    assert phases["fayalite"][0] == pytest.approx(0.4 / m_feo / 2 * m_fa, rel=1e-3)


def test_fayalite_limited_by_silica():
    phases = normative_phases({"FeO": 0.9, "SiO2": 0.1})
    assert phases["silica"] == pytest.approx(0.0, abs=1e-15)
    assert phases["wustite"] > 0


def test_bad_compositions():
    with pytest.raises(InputError, match="unknown component"):
        normative_phases({"FeO": 0.5, "Xx": 0.5})
    with pytest.raises(InputError, match="sum to 1"):
        normative_phases({"FeO": 0.5, "SiO2": 0.4})
    with pytest.raises(InputError, match="negative"):
        normative_phases({"FeO": 1.2, "SiO2": -0.2})


def test_bond_energy_falls_to_zero_without_size_reduction():
    assert bond_energy(50e3, 100e-6, 100e-6) == pytest.approx(0.0)
    assert bond_energy(50e3, 2000e-6, 20e-6) > bond_energy(50e3, 2000e-6, 50e-6)
