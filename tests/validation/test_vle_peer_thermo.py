"""Ideal bubble points against the `thermo` library's flash on the same equations.

Peer: thermo (Caleb Bell, https://github.com/CalebBell/thermo) FlashVL with an
ideal gas and an ideal GibbsExcessLiquid, vapour pressures given as thermo's own
Antoine / DIPPR-101 / Wagner / Huber-mercury models with valorize's constants
(see tests/peers.py). Tolerance: relative agreement 1e-6 in temperature
(thermo solves to xtol 1e-10). The cases stay below the melting points of Te
(722.66 K) and Pb (600.6 K): there valorize switches from the supercooled
reference to the liquid correlation, which the single thermo expression per
element used here does not.
"""

import numpy as np
import pytest

from peers import thermo_bubble_flasher, thermo_bubble_temperature
from valorize.thermo import vle

pytest.importorskip("thermo")


@pytest.mark.validation
@pytest.mark.parametrize(
    ("components", "pressure"),
    [(["Se", "Te"], 10.0), (["Se", "Te"], 1.0), (["Se", "Te", "S", "Hg", "Pb"], 10.0)],
)
def test_ideal_bubble_temperature_matches_thermo(rng, components, pressure):
    flasher = thermo_bubble_flasher(components)
    x = rng.dirichlet(np.ones(len(components)), size=40)
    ours = vle.bubble_temperature(components, x, pressure, extrapolate=True).temperature
    theirs = np.array([thermo_bubble_temperature(flasher, z, pressure) for z in x])
    np.testing.assert_allclose(ours, theirs, rtol=1e-6)
