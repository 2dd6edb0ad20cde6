"""Atomic file writing: an error never leaves half a result behind."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from valorize.errors import InputError


def write_atomically(path: str | os.PathLike[str], write: Callable[[Path], None]) -> Path:
    """Call ``write(temporary_path)`` then rename the file onto ``path``.

    The temporary file sits in the target's folder (so the rename is atomic on
    one file system) and keeps the target's suffix (so writers that choose a
    format by extension see the right one). On any error, an interrupt too, it is
    removed; one a killed run left (its process gone) is removed by the next write.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"--out: folder {str(folder)!r} does not exist")
    remove_stale_temporaries(folder, target)
    fd, tmp_name = tempfile.mkstemp(
        prefix=f".{target.stem}-{os.getpid()}-", suffix=target.suffix, dir=folder
    )
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600: give the usual permissions
        os.replace(tmp, target)
    except IsADirectoryError:
        tmp.unlink(missing_ok=True)
        raise InputError(f"cannot write {str(target)!r}: a folder of that name is there") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def remove_stale_temporaries(folder: Path, target: Path) -> list[Path]:
    """Remove the temporaries of ``target`` that runs killed before they could clean up left.

    A temporary is ``.STEM-PID-XXXX.SUFFIX``; it is stale when no process ``PID`` runs
    (a run still writing keeps its own). Returns the files removed.
    """
    # mkstemp's random part is 8 letters, digits or underscores, never '-': the pattern
    # matches this target's temporaries only, not those of a sibling named STEM-NUMBER
    name = re.compile(
        rf"\.{re.escape(target.stem)}-(\d+)-[A-Za-z0-9_]{{8}}{re.escape(target.suffix)}"
    )
    removed = []
    for tmp in folder.glob(f".{target.stem}-*"):
        match = name.fullmatch(tmp.name)
        if match is None or _running(int(match.group(1))):
            continue
        tmp.unlink(missing_ok=True)
        removed.append(tmp)
    return removed


def _running(pid: int) -> bool:
    """Whether a process ``pid`` exists (on this machine)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # exists, but another user's (or cannot tell: keep the file)
    return True
