"""The dashboard's logic without a browser: controls <-> case TOML, validation, evaluation."""

import tomllib
from dataclasses import replace

import pytest

from valorize.dashboard import validation as v
from valorize.dashboard.controls import apply_controls, controls_from_case, zero_celsius
from valorize.dashboard.evaluation import evaluate, key_numbers, side_by_side
from valorize.data.loader import element, price_scenario, process_parameter
from valorize.errors import InputError
from valorize.refinery.case import case_from_text, load_case


@pytest.fixture(scope="module")
def base():
    case, text, _ = load_case("balkhash-selenium")
    return case, text, controls_from_case(case)


def test_unchanged_controls_leave_the_case_file_as_written(base):
    case, text, c = base
    assert apply_controls(text, c) == text
    assert c.temperature_degC == pytest.approx(case.operation.temperature - zero_celsius())
    assert c.composition_wt_pct == case.feed.composition_wt_pct


def test_changed_controls_reach_the_case_and_keep_the_comments(base):
    _, text, c = base
    edited = replace(
        c,
        temperature_degC=430.0,
        pressure_Pa=50.0,
        entrainment_pct=0.5,
        composition_wt_pct={**c.composition_wt_pct, "Se": 90.1, "Cu": 4.0},
    )
    out = apply_controls(text, edited)
    case = case_from_text(out)
    assert case.operation.temperature == pytest.approx(430.0 + zero_celsius())
    assert case.operation.pressure == pytest.approx(50.0)
    assert case.model.entrainment == pytest.approx(0.005)
    assert case.feed.composition_wt_pct["Cu"] == 4.0
    assert "# Every number says where it comes from" in out  # comments kept
    assert case.feed.source == case_from_text(text).feed.source


def test_a_temperature_program_gives_way_to_the_temperature_control(base):
    text = base[1]
    programmed = text.replace(
        'temperature = "400 degC"',
        "temperature_program = [['0 min', '350 degC'], ['30 min', '420 degC']]",
    )
    pc = controls_from_case(case_from_text(programmed))
    assert pc.temperature_degC == pytest.approx(420.0)
    out = case_from_text(apply_controls(programmed, replace(pc, temperature_degC=410.0)))
    assert out.operation.temperature_program is None
    assert out.operation.temperature == pytest.approx(410.0 + zero_celsius())


def test_changed_prices_become_the_user_scenario(base):
    _, text, c = base
    out = apply_controls(text, replace(c, refined_price=40.0))
    data = tomllib.loads(out)
    assert data["economics"]["user_prices"] == {"refined_selenium": "40 USD/kg"}
    s = evaluate(out).results.summary
    first = s["economics"]["scenarios"][0]
    assert first["price_scenario"] == "user" and s["price_scenario"] == "user"
    assert first["prices_usd_per_kg"]["refined_selenium"] == 40.0
    news = price_scenario("news-2024")
    assert first["prices_usd_per_kg"]["crude_selenium"] == news["crude_selenium"].value
    # back to the scenario's price: user_prices disappears again
    back = apply_controls(out, replace(c, refined_price=news["refined_selenium"].value))
    assert "user_prices" not in tomllib.loads(back)["economics"]


def test_user_prices_equal_to_the_scenario_give_the_same_npv(base):
    _, text, _ = base
    news = price_scenario("news-2024")
    same = text.replace(
        'price_scenarios = ["news-2024", "market-2025"]',
        'price_scenarios = ["news-2024", "market-2025"]\n'
        f'user_prices = {{ refined_selenium = "{news["refined_selenium"].value} USD/kg" }}',
    )
    scen = evaluate(same).results.summary["economics"]["scenarios"]
    assert [e["price_scenario"] for e in scen] == ["user", "news-2024", "market-2025"]
    assert scen[0]["npv_usd"] == pytest.approx(scen[1]["npv_usd"], rel=1e-12)


@pytest.mark.parametrize(
    ("prices", "message"),
    [
        ('{ zinc = "1 USD/kg" }', "unknown item"),
        ('{ crude_selenium = "-1 USD/kg" }', "cannot be negative"),
        ('{ crude_selenium = "1 USD/t" }', "user_prices.crude_selenium"),
    ],
)
def test_bad_user_prices_are_one_line_errors(base, prices, message):
    _, text, _ = base
    bad = text.replace(
        'price_scenarios = ["news-2024", "market-2025"]',
        f'price_scenarios = ["news-2024", "market-2025"]\nuser_prices = {prices}',
    )
    ev = evaluate(bad)
    assert not ev.ok and message in ev.error and "\n" not in ev.error


def test_a_sulfur_dose_writes_a_sulfidation_and_zero_removes_it(base):
    _, text, c = base
    assert c.sulfur_dose_pct == 0.0
    out = apply_controls(text, replace(c, sulfur_dose_pct=2.0, hgs="retained"))
    step = case_from_text(out).operation.sulfidation
    assert step is not None and step.sulfur_dose == 2.0 and step.hgs == "retained"
    # a new one holds at the data's temperature and time (Zha et al. 2023's)
    assert step.temperature == pytest.approx(process_parameter("sulfidation_temperature").value)
    assert step.time == pytest.approx(process_parameter("sulfidation_time").value)
    again = controls_from_case(case_from_text(out))
    assert (again.sulfur_dose_pct, again.hgs) == (2.0, "retained")
    changed = apply_controls(out, replace(again, hgs="equilibrium"))
    assert case_from_text(changed).operation.sulfidation.hgs == "equilibrium"
    removed = apply_controls(out, replace(again, sulfur_dose_pct=0.0))
    assert case_from_text(removed).operation.sulfidation is None
    evaluated = evaluate(out)
    assert evaluated.ok and evaluated.results.summary["sulfidation"]["hgs"] == "retained"


def test_a_dose_without_sulfur_in_the_crude_is_a_message(base):
    c = base[2]
    no_s = {k: x for k, x in c.composition_wt_pct.items() if k != "S"}
    no_s["Se"] += c.composition_wt_pct["S"]
    out = v.check_controls(replace(c, composition_wt_pct=no_s, sulfur_dose_pct=1.0))
    assert set(out) == {v.SULFIDATION} and "does not list S" in out[v.SULFIDATION]
    assert v.control_of("operation.sulfidation.temperature: ...") == v.SULFIDATION


def test_good_controls_have_no_messages(base):
    assert v.check_controls(base[2]) == {}


def test_each_bad_entry_gets_a_message_next_to_its_control(base):
    c = base[2]
    melting_C = element("Se").melting_point.value - zero_celsius()
    bad = replace(
        c,
        composition_wt_pct={**c.composition_wt_pct, "Se": 90.0},
        temperature_degC=melting_C - 1,
        pressure_Pa=0.0,
        entrainment_pct=100.0,
        crude_price=-1.0,
    )
    out = v.check_controls(bad)
    assert set(out) == {v.COMPOSITION, v.TEMPERATURE, v.PRESSURE, v.ENTRAINMENT, v.PRICES}
    assert "sum to 98.9 %" in out[v.COMPOSITION]
    assert "melting point (220.8 degC)" in out[v.TEMPERATURE]
    assert all("\n" not in m for m in out.values())


def test_composition_must_list_se_first_and_be_non_negative(base):
    c = base[2]
    swapped = {"Te": 1.2, **{k: x for k, x in c.composition_wt_pct.items() if k != "Te"}}
    assert "listed first" in v.check_controls(replace(c, composition_wt_pct=swapped))["composition"]
    negative = {**c.composition_wt_pct, "Te": -1.2, "Se": 93.5}
    assert (
        "Te cannot be negative"
        in v.check_controls(replace(c, composition_wt_pct=negative))["composition"]
    )


def test_model_messages_are_placed_by_their_field():
    assert v.control_of("feed.composition_wt_pct: mass percents must...") == v.COMPOSITION
    assert v.control_of("case file: operation.pressure: Input should be...") == v.PRESSURE
    assert v.control_of("economics.user_prices.zinc: unknown item") == v.PRICES
    assert v.control_of("something else") == v.CASE


def test_evaluate_never_raises(base, monkeypatch):
    assert "not valid TOML" in evaluate("this is [not toml").error
    assert "operation.pressure" in evaluate(base[1].replace('"130 Pa"', '"130 K"')).error

    def broken(case, sha=""):
        raise ZeroDivisionError("division by zero\nsecond line")

    monkeypatch.setattr("valorize.dashboard.evaluation.run", broken)
    ev = evaluate(base[1])
    assert not ev.ok
    assert ev.error == "the model failed: ZeroDivisionError: division by zero"


def test_apply_controls_needs_a_valid_case(base):
    with pytest.raises(InputError):
        apply_controls("[case]\nname = 'x'", base[2])


def test_side_by_side_shows_the_change(base):
    _, text, c = base
    a = evaluate(text).results
    b = evaluate(apply_controls(text, replace(c, temperature_degC=450.0))).results
    rows = {label: (x, y) for label, x, y in side_by_side(a, b)}
    assert set(rows) == set(key_numbers(a))
    assert rows["product Se (wt %)"][0] != rows["product Se (wt %)"][1]


def test_the_calibration_settings_line_says_what_a_press_will_run():
    from valorize.dashboard.calibration_page import Settings, settings_line

    line = settings_line(Settings(walkers=16, max_steps=250, min_ess=400, seed=3))
    assert "at most 250 steps of 16 walkers (4,000 model evaluations)" in line
    assert "at least 400" in line and "seed 3" in line
    assert "at most 20,000 steps of 32 walkers" in settings_line(Settings())
