"""Time and sunlight at the edges (issue 16, kind 10)."""

import itertools

import numpy as np
import pandas as pd
import pytest

from valorize.errors import InputError
from valorize.hydrogen.solar import (
    Site,
    _times,
    clear_sky_irradiance,
    daily_irradiation,
    typical_factor,
    yearly_irradiation,
)


def site(altitude: float = 530.0, timezone: str = "Asia/Tashkent") -> Site:
    return Site(40.845, 69.607, altitude, timezone, 35.0, 180.0, 0.2)


@pytest.mark.parametrize(
    ("day", "zone"), [("2023-03-26", "Asia/Beirut"), ("2023-03-12", "America/Havana")]
)
def test_a_day_whose_midnight_does_not_exist(day, zone):
    times = _times(day, day[:-2] + f"{int(day[-2:]) + 1:02d}", zone, 60)
    assert len(times) == 23  # the day has 23 hours, each step one hour of real time
    assert all(b - a == pd.Timedelta(hours=1) for a, b in itertools.pairwise(times))
    sunny = daily_irradiation(Site(33.9, 35.5, 0.0, zone, 30.0, 180.0, 0.2), day, 10)
    assert sunny["ghi"] > 0


def test_leap_years_count_their_366_days():
    assert typical_factor(366, 0.5, 2024) == pytest.approx(1.0)
    assert typical_factor(183, 0.0, 2024) == pytest.approx(0.5)
    with pytest.raises(InputError, match="sunny_days: 366 is outside 0 to 365"):
        typical_factor(366, 0.5, 2023)
    leap = yearly_irradiation(site(), 2024, 246, 0.4, step_minutes=30)
    common = yearly_irradiation(site(), 2023, 246, 0.4, step_minutes=30)
    assert leap.ghi_clear > common.ghi_clear  # a day more of sun


def test_no_more_sun_on_the_ground_than_at_the_top_of_the_atmosphere():
    times = _times("2023-06-01", "2023-06-08", "Asia/Tashkent", 10)
    sky = clear_sky_irradiance(site(8000.0), times)
    assert np.all(sky["ghi"] <= sky["toa"] + 1e-9)
    assert sky["ghi_uncapped"].sum() > sky["ghi"].sum()  # the model overshoots up there
    high = yearly_irradiation(site(8000.0), 2023, step_minutes=30)
    assert high.warnings and "top of the atmosphere" in high.warnings[0]
    assert not yearly_irradiation(site(), 2023, step_minutes=30).warnings
