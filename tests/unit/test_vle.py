import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from valorize.errors import InputError, MissingParameterError, OutOfRangeError
from valorize.thermo import vle
from valorize.thermo.vapor_pressure import liquid_reference_pressure

MELT = ["Se", "Te", "S", "Hg", "Pb"]


def test_pure_component_bubble_point_is_its_boiling_point():
    bp = vle.bubble_temperature(["Se", "Te"], [1.0, 0.0], 10.0)
    assert liquid_reference_pressure("Se", bp.temperature).pressure == pytest.approx(10.0, 1e-10)
    assert bp.y[0] == pytest.approx(1.0)


def test_bubble_temperature_and_pressure_are_inverse(rng):
    x = rng.dirichlet(np.ones(5), size=500)
    P = 10 ** rng.uniform(0, 2, 500)
    bp = vle.bubble_temperature(MELT, x, P, extrapolate=True)
    back = vle.bubble_pressure(MELT, x, bp.temperature, extrapolate=True)
    np.testing.assert_allclose(back.pressure, P, rtol=1e-9)
    np.testing.assert_allclose(bp.y.sum(axis=-1), 1.0, rtol=1e-12)


def test_scenario_axes_broadcast(rng):
    x = rng.dirichlet(np.ones(2), size=(3, 4))
    bp = vle.bubble_temperature(["Se", "Te"], x, np.array([[10.0], [20.0], [40.0]]))
    assert bp.temperature.shape == (3, 4) and bp.y.shape == (3, 4, 2)
    single = vle.bubble_temperature(["Se", "Te"], x[2, 1], 40.0)
    assert bp.temperature[2, 1] == pytest.approx(float(single.temperature), rel=1e-10)


def test_higher_pressure_means_higher_bubble_temperature():
    bp = vle.bubble_temperature(["Se", "Te"], [0.9, 0.1], np.array([1.0, 10.0, 100.0, 1000.0]))
    assert np.all(np.diff(bp.temperature) > 0)


def test_more_volatile_component_enriches_the_vapour():
    bp = vle.bubble_temperature(["Se", "Te"], [0.5, 0.5], 10.0)
    assert bp.y[0] > 0.5  # selenium is far more volatile than tellurium


@settings(max_examples=50, deadline=None, derandomize=True)
@given(x_te=st.floats(0.0, 1.0), log_p=st.floats(0.0, 3.0))
def test_bubble_temperature_lies_between_the_pure_boiling_points(x_te, log_p):
    P = 10**log_p
    bp = vle.bubble_temperature(["Se", "Te"], [1 - x_te, x_te], P, extrapolate=True)
    pure = vle.bubble_temperature(["Se", "Te"], np.array([[1, 0], [0, 1]]), P, extrapolate=True)
    lo, hi = pure.temperature
    assert lo - 1e-6 <= bp.temperature <= hi + 1e-6


def test_mass_fractions_convert_with_molar_masses():
    x = vle.mole_fractions(["Se", "Te"], [0.5, 0.5], "mass")
    assert x[0] / x[1] == pytest.approx(127.60 / 78.971)


@pytest.mark.parametrize(
    ("fractions", "message"),
    [
        ([0.9, 0.2], "sum to 1.1"),
        ([1.1, -0.1], "must not be negative"),
        ([1.0], "need 2 fractions"),
        ([np.nan, 1.0], "finite"),
    ],
)
def test_bad_fractions(fractions, message):
    with pytest.raises(InputError, match=message):
        vle.mole_fractions(["Se", "Te"], fractions)


def test_bad_pressure():
    with pytest.raises(InputError, match="pressure"):
        vle.bubble_temperature(["Se", "Te"], [0.5, 0.5], -1.0)


def test_out_of_range_bubble_point_names_element():
    # at 1 Pa pure Te boils near 570 K, inside its data; at 1e-6 Pa far below 450 K
    with pytest.raises(OutOfRangeError, match="Te"):
        vle.bubble_temperature(["Se", "Te"], [0.0, 1.0], 1e-6)


def test_separation_coefficients_ideal_limit():
    sc = vle.separation_coefficients("Se", ["Te", "Hg"], 673.15)
    p = sc.reference_pressure
    assert sc.beta["Te"] == pytest.approx(p["Te"] / p["Se"])
    assert sc.beta["Hg"] > 1 > sc.beta["Te"]


def test_separation_coefficients_vectorize_over_temperature():
    T = np.linspace(550, 750, 9)
    sc = vle.separation_coefficients("Se", ["Te", "Pb"], T)
    assert sc.beta["Te"].shape == (9,)


def test_missing_activity_parameters_say_which_pairs():
    with pytest.raises(MissingParameterError, match=r"Se-Te.*allow"):
        vle.bubble_temperature(["Se", "Te"], [0.9, 0.1], 10.0, "wilson")
    bp = vle.bubble_temperature(["Se", "Te"], [0.9, 0.1], 10.0, "mivm", allow_ideal=True)
    assert bp.ideal_pairs == (("Se", "Te"),)


def test_txy_diagram_shape_and_order():
    d = vle.txy_diagram(["Se", "Te"], 10.0, points=21)
    assert d.x.shape == d.y.shape == d.temperature.shape == (21,)
    assert np.all(np.diff(d.temperature) > 0)  # adding Te raises the bubble point
    assert np.all(d.y <= d.x + 1e-12)  # the vapour is poorer in the heavy component


def test_pxy_diagram():
    d = vle.pxy_diagram(["Se", "Te"], 700.0, points=11)
    assert d.pressure[0] > d.pressure[-1]


def test_phase_diagram_needs_two_components():
    with pytest.raises(InputError, match="exactly 2"):
        vle.txy_diagram(["Se", "Te", "S"], 10.0)


@pytest.mark.parametrize(
    ("pressure", "side"), [(1e30, "above the melt's bubble pressure at 6000 K"), (1e-30, "below")]
)
def test_a_pressure_no_bubble_point_in_the_bracket_reaches_is_refused(pressure, side):
    # the solver walked to the bracket's end and reported 6000 K or 200 K as a bubble point
    with pytest.raises(OutOfRangeError, match=rf"no bubble point between 200 and 6000 K.*{side}"):
        vle.bubble_temperature(["Se", "Te"], [0.9, 0.1], pressure, extrapolate=True)


def test_one_unbracketed_melt_among_many_is_refused_by_its_pressure():
    P = np.array([10.0, 100.0, 1e30, 1000.0])
    with pytest.raises(OutOfRangeError, match=r"--pressure\) 1e\+30 Pa"):
        vle.bubble_temperature(["Se", "Te"], [0.9, 0.1], P, extrapolate=True)


@pytest.mark.parametrize("T", [200.5, 5999.0])
def test_a_bubble_point_near_the_end_of_the_bracket_is_still_found(T):
    # pure Se extrapolates sanely far below and above its data; a root just inside
    # the bracket must pass the bracket's question, not be refused
    x = [1.0, 0.0]
    P = float(vle.bubble_pressure(["Se", "Te"], x, T, extrapolate=True).pressure)
    bp = vle.bubble_temperature(["Se", "Te"], x, P, extrapolate=True)
    assert float(bp.temperature) == pytest.approx(T, rel=1e-9)


def test_a_diagram_of_too_many_points_is_refused_before_any_work():
    lo, hi = vle.DIAGRAM_POINTS
    with pytest.raises(InputError, match=rf"--points.*{hi + 1}"):
        vle.txy_diagram(["Se", "Te"], 10.0, points=hi + 1)
    with pytest.raises(InputError, match=rf"{lo} to {hi} points"):
        vle.pxy_diagram(["Se", "Te"], 700.0, points=lo - 1)
    assert vle.txy_diagram(["Se", "Te"], 10.0, points=hi).x.shape == (hi,)
