"""Seeds are checked in one place, with one range, for every command (issue 16, kind 6)."""

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
