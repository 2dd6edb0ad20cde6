"""Outputs that cannot be written are found before any work is done (issue 16, kind 2)."""

import pytest

from cli_runner import cli

pytestmark = pytest.mark.e2e

UNWRITABLE = [
    ("run", "balkhash-selenium", "--out", "/proc/x"),
    ("run", "balkhash-selenium", "--report", "--out", "/proc/x"),
    ("uncertainty", "balkhash-selenium", "--samples", "16", "--out", "/proc/x"),
    ("optimize", "balkhash-selenium", "--out", "/proc/x"),
    ("sensitivity", "balkhash-selenium", "--out", "/proc/x"),
    ("slime", "almalyk-anode-slime", "--out", "/proc/x"),
    ("hydrogen", "almalyk-slag-hydrogen", "--out", "/proc/x"),
    ("portfolio", "--out", "/proc/x"),
    ("report", "balkhash-selenium", "--out", "/proc/x"),
    ("optimize", "balkhash-selenium", "--plot", "/proc/x.png"),
    ("vle", "diagram", "--components", "Se,Te", "-P", "10 Pa", "--plot", "/proc/x.html"),
    ("vle", "diagram", "--components", "Se,Te", "-P", "10 Pa", "--out", "/proc/x"),
]


@pytest.mark.parametrize("args", UNWRITABLE, ids=lambda a: " ".join(a[:1] + a[-2:-1]))
def test_an_unwritable_output_is_one_line(args):
    out = cli(*args)
    lines = out.stderr.strip().splitlines()
    assert out.returncode == 2, out.stdout
    assert len(lines) == 1 and lines[0].startswith("error: --"), out.stderr
    assert "cannot write" in lines[0]


def test_a_plot_named_like_a_folder_and_an_out_that_is_a_file(tmp_path):
    folder = tmp_path / "d.png"
    folder.mkdir()
    out = cli("hydrogen", "almalyk-slag-hydrogen", "--plot", str(folder))
    assert out.returncode == 2 and "is a folder" in out.stderr
    a_file = tmp_path / "f"
    a_file.write_text("")
    out = cli("run", "balkhash-selenium", "--out", str(a_file))
    assert out.returncode == 2 and "is a file, not a folder" in out.stderr
    assert not (tmp_path / "r.html").exists()


def test_several_outputs_are_all_written_or_none(tmp_path):
    plot = tmp_path / "p.png"
    out = cli("optimize", "balkhash-selenium", "--out", "/proc/x", "--plot", str(plot))
    assert out.returncode == 2 and not plot.exists()


def test_a_new_nested_out_folder_is_fine(tmp_path):
    out = cli("run", "balkhash-selenium", "--out", str(tmp_path / "a" / "b"))
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "a" / "b" / "results.json").exists()


@pytest.mark.parametrize(
    ("args", "blocked", "unwritten"),
    [
        (("run", "balkhash-selenium", "--report"), "report.html", "results.json"),
        (("run", "almalyk-anode-slime", "--report"), "report.html", "slime.json"),
        (
            ("uncertainty", "balkhash-selenium", "--samples", "16"),
            "uncertainty.json",
            "samples.parquet",
        ),
    ],
    ids=lambda a: a if isinstance(a, str) else " ".join(a[:2]),
)
def test_a_folder_in_the_way_of_a_later_file_writes_nothing(tmp_path, args, blocked, unwritten):
    """A folder named like the second file is refused before the first is written."""
    (tmp_path / blocked).mkdir()
    out = cli(*args, "--out", str(tmp_path))
    lines = out.stderr.strip().splitlines()
    assert out.returncode == 2 and len(lines) == 1, out.stderr
    assert (
        lines[0]
        == f"error: cannot write {str(tmp_path / blocked)!r}: a folder of that name is there"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == [blocked]
    assert not (tmp_path / unwritten).exists()


@pytest.mark.parametrize("option", ["--out", "--plot"])
def test_an_empty_output_name_is_refused_not_skipped(tmp_path, option):
    """``--out "$DIR"`` with DIR unset wrote nothing and exited 0."""
    out = cli("optimize", "balkhash-selenium", option, "", cwd=tmp_path)
    assert out.returncode == 2 and out.stderr.startswith(f"error: {option}: empty"), out.stderr
    assert list(tmp_path.iterdir()) == []
