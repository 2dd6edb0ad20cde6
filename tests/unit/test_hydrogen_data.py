"""Every recovery, price and efficiency of hydrogen.toml has a source or is marked assumed."""

import tomllib
from importlib import resources

import pytest

from valorize.data.loader import references
from valorize.hydrogen.data import atomic_weights, hydrogen_molar_mass, parameter, parameters


def _raw():
    text = resources.files("valorize.data").joinpath("hydrogen.toml").read_text("utf-8")
    return tomllib.loads(text)["parameter"]


def test_every_record_has_status_reference_and_note():
    refs = references()
    for name, v in _raw().items():
        assert v["status"] in ("measured", "estimated", "assumed"), name
        assert v["reference"] in refs, name
        assert v.get("note"), f"{name}: say where the number comes from or why it is assumed"
    assert len(parameters()) == len(_raw())


def test_own_choices_are_marked_assumed():
    # a record citing only 'this_work' is our choice, so it must say 'assumed'
    for name, v in _raw().items():
        if v["reference"] == "this_work":
            assert v["status"] == "assumed", name


def test_conversions_to_inside_units():
    assert parameter("sth_field_best").value == pytest.approx(0.0076)
    assert parameter("calcination_temperature").value == pytest.approx(1173.15)
    assert parameter("electrolysis_specific_energy").value == pytest.approx(52 * 3.6e6)
    # 1000 UZS/kWh at 12739.99 UZS/USD
    assert parameter("electricity_price_almalyk").value * 3.6e6 == pytest.approx(1000 / 12739.99)
    assert hydrogen_molar_mass() == pytest.approx(2.016e-3)
    assert atomic_weights()["Fe"] == pytest.approx(55.845e-3)
