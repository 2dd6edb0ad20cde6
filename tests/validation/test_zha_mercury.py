"""Mercury left in selenium after one vacuum distillation, against Zha et al. (2023).

Zha et al., Metals 13 (2023) 1795 (abstract and conclusions read): a crude selenium with
0.32 % Hg, present as HgSe, distilled once at 503 K and 10-20 Pa for 60 min, held 523 ppm
Hg in the distilled selenium (88.5 ppm after a second distillation). What is not given
(the rest of the crude, the share of selenium distilled) is taken as a Se-Hg crude and a
share between 50 and 90 %. Model: HgSe dissolved in the melt, dissociating, with its
ASSUMED enthalpy and entropy of formation (data/forms.toml); 15 Pa. Tolerance: a factor
of 3, the factor 2.4 that +-5 kJ/mol on HgSe's assumed enthalpy makes at these
temperatures with the unknown distilled share on top. The model reads 2-3 times high:
this is the comparison that says HgSe binds mercury somewhat more firmly than assumed
(a published -57 kJ/mol, ThermoChimie, would read 4-8 times low).
"""

import numpy as np
import pytest

from valorize.units.vacuum_distillation import (
    DistillationConditions,
    distill,
    feed_from_mass_fractions,
)

MEASURED_PPM = 523.0
FACTOR = 3.0


@pytest.mark.validation
def test_mercury_after_one_distillation():
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
    # the band of unknown distilled shares must meet the measured value's tolerance band
    assert ppm.min() <= MEASURED_PPM * FACTOR and ppm.max() >= MEASURED_PPM / FACTOR
    assert np.all(ppm > MEASURED_PPM)  # it reads high: said in the docstring and the docs
