import re

import numpy as np
import pytest

from valorize.constants import GAS_CONSTANT
from valorize.data import element, elements
from valorize.errors import InputError, OutOfRangeError
from valorize.thermo.vapor_pressure import (
    liquid_reference_pressure,
    valid_range,
    vapor_pressure,
)

# The refining window in which every element must be covered (issue #2).
WINDOW = np.linspace(520.0, 800.0, 57)


@pytest.mark.parametrize("symbol", sorted(elements()))
def test_every_element_covers_the_refining_window(symbol):
    stable = vapor_pressure(symbol, WINDOW)
    reference = liquid_reference_pressure(symbol, WINDOW)
    assert not stable.warnings and not reference.warnings
    assert np.all(np.isfinite(stable.pressure)) and np.all(stable.pressure > 0)
    # vapour pressure rises with temperature
    assert np.all(np.diff(np.log(stable.pressure)) > 0)
    assert np.all(np.diff(np.log(reference.pressure)) > 0)


def test_selenium_and_tellurium_ranges():
    assert valid_range("Se")[0] <= 450 and valid_range("Se")[1] >= 1000
    assert valid_range("Te")[0] <= 500 and valid_range("Te")[1] >= 1300


def test_stable_phase_switches_at_the_melting_point():
    Tm = element("Te").melting_point.value
    result = vapor_pressure("Te", [Tm - 1, Tm + 1])
    assert list(result.state) == ["solid", "liquid"]


def test_phase_change_is_continuous():
    for symbol in ("Te", "Pb", "Bi", "Zn", "Cd", "Se"):
        Tm = element(symbol).melting_point.value
        below, above = vapor_pressure(symbol, [Tm - 1e-6, Tm + 1e-6]).pressure
        assert above == pytest.approx(below, rel=0.05), symbol


def test_supercooled_liquid_lies_above_the_solid():
    """Below T_m the liquid is less stable: its vapour pressure is higher."""
    for symbol in ("Te", "Pb", "Cu", "Ag", "As", "Sb"):
        T = 600.0 if symbol != "As" else 700.0
        solid = vapor_pressure(symbol, T).pressure
        liquid = liquid_reference_pressure(symbol, T)
        assert liquid.pressure > solid
        assert "supercooled" in str(liquid.state)


def test_supercooled_shift_uses_vapour_molecule_size():
    """Te2 vapour: ln(p_l/p_s) = 2 dH_fus/R (1/T - 1/T_m)."""
    te = element("Te")
    T = 650.0
    ratio = liquid_reference_pressure("Te", T).pressure / vapor_pressure("Te", T).pressure
    expected = np.exp(
        2 * te.enthalpy_of_fusion.value / GAS_CONSTANT * (1 / T - 1 / te.melting_point.value)
    )
    assert ratio == pytest.approx(expected, rel=1e-12)


def test_out_of_range_names_element_temperature_and_range():
    with pytest.raises(OutOfRangeError, match=r"Se: 1500 K .*450-493.95 K.*extrapolate"):
        vapor_pressure("Se", 1500.0)


def test_extrapolation_is_allowed_with_a_warning():
    result = vapor_pressure("Se", 1500.0, extrapolate=True)
    assert result.pressure > 101325
    assert result.warnings and "extrapolated" in result.warnings[0]


@pytest.mark.parametrize("bad", [0.0, -5.0, np.nan, np.inf])
def test_non_positive_temperature_is_rejected(bad):
    with pytest.raises(InputError, match="temperature"):
        vapor_pressure("Se", bad)


def test_broadcasts_any_shape():
    T = np.full((3, 4), 600.0)
    assert vapor_pressure("Se", T).pressure.shape == (3, 4)


@pytest.mark.parametrize("symbol", ["Se", "Te", "Hg"])
@pytest.mark.parametrize("reference", ["stable", "liquid"])
def test_one_temperature_is_remembered_with_the_same_bits(symbol, reference):
    # a melt's one temperature, spread over scenarios, is evaluated once and remembered;
    # it must give what the temperature gives among others, bit for bit
    from valorize.thermo.vapor_pressure import _evaluate_many, _evaluate_with_slope

    T = np.array([488.0, 573.15, 600.0, 900.0, 1500.0])
    many = _evaluate_many(symbol, T, reference)
    for k, t in enumerate(T):
        for _ in range(2):  # computed, then remembered
            one = _evaluate_with_slope(symbol, np.full((2, 3), t), reference)
            for got, want in zip(one, many, strict=True):
                assert got.shape == (2, 3)
                assert np.array_equal(got, np.full((2, 3), want[k]))


def test_a_remembered_temperature_still_refuses_outside_the_data():
    from valorize.thermo.vapor_pressure import check_liquid_reference_range

    for _ in range(2):
        assert check_liquid_reference_range("Se", np.full(4, 600.0), extrapolate=False) == ()
        with pytest.raises(OutOfRangeError, match="Se: 3000 K"):
            check_liquid_reference_range("Se", np.full(4, 3000.0), extrapolate=False)
    warned = check_liquid_reference_range("Se", np.full(4, 3000.0), extrapolate=True)
    assert warned and "extrapolated" in warned[0]


@pytest.mark.parametrize(
    ("symbol", "T"),
    [
        ("As", np.array(895.3736175518243)),
        ("Hg", np.array([0.0, 0.0])),
        ("Hg", np.array([-0.0, -0.0])),
    ],
)
def test_what_is_not_remembered_is_computed_as_before(symbol, T):
    # a 0-d temperature (NumPy's scalar arithmetic rounds As's slope at 895.37 K otherwise
    # than its array arithmetic) and signed zeros (one remembered key could not tell them
    # apart) take the element-wise path
    from valorize.thermo.vapor_pressure import _evaluate_many, _evaluate_with_slope

    with np.errstate(all="ignore"):
        _evaluate_with_slope(symbol, np.atleast_1d(-T), "stable")  # where a key could stick
        got = _evaluate_with_slope(symbol, T, "stable")
        want = _evaluate_many(symbol, T, "stable")
    for a, b in zip(got, want, strict=True):
        assert a.shape == b.shape and np.array_equal(a, b, equal_nan=True)


@pytest.mark.parametrize(
    ("symbol", "T", "why"),
    [
        ("S", 1e5, "not finite"),
        ("Hg", 1e4, "pressure of zero"),
        ("Hg", 2000.0, "beyond 1764 K, past which its pressure falls"),
        ("Hg", 5000.0, "beyond 1764 K"),
        ("S", 1500.0, "beyond 1312.95 K"),
        ("S", 5000.0, "beyond 1312.95 K"),  # rising again there, after falling past Tc
        ("Te", 6000.0, r"beyond 58\d\d(\.\d+)? K, past which"),
        ("Se", 10.0, "pressure of zero"),
        ("Se", 2e6, "where the search for how far it can be extrapolated ends"),
    ],
)
def test_extrapolation_past_physical_sense_is_refused(symbol, T, why):
    for func in (vapor_pressure, liquid_reference_pressure):
        where = re.escape(f"extrapolated to {T:g} K")
        with pytest.raises(OutOfRangeError, match=rf"{symbol}: .* {where} .*{why}"):
            func(symbol, T, extrapolate=True)


def test_a_vectorized_call_is_refused_if_any_temperature_is_bad_naming_one():
    T = np.array([300.0, 1000.0, 1700.0, 2500.0, 3000.0])
    with pytest.raises(OutOfRangeError, match=r"Hg: .* 2500 K .*\(and 1 more of the 2 "):
        vapor_pressure("Hg", T, extrapolate=True)


def test_a_remembered_temperature_is_refused_past_physical_sense():
    from valorize.thermo.vapor_pressure import check_liquid_reference_range

    for _ in range(2):
        with pytest.raises(OutOfRangeError, match=r"Hg: .* 2000 K"):
            check_liquid_reference_range("Hg", np.full(4, 2000.0), extrapolate=True)


def test_a_falling_local_slope_is_refused(monkeypatch):
    # within the limits the search found a local fall is still refused, by the
    # correlation's own slope: let the search allow everything to reach that check
    from valorize.thermo import vapor_pressure as vp

    monkeypatch.setattr(vp, "_extrapolation_limits", lambda symbol, reference: (1.0, 1e6))
    with pytest.raises(OutOfRangeError, match="falls with temperature"):
        vapor_pressure("S", 5000.0, extrapolate=True)


@pytest.mark.parametrize("symbol", sorted(elements()))
@pytest.mark.parametrize("reference", ["stable", "liquid"])
def test_what_extrapolates_is_finite_positive_and_rising(symbol, reference):
    from valorize.thermo.vapor_pressure import _extrapolation_limits

    low, high = _extrapolation_limits(symbol, reference)
    lo, hi = valid_range(symbol, reference)
    func = vapor_pressure if reference == "stable" else liquid_reference_pressure
    assert low < lo and high >= hi  # Hg and S: their data end at the critical point
    for T in (np.geomspace(low, lo, 200), np.geomspace(hi, high, 200)):
        if T[0] == T[-1]:
            continue
        result = func(symbol, T, extrapolate=True)
        assert result.warnings
        p = result.pressure
        assert np.all(np.isfinite(p)) and np.all(p > 0)
        assert np.all(np.diff(np.log(p)) > 0)
    with pytest.raises(OutOfRangeError, match="extrapolated only within"):
        func(symbol, [high * 1.01, 300.0], extrapolate=True)
    with pytest.raises(OutOfRangeError, match="extrapolated only within"):
        func(symbol, [low * 0.99, 300.0], extrapolate=True)


def test_inside_the_data_nothing_changes():
    # the extrapolation check touches only points outside the data: inside, the
    # pressures are the correlations' own, bit for bit
    from valorize.thermo.vapor_pressure import _evaluate_many

    T = np.linspace(520.0, 800.0, 57)
    for symbol in ("Se", "Te", "Hg", "S"):
        got = vapor_pressure(symbol, T, extrapolate=True)
        assert not got.warnings
        assert np.array_equal(got.pressure, np.exp(_evaluate_many(symbol, T, "stable")[0]))
