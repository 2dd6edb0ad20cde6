r"""Energy to compress hydrogen from the panels' pressure to the delivery pressure.

Isothermal ideal-gas work divided by an isothermal efficiency:

.. math:: W = \frac{R\,T\,\ln(p_2/p_1)}{M_{H_2}\,\eta_{iso}}

(e.g. Perry's Chemical Engineers' Handbook, 8th ed., section 10, compressors).
"""

from __future__ import annotations

import math

from valorize.constants import GAS_CONSTANT
from valorize.errors import InputError
from valorize.hydrogen.data import hydrogen_molar_mass

#: Gas temperature at the compressor inlet (K): the standard 25 degC.
INLET_TEMPERATURE = 298.15


def compression_energy(p_in: float, p_out: float, efficiency: float) -> float:
    """Electricity (J per kg H2) to compress from ``p_in`` to ``p_out`` (Pa).

    Examples
    --------
    >>> round(compression_energy(1e5, 30e5, 0.5) / 3.6e6, 3)  # kWh/kg
    2.323
    """
    if not 0 < efficiency <= 1:
        raise InputError(f"compressor efficiency must be in (0, 1], not {efficiency}")
    if p_out <= p_in:
        return 0.0
    work = GAS_CONSTANT * INLET_TEMPERATURE * math.log(p_out / p_in) / hydrogen_molar_mass()
    return work / efficiency
