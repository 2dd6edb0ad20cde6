"""Static PNG/SVG/PDF copies of the report's figures, for papers and slides.

Plotly's static export (kaleido 1.x) renders each figure in a headless
Chromium: Debian's ``chromium`` package is found on the PATH. Every figure is
written into a temporary folder beside the target first and moved into place
only when all have been written, so a failure leaves nothing half-written.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from valorize.errors import InputError

FORMATS = ("png", "svg", "pdf")
#: Pixel size of the exported figures (width, height) and the PNG scale factor.
WIDTH, SCALE = 1100, 2


def check_format(fmt: str) -> None:
    """Refuse a format the static export does not offer (:class:`InputError`)."""
    if fmt not in FORMATS:
        raise InputError(f"--figures: {fmt!r} is not one of {', '.join(FORMATS)}")


def check_export(fmt: str, folder: str | Path) -> None:
    """Refuse, before any work, an export that cannot happen (:class:`InputError`).

    A format not offered, a ``folder`` that is a file, or no kaleido installed.
    """
    check_format(fmt)
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise InputError(f"--figures: {str(folder)!r} is a file, not a folder")
    try:
        import kaleido  # noqa: F401
    except ImportError:
        raise InputError(
            "--figures needs plotly's static export: pip install 'valorize[figures]'"
        ) from None


def _exported(export: Any, *args: Any, **kwargs: Any) -> None:
    """Call one of plotly's exports; its failure is one :class:`InputError`."""
    try:
        export(*args, **kwargs)
    except Exception as exc:  # kaleido raises its own types for a missing browser
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(
            f"--figures: the static export failed ({first}); it needs a Chromium "
            "browser: apt-get install chromium"
        ) from None


def write_figures(figures: dict[str, Any], folder: str | Path, fmt: str = "png") -> list[Path]:
    """Write each figure as ``folder/NAME.fmt``; returns the paths written.

    Raises
    ------
    InputError
        For a format not offered, a ``folder`` that is a file, no kaleido or no browser,
        or a figure the export did not write even when asked for it alone (kaleido drops
        a figure whose rendering fails or outlasts its timeout, 90 s, and goes on with
        the others). Nothing is left in ``folder`` then.
    """
    check_export(fmt, folder)
    import plotly.io as pio

    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".figures-", dir=folder.parent))
    try:
        names = list(figures)
        staged = [tmp / f"{name}.{fmt}" for name in names]
        heights = [figures[n].layout.height or 500 for n in names]
        size = {"format": fmt, "width": WIDTH, "scale": SCALE}
        _exported(pio.write_images, [figures[n] for n in names], staged, height=heights, **size)
        for name, path, height in zip(names, staged, heights, strict=True):
            if not path.is_file():  # dropped from the batch: once more, alone
                _exported(pio.write_image, figures[name], path, height=height, **size)
            if not path.is_file():
                raise InputError(
                    f"--figures: the static export did not write the figure {name!r}; "
                    "its rendering failed or timed out in the browser"
                )
        folder.mkdir(exist_ok=True)
        written = []
        for src in staged:
            dst = folder / src.name
            src.replace(dst)
            written.append(dst)
        return written
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
