"""Solar hydrogen: the yield equals a hand integration of pvlib's irradiance for one day."""

import numpy as np
import pandas as pd
import pvlib
import pytest

from valorize.hydrogen.data import value
from valorize.hydrogen.solar import (
    Site,
    daily_irradiation,
    hydrogen_from_irradiation,
    typical_factor,
)

SITE = Site(40.845, 69.607, 530.0, "Asia/Tashkent", 35.0, 180.0, 0.25)


def test_daily_yield_matches_hand_trapezoid_of_pvlib_poa():
    # by hand: pvlib's clear sky and isotropic transposition on a 1-min grid, trapezoid
    times = pd.date_range("2023-06-21", "2023-06-22", freq="1min", tz="Asia/Tashkent")
    loc = pvlib.location.Location(40.845, 69.607, tz="Asia/Tashkent", altitude=530.0)
    sp = loc.get_solarposition(times)
    cs = loc.get_clearsky(times, model="ineichen", solar_position=sp)
    poa = (
        pvlib.irradiance.get_total_irradiance(
            35.0,
            180.0,
            sp["apparent_zenith"],
            sp["azimuth"],
            cs["dni"],
            cs["ghi"],
            cs["dhi"],
            albedo=0.25,
            model="isotropic",
        )["poa_global"]
        .fillna(0.0)
        .to_numpy()
    )
    seconds = (times - times[0]).total_seconds().to_numpy()
    energy = np.trapezoid(poa, seconds)  # J/m2
    m_h2 = 2 * 1.008e-3
    by_hand = 0.0076 * 100.0 * energy / (237.129e3 / m_h2)  # kg on 100 m2 at 0.76 %

    day = daily_irradiation(SITE, "2023-06-21", step_minutes=1)
    ours = float(hydrogen_from_irradiation(day["poa"], 100.0, 0.0076))
    assert ours == pytest.approx(by_hand, rel=1e-6)
    # a clear midsummer day at 41 N gives 7-9 kWh/m2 on a 35 deg tilt
    assert 6.5 < day["poa"] / 3.6e6 < 9.5


def test_yield_uses_gibbs_energy_not_heating_value():
    # 1 kWh of sunlight at 100 % STH makes 3.6e6 / (237129 / 2.016e-3) kg
    assert float(hydrogen_from_irradiation(3.6e6, 1.0, 1.0)) == pytest.approx(
        3.6e6 * 2.016e-3 / value("gibbs_energy_water_splitting"), rel=1e-12
    )


def test_typical_factor_bounds():
    assert typical_factor(365, 0.0) == pytest.approx(1.0)
    assert typical_factor(0, 0.4) == pytest.approx(0.4)
    assert 0.4 < typical_factor(246, 0.4) < 1.0
