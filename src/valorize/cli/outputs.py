"""Outputs that cannot be written are found before any work is done (one ``error:`` line).

Every command's output options are checked when the command line is read: ``--out`` (a
folder, or a file for ``report`` and ``vle diagram``), ``--plot`` (a file) and
``--figures`` (a folder). A folder may not exist yet (it is made when the results are
written) but the nearest folder above it that does must take a new file; a file's folder
must exist and take a new file, and the file may not be a folder. Each is probed by
creating and removing a temporary file there, so a read-only place, ``/proc`` or a full
quota is caught as it would be at the end.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from valorize.errors import InputError

#: Commands (by their handler) whose ``--out`` is a file, not a folder.
FILE_OUT_HANDLERS = frozenset({"_cmd_report", "_cmd_vle_diagram"})


def check_outputs(args: argparse.Namespace) -> None:
    """Refuse an output option that cannot be written (:class:`InputError`), before any work."""
    handler = getattr(getattr(args, "func", None), "__name__", "")
    out = getattr(args, "out", None)
    if out:
        if handler in FILE_OUT_HANDLERS:
            _check_file(Path(out), "--out")
        else:
            _check_folder(Path(out), "--out")
    plot = getattr(args, "plot", None)
    if isinstance(plot, str) and plot:
        _check_file(Path(plot), "--plot")
    figures = getattr(args, "figures", None)
    if figures:
        _check_folder(Path(figures), "--figures")


def _check_folder(folder: Path, option: str) -> None:
    if folder.exists():
        if not folder.is_dir():
            raise InputError(f"{option}: {str(folder)!r} is a file, not a folder")
        _probe(folder, option, folder)
        return
    above = folder.parent
    while not above.exists() and above != above.parent:
        above = above.parent
    if not above.is_dir():
        raise InputError(f"{option}: cannot make {str(folder)!r}: {str(above)!r} is a file")
    _probe(above, option, folder)


def _check_file(path: Path, option: str) -> None:
    if path.is_dir():
        raise InputError(f"{option}: {str(path)!r} is a folder; give a file name")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"{option}: folder {str(folder)!r} does not exist")
    _probe(folder, option, path)


def _probe(folder: Path, option: str, target: Path) -> None:
    """Create and remove a temporary file in ``folder``; an InputError if that fails."""
    try:
        fd, name = tempfile.mkstemp(prefix=".valorize-probe-", dir=folder)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise InputError(f"{option}: cannot write {str(target)!r} ({reason})") from None
    os.close(fd)
    Path(name).unlink(missing_ok=True)
