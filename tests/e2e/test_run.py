"""`valorize run` and `valorize cases`, and case files good and bad."""

import json
from pathlib import Path

import pytest

from cli_runner import cli
from valorize.refinery.case import load_case
from valorize.refinery.run import run as run_case

pytestmark = pytest.mark.e2e
BUILTIN = Path(__file__).resolve().parents[2] / "src/valorize/cases/balkhash-selenium.toml"

REQUIRED_KEYS = {
    "feed_t_per_yr",
    "product_t_per_yr",
    "product_Se_wt_pct",
    "Se_recovery_pct",
    "residue_t_per_yr",
    "volatile_cut_t_per_yr",
    "energy_kWh_per_t_product",
    "mass_balance_rel_error",
    "impurities_ppm",
    "grade",
}


def test_cases_lists_balkhash():
    out = cli("cases")
    assert out.returncode == 0 and "balkhash-selenium" in out.stdout


def test_run_builtin_writes_results_json(tmp_path):
    out = cli("run", "balkhash-selenium", "--out", str(tmp_path / "res"))
    assert out.returncode == 0, out.stderr
    assert "refined selenium out" in out.stdout
    data = json.loads((tmp_path / "res" / "results.json").read_text())
    assert REQUIRED_KEYS <= set(data["summary"])
    s = data["summary"]
    assert s["mass_balance_rel_error"] < 1e-9
    assert set(s["impurities_ppm"]) >= {"Te", "S", "Hg", "As", "Pb", "Cu", "Ag", "Au", "Fe", "Ni"}
    assert data["case_sha256"] and data["valorize_version"]
    assert len(data["variants"]) == 2
    for key in (
        "capex_usd",
        "opex_usd_per_yr",
        "revenue_usd_per_yr",
        "unit_cost_usd_per_kg",
        "npv_usd",
        "irr_pct",
        "payback_yr",
    ):
        assert key in s
    scenarios = s["economics"]["scenarios"]
    assert [e["price_scenario"] for e in scenarios] == ["news-2024", "market-2025"]
    assert len(scenarios[0]["cash_flow"]) == 11  # a year of building and ten of operation
    # scope 2 by hand: kWh per t of product x kg CO2 per kWh / 1000
    assert s["co2_kg_per_kg_product"] == pytest.approx(s["energy_kWh_per_t_product"] * 0.797e-3)
    assert [p.name for p in (tmp_path / "res").iterdir()] == ["results.json"]


def test_balkhash_answer_and_its_honest_limits():
    case, _, _ = load_case("balkhash-selenium")
    r = run_case(case)
    s = r.summary
    assert s["feed_t_per_yr"] == pytest.approx(75.0)
    # the seed: >= 60 t/yr of >= 99.5 % Se, under the case's stated assumptions
    assert s["target"]["product_t_per_yr"]["met"] and s["target"]["product_Se_wt_pct"]["met"]
    # the residue keeps the valuables
    assert s["residue_wt_pct"]["Te"] > 5 and s["residue_wt_pct"]["Ag"] > 1
    # a crude of at most 80 % Se (what the Balkhash news says) cannot give 60 t/yr
    poorer = r.variants[0]["summary"]
    assert not poorer["target"]["product_t_per_yr"]["met"]


def test_user_case_file_runs(tmp_path):
    text = BUILTIN.read_text().replace('temperature = "400 degC"', 'temperature = "420 degC"')
    path = tmp_path / "mine.toml"
    path.write_text(text)
    out = cli("run", str(path), "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["summary"]["product_t_per_yr"] > 0


BAD = [
    ('pressure = "130 Pa"', 'pressure = "130 K"', "operation.pressure: '130 K' is not a pressure"),
    ('rate = "75 t/yr"', 'rate = "75 t"', "feed.rate: '75 t' is not a mass rate"),
    ('temperature = "400 degC"', "temperature = 673", "operation.temperature: 673 has no unit"),
    ("distilled_fraction = 0.98", "distilled_fraction = 1.5", "operation.distilled_fraction"),
    ('activity = "ideal"', 'activity = "nrtl"', "model.activity: Input should be"),
    ("head_cut = 0.03", "head_cut = 0.03\nheadcut = 0.1", "operation.headcut: unknown field"),
    ('Cu = "Cu2Se"', 'Cu = "CuXx"', "unknown form 'CuXx' for Cu"),
    ("Se = 91.1,", "Se = 95.1,", "sum to 100"),
    ('[case]\nname = "balkhash-selenium"', '[case]\nnam = "x"', "case.name"),
    ('grant = "280e6 KZT"', 'grant = "280e6 XYZ"', "unknown currency 'XYZ'"),
    ("life_years = 10", "life_years = 0", "economics.life_years"),
    ('"news-2024", "market-2025"', '"news-2024", "boom-2030"', "unknown price scenario"),
    ('electricity_price = "29.14 KZT/kWh"', 'electricity_price = "29.14 KZT"', "per kWh"),
    ("payable = { Te = 0.5,", "payable = { Zr = 0.5, Te = 0.5,", "Zr not in the residue"),
    (
        "payable = { Te = 0.5,",
        "payable = { Se = 0.5, Te = 0.5,",
        "economics.payable.Se: price scenario news-2024 has no Se price; it prices Te",
    ),
    ("se_min_wt_pct = 99.5", "se_min_wt_pct = 99.5\nmax_ppm = { Zn = 5 }", "Zn is not an impurity"),
    ("se_min_wt_pct = 99.5", "se_min_wt_pct = 99.5\nmax_ppm = { Se = 5 }", "Se is not an impurity"),
    ("se_min_wt_pct = 99.5", "se_min_wt_pct = 99.5\nmax_ppm = { Hg = -5 }", "target.max_ppm.Hg"),
    # a ppm limit above 1e6 is more than the whole product
    ("se_min_wt_pct = 99.5", "se_min_wt_pct = 99.5\nmax_ppm = { Hg = 2e6 }", "target.max_ppm.Hg"),
    (
        'temperature = "400 degC"\n',
        "",
        "give a temperature (e.g. '360 degC') or a temperature_program",
    ),
    ('charge_mass = "500 kg"', 'charge_mass = "1000 t"', "more than a year's crude (75 t at"),
    # the metals a near-total recycle accumulates leave no selenium: named by its field
    (
        "head_cut = 0.03",
        "head_cut = 0.03\nresidue_recycle = 0.999",
        "operation.residue_recycle = 0.999: recycle loop",
    ),
    # TOML's booleans are not numbers (pydantic would read true as 1)
    ("distilled_fraction = 0.98", "distilled_fraction = true", "distilled_fraction = true is a"),
    ("life_years = 10", "life_years = false", "economics: life_years = false is a boolean"),
]


@pytest.mark.parametrize(("old", "new", "message"), BAD)
def test_bad_case_files_name_the_field(tmp_path, old, new, message):
    text = BUILTIN.read_text()
    assert old in text
    path = tmp_path / "bad.toml"
    path.write_text(text.replace(old, new, 1))
    out = cli("run", str(path), "--out", str(tmp_path / "out"))
    assert out.returncode == 2
    line = out.stderr.strip().splitlines()
    assert len(line) == 1 and message in line[0], out.stderr
    assert line[0].startswith(f"error: {path}: "), line[0]  # every refusal names the file
    assert not (tmp_path / "out").exists()  # nothing half-written


def test_unknown_case_and_missing_file():
    out = cli("run", "no-such-case")
    assert out.returncode == 2 and "built-in cases: " in out.stderr
    assert "balkhash-selenium" in out.stderr
    out = cli("run", "/nonexistent/case.toml")
    assert out.returncode == 2 and "no case file" in out.stderr


def test_temperature_program_in_a_case_file(tmp_path):
    text = BUILTIN.read_text().replace(
        'temperature = "400 degC"',
        'temperature_program = [["0 min", "350 degC"], ["60 min", "400 degC"]]',
    )
    path = tmp_path / "ramp.toml"
    path.write_text(text)
    out = cli("run", str(path), "--json")
    assert out.returncode == 0, out.stderr
    ramp = json.loads(out.stdout)["summary"]
    iso = run_case(load_case("balkhash-selenium")[0]).summary
    # the same 400 degC after a cooler first hour: slower than isothermal 400 degC
    assert ramp["batch_duration_h"] > iso["batch_duration_h"]


@pytest.mark.parametrize(
    ("new", "message"),
    [
        (
            'temperature = "400 degC"\ntemperature_program = [["0 min", "350 degC"], '
            '["1 h", "400 degC"]]',
            "either temperature or temperature_program",
        ),
        ('temperature_program = [["10 min", "350 degC"], ["5 min", "400 degC"]]', "rising times"),
        (
            'temperature_program = [["0 min", "350 Pa"], ["5 min", "400 degC"]]',
            "is not a temperature",
        ),
    ],
)
def test_bad_temperature_programs(tmp_path, new, message):
    path = tmp_path / "bad.toml"
    path.write_text(BUILTIN.read_text().replace('temperature = "400 degC"', new))
    out = cli("run", str(path))
    assert out.returncode == 2 and message in out.stderr, out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_compare_shows_each_price_scenario(tmp_path):
    two = tmp_path / "two.toml"
    two.write_text(BUILTIN.read_text().replace("passes = 1", "passes = 2"))
    out = cli("compare", "balkhash-selenium", str(two), "--json")
    assert out.returncode == 0, out.stderr
    columns = json.loads(out.stdout)["columns"]
    assert len(columns) == 4 and columns[0]["label"].endswith("@ news-2024")
    # a second pass: purer, less recovered
    assert columns[2]["product_Se_wt_pct"] > columns[0]["product_Se_wt_pct"]
    assert columns[2]["Se_recovery_pct"] < columns[0]["Se_recovery_pct"]
    out = cli("compare", "balkhash-selenium", "no-such-case")
    assert out.returncode == 2 and "unknown case 'no-such-case'" in out.stderr


def test_residue_recycle_converges_and_trades_purity_for_recovery(tmp_path):
    base = run_case(load_case("balkhash-selenium")[0]).summary
    path = tmp_path / "recycle.toml"
    path.write_text(BUILTIN.read_text().replace("passes = 1", "passes = 1\nresidue_recycle = 0.6"))
    s = run_case(load_case(str(path))[0]).summary
    assert s["feed_t_per_yr"] == pytest.approx(base["feed_t_per_yr"])
    assert s["mass_balance_rel_error"] < 1e-9
    assert s["recycle_iterations"] < 30
    assert s["Se_recovery_pct"] > base["Se_recovery_pct"]
    assert s["product_Se_wt_pct"] < base["product_Se_wt_pct"]  # selenides come back too
    assert s["residue_t_per_yr"] < base["residue_t_per_yr"]


def test_cash_flow_table_has_project_and_grant_columns():
    s = run_case(load_case("balkhash-selenium")[0]).summary
    year0 = s["economics"]["scenarios"][0]["cash_flow"][0]
    grant = s["economics"]["scenarios"][0]["grant_usd"]
    assert year0["cash_flow_with_grant_usd"] - year0["project_cash_flow_usd"] == pytest.approx(
        grant
    )


ZONES = (
    'condensers = [{ name = "baffle", temperature = "330 degC", destination = "%s" }, '
    '{ name = "product", temperature = "200 degC", product = true }]'
)


@pytest.mark.parametrize("destination", ["waste", "recycle"])
def test_condensation_zones_in_a_case_file(tmp_path, destination):
    base = run_case(load_case("balkhash-selenium")[0]).summary
    path = tmp_path / "zones.toml"
    text = BUILTIN.read_text().replace("passes = 1", "passes = 1\n" + ZONES % destination)
    # antimony's sublimation data start at 500 K: a 200 degC product condenser is outside
    path.write_text(text)
    refused = cli("run", str(path))
    assert refused.returncode == 2 and "Sb: 473.15 K is outside" in refused.stderr
    path.write_text(text.replace("[model]", "[model]\nextrapolate = true"))
    results = run_case(load_case(str(path))[0])
    assert any("condenser: Sb" in w and "extrapolated" in w for w in results.warnings)
    s = results.summary
    assert s["mass_balance_rel_error"] < 1e-9
    (baffle,) = s["side_condensates"]
    assert baffle["name"] == "baffle" and baffle["destination"] == destination
    assert baffle["t_per_yr"] > 0 and baffle["temperature_C"] == pytest.approx(330)
    # droplets of selenides settle on the baffle, not in the product
    assert s["impurities_ppm"]["Cu"] == 0.0 < base["impurities_ppm"]["Cu"]
    if destination == "waste":
        assert s["waste_t_per_yr"] == pytest.approx(s["volatile_cut_t_per_yr"] + baffle["t_per_yr"])
        assert s["Se_recovery_pct"] < base["Se_recovery_pct"]
    else:
        assert s["recycle_iterations"] >= 1 and s["recycle_t_per_yr"] > 0
        assert s["waste_t_per_yr"] == pytest.approx(s["volatile_cut_t_per_yr"])
    out = cli("run", str(path))
    assert out.returncode == 0 and "baffle condensate" in out.stdout
    assert "condenser: Sb" in out.stderr  # the extrapolation is said where it is used


@pytest.mark.parametrize(
    ("zones", "message"),
    [
        (
            'condensers = [{ name = "a", temperature = "200 degC", product = true }, '
            '{ name = "b", temperature = "300 degC" }]',
            "hottest first",
        ),
        ('condensers = [{ name = "a", temperature = "200 degC" }]', "exactly one"),
        (
            'condensers = [{ name = "a", temperature = "200 degC", product = true, '
            'destination = "waste" }]',
            "takes no destination",
        ),
        (
            'condensers = [{ name = "a", temperature = "300 degC", destination = "sell" }, '
            '{ name = "b", temperature = "200 degC", product = true }]',
            "destination",
        ),
        (
            'condenser_temperature = "200 degC"\n'
            'condensers = [{ name = "a", temperature = "200 degC", product = true }]',
            "not both",
        ),
    ],
)
def test_bad_condensers_in_a_case_file(tmp_path, zones, message):
    path = tmp_path / "bad.toml"
    path.write_text(BUILTIN.read_text().replace("passes = 1", "passes = 1\n" + zones))
    out = cli("run", str(path))
    assert out.returncode == 2, out.stdout
    line = out.stderr.strip().splitlines()
    assert len(line) == 1 and message in line[0], out.stderr


def test_a_loan_in_the_case_file(tmp_path):
    path = tmp_path / "loan.toml"
    # a grant of 100e6 of the 280e6 KZT capital: the loan is drawn on the rest (issue 15)
    loan = 'grant = "100e6 KZT"\nloan_fraction = 0.5\nloan_interest_rate = 0.14\nloan_years = 5'
    path.write_text(BUILTIN.read_text().replace('grant = "280e6 KZT"', loan))
    out = cli("run", str(path), "--json")
    assert out.returncode == 0, out.stderr
    (first, _) = json.loads(out.stdout)["summary"]["economics"]["scenarios"]
    assert first["loan_usd"] == pytest.approx(0.5 * (first["capex_usd"] - first["grant_usd"]))
    assert first["minimum_dscr"] > 1
    assert sum(row["principal_usd"] for row in first["cash_flow"]) == pytest.approx(
        first["loan_usd"]
    )
    assert "with a loan of" in cli("run", str(path)).stdout
    path.write_text(BUILTIN.read_text().replace('grant = "280e6 KZT"', loan + "0"))
    out = cli("run", str(path))
    assert out.returncode == 2 and "economics.loan_years" in out.stderr


def test_co2_avoided_against_exporting_the_crude_by_hand():
    s = run_case(load_case("balkhash-selenium")[0]).summary
    a = s["co2_avoided"]
    km, rail = 3070.0, 0.02779  # data/economics.toml: the route and DESNZ 2025 freight train
    kwh = s["energy_kWh_per_t_product"] * s["product_t_per_yr"]
    here = kwh * 0.797 / 1000 + s["product_t_per_yr"] * km * rail / 1000
    there = kwh * 0.5306 / 1000 + s["feed_t_per_yr"] * km * rail / 1000
    assert a["this_route_t_per_yr"]["total"] == pytest.approx(here)
    assert a["baseline_t_per_yr"]["total"] == pytest.approx(there)
    assert a["avoided_t_per_yr"] == pytest.approx(there - here)
    # Kazakhstan's coal-heavy grid costs more CO2 than the crude's extra freight saves
    assert a["avoided_t_per_yr"] < 0


@pytest.mark.parametrize(
    ("leg", "message"),
    [
        ('{ mode = "rail", route = "balkhash_lanzhou_rail", distance = "10 km" }', "either route"),
        ('{ mode = "rail" }', "either route"),
        ('{ mode = "air", distance = "10 km" }', "co2_baseline.legs"),
        ('{ mode = "rail", route = "moon" }', "unknown route 'moon'"),
    ],
)
def test_bad_co2_baselines(tmp_path, leg, message):
    old = 'legs = [{ mode = "rail", route = "balkhash_lanzhou_rail" }]'
    assert old in BUILTIN.read_text()
    path = tmp_path / "bad.toml"
    path.write_text(BUILTIN.read_text().replace(old, f"legs = [{leg}]"))
    out = cli("run", str(path))
    assert out.returncode == 2 and message in out.stderr, out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


EQUIPMENT = """capital_cost_source = "equipment list"
plant_kind = "solid_fluid"
contingency = 0.2
cost_year = 2024
working_capital = 0.25
equipment = [
  { name = "vacuum pump", correlation = "dry_vacuum_pump_screw", size = "300 ft^3/min", count = 2 },
  { name = "furnace", cost = "50e6 KZT", cost_year = 2023, source = "an assumed quote" },
]"""


def _with_equipment(tmp_path, block=EQUIPMENT):
    text = BUILTIN.read_text()
    start = text.index('capital_cost = "280e6 KZT"')
    end = text.index("construction_years")
    path = tmp_path / "equipment.toml"
    path.write_text(text[:start] + block + "\n" + text[end:])
    return path


def test_capital_from_an_equipment_list_by_hand(tmp_path):
    from valorize.data.loader import exchange_rate

    s = run_case(load_case(str(_with_equipment(tmp_path)))[0]).summary
    e = s["economics"]["scenarios"][0]
    pump = 2 * 10875.0 * 300.0**0.38 * 798.8 / 567.0
    furnace = 50e6 / exchange_rate("KZT") * 798.8 / 797.9
    assert e["capex_usd"] == pytest.approx(3.63 * 1.2 * (pump + furnace))
    assert [row["name"] for row in e["equipment"]] == ["vacuum pump", "furnace"]
    # working capital: a quarter of a full year's operating cost, out in year 1, back in year 10
    rows = e["cash_flow"]
    tied = 0.25 * rows[-1]["operating_cost_usd"]
    assert rows[1]["working_capital_usd"] == pytest.approx(tied)
    assert rows[-1]["working_capital_usd"] == pytest.approx(-tied)


@pytest.mark.parametrize(
    ("block", "message"),
    [
        (EQUIPMENT + '\ncapital_cost = "1e6 USD"', "either capital_cost or equipment"),
        (EQUIPMENT.replace('"300 ft^3/min"', '"3 ft^3/min"'), "outside the correlation's range"),
        (EQUIPMENT.replace('"300 ft^3/min"', '"300 kg"'), "cannot be converted"),
        (EQUIPMENT.replace(', size = "300 ft^3/min"', ""), "needs a size"),
        (EQUIPMENT.replace(", cost_year = 2023", ""), "needs its cost_year"),
        (EQUIPMENT.replace("cost_year = 2024", "cost_year = 1990"), "no CEPCI for 1990"),
    ],
)
def test_bad_equipment(tmp_path, block, message):
    out = cli("run", str(_with_equipment(tmp_path, block)))
    assert out.returncode == 2 and message in out.stderr, out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_python_users_get_dataframes():
    results = run_case(load_case("balkhash-selenium")[0])
    cf = results.cash_flow_frame()
    assert list(cf.index.names) == ["price_scenario", "year"]
    assert len(cf) == 2 * 11
    first = results.summary["economics"]["scenarios"][0]
    assert cf.loc[("news-2024", 3), "revenue_usd"] == first["cash_flow"][3]["revenue_usd"]
    table = results.summary_frame()
    assert list(table.columns) == ["base", *(v["name"] for v in results.variants)]
    assert table.loc["product_t_per_yr", "base"] == results.summary["product_t_per_yr"]


def test_a_buyers_impurity_limits_are_checked(tmp_path):
    """[target] max_ppm: each limit is reported against the product's ppm, met or not."""
    path = tmp_path / "spec.toml"
    path.write_text(
        BUILTIN.read_text().replace(
            "se_min_wt_pct = 99.5", "se_min_wt_pct = 99.5\nmax_ppm = { Hg = 50, Te = 500 }", 1
        )
    )
    s = run_case(load_case(str(path))[0]).summary
    ppm = s["impurities_ppm"]
    assert s["target"]["Hg_ppm_max"] == {"target": 50, "met": ppm["Hg"] <= 50}
    assert s["target"]["Te_ppm_max"] == {"target": 500, "met": ppm["Te"] <= 500}
    assert not s["target"]["Hg_ppm_max"]["met"]  # ~3,000 ppm of Hg: HgSe co-distils
    assert s["target"]["Te_ppm_max"]["met"]
    out = cli("run", str(path))
    assert out.returncode == 0, out.stderr
    assert "target: Hg in the product at most 50 ppm: NOT met" in out.stdout


def test_furnace_capacity_caps_the_output_and_the_targets(tmp_path):
    """At 280 degC the batches of 75 t/yr need ~18 furnaces: one processes ~6 % of it."""
    text = BUILTIN.read_text().replace('temperature = "400 degC"', 'temperature = "280 degC"', 1)
    path = tmp_path / "cold.toml"
    path.write_text(text)
    r = run_case(load_case(str(path))[0])
    s = r.summary
    assert s["furnaces"] == 1 and s["furnaces_needed"] > 15
    assert s["processed_share"] == pytest.approx(8000 / s["furnace_hours_per_yr"])
    assert s["crude_processed_t_per_yr"] == pytest.approx(75 * s["processed_share"])
    assert s["product_t_per_yr"] < 6  # what one furnace can make, not the ~60 t/yr of all
    assert not s["target"]["product_t_per_yr"]["met"]
    assert not s["target"]["furnace_hours_per_yr"]["met"]
    assert any("cannot process all the crude" in w for w in r.warnings)
    furnace = next(u for u in s["units"] if u["kind"] == "vacuum_furnace")
    assert furnace["sizes"]["throughput_t_per_yr"] == pytest.approx(s["crude_processed_t_per_yr"])
    # the model says the same: the output metric is what the furnaces can process
    from valorize.model.registry import load_model

    model = load_model(str(path))
    values = model.evaluate({}, 1)
    assert values["product_t_per_yr"][0] == pytest.approx(s["product_t_per_yr"], rel=1e-9)
    assert not any(t.met(values[t.metric])[0] for t in model.targets if t.name == "output_met")
    # with the furnaces it needs, all the crude is processed again
    path.write_text(text.replace("passes = 1", f"passes = 1\nfurnaces = {s['furnaces_needed']}"))
    more = run_case(load_case(str(path))[0]).summary
    assert more["processed_share"] == 1.0 and more["target"]["furnace_hours_per_yr"]["met"]
    assert more["product_t_per_yr"] == pytest.approx(s["product_t_per_yr"] / s["processed_share"])


def test_the_base_case_fits_one_furnace():
    s = run_case(load_case("balkhash-selenium")[0]).summary
    assert s["furnaces"] == s["furnaces_needed"] == 1 and s["processed_share"] == 1.0
    assert s["target"]["furnace_hours_per_yr"]["met"]


def test_a_default_search_stays_inside_the_data(tmp_path):
    from valorize.model.registry import load_model

    text = BUILTIN.read_text().replace(
        "passes = 1", 'passes = 1\ncondenser_temperature = "250 degC"', 1
    )
    path = tmp_path / "cond.toml"
    path.write_text(text)
    decisions = load_model(str(path)).default_decisions()
    assert decisions["operation.condenser_temperature"][0] >= 500.0  # Sb's data start there
    te = load_model("almalyk-crude-tellurium").default_decisions()
    assert te["operation.temperature"][1] <= 900.0  # As's data end there
    # extrapolating, the route's own range again
    path.write_text(text.replace("[model]", "[model]\nextrapolate = true"))
    assert load_model(str(path)).default_decisions()["operation.condenser_temperature"][0] < 500


def test_credits_that_pay_for_everything_give_a_negative_break_even(tmp_path):
    # the issue-15 example: gold as a user price of 400,000 USD/kg
    path = tmp_path / "gold.toml"
    gold = '[economics]\nuser_prices = { Au = "400000 USD/kg" }\n'
    path.write_text(BUILTIN.read_text().replace("[economics]\n", gold, 1))
    out = cli("run", str(path), "--json")
    assert out.returncode == 0, out.stderr
    user = json.loads(out.stdout)["summary"]["economics"]["scenarios"][0]
    assert user["price_scenario"] == "user"
    assert user["unit_cost_usd_per_kg"] < 0
    assert user["minimum_selling_price_usd_per_kg"] < 0  # not clamped at zero
    assert "below zero: the residue credits alone earn" in cli("run", str(path)).stdout
