"""``valorize dashboard``: start the Streamlit app on 127.0.0.1."""

from __future__ import annotations

import argparse
import importlib.util
import signal
import subprocess
import sys
import threading
from pathlib import Path

from valorize.errors import InputError

#: What to install when the dashboard's libraries are missing.
INSTALL_HINT = 'pip install "valorize[dashboard]"'


def streamlit_command(port: int, db: Path) -> list[str]:
    """The ``streamlit run`` command line of the dashboard.

    Always headless: Streamlit then never asks for an e-mail address on a first run
    (which, without a terminal, ends the server with status 255) and opens no browser
    itself; valorize opens it once the server answers (:func:`open_when_ready`).
    """
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
        "true",
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


#: Seconds to wait for the server to answer before opening the browser.
READY_TIMEOUT_S = 60.0


def open_when_ready(url: str, port: int, server: subprocess.Popen) -> bool:
    """Open ``url`` in the user's browser once the server accepts connections.

    Gives up when the server ends or after :data:`READY_TIMEOUT_S`; where no browser can
    be opened it says where to point one. Returns whether a browser was opened.
    """
    import socket
    import time
    import webbrowser

    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline and server.poll() is None:
        with socket.socket() as probe:
            probe.settimeout(0.5)
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                if webbrowser.open(url):
                    return True
                print(f"no browser could be opened here: open {url} in one")
                return False
        time.sleep(0.2)
    return False


def check_port_free(port: int) -> None:
    """Refuse a port the server could not listen on, before anything starts.

    Binds 127.0.0.1:``port`` as the server will (address reuse on, as Tornado sets it,
    so a port left in TIME_WAIT by a server just stopped counts as free) and lets it go.

    Raises
    ------
    InputError
        Naming the port and why: in use by another program, or not allowed.
    """
    import errno
    import socket

    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as exc:
            why = "is in use" if exc.errno == errno.EADDRINUSE else f"is refused ({exc.strerror})"
            raise InputError(
                f"--port: {port} {why} on 127.0.0.1; give another one with --port"
            ) from None


def _cmd_dashboard(args: argparse.Namespace) -> int:
    missing = [
        m for m in ("streamlit", "platformdirs", "tomlkit") if not importlib.util.find_spec(m)
    ]
    if missing:
        raise InputError(f"the dashboard needs {', '.join(missing)}: {INSTALL_HINT}")
    if not 1 <= args.port <= 65535:
        raise InputError(f"--port: {args.port} is not a port; give 1-65535")
    check_port_free(args.port)
    from valorize.dashboard.store import ScenarioStore

    store = ScenarioStore(args.db)  # a bad --db fails here, in one line, before the server
    print(f"valorize dashboard on http://127.0.0.1:{args.port} (scenarios in {store.path})")
    sys.stdout.flush()
    server = subprocess.Popen(streamlit_command(args.port, store.path))
    if not args.no_browser:
        url = f"http://127.0.0.1:{args.port}"
        threading.Thread(target=open_when_ready, args=(url, args.port, server), daemon=True).start()

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
