"""A site's clear-sky year kept between runs, so a hydrogen case run before runs without pvlib.

:func:`valorize.hydrogen.solar.yearly_irradiation` integrates pvlib's clear sky over a
year of 10-minute steps; importing pvlib (with pandas and SciPy's integration, which it
imports) and the year's 52,560 solar positions take about 1 s of every hydrogen command
(``valorize uncertainty almalyk-slag-hydrogen``, 2026-12-02). The year's three sums
(global horizontal irradiation, capped and uncapped, and the plane-of-array one, J/m2)
are kept in a JSON file of the user's cache folder (:mod:`valorize.cache_files`), keyed
by everything they depend on: the site, the year and the step. The next command for the
same site reads them there and never imports pvlib.

Each installation of pvlib and pandas (their folders and versions) with each text of
:mod:`valorize.hydrogen.solar` (its digest: an edit of how the sums are computed) has its
own file, named by a checksum of that identity, so another of them computes the sums
again; the time zone's rules are pandas' of the day (a tz database updated in place is
not noticed). The file keeps the :data:`MEMO_LIMIT` sites written last, so a run over
many sampled sites does not lock out the next ones. Only values are kept: a site pvlib
refuses goes to pvlib, and its error, every time. A file that cannot be read as this
module wrote it counts as empty; a folder that cannot be written leaves the memo empty;
nothing else changes.
"""

from __future__ import annotations

import functools
import json
import math
import os
from typing import Any

from valorize.cache_files import memo_path, read_json, save_at_exit, write_json

#: Most sites the file keeps: the ones written last.
MEMO_LIMIT = 256
#: The layout of the file and what a year's entry holds: part of the identity, so a
#: change starts a new file.
_FORMAT = "valorize-irradiation-1|ghi,ghi_uncapped,poa"
#: The sums a year's entry holds (J/m2).
SUMS = 3

_new: dict[str, list[float]] = {}


@functools.cache
def identity() -> str | None:
    """pvlib's and pandas' folders and versions and the solar code's digest; None without."""
    import hashlib
    import importlib.metadata
    import importlib.util

    parts = [_FORMAT]
    try:
        for name in ("pvlib", "pandas"):
            spec = importlib.util.find_spec(name)
            if spec is None or spec.origin is None:
                return None
            parts += [os.path.dirname(spec.origin), importlib.metadata.version(name)]
        solar = importlib.util.find_spec("valorize.hydrogen.solar")
        with open(solar.origin, "rb") as f:  # type: ignore[union-attr, arg-type]
            parts.append(hashlib.blake2b(f.read(), digest_size=16).hexdigest())
    except (ImportError, ValueError, AttributeError, TypeError, OSError):  # no such package
        return None
    return "|".join(parts)


def year_key(site: Any, year: int, step_minutes: int) -> str:
    """The memo's key of ``site``'s (:class:`~valorize.hydrogen.solar.Site`) year."""
    fields = (site.latitude, site.longitude, site.altitude, site.tilt, site.azimuth)
    return json.dumps(
        [*(float(v) for v in fields), float(site.albedo), site.timezone, year, step_minutes]
    )


def _path() -> str | None:
    """The memo file of this :func:`identity`, or None (no cache folder, no pvlib)."""
    return memo_path("irradiation", identity())


def _read(path: str) -> dict[str, list[float]]:
    """The entries of the memo at ``path`` of this :func:`identity`; {} for anything else."""
    data = read_json(path)
    if not isinstance(data, dict) or data.get("pvlib") != identity():
        return {}
    entries = data.get("years")
    if not isinstance(entries, dict):
        return {}
    return {k: list(v) for k, v in entries.items() if isinstance(k, str) and _sums(v)}


def _sums(v: Any) -> bool:
    """Whether ``v`` is a year's entry: :data:`SUMS` finite, non-negative floats."""
    return (
        isinstance(v, list)
        and len(v) == SUMS
        and all(isinstance(x, float) and math.isfinite(x) and x >= 0.0 for x in v)
    )


@functools.cache
def year_memo() -> dict[str, list[float]]:
    """The years computed before, by :func:`year_key` (read once per process)."""
    path = _path()
    return {} if path is None else _read(path)


def kept(key: str) -> tuple[float, ...] | None:
    """The sums kept for ``key``, or None."""
    got = year_memo().get(key)
    return None if got is None else tuple(got)


def remember(key: str, sums: tuple[float, ...]) -> None:
    """Keep a year's ``sums`` for ``key``; the file is written when the process ends."""
    entry = [float(x) for x in sums]
    if identity() is None or not _sums(entry):
        return
    save_at_exit(save)
    year_memo()[key] = entry
    _new.pop(key, None)  # written last: kept longest
    _new[key] = entry


def save() -> None:
    """Merge this process's new entries into the file, the oldest beyond the limit out."""
    path = _path()
    if not _new or path is None:
        return
    merged = {k: v for k, v in _read(path).items() if k not in _new}
    merged.update(_new)
    newest = dict(list(merged.items())[-MEMO_LIMIT:])
    if write_json(path, {"pvlib": identity(), "years": newest}):
        _new.clear()
