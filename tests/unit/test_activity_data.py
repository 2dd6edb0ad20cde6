"""Users can bring their own published activity parameters."""

import numpy as np
import pytest

from valorize.constants import GAS_CONSTANT
from valorize.data import read_activity_file
from valorize.errors import InputError
from valorize.thermo.activity import activity_model

# Made-up parameters for the mechanics only: not data about Se-Te.
USER_FILE = """
[reference.mine]
citation = "A. Author, test parameters, J. Test 1 (2026) 1"
doi = "10.0000/test"

[[binary]]
model = "wilson"
components = ["Te", "Se"]
parameters = { a12 = -2.0, a21 = 1.0 }
energy_unit = "kJ/mol"
status = "assumed"
reference = "mine"

[[binary]]
model = "mivm"
components = ["Se", "Te"]
parameters = { B12 = 1.2, B21 = 0.8, T = 800.0 }
Z = { Se = 2.0, Te = 2.5 }
status = "assumed"
reference = "mine"
"""


@pytest.fixture
def user_file(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(USER_FILE)
    return path


def test_user_wilson_parameters_are_used_and_swapped_to_component_order(user_file):
    extra = read_activity_file(str(user_file))
    model = activity_model("wilson", ["Se", "Te"], parameters=extra)
    # file order is Te, Se: a12(Te->Se) = -2 kJ/mol becomes a21 in Se, Te order
    assert model.energies[1, 0] == pytest.approx(-2000.0)
    assert model.energies[0, 1] == pytest.approx(1000.0)
    assert model.ideal_pairs == ()
    assert not np.allclose(model.ln_gamma(np.array([0.5, 0.5]), 700.0), 0.0)


def test_user_mivm_parameters(user_file):
    model = activity_model("mivm", ["Se", "Te"], parameters=read_activity_file(str(user_file)))
    np.testing.assert_allclose(model.coordination_numbers, [2.0, 2.5])
    assert model.B(np.array(800.0))[0, 1] == pytest.approx(1.2)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[binary]]\nmodel = 'wilson'\n", "needs model, components"),
        (USER_FILE.replace('reference = "mine"', 'reference = "nobody"', 1), "'nobody'"),
        (USER_FILE.replace('status = "assumed"', 'status = "guessed"', 1), "status 'guessed'"),
        (USER_FILE.replace("a21 = 1.0", "a22 = 1.0"), "needs parameters a21"),
        (USER_FILE.replace("B12 = 1.2", "B12 = -1.2"), "above zero"),
        (USER_FILE.replace('model = "wilson"', 'model = "nrtl"'), "model 'nrtl'"),
        ("this is = = not toml", "not valid TOML"),
        # a case file given by mistake, and a file of references alone
        ('[case]\nname = "x"\n' + USER_FILE, "unknown tables case; an activity-data file holds"),
        ('[reference.mine]\ncitation = "x"\n', "no \\[\\[binary\\]\\] records"),
    ],
)
def test_bad_user_files(tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(InputError, match=message):
        read_activity_file(str(path))


def test_missing_user_file():
    with pytest.raises(InputError, match="no file"):
        read_activity_file("/nonexistent/params.toml")


def test_published_pb_sn_liquid_limits():
    """Ngai & Chang (1981): RT ln g_inf(Pb in Sn) = L0 - L1, (Sn in Pb) = L0 + L1."""
    model = activity_model("redlich-kister", ["Pb", "Sn"])
    T = 1073.15
    L0, L1 = 5125.0 + 1.46424 * T, 293.82
    RT = GAS_CONSTANT * T
    dilute_pb, dilute_sn = model.ln_gamma(np.array([[0.0, 1.0], [1.0, 0.0]]), T)
    assert dilute_pb[0] == pytest.approx((L0 - L1) / RT, rel=1e-12)
    assert dilute_sn[1] == pytest.approx((L0 + L1) / RT, rel=1e-12)
    # the same set read in the other component order gives the same physics
    swapped = activity_model("redlich-kister", ["Sn", "Pb"])
    x = np.array([0.3, 0.7])
    np.testing.assert_allclose(swapped.ln_gamma(x[::-1], T)[::-1], model.ln_gamma(x, T))
