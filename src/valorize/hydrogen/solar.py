r"""Sunlight on tilted panels at the site, from :mod:`pvlib`, and the hydrogen it makes.

Clear-sky irradiance is the Ineichen-Perez model (Ineichen & Perez, Solar Energy
73 (2002) 151) with the monthly Linke turbidity climatology shipped inside pvlib
(``LinkeTurbidities.h5``; no network needed); the sun's position is pvlib's
NREL SPA. Plane-of-array irradiance at tilt β and azimuth is the isotropic-sky
transposition (Liu & Jordan 1963):

.. math:: G_{poa} = DNI\cos\theta_i + DHI\,\frac{1 + \cos\beta}{2}
          + GHI\,\rho\,\frac{1 - \cos\beta}{2}

A typical year scales the clear-sky year by the share of sunny days :math:`f_s`
and an assumed clearness :math:`k` of the other days (no site TMY offline):
:math:`H_{typ} = H_{clear}\,(f_s + (1 - f_s)\,k)`.

Hydrogen per year follows the definition of the solar-to-hydrogen efficiency,
which counts the Gibbs energy of water splitting, :math:`\Delta G^\circ = 237.13`
kJ/mol (:math:`2F \times 1.229` V), not a heating value:

.. math:: m_{H_2} = \frac{\eta_{STH}\,A \int G_{poa}\,dt}{\Delta G^\circ / M_{H_2}}

pvlib is imported inside the functions, so importing this module stays cheap.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from valorize.errors import InputError
from valorize.hydrogen.data import hydrogen_molar_mass, value

#: Time step of the irradiance integration (minutes).
STEP_MINUTES = 10


@dataclass(frozen=True)
class Site:
    """Where the panels stand and how they face."""

    latitude: float  # degrees north
    longitude: float  # degrees east
    altitude: float  # m
    timezone: str
    tilt: float  # degrees from horizontal
    azimuth: float  # degrees clockwise from north (180 = facing south)
    albedo: float  # ground reflectance, data/hydrogen.toml ground_albedo


#: Share of the year's clear-sky irradiation cut at the top of the atmosphere above which a
#: run says so (below it the cut is the model's noise near the horizon).
CAP_NOTICE = 0.01


def _times(start: str, end: str, timezone: str, step_minutes: int) -> object:
    """Steps from local ``start`` to ``end`` in ``timezone``, evenly spaced in real time.

    The steps are laid in UTC and shown in local time, so a day whose local midnight does
    not exist (daylight saving starting at midnight) or happens twice starts at the first
    valid instant and every step is the same length.
    """
    import pandas as pd

    def local(day: str) -> pd.Timestamp:
        return pd.Timestamp(day).tz_localize(timezone, nonexistent="shift_forward", ambiguous=True)

    utc = pd.date_range(
        local(start).tz_convert("UTC"),
        local(end).tz_convert("UTC"),
        freq=f"{step_minutes}min",
        inclusive="left",
    )
    return utc.tz_convert(timezone)


def clear_sky_irradiance(site: Site, times: object) -> dict[str, np.ndarray]:
    r"""Clear-sky GHI and plane-of-array irradiance (W/m2) at ``times`` (pandas index).

    Ineichen's clear sky (pvlib) capped, step by step, at the top-of-atmosphere
    irradiance on a horizontal plane, :math:`E_0 \cos\theta_z` (``toa``; the uncapped GHI
    is ``ghi_uncapped``): the model gives more high up (above about 5 km) and near the
    horizon, where it has no meaning.
    """
    import pvlib

    location = pvlib.location.Location(
        site.latitude, site.longitude, tz=site.timezone, altitude=site.altitude
    )
    position = location.get_solarposition(times)
    sky = location.get_clearsky(times, model="ineichen", solar_position=position)
    # no more on the ground than reaches the top of the atmosphere: the Ineichen model
    # overshoots it high up and at low sun; the excess is cut, beam and diffuse alike
    extra = pvlib.irradiance.get_extra_radiation(times)
    toa = (extra * np.clip(np.cos(np.radians(position["zenith"])), 0.0, None)).to_numpy(float)
    ghi = sky["ghi"].to_numpy(dtype=float)
    cap = np.where(ghi > toa, toa / np.where(ghi > 0, ghi, 1.0), 1.0)
    poa = pvlib.irradiance.get_total_irradiance(
        site.tilt,
        site.azimuth,
        position["apparent_zenith"],
        position["azimuth"],
        sky["dni"],
        sky["ghi"],
        sky["dhi"],
        albedo=site.albedo,
        model="isotropic",
    )
    return {
        "ghi": ghi * cap,
        "poa": np.nan_to_num(poa["poa_global"].to_numpy(dtype=float)) * cap,
        "ghi_uncapped": ghi,
        "toa": toa,
    }


def daily_irradiation(site: Site, day: str, step_minutes: int = 1) -> dict[str, float]:
    """Clear-sky irradiation (J/m2) of one day, horizontal and in the panel plane.

    Integrated as a sum of irradiance times the step (the irradiance is zero at
    both ends of the day, so this equals the trapezoid rule).
    """
    import pandas as pd

    start = pd.Timestamp(day)
    times = _times(
        str(start.date()), str((start + pd.Timedelta(days=1)).date()), site.timezone, step_minutes
    )
    sky = clear_sky_irradiance(site, times)
    dt = 60.0 * step_minutes
    return {"ghi": float(sky["ghi"].sum() * dt), "poa": float(sky["poa"].sum() * dt)}


@dataclass(frozen=True)
class SolarResource:
    """Yearly irradiation at the site (J/m2), clear-sky and typical."""

    ghi_clear: float
    poa_clear: float
    typical_factor: float
    warnings: tuple[str, ...] = ()

    @property
    def ghi_typical(self) -> float:
        """Typical-year global horizontal irradiation (J/m2)."""
        return self.ghi_clear * self.typical_factor

    @property
    def poa_typical(self) -> float:
        """Typical-year plane-of-array irradiation (J/m2)."""
        return self.poa_clear * self.typical_factor


def days_in_year(year: int) -> int:
    """365, or 366 in a leap year of the Gregorian calendar."""
    import calendar

    return 366 if calendar.isleap(year) else 365


def typical_factor(sunny_days: float, cloudy_day_clearness: float, year: int = 2023) -> float:
    """:math:`f_s + (1 - f_s)k` with :math:`f_s` = sunny days / days in ``year``.

    Raises
    ------
    InputError
        For more sunny days than the year has.
    """
    days = days_in_year(year)
    if not 0 <= sunny_days <= days:
        raise InputError(f"site.sunny_days: {sunny_days:g} is outside 0 to {days} ({year})")
    share = sunny_days / days
    return share + (1.0 - share) * cloudy_day_clearness


def yearly_irradiation(
    site: Site,
    year: int = 2023,
    sunny_days: float | None = None,
    cloudy_day_clearness: float | None = None,
    step_minutes: int = STEP_MINUTES,
) -> SolarResource:
    """Clear-sky irradiation of a whole year and the typical-year factor.

    ``sunny_days`` and ``cloudy_day_clearness`` default to ``data/hydrogen.toml``. The
    clear-sky sums of a site computed before are read from the user's cache
    (:mod:`valorize.hydrogen.irradiation_memo`), without pvlib.
    """
    days = value("sunny_days") if sunny_days is None else sunny_days
    k = value("cloudy_day_clearness") if cloudy_day_clearness is None else cloudy_day_clearness
    ghi, uncapped, poa = _clear_sky_year(site, year, step_minutes)
    warnings = []
    if uncapped > CAP_NOTICE * ghi + ghi:
        warnings.append(
            f"at {site.altitude:,.0f} m the Ineichen clear sky gives more sunlight than "
            "reaches the top of the atmosphere at times; capped there: "
            f"{uncapped / 1e9:.2f} -> {ghi / 1e9:.2f} GJ/m2 a year of global horizontal "
            "irradiation"
        )
    return SolarResource(
        ghi_clear=ghi,
        poa_clear=poa,
        typical_factor=typical_factor(days, k, year),
        warnings=tuple(warnings),
    )


def _clear_sky_year(site: Site, year: int, step_minutes: int) -> tuple[float, ...]:
    """A year's clear-sky GHI (capped, uncapped) and plane-of-array irradiation (J/m2)."""
    from valorize.hydrogen import irradiation_memo

    key = irradiation_memo.year_key(site, year, step_minutes)
    sums = irradiation_memo.kept(key)
    if sums is None:
        times = _times(f"{year}-01-01", f"{year + 1}-01-01", site.timezone, step_minutes)
        sky = clear_sky_irradiance(site, times)
        dt = 60.0 * step_minutes
        sums = tuple(float(sky[name].sum() * dt) for name in ("ghi", "ghi_uncapped", "poa"))
        irradiation_memo.remember(key, sums)
    return sums


def gibbs_energy_per_kg() -> float:
    r""":math:`\Delta G^\circ / M_{H_2}`: J of sunlight-converted energy per kg H2."""
    return value("gibbs_energy_water_splitting") / hydrogen_molar_mass()


def hydrogen_from_irradiation(
    irradiation: np.ndarray | float, area: np.ndarray | float, sth: np.ndarray | float
) -> np.ndarray:
    """kg of H2 evolved from ``irradiation`` (J/m2) on ``area`` (m2) at efficiency ``sth``."""
    return np.asarray(sth) * np.asarray(area) * np.asarray(irradiation) / gibbs_energy_per_kg()
