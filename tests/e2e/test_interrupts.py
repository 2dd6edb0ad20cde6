"""Interrupts and kills leave nothing behind (issue 16, kind 7)."""

import os
import signal
import subprocess
import sys
import time

import pytest

from cli_runner import EXE

pytestmark = pytest.mark.e2e


def _start(*args: str) -> subprocess.Popen:
    cmd = [EXE, *args] if EXE else [sys.executable, "-m", "valorize.cli", *args]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for(folder, pattern: str, process: subprocess.Popen, timeout: float = 120.0):
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        found = list(folder.glob(pattern)) if folder.exists() else []
        if found:
            return found
        if process.poll() is not None:
            pytest.fail(f"the run ended before writing {pattern}: {process.stderr.read()}")
        time.sleep(0.05)
    pytest.fail(f"no {pattern} after {timeout} s")


def test_ctrl_c_is_one_line_exit_130_and_no_temporary(tmp_path):
    out = tmp_path / "out"
    run = _start("uncertainty", "balkhash-selenium", "--samples", "2000000", "--out", str(out))
    _wait_for(out, ".samples-*.parquet", run)
    run.send_signal(signal.SIGINT)
    _, stderr = run.communicate(timeout=120)
    assert run.returncode == 130, stderr
    assert stderr.strip().splitlines()[-1] == "interrupted"
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr
    assert not list(out.glob(".*")) if out.exists() else True


def test_what_a_killed_run_left_is_removed_by_the_next(tmp_path):
    out = tmp_path / "out"
    run = _start("uncertainty", "balkhash-selenium", "--samples", "2000000", "--out", str(out))
    (left,) = _wait_for(out, ".samples-*.parquet", run)
    os.kill(run.pid, signal.SIGKILL)
    run.communicate(timeout=60)
    assert left.exists()  # a kill cannot clean up ...
    done = _start("uncertainty", "balkhash-selenium", "--samples", "64", "--out", str(out))
    done.communicate(timeout=300)
    assert done.returncode == 0
    assert not left.exists()  # ... the next run does
    assert (out / "samples.parquet").exists() and not list(out.glob(".*"))
