"""Uncertain slime inputs by path: they reach the result, keep the balance, fail well."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from valorize.analysis.uncertainty import run_uncertainty
from valorize.errors import InputError
from valorize.slime import data
from valorize.slime.case import SlimeUncertain, load_slime_case
from valorize.slime.model import SlimeModel
from valorize.slime.run import evaluate, flowsheet, leach_parameters, slime_feed
from valorize.slime.uncertain import DOSES, SPLIT_TABLES, sampled_parameters

CASE = load_slime_case("almalyk-anode-slime")[0]


def _with(*specs):
    return CASE.model_copy(update={"uncertainty": [SlimeUncertain(**s) for s in specs]})


def test_sampled_te_recovery_moves_te_output_across_its_range():
    """Te sold = Te reaching the slag x the sampled share, scenario by scenario."""
    share = np.linspace(0.2, 0.8, 7)
    te = SlimeModel(CASE, "roast").evaluate({"precious_metals.to_tellurium.Te": share}, 7)
    # the deterministic case (share 0.6) fixes the Te reaching the slag
    te_case = evaluate(CASE, ("roast",))["routes"]["roast"]["te_t_per_yr"][0]
    reaching = te_case / data.split("precious_metals.to_tellurium")[data.ELEMENTS.index("Te")]
    np.testing.assert_allclose(te["te_t_per_yr"], share * reaching, rtol=1e-12)


def test_sampled_leach_te_and_dose_reach_the_leach_only():
    x = {
        "leach.leached.Te": np.linspace(0.5, 0.79, 6),
        "leach.mno2_dose_kg_per_kg": np.full(6, 0.2),
    }
    _, feed, _ = slime_feed(CASE)
    feed = np.repeat(feed[:1], 6, axis=0)
    leach = sampled_parameters(leach_parameters(CASE), "leach", x, 6)
    f = flowsheet(feed, CASE, "leach", leach=leach)
    np.testing.assert_allclose(f["stage"].reagents["MnO2"], 0.2 * feed.sum(axis=-1))
    # more Te leached, more Te cemented and sold: rank order follows the share
    te = SlimeModel(CASE, "leach").evaluate(x, 6)["te_t_per_yr"]
    assert np.all(np.diff(te) > 0)
    # the roast model has no leach inputs: they are not its parameters, and the case's
    # leach entries are left out of its uncertain inputs
    with pytest.raises(InputError, match="not a parameter"):
        SlimeModel(CASE, "roast").evaluate(x, 6)
    case = _with(
        {"parameter": "leach.leached.Te", "distribution": "uniform", "parameters": [0.5, 0.79]}
    )
    assert SlimeModel(case, "roast").uncertain == ()


# every share but metals sent into the crude selenium: a crude richer in Cu, Ag, Pb ...
# than its Se can bind as selenides is refused by the refinery (a clear InputError)
SHARE_PATHS = [
    f"{step}.{table}.{element}"
    for step, tables in SPLIT_TABLES.items()
    for table in tables
    for element in data.ELEMENTS
    if element != "other" and (table != "to_crude" or element in ("Se", "Te", "S", "As"))
]


@settings(max_examples=25, deadline=None, derandomize=True)
@given(
    st.sampled_from(("roast", "leach")),
    st.lists(st.sampled_from(SHARE_PATHS), min_size=1, max_size=4, unique=True),
    st.floats(0.01, 0.49),
    st.floats(0.51, 1.0),
    st.sampled_from(sorted(DOSES)),
)
def test_every_sample_closes_the_balance(route, paths, low, high, dose):
    model = SlimeModel(CASE, route)
    names = {p.name for p in model.parameters}
    rng = np.random.default_rng(0)
    x = {p: rng.uniform(low, high, 8) for p in paths if p in names}
    if dose in names:
        x[dose] = rng.uniform(DOSES[dose][2], 3.0, 8)
    y = model.evaluate(x, 8)
    assert float(np.max(y["mass_balance_rel_error"])) < 1e-9
    for key in ("product_t_per_yr", "te_t_per_yr", "au_t_per_yr", "ag_t_per_yr"):
        assert y[key].shape == (8,) and np.all(y[key] >= 0)


def test_unknown_path_names_it_and_the_allowed_ones():
    case = _with(
        {"parameter": "roast.volatilised.Se", "distribution": "uniform", "parameters": [0, 1]}
    )
    with pytest.raises(InputError) as err:
        run_uncertainty(SlimeModel(case, "roast"), 8, seed=0)
    text = str(err.value)
    assert "'roast.volatilised.Se' is not a parameter" in text and "roast.volatilized.Se" in text


def test_any_numeric_field_can_be_sampled_with_units():
    """A field the route has no native input for (the copper output) is sampled by path,
    its distribution given as quantities in any unit of its dimension."""
    case = _with(
        {
            "parameter": "plant.copper_output",
            "distribution": "uniform",
            "parameters": ["100000 t/yr", "150000 t/yr"],
        }
    )
    s = run_uncertainty(SlimeModel(case, "roast"), 16, seed=0, keep=True)
    drawn = s.samples["plant.copper_output"] * 365.25 * 86400 / 1e6  # kg/s -> kt/yr
    assert drawn.min() >= 100 and drawn.max() <= 150
    # the slime, and so the selenium made, scale with the copper output
    order = np.argsort(drawn)
    assert np.all(np.diff(s.outputs["product_t_per_yr"][order]) > 0)


def test_share_bounds_outside_0_1_are_refused_on_load_and_on_sampling():
    with pytest.raises(ValidationError, match="must lie between 0 and 1"):
        SlimeUncertain(
            parameter="precious_metals.to_tellurium.Te",
            distribution="triangular",
            parameters=[0.2, 0.6, 1.2],
        )
    # an unbounded distribution may sample outside [0, 1]: those samples fail, are
    # counted and left out of the odds; the rest are evaluated
    case = _with(
        {"parameter": "leach.to_crude.Se", "distribution": "normal", "parameters": [0.95, 0.3]}
    )
    s = run_uncertainty(SlimeModel(case, "leach"), 64, seed=0, keep=True)
    outside = np.sum(np.abs(s.samples["leach.to_crude.Se"] - 0.5) > 0.5)
    assert s.summary["failed_samples"] == outside > 0
    assert np.isnan(s.outputs["npv_usd"]).sum() == outside
    # a bounded distribution reaching outside the bounds is refused before sampling
    case = _with(
        {"parameter": "roast.so2_excess", "distribution": "uniform", "parameters": [0.5, 1.5]}
    )
    with pytest.raises(InputError, match=r"roast\.so2_excess reaches \[0\.5, 1\.5\] 1, outside"):
        run_uncertainty(SlimeModel(case, "roast"), 16, seed=0)
    # and a value outside the bounds given to the model directly is refused, naming it
    with pytest.raises(InputError, match=r"roast\.volatilized\.Se = 1\.2 fraction is outside"):
        SlimeModel(CASE, "roast").evaluate({"roast.volatilized.Se": np.array([1.2])}, 1)


def test_builtin_case_ranges_are_the_data_files():
    """Each uncertain input with a [range] in anode_slime.toml uses exactly its bounds."""
    ranges = data.ranges()
    covered = 0
    for u in CASE.uncertainty:
        if u.parameter in ranges:
            r = ranges[u.parameter]
            assert u.distribution == "uniform"
            assert u.parameters == [float(r["low"]), float(r["high"])], u.parameter
            covered += 1
    assert covered == len(ranges)  # and every range of the data file is used


def test_each_point_value_lies_inside_its_range():
    """The deterministic case's value of every ranged input lies within its data range."""
    from valorize.slime.run import leach_parameters, precious_metal_parameters, roast_parameters

    params = {
        "roast": roast_parameters(CASE),
        "leach": leach_parameters(CASE),
        "precious_metals": precious_metal_parameters(CASE),
    }
    for path, r in data.ranges().items():
        step, _, rest = path.partition(".")
        if path in DOSES:
            name, factor, _ = DOSES[path]
            point = float(getattr(params[step], name)) / factor
        elif step in params:
            table, element = rest.split(".")
            point = float(getattr(params[step], table)[data.ELEMENTS.index(element)])
        elif step == "slime":
            point = CASE.slime.composition_wt_pct[rest.removesuffix("_wt_pct")]
        else:
            point = 1000.0 * data.value("slime_per_copper")
        assert float(r["low"]) <= point <= float(r["high"]), (path, point)
