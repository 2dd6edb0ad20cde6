"""Physical constants (exact SI values, CODATA 2018): the only numbers valorize keeps in code."""

#: Molar gas constant R = N_A k_B, J/(mol K), exact since the 2019 SI redefinition.
GAS_CONSTANT = 8.314462618

#: Boltzmann constant k_B, J/K, exact since the 2019 SI redefinition.
BOLTZMANN = 1.380649e-23

#: Avogadro constant N_A, 1/mol, exact since the 2019 SI redefinition.
AVOGADRO = 6.02214076e23

#: Standard atmosphere, Pa, exact by definition (CGPM 1954).
STANDARD_ATMOSPHERE = 101325.0

#: The Celsius scale's zero in kelvin, exact by definition (t/degC = T/K - 273.15).
ZERO_CELSIUS = 273.15

#: Stefan-Boltzmann constant sigma = 2 pi^5 k_B^4 / (15 h^3 c^2), W/(m^2 K^4), exact in the
#: 2019 SI (CODATA 2018 gives 5.670374419e-8, the value to ten digits).
STEFAN_BOLTZMANN = 5.670374419e-8
