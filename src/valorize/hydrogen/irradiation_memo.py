"""A site's clear-sky year kept between runs, so a hydrogen case run before runs without pvlib.

:func:`valorize.hydrogen.solar.yearly_irradiation` integrates pvlib's clear sky over a
year of 10-minute steps; importing pvlib (with pandas and SciPy's integration, which it
imports) and the year's 52,560 solar positions take about 1 s of every hydrogen command
(``valorize uncertainty almalyk-slag-hydrogen``, 2026-12-02). The year's three sums
(global horizontal irradiation, capped and uncapped, and the plane-of-array one, J/m2)
are kept in a JSON file of the user's cache folder (:mod:`valorize.cache_files`), keyed
by everything they depend on: the site, the year and the step. The next command for the
same site reads them there and never imports pvlib.

Each installation of pvlib (its folder and version) has its own file, named by a
checksum of that identity, so another pvlib computes the sums again. Only values are
kept: a site pvlib refuses goes to pvlib, and its error, every time. A file that cannot
be read as this module wrote it counts as empty; a folder that cannot be written leaves
the memo empty; nothing else changes.
"""

from __future__ import annotations

import functools
import json
import math
import os
from typing import Any

from valorize.cache_files import cache_folder, read_json, save_at_exit, write_json

#: Most sites kept; beyond them a site's year is computed and not kept.
MEMO_LIMIT = 256
#: The layout of the file and what a year's entry holds: part of the identity, so a
#: change starts a new file.
_FORMAT = "valorize-irradiation-1|ghi,ghi_uncapped,poa"
#: The sums a year's entry holds (J/m2).
SUMS = 3

_new: dict[str, list[float]] = {}


@functools.cache
def pvlib_identity() -> str | None:
    """The installed pvlib's folder and version, or None without pvlib."""
    import importlib.metadata
    import importlib.util

    try:
        spec = importlib.util.find_spec("pvlib")
        if spec is None or spec.origin is None:
            return None
        version = importlib.metadata.version("pvlib")
    except (ImportError, ValueError, importlib.metadata.PackageNotFoundError):
        return None
    return f"{_FORMAT}|{os.path.dirname(spec.origin)}|{version}"


def year_key(site: Any, year: int, step_minutes: int) -> str:
    """The memo's key of ``site``'s (:class:`~valorize.hydrogen.solar.Site`) year."""
    fields = (site.latitude, site.longitude, site.altitude, site.tilt, site.azimuth)
    return json.dumps(
        [*(float(v) for v in fields), float(site.albedo), site.timezone, year, step_minutes]
    )


def _path() -> str | None:
    """The memo file of the pvlib installed, or None (no cache folder, no pvlib)."""
    import zlib

    folder, identity = cache_folder(), pvlib_identity()
    if folder is None or identity is None:
        return None
    return os.path.join(folder, f"irradiation-{zlib.crc32(identity.encode()):08x}.json")


def _read(path: str) -> dict[str, list[float]]:
    """The entries of the memo at ``path`` made with this pvlib; {} for anything else."""
    data = read_json(path)
    if not isinstance(data, dict) or data.get("pvlib") != pvlib_identity():
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
    memo = year_memo()
    entry = [float(x) for x in sums]
    if len(memo) >= MEMO_LIMIT or pvlib_identity() is None or not _sums(entry):
        return
    save_at_exit(save)
    memo[key] = entry
    _new[key] = entry


def save() -> None:
    """Merge this process's new entries into the file (atomically; errors ignored)."""
    path = _path()
    if not _new or path is None:
        return
    merged = _read(path)
    merged.update(list(_new.items())[: max(MEMO_LIMIT - len(merged), 0)])
    if write_json(path, {"pvlib": pvlib_identity(), "years": merged}):
        _new.clear()
