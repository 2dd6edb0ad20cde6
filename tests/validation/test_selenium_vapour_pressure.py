"""Selenium's vapour pressure in the refining window against sources the data did not come from.

The data (data/vapor_pressure.toml) interpolate the CRC Handbook's table of the
temperatures at 1 Pa ... 100 kPa between 494 and 958 K and use Poling's Antoine set
above. Checked against:

- the NIST WebBook's Antoine fit for selenium (valid 629-953 K): 462 Pa at 673 K, as
  quoted in issue 14 (the coefficients themselves were not retrieved here); +-10 %;
- Poling's Antoine set inside its own fitted range (724-1017 K) at 900 K; +-10 %. Lower
  in that range (704-813 K) Poling reads 20-26 % above the table: the two compilations
  disagree there and docs/validation.md lists it as failing.
"""

import pytest

from valorize.thermo.vapor_pressure import vapor_pressure


def poling(temperature: float) -> float:
    """Poling et al. (2001) Antoine set for Se, log10(p/Pa) = 9.7565 - 4213/(T - 71.15)."""
    return 10 ** (9.7565 - 4213.0 / (temperature - 71.15))


@pytest.mark.validation
def test_nist_webbook_at_673_k():
    assert vapor_pressure("Se", 673.0).pressure == pytest.approx(462.0, rel=0.10)


@pytest.mark.validation
def test_poling_inside_its_fitted_range():
    assert vapor_pressure("Se", 900.0).pressure == pytest.approx(poling(900.0), rel=0.10)
    # where the compilations disagree, the model follows the CRC table (NIST agrees with it)
    assert vapor_pressure("Se", 760.0).pressure < 0.85 * poling(760.0)


@pytest.mark.validation
def test_no_jump_where_the_table_hands_over_to_poling():
    below, above = vapor_pressure("Se", 957.999).pressure, vapor_pressure("Se", 958.001).pressure
    assert above / below == pytest.approx(1.0, abs=0.02)
