"""The dissociation-pressure formula against Brebrick's Hg pressures over HgTe.

Brebrick (J. Electrochem. Soc. 1989, doi:10.1149/1.2096558) measured the Hg
pressure over Te-saturated HgTe from 1.0e-8 atm at 385 K to 3e-2 atm at 724 K
and gives dfH = -43 279 +/- 1146 J/mol and dfS = -20.51 +/- 2.45 J/(mol K)
(``data/forms.toml [dissociating.HgTe]``). Those values come from the same
measurements, so this checks the formula of :mod:`valorize.thermo.dissociation`
(liquid Hg's vapour pressure from Huber et al. 2006, the compound's Gibbs energy
of formation, the partner's fusion), not the HgSe data, which are assumed.
Tolerance: a factor 1.5, the one-sigma uncertainty of dfH and dfS together at
385 K (exp(1146/RT) = 1.43) with the 724 K point given to one digit.
"""

import numpy as np
import pytest

from valorize.thermo.dissociation import ln_reference_pressure_and_slope, reference_pressure

ATM = 101325.0
BREBRICK_HGTE = [(385.0, 1.0e-8 * ATM), (724.0, 3e-2 * ATM)]  # K, Pa (read values)
TOLERANCE_FACTOR = 1.5


@pytest.mark.validation
@pytest.mark.parametrize(("T", "measured"), BREBRICK_HGTE)
def test_hg_pressure_over_te_saturated_hgte(T, measured):
    ratio = float(reference_pressure("HgTe", T)) / measured
    assert 1 / TOLERANCE_FACTOR <= ratio <= TOLERANCE_FACTOR


def test_slope_is_the_derivative_of_the_pressure():
    T = np.array([480.0, 520.0, 650.0, 760.0])  # both sides of Se's and Te's melting points
    h = 1e-3
    for form in ("HgSe", "HgTe"):
        _ln_p, slope = ln_reference_pressure_and_slope(form, T)
        up = ln_reference_pressure_and_slope(form, T + h)[0]
        down = ln_reference_pressure_and_slope(form, T - h)[0]
        assert slope == pytest.approx((up - down) / (2 * h), rel=1e-5)


def test_a_compound_holds_its_metal_below_the_pure_metal():
    from valorize.thermo.vapor_pressure import liquid_reference_pressure

    T = np.linspace(500.0, 750.0, 6)
    pure = np.asarray(liquid_reference_pressure("Hg", T).pressure)
    assert np.all(reference_pressure("HgSe", T) < pure * 0.05)  # dfG < 0 and Se fusion


def test_unknown_form_is_refused():
    from valorize.errors import InputError

    with pytest.raises(InputError, match="unknown dissociating form 'HgO'"):
        reference_pressure("HgO", 600.0)
