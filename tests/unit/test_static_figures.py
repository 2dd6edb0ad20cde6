"""The static export of the report's figures when kaleido drops one from its batch.

Kaleido renders a batch of figures in a browser and, when one fails or outlasts its
timeout, deletes that file and goes on with the others without raising (seen in CI on an
overloaded machine: the report command then died on a missing file). Plotly's export is
replaced here by one that writes what it is asked to, except the figures it is told to
drop, so no browser is needed.
"""

import plotly.graph_objects as go
import plotly.io as pio
import pytest

from valorize.errors import InputError
from valorize.report.static_figures import write_figures

pytest.importorskip("kaleido")


def _figures() -> dict[str, go.Figure]:
    return {name: go.Figure(go.Bar(y=[1, 2])) for name in ("purity", "sankey", "costs")}


def _exports(monkeypatch, dropped_in_batch: set[str], dropped_alone: set[str]) -> list[str]:
    """Patch plotly's exports; returns the names exported one at a time."""
    alone: list[str] = []

    def write_images(figs, paths, **options):
        for path in paths:
            if path.stem not in dropped_in_batch:
                path.write_bytes(b"\x89PNG")

    def write_image(fig, path, **options):
        alone.append(path.stem)
        if path.stem not in dropped_alone:
            path.write_bytes(b"\x89PNG")

    monkeypatch.setattr(pio, "write_images", write_images)
    monkeypatch.setattr(pio, "write_image", write_image)
    return alone


def test_a_figure_dropped_from_the_batch_is_exported_alone(tmp_path, monkeypatch):
    alone = _exports(monkeypatch, {"sankey"}, set())
    written = write_figures(_figures(), tmp_path / "figures", "png")
    assert alone == ["sankey"]
    assert sorted(p.name for p in written) == ["costs.png", "purity.png", "sankey.png"]
    assert sorted(p.name for p in (tmp_path / "figures").iterdir()) == sorted(
        p.name for p in written
    )
    assert [p.name for p in tmp_path.iterdir()] == ["figures"]  # no staging folder left


def test_a_figure_that_cannot_be_exported_is_one_error_and_nothing_written(tmp_path, monkeypatch):
    _exports(monkeypatch, {"sankey"}, {"sankey"})
    with pytest.raises(InputError, match="did not write the figure 'sankey'"):
        write_figures(_figures(), tmp_path / "figures", "png")
    assert list(tmp_path.iterdir()) == []


def test_an_export_that_raises_is_one_error(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("no browser found\nmore detail")

    monkeypatch.setattr(pio, "write_images", broken)
    with pytest.raises(InputError, match=r"static export failed \(no browser found\)"):
        write_figures(_figures(), tmp_path / "figures", "png")
    assert list(tmp_path.iterdir()) == []
