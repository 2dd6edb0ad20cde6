"""The ``valorize`` command's entry point: main's status, then the collector frozen."""

import gc

import pytest

from valorize import cli


@pytest.mark.parametrize("status", [0, 2])
def test_the_command_returns_mains_status_and_leaves_shutdown_no_garbage_to_scan(
    monkeypatch, status
):
    monkeypatch.setattr(cli, "main", lambda argv=None: status)
    before = gc.get_freeze_count()
    try:
        assert cli.console_main() == status
        assert gc.get_freeze_count() > before
    finally:
        gc.unfreeze()


def test_main_itself_leaves_the_collector_alone(capsys):
    before = gc.get_freeze_count()
    assert cli.main(["vle", "beta", "--impurities", "Te", "--temperature", "673 K"]) == 0
    assert gc.get_freeze_count() == before
    assert "Te" in capsys.readouterr().out
