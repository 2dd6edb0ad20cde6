"""Units that mean something else are refused (issue 16, kind 11)."""

import pytest

from valorize.errors import InputError
from valorize.quantities import parse_in_unit, parse_quantity


@pytest.mark.parametrize("text", ["600 delta_degC", "20 delta_degF", "5 delta_degC"])
def test_a_temperature_difference_is_not_a_temperature(text):
    with pytest.raises(InputError, match="temperature difference"):
        parse_quantity(text, "temperature", "operation.temperature")


@pytest.mark.parametrize(
    ("text", "dimension"), [("75 ton/yr", "mass_rate"), ("2 tons", "mass"), ("1 ton", "mass")]
)
def test_ton_is_ambiguous(text, dimension):
    with pytest.raises(InputError, match=r"ambiguous.*'t' for the tonne or 'short_ton'"):
        parse_quantity(text, dimension, "feed.rate")


def test_what_is_meant_stays_allowed():
    assert parse_quantity("75 t/yr", "mass_rate", "f") == pytest.approx(75e3 / 31_557_600, 1e-3)
    assert parse_quantity("1 short_ton", "mass", "f") == pytest.approx(907.18474)
    assert parse_quantity("1 tonne", "mass", "f") == pytest.approx(1000.0)
    assert parse_quantity("400 degC", "temperature", "f") == pytest.approx(673.15)


def test_overflow_is_not_a_number():
    with pytest.raises(InputError, match="not a finite"):
        parse_quantity("1e400 K", "temperature", "operation.temperature")
    with pytest.raises(InputError, match="ambiguous"):
        parse_in_unit("3 ton", "kg", "equipment.size")
