"""What the thermo commands refuse: one ``error:`` line, exit status 2, nothing on stdout.

A diagram of more points than memory holds, a bubble point the solver's bracket does not
reach, and a vapour pressure extrapolated past physical sense (not finite, zero, or
falling with temperature) were reported, or killed the process, instead of refused.
"""

import pytest

from cli_runner import cli as run

pytestmark = pytest.mark.e2e


def _refused(out, *needles: str) -> str:
    assert out.returncode == 2, (out.returncode, out.stdout[-500:], out.stderr[-500:])
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), out.stderr
    assert "Traceback" not in out.stderr and out.stdout == ""
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


# 10**8 points was the tester's case (killed at 24 GB); one past the limit shows the
# limit without risking a machine's memory should the limit ever go
@pytest.mark.parametrize("points", ["10002", "2"])
def test_diagram_points_outside_the_allowed_range_are_refused(points):
    out = run("vle", "diagram", "--components", "Se,Te", "--pressure", "10 Pa", "--points", points)
    _refused(out, "--points", "3 to 10001", points)


@pytest.mark.parametrize("pressure", ["1e30 Pa", "1e-30 Pa"])
def test_bubble_point_outside_the_bracket_is_refused(pressure):
    out = run(
        "vle", "bubble", "--components", "Se,Te", "--fractions", "0.9,0.1",
        "--pressure", pressure, "--extrapolate", "--json",
    )  # fmt: skip
    _refused(out, "no bubble point between 200 and 6000 K", "--pressure")


@pytest.mark.parametrize(
    ("element", "temperature"),
    [("S", "1e5 K"), ("S", "2000 K"), ("Hg", "2000 K"), ("Hg", "5000 K"), ("Hg", "10000 K")],
)
@pytest.mark.parametrize("as_json", [False, True])
def test_vapour_pressure_past_physical_sense_is_refused(element, temperature, as_json):
    args = ["vapor-pressure", element, "-T", temperature, "--extrapolate"]
    out = run(*args, *(["--json"] if as_json else []))
    kelvin = f"{float(temperature.split()[0]):g} K"
    _refused(out, f"{element}:", f"extrapolated to {kelvin}", "extrapolated only within")


def test_beta_past_physical_sense_is_refused():
    out = run(
        "vle", "beta", "--solvent", "Se", "--impurities", "Hg,S",
        "--temperature", "1e5 K", "--extrapolate", "--json",
    )  # fmt: skip
    _refused(out, "Hg:", "100000 K")


def test_a_sane_extrapolation_still_answers_with_a_warning():
    out = run("vapor-pressure", "Te", "-T", "2000 K", "--extrapolate")
    assert out.returncode == 0, out.stderr
    assert "p = " in out.stdout and "extrapolated" in out.stderr


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (("vle", "bubble", "--components", "Se,O", "--fractions", "0.9,0.1", "-P", "10 Pa"),
         ("--components: unknown element 'O'",)),
        (("vle", "beta", "--solvent", "O", "--impurities", "Hg", "-T", "600 K"),
         ("--solvent: unknown element 'O'",)),
        (("vle", "beta", "--solvent", "Se,Te", "--impurities", "Hg", "-T", "600 K"),
         ("--solvent: give one element, not 'Se,Te'",)),
        (("vapor-pressure", "O", "-T", "600 K"), ("ELEMENT: unknown element 'O'",)),
        (("vapor-pressure", "Se,Te", "-T", "600 K"), ("ELEMENT: give one element",)),
    ],
)  # fmt: skip
def test_an_unknown_element_names_the_option_it_was_given_in(args, needles):
    _refused(run(*args), *needles)
