"""``--plot FILE``: one rule for every command's figure file.

The file's extension picks the format, the same four in every command: ``.html``
(interactive, plotly embedded, opens with no internet) and ``.png``, ``.svg`` or
``.pdf`` (drawn by matplotlib, so no browser is needed). The file is written
atomically (:func:`valorize.report.files.write_atomically`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from valorize.errors import InputError
from valorize.report.files import write_atomically

#: Extensions ``--plot`` takes, in every command.
PLOT_FORMATS = (".html", ".png", ".svg", ".pdf")


def check_plot_path(path: str | Path) -> str:
    """The plot file's format (its lower-case extension), or :class:`InputError`.

    Raises
    ------
    InputError
        If the extension is not one of :data:`PLOT_FORMATS`.
    """
    suffix = Path(path).suffix.lower()
    if suffix not in PLOT_FORMATS:
        raise InputError(
            f"--plot: cannot write {str(path)!r}: give a file ending in "
            f"{', '.join(PLOT_FORMATS[:-1])} or {PLOT_FORMATS[-1]}"
        )
    return suffix


def write_plot(
    path: str | Path,
    html_figure: Callable[[], Any],
    draw_static: Callable[[Path], None],
) -> Path:
    """Write a figure to ``path`` in the format its extension names.

    Parameters
    ----------
    path
        The file; ``.html`` calls ``html_figure()`` (a plotly figure, written with
        plotly.js embedded), ``.png``/``.svg``/``.pdf`` call ``draw_static(tmp)``,
        which saves a matplotlib figure to the temporary file ``tmp`` (its
        extension is the target's, so ``savefig`` picks the format).

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    InputError
        If the extension is not one of :data:`PLOT_FORMATS`.
    """
    suffix = check_plot_path(path)
    Path(path).parent.mkdir(parents=True, exist_ok=True)  # the --out folder it may be in
    if suffix == ".html":
        fig = html_figure()
        return write_atomically(path, lambda tmp: fig.write_html(tmp, include_plotlyjs=True))
    return write_atomically(path, draw_static)


def pyplot() -> Any:
    """matplotlib's pyplot on the file-only Agg backend."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt
