"""Mercury left in selenium after vacuum distillation, against Zha et al. (2023).

Zha et al., Metals 13 (2023) 1795 (abstract and conclusions read): a crude selenium with
0.32 % Hg, present as HgSe, was sulfidized with sulfur (473 K, 30 min) and then distilled
at 503 K and 10-20 Pa for 60 min: the distilled selenium held 523 ppm Hg (88.5 ppm after a
second distillation), and the removal of mercury after sulfidation was "far greater than
only vacuum distillation". The Hg left after plain distillation is not given, so one
comparison is qualitative: one plain distillation must leave more than 523 ppm. The other
takes the sulfidation (units/sulfidation.py) with its two limits, the HgS kept in the
residue or dissolved and exchanging with the sulfur left: 523 ppm after one distillation
must lie between them (the dose and the distilled share, not in the text read, are
swept). The second distillation, 523 to 88.5 ppm, the model does not reproduce (see the
test). Model: HgSe dissolved in the melt, dissociating, with its ASSUMED enthalpy and
estimated entropy of formation (data/forms.toml); 15 Pa; for the plain check the unknown
distilled share from 50 to 90 %. The two more stable table values of HgSe's enthalpy
(-57.0 ThermoChimie, -59.4 IVTANTHERMO) fail the plain check: they would leave about 100
ppm, below what sulfidation reached.
"""

import numpy as np
import pytest

from valorize.units.sulfidation import Sulfidation
from valorize.units.vacuum_distillation import (
    CrudeSelenium,
    DistillationConditions,
    distill,
    distill_passes,
    feed_from_mass_fractions,
)

#: Hg in the distillate after sulfidation and one distillation (Zha et al. 2023), ppm.
AFTER_SULFIDATION_PPM = 523.0
#: The same after a second distillation, ppm.
AFTER_TWO_PPM = 88.52


@pytest.mark.validation
def test_plain_distillation_leaves_more_mercury_than_sulfidation_did():
    feed = feed_from_mass_fractions({"Se": 0.9968, "Hg": 0.0032}, {"Hg": "HgSe"})
    c = DistillationConditions(
        temperature=503.0,
        pressure=15.0,
        distilled_fraction=np.array([0.5, 0.9]),
        head_cut=0.0,
        charge_mass=0.1,
        evaporation_area=0.002,
        evaporation_coefficient=0.054,
        entrainment=0.0,
    )
    r = distill(feed, c)
    ppm = r.ppm(r.product, "Hg")
    assert np.all(ppm > AFTER_SULFIDATION_PPM)


def _zha_crude(dose: float) -> CrudeSelenium:
    """Zha et al.'s crude selenium, 0.32 % Hg as HgSe, with a sulfur dose (kg per kg)."""
    w = {"Se": 0.9968 / (1 + dose), "Hg": 0.0032 / (1 + dose), "S": dose / (1 + dose)}
    return feed_from_mass_fractions(w, {"Hg": "HgSe"})


@pytest.mark.validation
@pytest.mark.parametrize("distilled", [0.7, 0.9, 0.98])
@pytest.mark.parametrize("dose", [0.01, 0.05])
def test_sulfidized_mercury_lies_between_the_two_limits(distilled, dose):
    ppm = {}
    for mode in ("retained", "equilibrium"):
        c = DistillationConditions(
            temperature=503.15,
            pressure=15.0,
            distilled_fraction=distilled,
            head_cut=0.0,
            charge_mass=0.1,
            evaporation_area=0.002,
            evaporation_coefficient=0.054,
            entrainment=0.0,
            sulfidation=Sulfidation(dose, 473.15, 1800.0, mode),
        )
        one, two = distill(_zha_crude(dose), c), distill_passes(_zha_crude(dose), c, 2)
        ppm[mode] = (float(one.ppm(one.product, "Hg")), float(two.ppm(two.product, "Hg")))
    assert ppm["retained"][0] < AFTER_SULFIDATION_PPM < ppm["equilibrium"][0]
    # the second distillation (of a product with no HgS left) takes out less mercury in
    # the model than Zha measured, 523 -> 88.5 ppm (5.9 x): listed as failing in
    # docs/validation.md, and checked here so that the page stays true
    for one, two in ppm.values():
        assert 1.5 < one / two < AFTER_SULFIDATION_PPM / AFTER_TWO_PPM
