"""Command lines with nasty option values end in one error line or exit 0 (issue 16).

Hypothesis picks a command, one of its options and a value from the kinds a user types
by mistake (empty, negative, zero, NaN, infinity, huge, text for a number, a number for
text, a path that cannot be written, a quantity of the wrong dimension), and runs
``valorize`` in-process. Each run exits 0, or exits 2 with exactly one stderr line
starting ``error:``; an uncaught exception fails the test. The budget is
``VALORIZE_FUZZ_EXAMPLES`` per command (default 12), as for the case-file fuzz test.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from valorize.cli import main

pytestmark = pytest.mark.e2e
EXAMPLES = int(os.environ.get("VALORIZE_FUZZ_EXAMPLES", "12"))

NASTY = (
    "",
    "-1",
    "0",
    "nan",
    "inf",
    "-inf",
    "1e309",
    "99999999999999999999999",
    "abc",
    "1.5",
    "/proc/x",
    "10 kg",
    "-5 degC",
    "0 Pa",
    "1e300 K",
    "Se,Te",
    "Xx",
    ",,",
)
#: Commands (quick ones, small sample counts) and the options fuzzed, each with the
#: arguments the command needs otherwise.
COMMANDS = {
    "vapor-pressure": (["vapor-pressure", "Se"], ["--temperature"]),
    "vle bubble": (
        ["vle", "bubble", "--components", "Se,Te", "--fractions", "0.9,0.1", "-P", "10 Pa"],
        ["--components", "--fractions", "-P", "--model"],
    ),
    "run": (["run", "balkhash-selenium"], ["--out", "--unknown-option"]),
    "uncertainty": (
        ["uncertainty", "balkhash-selenium", "--samples", "32"],
        ["--samples", "--seed", "--method", "--out", "--chunk-size"],
    ),
    "sensitivity": (
        ["sensitivity", "balkhash-selenium", "--method", "tornado"],
        ["--method", "--seed", "--out"],
    ),
    "hydrogen": (["hydrogen", "almalyk-slag-hydrogen", "--samples", "16"], ["--seed", "--out"]),
}
#: Values that would start a long run rather than test a refusal.
LONG = {("uncertainty", "--samples"): {"99999999999999999999999", "1e309"}}


def _run(argv: list[str]) -> tuple[int, str]:
    """``valorize ARGV`` in-process, in a fresh temporary folder (relative outputs land there)."""
    stdout, stderr = io.StringIO(), io.StringIO()
    here = os.getcwd()
    with tempfile.TemporaryDirectory() as scratch:
        os.chdir(scratch)
        try:
            with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
                try:
                    code = main(argv)
                except SystemExit as exc:  # argparse
                    code = int(exc.code or 0) if not isinstance(exc.code, str) else 2
        finally:
            os.chdir(here)
    return code, stderr.getvalue()


@settings(
    max_examples=EXAMPLES * len(COMMANDS),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.data())
def test_a_nasty_option_value_is_one_error_line_or_exit_0(data):
    name = data.draw(st.sampled_from(sorted(COMMANDS)))
    base, options = COMMANDS[name]
    option = data.draw(st.sampled_from(options))
    value = data.draw(st.sampled_from(NASTY))
    if value in LONG.get((name, option), set()):
        return
    argv = [*base, option, value]
    code, stderr = _run(argv)
    lines = stderr.strip().splitlines()
    if code != 0:
        assert code == 2, (argv, code, stderr)
        errors = [line for line in lines if not line.startswith("warning:")]
        assert len(errors) == 1 and errors[0].startswith("error:"), (argv, stderr)
    assert "Traceback" not in stderr, (argv, stderr)
