"""pint's conversions kept between runs, so a case read before is read without pint.

:func:`valorize.quantities.parse_quantity` asks pint once for each text it meets
(``"400 degC"`` in kelvin) and keeps the float pint gave, in a JSON file of the user's
cache folder: ``$VALORIZE_CACHE_DIR``, else ``$XDG_CACHE_HOME/valorize``, else
``~/.cache/valorize``. The next command that reads the same texts takes pint's floats
from there and never imports pint: about 0.3 s of the 1.1 s of ``valorize run
balkhash-selenium`` on the development machine (2026-12-01).

The file belongs to one installation of pint (its folder and the size and modification
time of its unit definitions); with another pint its entries are not used. Only values
are kept, never errors: a text pint refuses goes to pint, and its message, every time.
A folder that cannot be written leaves the memo empty; nothing else changes.
"""

from __future__ import annotations

import atexit
import functools
import json
import math
import os

#: Most texts kept; beyond them new texts are converted by pint and not kept (a sweep
#: over thousands of option values should not grow the file without end).
MEMO_LIMIT = 4096

_FILE = "quantities.json"
_new: dict[str, float] = {}


def _folder() -> str | None:
    """The cache folder (see the module's docstring), or None without a home."""
    explicit = os.environ.get("VALORIZE_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return None if base.startswith("~") else os.path.join(base, "valorize")


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
    return f"{folder}|{stat.st_size}|{stat.st_mtime_ns}"


def _read(path: str) -> dict[str, float]:
    """The entries of the memo at ``path`` made with this pint; {} for anything else."""
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("pint") != pint_identity():
        return {}
    entries = data.get("values")
    if not isinstance(entries, dict):
        return {}
    return {
        k: float(v)
        for k, v in entries.items()
        if isinstance(k, str) and isinstance(v, int | float) and math.isfinite(v)
    }


@functools.cache
def conversion_memo() -> dict[str, float]:
    """The texts converted before, with pint's values (read once per process)."""
    folder = _folder()
    if folder is None or pint_identity() is None:
        return {}
    return _read(os.path.join(folder, _FILE))


def remember(key: str, value: float) -> None:
    """Keep pint's ``value`` for ``key``; the file is written when the process ends."""
    memo = conversion_memo()
    if len(memo) >= MEMO_LIMIT or pint_identity() is None:
        return
    if not _new:
        atexit.register(save)
    memo[key] = value
    _new[key] = value


def save() -> None:
    """Merge this process's new entries into the file (atomically; errors ignored)."""
    folder = _folder()
    if not _new or folder is None:
        return
    path = os.path.join(folder, _FILE)
    merged = _read(path)
    merged.update(list(_new.items())[: max(MEMO_LIMIT - len(merged), 0)])
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(folder, exist_ok=True)
        with open(temporary, "w", encoding="utf-8") as f:
            json.dump({"pint": pint_identity(), "values": merged}, f)
        os.replace(temporary, path)
    except OSError:
        try:
            os.remove(temporary)
        except OSError:
            pass
        return
    _new.clear()
