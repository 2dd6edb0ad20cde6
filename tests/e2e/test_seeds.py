"""Command-line numbers: seeds in one range, sample counts that can finish (issue 16, kind 6)."""

import pytest

from cli_runner import cli

pytestmark = pytest.mark.e2e

COMMANDS = [
    ("uncertainty", "balkhash-selenium", "--samples", "16"),
    ("sensitivity", "balkhash-selenium"),
    ("portfolio",),
    ("optimize", "balkhash-selenium"),
    ("report", "balkhash-selenium"),
    ("hydrogen", "almalyk-slag-hydrogen"),
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize("value", ["-1", "4294967296", "1.5", "abc"])
def test_a_bad_seed_is_one_line(command, value):
    out = cli(*command, "--seed", value)
    assert out.returncode == 2, out.stdout
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: argument --seed"), out.stderr


def test_the_largest_seed_runs():
    out = cli("uncertainty", "balkhash-selenium", "--samples", "16", "--seed", "4294967295")
    assert out.returncode == 0, out.stderr


def test_a_run_that_cannot_finish_is_refused_before_it_starts(tmp_path):
    out = cli("uncertainty", "balkhash-selenium", "--samples", "1000000000000")
    assert out.returncode == 2, out.stdout
    (line,) = out.stderr.strip().splitlines()
    assert line.startswith("error: --samples: about") and "days" in line and "Dask" in line
    # spread over enough workers it would finish, but its samples file would not fit
    folder = tmp_path / "big"
    out = cli(
        "uncertainty",
        "balkhash-selenium",
        "--samples",
        "10000000000",
        "--workers",
        "1000",
        "--out",
        str(folder),
    )
    assert out.returncode == 2 and "GB free" in out.stderr and "--no-samples" in out.stderr
    assert not folder.exists()


@pytest.mark.parametrize("value", ["0", "-5"])
def test_samples_must_be_one_or_more(value):
    out = cli("uncertainty", "balkhash-selenium", "--samples", value)
    assert out.returncode == 2 and "--samples must be 1 or more" in out.stderr
