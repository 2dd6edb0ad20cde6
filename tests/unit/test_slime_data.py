"""Every recovery, price and efficiency of anode_slime.toml has a source or is marked assumed."""

import tomllib
from importlib import resources

import pytest

from valorize.data.loader import references
from valorize.slime import data


def _raw():
    return tomllib.loads(resources.files("valorize.data").joinpath("anode_slime.toml").read_text())


def test_every_record_is_sourced_or_assumed():
    refs = references()
    raw = _raw()
    records = list(raw["parameter"].items()) + list(raw["composition"].items())
    for step in ("roast", "leach", "precious_metals"):
        records += [(f"{step}.{k}", v) for k, v in raw[step].items()]
    for name, v in records:
        assert v["status"] in ("measured", "estimated", "assumed"), name
        assert v["reference"] in refs, name
        assert v.get("note"), f"{name}: say where the number comes from or why it is assumed"
        if v["reference"] == "this_work":
            assert v["status"] == "assumed", name
    assert len(data.parameters()) == len(raw["parameter"])
    assert len(data.split_records()) == sum(
        len(raw[s]) for s in ("roast", "leach", "precious_metals")
    )


def test_compositions_sum_to_100_and_conversions():
    for name, d in data.compositions().items():
        assert sum(d.value.values()) == pytest.approx(100.0, abs=1e-9), name
        data.fractions(d.value, name)
    assert data.value("slime_per_copper") == pytest.approx(6e-3)
    assert data.value("roast_energy") == pytest.approx(800 * 3.6e3)
    assert data.value("price_sulfuric_acid") == pytest.approx(0.1)
    assert data.split("leach.leached")[data.ELEMENTS.index("Se")] == 0.80


def test_every_range_names_an_input_of_the_route():
    from valorize.slime import data
    from valorize.slime.uncertain import check_path

    for path in data.ranges():
        check_path(path)  # raises for a path the route does not have
