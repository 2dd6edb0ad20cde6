"""The user's cache folder, and JSON files in it read and written without failing.

valorize keeps three things between runs there, so a command does not redo work it did
before: pint's conversions (:mod:`valorize.quantity_memo`), the data files' parsed
tables (:mod:`valorize.data.table_memo`) and a hydrogen site's clear-sky year
(:mod:`valorize.hydrogen.irradiation_memo`). The folder is ``$VALORIZE_CACHE_DIR``, else
``$XDG_CACHE_HOME/valorize``, else ``~/.cache/valorize``. A cache is never needed: a file
that cannot be read counts as missing, a folder that cannot be written as no cache.
"""

from __future__ import annotations

import atexit
import functools
import json
import os
import stat
from collections.abc import Callable
from typing import Any

#: Largest cache file read (each memo holds well under 1 MB).
MAX_BYTES = 4 * 1024 * 1024


def cache_folder() -> str | None:
    """The cache folder (see the module's docstring), or None without an absolute one."""
    explicit = os.environ.get("VALORIZE_CACHE_DIR")
    if explicit:
        return os.path.abspath(os.path.expanduser(explicit))
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # the XDG rule: a relative path is ignored
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "valorize") if os.path.isabs(base) else None


def memo_path(stem: str, identity: str | None) -> str | None:
    """The memo file ``<stem>-<checksum of identity>.json`` in the cache folder.

    Each identity (what a memo's values depend on: a library's installation, a data
    folder) has its own file. None without a cache folder or an identity.
    """
    import zlib

    folder = cache_folder()
    if folder is None or identity is None:
        return None
    return os.path.join(folder, f"{stem}-{zlib.crc32(identity.encode()):08x}.json")


@functools.cache
def save_at_exit(save: Callable[[], None]) -> None:
    """Register a memo's ``save`` to run when the process ends, once however often asked."""
    atexit.register(save)


def read_json(path: str) -> Any:
    """The JSON object in the file at ``path``.

    None when it is missing, not a regular file (a FIFO, a device: opened without
    blocking, never read), larger than :data:`MAX_BYTES` or not JSON.
    """
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(handle, "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                return None
            text = f.read(MAX_BYTES + 1)
        return None if len(text) > MAX_BYTES else json.loads(text.decode("utf-8"))
    except Exception:  # a cache: any file not as valorize wrote it is no cache
        return None


def write_json(path: str, data: Any) -> bool:
    """Write ``data`` to ``path`` atomically (a temporary file, then a rename).

    Returns whether it was written; a folder that cannot be made or written, or data
    JSON cannot hold, leaves the file as it was and raises nothing (commands call this
    as they exit).
    """
    import tempfile

    folder = os.path.dirname(path)
    temporary = None
    try:
        text = json.dumps(data, allow_nan=False)
        os.makedirs(folder, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".valorize-", dir=folder)
        with os.fdopen(handle, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(temporary, path)
    except Exception:
        if temporary is not None:
            try:
                os.remove(temporary)
            except OSError:
                pass
        return False
    return True
