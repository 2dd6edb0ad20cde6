"""Outputs that cannot be written are found before any work is done (one ``error:`` line).

Every command's output options are checked when the command line is read: ``--out`` (a
folder, in every command) and ``--plot`` (a file of a format that
:data:`valorize.report.plot_files.PLOT_FORMATS` names). A folder may not exist yet (it is
made when the results are written) but the nearest folder above it that does must take a
new file; a file's folder must exist and take a new file (or be the ``--out`` folder or
below it, made with it), and the file may not be a folder. Each is probed by creating and
removing a temporary file there, so a read-only place, ``/proc`` or a full quota is
caught as it would be at the end.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from valorize.errors import InputError

#: Extensions of files valorize writes: an ``--out`` ending in one is a file name given
#: where a folder belongs, refused with a pointer to the option that takes the file.
FILE_SUFFIXES = (".html", ".json", ".png", ".svg", ".pdf", ".csv", ".parquet")


def check_outputs(args: argparse.Namespace) -> None:
    """Refuse an output option that cannot be written (:class:`InputError`), before any work."""
    for option in ("out", "plot"):
        given = getattr(args, option, None)
        if isinstance(given, str) and not given.strip():  # e.g. an unset shell variable
            raise InputError(f"--{option}: empty; give a {'folder' if option == 'out' else 'file'}")
    out = getattr(args, "out", None)
    if out:
        if Path(out).suffix.lower() in FILE_SUFFIXES and not Path(out).is_dir():
            hint = " (a figure goes to --plot FILE)" if hasattr(args, "plot") else ""
            raise InputError(
                f"--out: {out!r} looks like a file; --out is the folder the files go "
                f"into, made if missing{hint}"
            )
        _check_folder(Path(out), "--out")
    plot = getattr(args, "plot", None)
    if isinstance(plot, str) and plot:
        from valorize.report.plot_files import check_plot_path

        check_plot_path(plot)
        if out and _inside(Path(plot).parent, Path(out)):
            _check_folder(Path(plot).parent, "--plot")  # made with --out's folder
        else:
            _check_file(Path(plot), "--plot")


def _inside(folder: Path, out: Path) -> bool:
    """Whether ``folder`` is the ``--out`` folder or one below it (made when written)."""
    folder, out = folder.resolve(), out.resolve()
    return folder == out or out in folder.parents


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


def refuse_folders_in_the_way(*paths: Path) -> None:
    """Refuse (:class:`InputError`) when a file a command will write is a folder there.

    Called with every file a command writes, before it writes the first: a folder in the
    way of the second file would otherwise stop the command after the first was written.
    """
    for path in paths:
        if path.is_dir():
            raise InputError(f"cannot write {str(path)!r}: a folder of that name is there")
