"""pint's conversions kept between runs, so a case read before is read without pint.

:mod:`valorize.quantities` asks pint once for each text it converts (``"400 degC"`` in
kelvin, a case's quantities and a capital item's size alike) and keeps the float pint
gave, in a JSON file of the user's cache folder: ``$VALORIZE_CACHE_DIR``, else
``$XDG_CACHE_HOME/valorize``, else ``~/.cache/valorize``. The next command that reads
the same texts takes pint's floats from there and never imports pint: about 0.3 s of
the 1.1 s of ``valorize run balkhash-selenium`` on the development machine (2026-12-01).

Each installation of pint (its folder and the size and modification time of its unit
definitions) has its own file, named by a checksum of that identity, so two
environments sharing a home keep their own entries. Only values are kept, never
errors: a text pint refuses goes to pint, and its message, every time. A file that
cannot be read as this module wrote it counts as empty; a folder that cannot be
written leaves the memo empty; nothing else changes.
"""

from __future__ import annotations

import functools
import math
import os

from valorize.cache_files import memo_path, read_json, save_at_exit, write_json

#: Most texts kept; beyond them new texts are converted by pint and not kept (a sweep
#: over thousands of option values should not grow the file without end).
MEMO_LIMIT = 4096

#: The layout of the file and how :mod:`valorize.quantities` asks pint (its registry's
#: options, the SI units): part of the identity, so a change starts a new file.
_FORMAT = "valorize-quantities-1|autoconvert_offset_to_baseunit"

_new: dict[str, float] = {}


@functools.cache
def pint_identity() -> str | None:
    """The installed pint's folder, and its unit definitions' size and time; None without."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("pint")
        if spec is None or spec.origin is None:
            return None
        folder = os.path.dirname(spec.origin)
        stat = os.stat(os.path.join(folder, "default_en.txt"))
    except (ImportError, OSError, ValueError):
        return None
    return f"{_FORMAT}|{folder}|{stat.st_size}|{stat.st_mtime_ns}"


def _path() -> str | None:
    """The memo file of the pint installed, or None (no cache folder, no pint)."""
    return memo_path("quantities", pint_identity())


def _read(path: str) -> dict[str, float]:
    """The entries of the memo at ``path`` made with this pint; {} for anything else."""
    data = read_json(path)
    if not isinstance(data, dict) or data.get("pint") != pint_identity():
        return {}
    entries = data.get("values")
    if not isinstance(entries, dict):
        return {}
    return {
        k: float(v)
        for k, v in entries.items()
        if isinstance(k, str)
        and isinstance(v, int | float)
        and not isinstance(v, bool)
        and _finite_float(v)
    }


def _finite_float(v: int | float) -> bool:
    """Whether ``v`` is a finite float (an int too large for a float is not)."""
    try:
        return math.isfinite(float(v))
    except OverflowError:
        return False


@functools.cache
def conversion_memo() -> dict[str, float]:
    """The texts converted before, with pint's values (read once per process)."""
    path = _path()
    return {} if path is None else _read(path)


def remember(key: str, value: float) -> None:
    """Keep pint's ``value`` for ``key``; the file is written when the process ends."""
    memo = conversion_memo()
    if len(memo) >= MEMO_LIMIT or pint_identity() is None:
        return
    save_at_exit(save)
    memo[key] = value
    _new[key] = value


def save() -> None:
    """Merge this process's new entries into the file (atomically; errors ignored)."""
    path = _path()
    if not _new or path is None:
        return
    merged = _read(path)
    merged.update(list(_new.items())[: max(MEMO_LIMIT - len(merged), 0)])
    if write_json(path, {"pint": pint_identity(), "values": merged}):
        _new.clear()
