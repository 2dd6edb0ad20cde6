"""Files that cannot be read as TOML are one error line (issue 16, kind 1)."""

import pytest

from cli_runner import cli

pytestmark = pytest.mark.e2e


def _bad_files(tmp_path):
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe[case]\n")
    nested = tmp_path / "nested.toml"
    nested.write_text("a = " + "[" * 500 + "]" * 500 + "\n")
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    huge = tmp_path / "huge.toml"
    huge.write_text("# padding\n" * 1_200_000)  # 12 MB
    return {"binary": binary, "nested": nested, "folder": folder, "huge": huge}


EXPECTED = {
    "binary": "not UTF-8 text (byte 0xff",
    "nested": "nested too deeply",
    "folder": "(a folder)",
    "huge": "too large",
}
COMMANDS = [
    ("run",),
    ("uncertainty", "--samples", "16"),
    ("sensitivity",),
    ("slime",),
    ("hydrogen",),
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_an_unreadable_case_is_one_line(tmp_path, command):
    for kind, path in _bad_files(tmp_path).items():
        out = cli(command[0], str(path), *command[1:])
        lines = out.stderr.strip().splitlines()
        assert out.returncode == 2, (kind, out.stdout)
        assert len(lines) == 1 and lines[0].startswith("error:"), (kind, out.stderr)
        assert EXPECTED[kind] in lines[0], (kind, lines[0])


def test_a_report_of_an_unreadable_case_writes_nothing(tmp_path):
    path = _bad_files(tmp_path)["binary"]
    out = cli("report", str(path), "--out", str(tmp_path / "r"))
    assert out.returncode == 2 and "not UTF-8" in out.stderr
    assert not (tmp_path / "r").exists()


def test_portfolio_and_activity_files_too(tmp_path):
    bad = _bad_files(tmp_path)
    out = cli("portfolio", str(bad["binary"]))
    assert out.returncode == 2 and "portfolio file is not UTF-8" in out.stderr
    out = cli("portfolio", str(bad["nested"]))
    assert out.returncode == 2 and "nested too deeply" in out.stderr
    out = cli(
        "vle",
        "bubble",
        "--components",
        "Se,Te",
        "--fractions",
        "0.9,0.1",
        "-P",
        "10 Pa",
        "--activity-data",
        str(bad["binary"]),
    )
    assert out.returncode == 2 and out.stderr.startswith("error: --activity-data:"), out.stderr
    assert "not UTF-8" in out.stderr


def test_a_case_saved_with_a_byte_order_mark_reads_as_without(tmp_path):
    """Windows editors put a BOM before UTF-8 text; the case is the same case."""
    from importlib import resources

    case = resources.files("valorize.cases").joinpath("balkhash-selenium.toml")
    text = case.read_text(encoding="utf-8")
    marked = tmp_path / "marked.toml"
    marked.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    plain = tmp_path / "plain.toml"
    plain.write_text(text, encoding="utf-8")
    a, b = cli("run", str(marked), "--json"), cli("run", str(plain), "--json")
    assert a.returncode == 0, a.stderr
    assert a.stdout.replace("marked.toml", "plain.toml") == b.stdout
