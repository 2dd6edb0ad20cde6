"""The installed `valorize` command, as a user runs it."""

import json

import pytest

from cli_runner import cli as run

pytestmark = pytest.mark.e2e


def test_help_lists_the_commands():
    out = run("--help")
    assert out.returncode == 0
    for command in ("vapor-pressure", "vle", "elements"):
        assert command in out.stdout


def test_vapor_pressure_json():
    out = run("vapor-pressure", "Se", "--temperature", "704 K", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["pressure_Pa"] == pytest.approx(1000, rel=0.01)  # the CRC table's 1 kPa point
    assert data["phase"] == "liquid"
    assert data["source"] and len(data["valid_range_K"]) == 2


def test_vapor_pressure_accepts_units():
    a = json.loads(run("vapor-pressure", "Pb", "-T", "726.85 degC", "--json").stdout)
    b = json.loads(run("vapor-pressure", "Pb", "-T", "1000 K", "--json").stdout)
    assert a["pressure_Pa"] == pytest.approx(b["pressure_Pa"], rel=1e-9)


def test_bubble_json_in_mass_basis_with_mmhg():
    out = run(
        "vle",
        "bubble",
        "--components",
        "Se,Te",
        "--fractions",
        "0.98,0.02",
        "--basis",
        "mass",
        "--pressure",
        "0.075 mmHg",
        "--json",
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert 540 < data["temperature_K"] < 570
    assert len(data["vapor_fractions"]) == 2
    assert sum(data["vapor_fractions"]) == pytest.approx(1.0)


def test_beta_table_json():
    out = run(
        "vle",
        "beta",
        "--solvent",
        "Se",
        "--impurities",
        "Te,S,Hg,As,Pb,Cu,Ag",
        "--temperature",
        "673 K",
        "--json",
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data["beta"]) == {"Te", "S", "Hg", "As", "Pb", "Cu", "Ag"}
    assert data["log10_beta"]["Te"] < -1 < 1 < data["log10_beta"]["S"]
    assert data["log10_beta"]["Cu"] < data["log10_beta"]["Ag"] < data["log10_beta"]["Pb"]


def test_beta_table_text():
    out = run("vle", "beta", "--impurities", "Te,Pb", "-T", "400 degC")
    assert out.returncode == 0
    assert "residue" in out.stdout and "log10 beta" in out.stdout


@pytest.mark.parametrize("suffix", [".html", ".png", ".svg", ".pdf"])
def test_diagram_files(tmp_path, suffix):
    target = tmp_path / f"se-te{suffix}"
    out = run(
        "vle",
        "diagram",
        "--components",
        "Se,Te",
        "--pressure",
        "10 Pa",
        "--plot",
        str(target),
        "--points",
        "41",
    )
    assert out.returncode == 0, out.stderr
    assert f"wrote {target}" in out.stdout and "bubble T (K)" in out.stdout
    assert target.stat().st_size > 10_000
    if suffix == ".html":
        text = target.read_text()
        assert "plotly" in text and '<script src="http' not in text  # self-contained
        assert "bubble line" in text
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary left


def test_diagram_table_json_and_out_folder(tmp_path):
    args = ("vle", "diagram", "--components", "Se,Te", "-P", "10 Pa", "--points", "21")
    table = run(*args)
    assert table.returncode == 0, table.stderr
    rows = [line.split() for line in table.stdout.splitlines() if line.split()[:1] == ["0.00"]]
    # pure Se: 10 Pa at 552 K (CRC Handbook, vapor pressure of the elements)
    assert rows and 545 < float(rows[0][1]) < 560
    out = run(*args, "--out", str(tmp_path / "d"), "--json")
    assert out.returncode == 0, out.stderr
    payload = json.loads(out.stdout)  # exactly one JSON document
    assert payload == json.loads((tmp_path / "d" / "diagram.json").read_text())
    assert len(payload["x"]) == len(payload["temperature_K"]) == 21
    assert out.stderr.strip() == f"wrote {tmp_path / 'd' / 'diagram.json'}"


BAD = [
    (["vapor-pressure", "Xx", "-T", "700 K"], "unknown element 'Xx'"),
    (["vapor-pressure", "Se", "-T", "700"], "has no unit"),
    (["vapor-pressure", "Se", "-T", "10 Pa"], "is not a temperature"),
    (["vapor-pressure", "Se", "-T", "-5 K"], "above 0 K"),
    (["vapor-pressure", "Se", "-T", "5000 K"], "Se: 5000 K is outside"),
    (["vapor-pressure", "Se", "-T", "700 blorps"], "unknown unit"),
    (
        ["vle", "bubble", "--components", "Se,Te", "--fractions", "0.9,0.2", "-P", "10 Pa"],
        "sum to 1.1",
    ),
    (["vle", "bubble", "--components", "Se,Te", "--fractions=-0.1,1.1", "-P", "10 Pa"], "negative"),
    (
        ["vle", "bubble", "--components", "Se,Te", "--fractions", "0.5,0.5", "-P", "0 Pa"],
        "positive",
    ),
    (
        ["vle", "bubble", "--components", "Se,Te", "--fractions", "0.5,0.5", "-P", "10 K"],
        "is not a pressure",
    ),
    (["vle", "bubble", "--components", "Se,Te", "--fractions", "a,b", "-P", "10 Pa"], "numbers"),
    (
        [
            "vle",
            "bubble",
            "--components",
            "Se,Te",
            "--fractions",
            "0.5,0.5",
            "-P",
            "10 Pa",
            "--model",
            "wilson",
        ],
        "no published wilson parameters for Se-Te",
    ),
    (["vle", "beta", "--impurities", "Te,Qq", "-T", "673 K"], "unknown element 'Qq'"),
    (["vle", "beta", "--impurities", "Te", "-T", "673 K", "--model", "nrtl"], "invalid choice"),
    (
        ["vle", "diagram", "--components", "Se,Te", "-P", "10 Pa", "--plot", "x.jpg"],
        "give a file ending in .html, .png, .svg or .pdf",
    ),
    (
        ["vle", "diagram", "--components", "Se,Te", "-P", "10 Pa", "--plot", "/nonexistent/x.png"],
        "does not exist",
    ),
    (
        ["vle", "diagram", "--components", "Se,Te", "-P", "10 Pa", "--out", "x.png"],
        "looks like a file",
    ),
    (["vle", "diagram", "--components", "Se,Te,S", "-P", "10 Pa"], "exactly 2"),
    (["no-such-command"], "invalid choice"),
]


@pytest.mark.parametrize(("args", "message"), BAD)
def test_bad_input_gives_one_line_and_status_2(args, message):
    out = run(*args)
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert lines[0].startswith("error: ")
    assert message in lines[0]
    assert "Traceback" not in out.stderr


def test_activity_data_file_changes_the_answer(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(
        '[reference.mine]\ncitation = "test only"\nurl = "https://example.org"\n'
        '[[binary]]\nmodel = "wilson"\ncomponents = ["Se", "Te"]\n'
        "parameters = { a12 = 3000.0, a21 = 3000.0 }\n"
        'status = "assumed"\nreference = "mine"\n'
    )
    base = [
        "vle",
        "bubble",
        "--components",
        "Se,Te",
        "--fractions",
        "0.5,0.5",
        "-P",
        "10 Pa",
        "--json",
    ]
    ideal = json.loads(run(*base).stdout)
    wilson = run(*base, "--model", "wilson", "--activity-data", str(path))
    assert wilson.returncode == 0, wilson.stderr
    data = json.loads(wilson.stdout)
    assert data["model"] == "wilson"
    assert data["temperature_K"] != pytest.approx(ideal["temperature_K"], abs=0.01)
    assert all(g != pytest.approx(1.0) for g in data["activity_coefficients"])


def test_activity_data_file_missing_is_one_line():
    out = run(
        "vle",
        "beta",
        "--impurities",
        "Te",
        "-T",
        "673 K",
        "--model",
        "wilson",
        "--activity-data",
        "/nonexistent.toml",
    )
    assert out.returncode == 2
    assert out.stderr.startswith("error: --activity-data: no file")


def test_compare_marks_a_missing_payback_apart_from_one_never_reached():
    out = run("compare", "balkhash-selenium", "almalyk-slag-hydrogen")
    assert out.returncode == 0, out.stderr
    line = next(row for row in out.stdout.splitlines() if row.strip().startswith("payback"))
    # the hydrogen field's summary carries no payback: '-', not 'never'
    assert line.split()[-1] == "-" and "never" not in line


def test_a_plot_inside_the_out_folder_is_written_with_it(tmp_path):
    out = tmp_path / "results"  # not made yet: --out makes it, and the plot goes inside
    done = run("vle", "diagram", "--components", "Se,Te", "-P", "10 Pa",
               "--out", str(out), "--plot", str(out / "figures" / "x.png"))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (out / "figures" / "x.png").stat().st_size > 0 and (out / "diagram.json").exists()


@pytest.mark.parametrize(
    "args",
    [
        ("run", "balkhash-selenium", "--out", "a", "--out", "b"),
        ("vapor-pressure", "Se", "-T", "600 K", "--temperature=700 K"),
        ("uncertainty", "balkhash-selenium", "--samples", "10", "--samples=20"),
    ],
    ids=["out", "temperature", "samples"],
)
def test_a_one_value_option_given_twice_is_refused(tmp_path, args):
    """argparse kept the last silently: --out a --out b wrote to b."""
    out = run(*args, cwd=tmp_path)
    lines = out.stderr.strip().splitlines()
    assert out.returncode == 2 and len(lines) == 1, out.stderr
    assert "given twice; give it once" in lines[0]
    assert list(tmp_path.iterdir()) == []


def test_options_that_collect_may_repeat():
    from valorize.cli import build_parser

    twice = ["--decision", "operation.head_cut=0,0.1"] * 2
    parsed = build_parser().parse_args(["optimize", "balkhash-selenium", *twice])
    assert parsed.decision == ["operation.head_cut=0,0.1"] * 2
