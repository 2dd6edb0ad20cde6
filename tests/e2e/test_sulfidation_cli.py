"""A sulfidation as a plant engineer runs it: the two limits, what it costs, what it refuses."""

import json
from importlib import resources

import pytest

from cli_runner import cli

pytestmark = pytest.mark.e2e

CASES = resources.files("valorize.cases")
BALKHASH = CASES.joinpath("balkhash-selenium.toml").read_text()
STEP = 'sulfidation = {{ sulfur_dose = 2, temperature = "200 degC", time = "30 min", hgs = "{}" }}'


def _case(tmp_path, text: str, name: str = "case.toml"):
    path = tmp_path / name
    path.write_text(text)
    return path


def _sulfidized(hgs: str, extra: str = "") -> str:
    return BALKHASH.replace('gap = "50 mm"\n', f'gap = "50 mm"\n{STEP.format(hgs)}\n{extra}')


def _without_sulfur(text: str) -> str:
    """The case with no S in its crude or its variants (its share given to Se)."""
    import tomlkit

    doc = tomlkit.parse(text)
    for composition in [doc["feed"]["composition_wt_pct"]] + [
        v["composition_wt_pct"] for v in doc.get("variants", [])
    ]:
        composition["Se"] = composition["Se"] + composition.pop("S")
    return tomlkit.dumps(doc)


def _run(tmp_path, text: str, name: str) -> tuple[dict, str]:
    out = cli("run", str(_case(tmp_path, text, f"{name}.toml")), "--out", str(tmp_path / name))
    assert out.returncode == 0, out.stderr
    return json.loads((tmp_path / name / "results.json").read_text()), out.stdout


def test_the_two_limits_bracket_the_plain_case_and_the_sulfur_is_bought(tmp_path):
    plain, _ = _run(tmp_path, BALKHASH, "plain")
    kept, said = _run(tmp_path, _sulfidized("retained"), "retained")
    gone, _ = _run(tmp_path, _sulfidized("equilibrium"), "equilibrium")
    hg = [d["summary"]["impurities_ppm"]["Hg"] for d in (kept, gone, plain)]
    assert hg[0] < 0.5 * hg[2] and hg[1] > 0.9 * hg[2]
    s = kept["summary"]
    assert s["sulfidation"]["hgs"] == "retained" and 70 < s["sulfidation"]["hg_as_hgs_pct"] < 85
    assert s["sulfur_t_per_yr"] == pytest.approx(0.02 * 75, rel=1e-9)
    assert s["mass_balance_rel_error"] < 1e-12
    assert "78 % of the Hg to HgS, kept in" in said
    # half an hour more per batch
    instant, _ = _run(tmp_path, _sulfidized("retained").replace('"30 min"', '"0 s"'), "instant")
    held = s["batch_duration_h"] - instant["summary"]["batch_duration_h"]
    assert held == pytest.approx(0.5, rel=1e-9)
    # the sulfur's cost at a user price of 1000 USD/kg: 1.5 t/yr is 1.5 M USD/yr more opex
    priced = _sulfidized("retained").replace(
        "[economics]", '[economics]\nuser_prices = { sulfur = "1000 USD/kg" }'
    )
    dear, _ = _run(tmp_path, priced, "dear")
    cheap = kept["summary"]["economics"]["scenarios"][0]["opex_usd_per_yr"]
    costly = dear["summary"]["economics"]["scenarios"][0]["opex_usd_per_yr"]
    assert costly - cheap == pytest.approx(1.5e6 - 150.0, rel=1e-3)
    assert any(a["name"] == "sulfidation" for a in kept["assumptions"])


def test_a_hold_the_furnace_hours_cannot_take_buys_sulfur_for_the_crude_processed(tmp_path):
    d, _ = _run(tmp_path, _sulfidized("retained").replace('"30 min"', '"200 h"'), "long")
    s = d["summary"]
    assert s["processed_share"] < 0.5
    assert s["sulfur_t_per_yr"] == pytest.approx(0.02 * s["crude_processed_t_per_yr"], rel=1e-9)


def test_uncertainty_says_which_limit_it_sampled(tmp_path):
    path = _case(tmp_path, _sulfidized("equilibrium"))
    out = cli("uncertainty", str(path), "--samples", "64", "--out", str(tmp_path / "u"))
    assert out.returncode == 0, out.stderr
    assert "sulfidation: 2 wt % S, the HgS dissolved (hgs = 'equilibrium')" in out.stdout
    summary = json.loads((tmp_path / "u" / "uncertainty.json").read_text())
    assert "equilibrium" in summary["sulfidation"]


def test_optimize_and_calibrate_say_which_limit_they_used(tmp_path):
    path = _case(tmp_path, _sulfidized("retained"))
    out = cli("optimize", str(path), "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["sulfidation"].endswith("(hgs = 'retained')")
    out = cli(
        "calibrate", str(path), "--data", "balkhash-batch-log", "--learn",
        "model.entrainment", "--walkers", "4", "--max-steps", "250",
    )  # fmt: skip
    assert out.returncode in (0, 3), out.stderr
    assert "sulfidation: 2 wt % S, the HgS kept in the residue" in out.stdout


def test_a_recycle_says_the_retained_limit_is_understated(tmp_path):
    d, _ = _run(tmp_path, _sulfidized("retained", "residue_recycle = 0.5\n"), "recycle")
    assert any("retained limit is understated" in w for w in d["warnings"])


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace('"200 degC"', '"240 degC"'), "operation.sulfidation.temperature"),
        (lambda t: _without_sulfur(t), "list S in"),
        (lambda t: t.replace('hgs = "retained"', 'hgs = "kept"'), "operation.sulfidation.hgs"),
        (lambda t: t.replace("sulfur_dose = 2", "sulfur_dose = 60"), "sulfur_dose"),
    ],
)
def test_a_bad_sulfidation_is_one_error_line_and_writes_nothing(tmp_path, edit, message):
    path = _case(tmp_path, edit(_sulfidized("retained")))
    out = cli("run", str(path), "--out", str(tmp_path / "o"))
    lines = out.stderr.strip().splitlines()
    assert out.returncode == 2 and len(lines) == 1, out.stderr
    assert lines[0].startswith("error:") and message in lines[0], lines[0]
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(
    ("case", "old", "where"),
    [
        ("almalyk-anode-slime.toml", 'gap = "50 mm", justification', "refining.operation"),
        ("almalyk-crude-tellurium.toml", "[operation]\n", "operation.sulfidation"),
    ],
)
def test_other_routes_refuse_a_sulfidation(tmp_path, case, old, where):
    text = CASES.joinpath(case).read_text()
    assert old in text
    step = STEP.format("retained")
    new = (
        f'gap = "50 mm", {step}, justification'
        if "justification" in old
        else f"[operation]\n{step}\n"
    )
    path = _case(tmp_path, text.replace(old, new, 1))
    command = "slime" if "slime" in case else "run"
    out = cli(command, str(path), "--out", str(tmp_path / "o"))
    assert out.returncode == 2, out.stdout + out.stderr
    assert "sulfidation" in out.stderr and where in out.stderr
    assert not (tmp_path / "o").exists()
