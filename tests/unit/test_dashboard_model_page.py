"""The dashboard's page for any route: controls from the model, edits into the case file."""

import tomllib
from importlib import resources

import numpy as np

from valorize.dashboard import model_page as mp
from valorize.model.registry import model_from_text


def _text(name: str) -> str:
    return resources.files("valorize.cases").joinpath(f"{name}.toml").read_text()


def test_controls_are_the_models_native_parameters_with_units_and_bounds():
    model = model_from_text(_text("almalyk-slag-hydrogen"))
    controls = mp.controls_of(model)
    assert [c.name for c in controls] == [p.name for p in model.native_parameters]
    sth = next(c for c in controls if c.name == "panels.sth_pct")
    assert sth.label.endswith("(%)") and sth.value == 5.0 and sth.high == 100.0


def test_an_edit_moves_the_answer_and_a_field_is_written_into_the_case():
    text = _text("almalyk-slag-hydrogen")
    model = model_from_text(text)
    values = {c.name: c.value for c in mp.controls_of(model)}
    base, _ = mp.answers(model, values)
    values["panels.sth_pct"] = 12.0
    values["hydrogen_price_factor"] = 1.2
    edited, _ = mp.answers(model, values)
    npv = {label: v for label, v, _ in base}["net present value"]
    assert {label: v for label, v, _ in edited}["net present value"] > npv
    new_text, page_only = mp.apply_values(text, model, values)
    assert tomllib.loads(new_text)["panels"]["sth_pct"] == 12.0
    assert page_only == ["hydrogen_price_factor"]  # a factor, not a field of the file
    assert "# " in new_text  # the file's comments are kept
    # the edited file, read again, is the edited model
    again = model_from_text(new_text)
    y = again.evaluate({}, 1)["npv_usd"][0]
    assert np.isclose(y, model.evaluate({"panels.sth_pct": np.array([12.0])}, 1)["npv_usd"][0])


def test_a_quantity_field_is_written_with_its_unit():
    text = _text("almalyk-crude-tellurium")
    model = model_from_text(text)
    values = {c.name: c.value for c in mp.controls_of(model)}
    values["operation.temperature"] = 853.15
    new_text, page_only = mp.apply_values(text, model, values)
    assert tomllib.loads(new_text)["operation"]["temperature"] == "853.15 K"
    assert page_only == []


def test_a_bad_case_is_one_line():
    assert mp.checked("[case]\nname = 'x'\n[crude]\n", "mine.toml").startswith("mine.toml:")
