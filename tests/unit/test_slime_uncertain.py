"""Uncertain slime inputs by path: they reach the result, keep the balance, fail well."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from valorize.errors import InputError
from valorize.slime import data
from valorize.slime.case import SlimeUncertain, load_slime_case
from valorize.slime.risk import sample_flowsheet
from valorize.slime.run import evaluate
from valorize.slime.uncertain import DOSES, SPLIT_TABLES, applies

CASE = load_slime_case("almalyk-anode-slime")[0]


def _with(*specs):
    return CASE.model_copy(update={"uncertainty": [SlimeUncertain(**s) for s in specs]})


def test_sampled_te_recovery_moves_te_output_across_its_range():
    """Te sold = Te reaching the slag x the sampled share, sample by sample."""
    case = _with(
        {
            "parameter": "precious_metals.to_tellurium.Te",
            "distribution": "uniform",
            "parameters": [0.2, 0.8],
        }
    )
    s = sample_flowsheet(case, "roast", 64, seed=3)
    share, te = s["x"]["precious_metals.to_tellurium.Te"], s["products"]["Te"]
    assert share.min() < 0.25 and share.max() > 0.75  # the samples span the range
    # the deterministic case (share 0.6) fixes the Te reaching the slag
    te_case = evaluate(CASE, ("roast",))["routes"]["roast"]["te_t_per_yr"][0] * 1000.0
    reaching = te_case / data.split("precious_metals.to_tellurium")[data.ELEMENTS.index("Te")]
    np.testing.assert_allclose(te, share * reaching, rtol=1e-12)
    assert te.max() / te.min() == pytest.approx(share.max() / share.min(), rel=1e-12)


def test_sampled_leach_te_and_dose_reach_the_leach_only():
    case = _with(
        {"parameter": "leach.leached.Te", "distribution": "uniform", "parameters": [0.5, 0.79]},
        {
            "parameter": "leach.mno2_dose_kg_per_kg",
            "distribution": "uniform",
            "parameters": [0.05, 0.3],
        },
    )
    leach = sample_flowsheet(case, "leach", 32, seed=1)
    mno2 = leach["flowsheet"]["stage"].reagents["MnO2"]
    slime = leach["feed"].sum(axis=-1)
    np.testing.assert_allclose(mno2, leach["x"]["leach.mno2_dose_kg_per_kg"] * slime)
    # more Te leached, more Te cemented and sold: rank order follows the share
    order = np.argsort(leach["x"]["leach.leached.Te"])
    assert np.all(np.diff(leach["products"]["Te"][order]) > 0)
    roast = sample_flowsheet(case, "roast", 32, seed=1)
    assert roast["used"] == [] and np.ptp(roast["products"]["Te"]) == 0.0


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
    specs = [{"parameter": p, "distribution": "uniform", "parameters": [low, high]} for p in paths]
    lowest = DOSES[dose][2]
    specs.append({"parameter": dose, "distribution": "uniform", "parameters": [lowest, 3.0]})
    s = sample_flowsheet(_with(*specs), route, 8, seed=0)
    assert s["used"] == [p["parameter"] for p in specs if applies(p["parameter"], route)]
    assert float(np.max(s["flowsheet"]["balance_error"])) < 1e-9
    for m in s["products"].values():
        assert m.shape == (8,) and np.all(m >= 0)


def test_unknown_path_names_it_and_the_allowed_ones():
    with pytest.raises(ValidationError) as err:
        SlimeUncertain(parameter="roast.volatilised.Se", distribution="uniform", parameters=[0, 1])
    text = str(err.value)
    assert "roast.volatilised.Se" in text and "roast.volatilized|to_crude" in text
    with pytest.raises(ValidationError, match="not an uncertain input"):
        SlimeUncertain(parameter="leach.leached.Zn", distribution="uniform", parameters=[0, 1])


def test_share_bounds_outside_0_1_are_refused_on_load_and_on_sampling():
    with pytest.raises(ValidationError, match="must lie between 0 and 1"):
        SlimeUncertain(
            parameter="precious_metals.to_tellurium.Te",
            distribution="triangular",
            parameters=[0.2, 0.6, 1.2],
        )
    case = _with(
        {"parameter": "leach.to_crude.Se", "distribution": "normal", "parameters": [0.95, 0.3]}
    )
    with pytest.raises(InputError, match=r"leach\.to_crude\.Se must stay between 0 and 1"):
        sample_flowsheet(case, "leach", 64)
    case = _with(
        {"parameter": "roast.so2_excess", "distribution": "uniform", "parameters": [0.5, 1.5]}
    )
    with pytest.raises(InputError, match=r"roast\.so2_excess must stay at or above 1"):
        sample_flowsheet(case, "roast", 16)


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
