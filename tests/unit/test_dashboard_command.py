"""`valorize dashboard` before the server starts: missing extra, bad options, the command."""

import importlib.util

from valorize.cli import main
from valorize.cli.dashboard_command import INSTALL_HINT, streamlit_command


def test_without_the_extra_it_names_the_pip_command(monkeypatch, capsys):
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "streamlit" else real(name, *a),
    )
    assert main(["dashboard", "--no-browser"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and INSTALL_HINT in err and "streamlit" in err


def test_a_bad_db_is_one_line_and_exit_2(tmp_path, capsys):
    assert main(["dashboard", "--db", str(tmp_path), "--no-browser"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --db:") and err.count("\n") == 1


def test_a_bad_port_is_one_line_and_exit_2(tmp_path, capsys):
    assert main(["dashboard", "--port", "70000", "--db", str(tmp_path / "s.db")]) == 2
    assert "--port: 70000" in capsys.readouterr().err
    assert not (tmp_path / "s.db").exists()


def test_the_server_listens_on_localhost_only(tmp_path):
    cmd = streamlit_command(8600, tmp_path / "s.db")
    assert cmd[cmd.index("--server.address") + 1] == "127.0.0.1"
    assert cmd[cmd.index("--server.port") + 1] == "8600"
    assert cmd[cmd.index("--server.headless") + 1] == "true"
    assert cmd[cmd.index("--client.showErrorDetails") + 1] == "none"
    assert cmd[-2:] == ["--db", str(tmp_path / "s.db")]


def test_a_first_run_never_asks_for_an_e_mail(tmp_path):
    # headless always: Streamlit's first-run e-mail prompt only comes without it
    cmd = streamlit_command(8600, tmp_path / "s.db")
    assert cmd[cmd.index("--server.headless") + 1] == "true"
    assert cmd[cmd.index("--browser.gatherUsageStats") + 1] == "false"


def test_a_port_in_use_is_one_line_and_exit_2_before_anything_starts(tmp_path, capsys):
    import socket

    with socket.socket() as other:  # another program listening on the port
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        assert main(["dashboard", "--port", str(port), "--db", str(tmp_path / "s.db")]) == 2
    err = capsys.readouterr().err
    assert err == f"error: --port: {port} is in use on 127.0.0.1; give another one with --port\n"
    assert not (tmp_path / "s.db").exists()
