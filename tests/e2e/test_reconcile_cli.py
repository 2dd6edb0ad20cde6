"""`valorize reconcile` as a plant engineer runs it: the shipped survey, JSON, bad surveys."""

import json

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
