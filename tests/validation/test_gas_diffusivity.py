"""The diffusivity of a vapour in the residual gas against measured binary diffusivities.

Measured: binary diffusion coefficients at 101.325 kPa of gases in a large excess of air
(Marrero & Mason, J. Phys. Chem. Ref. Data 1 (1972) 1, as tabulated in the CRC Handbook,
'Diffusion in gases'). Model: :func:`valorize.units.kinetics.molecular_diffusivity`, rigid
spheres with the Lennard-Jones collision diameters of Poling et al. (2001) (read through
the ``chemicals`` 1.5 table PolingLJ.tsv: Ar 3.542, SF6 5.128, CO2 3.941, air 3.711
Angstrom). Rigid spheres leave out the collision integral, which falls below 1 as the
temperature rises past the well depth, so the model reads low, more so when hot: the
tolerance is 30 % below to 5 % above the measured value, and the test also pins that the
model errs low (a conservative rate: the gas resistance is overstated, batches too long).
"""

import pytest

from valorize.units.kinetics import molecular_diffusivity

AIR = (0.02896, 3.711e-10)  # kg/mol, m
#: (gas, molar mass kg/mol, collision diameter m, T K, measured D12 cm^2/s in air)
MEASURED = [
    ("Ar", 0.039948, 3.542e-10, 273.15, 0.167),
    ("Ar", 0.039948, 3.542e-10, 673.15, 0.810),
    ("SF6", 0.146055, 5.128e-10, 373.15, 0.150),
    ("SF6", 0.146055, 5.128e-10, 673.15, 0.438),
    ("CO2", 0.04401, 3.941e-10, 673.15, 0.728),
]
LOW, HIGH = 0.70, 1.05  # model / measured


@pytest.mark.validation
@pytest.mark.parametrize(("gas", "M", "sigma", "T", "measured"), MEASURED)
def test_binary_diffusivity_in_air(gas, M, sigma, T, measured):
    model = float(molecular_diffusivity(T, 101325.0, M, sigma, *AIR)) * 1e4  # cm^2/s
    assert LOW <= model / measured <= HIGH, f"{gas} at {T} K: {model:.3f} vs {measured}"
