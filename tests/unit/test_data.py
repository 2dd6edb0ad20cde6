"""Every curated record is complete, sourced, and in range."""

import math

import pytest

from valorize.data import (
    STATUSES,
    activity_parameters,
    element,
    elements,
    references,
    vapor_pressure_correlations,
)
from valorize.errors import InputError

REQUIRED = [
    "Se",
    "Te",
    "S",
    "Hg",
    "As",
    "Sb",
    "Bi",
    "Pb",
    "Zn",
    "Cd",
    "Sn",
    "Cu",
    "Ag",
    "Au",
    "Fe",
    "Ni",
]


def test_every_required_element_has_all_properties():
    table = elements()
    for symbol in REQUIRED:
        el = table[symbol]
        for name, datum in el.data().items():
            assert datum.value > 0, (symbol, name)
            assert datum.status in STATUSES
            assert datum.reference in references()
        assert el.vapor_species


def test_si_units_inside():
    se = element("Se")
    assert se.molar_mass.value == pytest.approx(78.971e-3)
    assert se.enthalpy_of_fusion.value == pytest.approx(6690.0)
    assert se.liquid_molar_volume.value == pytest.approx(19.79e-6)


def test_every_reference_has_a_doi_or_url():
    for ref in references().values():
        assert ref.citation
        assert ref.link.startswith("http"), ref.key


def test_correlations_are_sourced_and_ranged():
    for symbol, corrs in vapor_pressure_correlations().items():
        assert symbol in elements()
        for c in corrs:
            assert c.T_min < c.T_max
            assert c.status in STATUSES
            assert c.reference in references()
            assert c.vapor_species


def test_unknown_element_names_the_known_ones():
    with pytest.raises(InputError, match=r"unknown element .Xx.*Se"):
        element("Xx")


def test_activity_parameters_load():
    for p in activity_parameters():
        assert p.reference in references()
        assert not math.isnan(sum(p.values.values()))
