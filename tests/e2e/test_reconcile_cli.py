"""`valorize reconcile` as a plant engineer runs it: the shipped survey, JSON, bad surveys."""

import json
from pathlib import Path

import pytest

from cli_runner import cli

pytestmark = pytest.mark.e2e

GOOD = """
[survey]
title = "two-product test"
synthetic = true
components = ["Cu"]

[[node]]
name = "cell"
inputs = ["feed"]
outputs = ["conc", "tail"]

[[stream]]
name = "feed"
mass = "100 t"
mass_sd = "2 %rel"
assay = { Cu = "2.0 %" }
assay_sd = { Cu = "0.05 %" }

[[stream]]
name = "conc"
mass = "7.1 t"
mass_sd = "0.2 t"
assay = { Cu = "25 %" }
assay_sd = { Cu = "2 %rel" }

[[stream]]
name = "tail"
assay = { Cu = "2000 ppm" }
assay_sd = { Cu = "10 %rel" }
"""


def test_the_shipped_survey_reads_and_points_to_its_gross_error(tmp_path):
    out = cli("reconcile", "balkhash-survey", "--out", str(tmp_path / "r"))
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "SYNTHETIC" in text and "SYNTHETIC" in out.stderr
    assert "suspected gross errors" in text and "ingots mass: measured" in text
    assert "global test: chi-square" in text and "passed" in text
    assert all(len(line) <= 100 for line in text.splitlines())
    d = json.loads((tmp_path / "r" / "reconciliation.json").read_text())
    assert d["synthetic"] is True and d["suspects"][0]["label"] == "ingots mass"
    assert f"wrote {tmp_path / 'r' / 'reconciliation.json'}" in text


def test_json_is_one_document_in_the_measured_units(tmp_path):
    survey = tmp_path / "s.toml"
    survey.write_text(GOOD)
    out = cli("reconcile", str(survey), "--json")
    assert out.returncode == 0, out.stderr
    d = json.loads(out.stdout)
    tail = next(x for x in d["measurements"] if x["label"] == "tail Cu")
    assert tail["unit"] == "ppm" and tail["measured"] == pytest.approx(2000.0)
    conc = next(x for x in d["measurements"] if x["label"] == "conc mass")
    assert conc["unit"] == "t" and 6 < conc["reconciled"] < 8
    assert d["estimates"][0]["label"] == "tail mass" and d["estimates"][0]["unit"] == "t"
    assert d["summary"]["degrees_of_freedom"] == 1


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (('mass = "100 t"', 'mass = "-100 t"'), "stream[0] 'feed'.mass: '-100 t' is negative"),
        (('{ Cu = "25 %" }', '{ Cu = "125 %" }'), "stream[1] 'conc'.assay.Cu: '125 %' is above"),
        (('mass_sd = "0.2 t"', 'mass_sd = "0 t"'), "stream[1] 'conc'.mass_sd: '0 t': a stand"),
        (('mass = "100 t"', 'mass = "0 t"'), "'feed'.mass_sd: '2 %rel' of the mass '0 t' is zero"),
        (('outputs = ["conc", "tail"]', 'outputs = ["conc", "tails"]'), "no stream 'tails'"),
        (
            ('{ Cu = "2000 ppm" }\nassay_sd = { Cu', '{ Zn = "2000 ppm" }\nassay_sd = { Zn'),
            "'tail'.assay.Zn: not a component",
        ),
        (('{ Cu = "2000 ppm" }', '{ Cu = "2000 bananas" }'), "cannot read '2000 bananas'"),
        (('mass = "100 t"', 'mass = "100 m"'), "as a mass ('6.25 t') or a mass rate"),
        (('assay_sd = { Cu = "10 %rel" }', ""), "assay_sd.Cu: give its standard deviation"),
        (('title = "two-product test"', 'titel = "x"'), "survey.title: required but missing"),
        (("synthetic = true", "synthetic = true\nsynthetc = 1"), "survey.synthetc: unknown field"),
        (('mass = "7.1 t"\nmass_sd = "0.2 t"\n', ""), "cannot be observed"),
    ],
)
def test_a_bad_survey_is_one_error_line_and_writes_nothing(tmp_path, edit, message):
    survey = tmp_path / "s.toml"
    text = GOOD.replace(*edit, 1)
    if message == "cannot be observed":  # no mass measured at all: no scale
        text = text.replace('mass = "100 t"\nmass_sd = "2 %rel"\n', "")
    assert text != GOOD
    survey.write_text(text)
    out = cli("reconcile", str(survey), "--out", str(tmp_path / "new"))
    lines = out.stderr.strip().splitlines()
    assert out.returncode == 2 and len(lines) == 1, out.stderr
    assert lines[0].startswith("error:") and message in lines[0], lines[0]
    assert not (tmp_path / "new").exists() and out.stdout == ""


def test_an_unknown_survey_name_lists_the_built_in_ones():
    out = cli("reconcile", "no-such-survey")
    assert out.returncode == 2 and "built-in surveys: balkhash-survey" in out.stderr


MORE_OUT_THAN_IN = """
[survey]
title = "more weighed out than in"
synthetic = false
components = ["Se"]

[[node]]
name = "furnace"
inputs = ["a"]
outputs = ["b", "c"]

[[stream]]
name = "a"
mass = "10 t"
mass_sd = "1 %rel"
assay = { Se = "90 %" }
assay_sd = { Se = "0.5 %" }

[[stream]]
name = "b"
mass = "12 t"
mass_sd = "1 %rel"
assay = { Se = "99 %" }
assay_sd = { Se = "0.5 %" }

[[stream]]
name = "c"
"""


def test_an_impossible_estimate_is_flagged_in_every_output_and_exits_3(tmp_path):
    """c = a - b: -2 t at 144 % Se. Printed and written, marked, exit status 3."""
    survey = tmp_path / "s.toml"
    survey.write_text(MORE_OUT_THAN_IN)
    out = cli("reconcile", str(survey), "--out", str(tmp_path / "r"))
    assert out.returncode == 3, out.stderr
    flat = " ".join(out.stdout.split())  # the flag is wrapped at 100 characters
    assert "PHYSICALLY IMPOSSIBLE: c mass -2 t (below zero), c Se 144 % (above 100 %)" in flat
    assert "streams at node 'furnace' (in: a; out: b, c)" in flat and "(exit status 3)" in flat
    estimates = [line for line in out.stdout.splitlines() if line.startswith("  c ")]
    assert len(estimates) == 2 and all("IMPOSSIBLE" in line for line in estimates)
    assert all(len(line) <= 100 for line in out.stdout.splitlines())
    warning = [w for w in out.stderr.splitlines() if "PHYSICALLY IMPOSSIBLE" in w]
    assert len(warning) == 1 and "c Se 144 % (above 100 %)" in warning[0]
    assert warning[0].startswith("warning:")
    as_json = cli("reconcile", str(survey), "--json")
    assert as_json.returncode == 3, as_json.stderr
    for d in (
        json.loads((tmp_path / "r" / "reconciliation.json").read_text()),
        json.loads(as_json.stdout),
    ):
        assert d["summary"]["physical"] is False
        assert [(x["label"], x["bound"]) for x in d["impossible"]] == [
            ("c mass", "below zero"),
            ("c Se", "above 100 %"),
        ]
        assert d["impossible"][1]["value"] == pytest.approx(144.0)
        assert d["impossible"][1]["unit"] == "%" and d["impossible"][1]["nodes"] == ["furnace"]
        assert all(x["impossible"] for x in d["estimates"])
        assert not any(x["impossible"] for x in d["measurements"])
        assert any("PHYSICALLY IMPOSSIBLE" in w for w in d["warnings"])


def test_a_possible_balance_says_so_and_exits_0(tmp_path):
    survey = tmp_path / "s.toml"
    survey.write_text(GOOD)
    out = cli("reconcile", str(survey), "--json")
    assert out.returncode == 0, out.stderr
    d = json.loads(out.stdout)
    assert d["summary"]["physical"] is True and d["impossible"] == []
    assert "IMPOSSIBLE" not in out.stderr


def test_a_stream_whose_assays_sum_above_100_percent_is_refused(tmp_path):
    from valorize.plant_data import survey_path

    text = Path(survey_path("balkhash-survey")).read_text(encoding="utf-8")
    assert 'Te = "1.092 %"' in text
    survey = tmp_path / "s.toml"
    survey.write_text(text.replace('Te = "1.092 %"', 'Te = "50 %"', 1))
    out = cli("reconcile", str(survey), "--out", str(tmp_path / "new"))
    lines = out.stderr.strip().splitlines()
    assert out.returncode == 2 and len(lines) == 1, out.stderr
    assert lines[0].startswith(f"error: {survey}: stream[0] 'crude'.assay: ")
    assert "sum to 144.6 %" in lines[0]
    assert not (tmp_path / "new").exists() and out.stdout == ""
