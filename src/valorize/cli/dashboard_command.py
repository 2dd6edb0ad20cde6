"""``valorize dashboard``: start the Streamlit app on 127.0.0.1."""

from __future__ import annotations

import argparse
import importlib.util
import signal
import subprocess
import sys
from pathlib import Path

from valorize.errors import InputError

#: What to install when the dashboard's libraries are missing.
INSTALL_HINT = 'pip install "valorize[dashboard]"'


def streamlit_command(port: int, db: Path, browser: bool) -> list[str]:
    """The ``streamlit run`` command line of the dashboard."""
    import valorize.dashboard

    app = Path(valorize.dashboard.__file__).with_name("app.py")
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--server.headless",
        "false" if browser else "true",
        "--browser.gatherUsageStats",
        "false",
        "--client.showErrorDetails",
        "none",
        "--client.toolbarMode",
        "minimal",
        "--",
        "--db",
        str(db),
    ]


def _cmd_dashboard(args: argparse.Namespace) -> int:
    missing = [
        m for m in ("streamlit", "platformdirs", "tomlkit") if not importlib.util.find_spec(m)
    ]
    if missing:
        raise InputError(f"the dashboard needs {', '.join(missing)}: {INSTALL_HINT}")
    if not 1 <= args.port <= 65535:
        raise InputError(f"--port: {args.port} is not a port; give 1-65535")
    from valorize.dashboard.store import ScenarioStore

    store = ScenarioStore(args.db)  # a bad --db fails here, in one line, before the server
    print(f"valorize dashboard on http://127.0.0.1:{args.port} (scenarios in {store.path})")
    sys.stdout.flush()
    server = subprocess.Popen(streamlit_command(args.port, store.path, not args.no_browser))

    def stop(signum: int, frame: object) -> None:
        server.terminate()  # a SIGTERM to valorize stops the server too

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        return server.wait()
    except KeyboardInterrupt:  # Ctrl-C reached the server as well; let it finish
        server.wait()
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
