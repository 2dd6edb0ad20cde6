"""Run the installed `valorize` command as a user would (the e2e tests' one helper)."""

import shutil
import subprocess
import sys

EXE = shutil.which("valorize") or ""


def cli(*args: str, cwd: object = None) -> subprocess.CompletedProcess:
    """`valorize ARGS...`, or `python -m valorize.cli` if no script is on PATH."""
    cmd = [EXE, *args] if EXE else [sys.executable, "-m", "valorize.cli", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=cwd)
