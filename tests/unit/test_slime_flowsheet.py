"""The whole slime flowsheet (route + precious metals + vacuum refining) closes every element."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from valorize.errors import InputError
from valorize.slime.case import load_slime_case
from valorize.slime.data import ELEMENTS
from valorize.slime.refining import crude_selenium_feed
from valorize.slime.run import evaluate, flowsheet

CASE, _, _ = load_slime_case("almalyk-anode-slime")
N = len(ELEMENTS)


@settings(max_examples=8, deadline=None, derandomize=True)
@given(
    st.lists(st.floats(0.5, 30.0), min_size=N, max_size=N),
    st.sampled_from(["roast", "leach"]),
)
def test_whole_flowsheet_closes_over_random_slimes(w, route):
    feed = np.array(w) / sum(w) * 5e5  # kg/yr
    f = flowsheet(feed[None, :], CASE, route)
    assert float(np.max(f["balance_error"])) < 1e-9


def test_both_routes_report_products_and_close():
    r = evaluate(CASE, ("roast", "leach"))
    for route in ("roast", "leach"):
        out = r["routes"][route]
        assert max(out["mass_balance_rel_error"]) < 1e-9
        assert 0 < out["refined_se_t_per_yr"][0] < out["crude_se_t_per_yr"][0]
        assert out["crude_se_t_per_yr"][0] < out["se_in_slime_t_per_yr"][0]
        assert out["au_t_per_yr"][0] > 0 and out["ag_t_per_yr"][0] > 0 and out["te_t_per_yr"][0] > 0
    # Hait 2002's leach dissolves 80 % of the Se against the roast's 95 % volatilized:
    # the leach must recover less selenium from the same slime
    roast, leach = r["routes"]["roast"], r["routes"]["leach"]
    assert (
        leach["se_recovery_slime_to_product_pct"][0] < roast["se_recovery_slime_to_product_pct"][0]
    )


def test_crude_without_selenium_or_with_other_is_refused():
    crude = np.zeros(N)
    with pytest.raises(InputError, match="no crude selenium"):
        crude_selenium_feed(crude)
    crude[ELEMENTS.index("Se")] = 1.0
    crude[ELEMENTS.index("other")] = 0.1
    with pytest.raises(InputError, match="other"):
        crude_selenium_feed(crude)


def test_risk_samples_narrow_to_the_case():
    """Narrow uncertain inputs around the case reproduce its own NPV and its sign."""
    from valorize.analysis.risk import npv_risk
    from valorize.slime.case import SlimeUncertain, load_slime_case
    from valorize.slime.model import SlimeModel
    from valorize.slime.run import evaluate

    case = load_slime_case("almalyk-anode-slime")[0]
    se = case.slime.composition_wt_pct["Se"]
    narrow = case.model_copy(
        update={
            "uncertainty": [
                SlimeUncertain(
                    parameter="slime.Se_wt_pct",
                    distribution="uniform",
                    parameters=[se - 1e-7, se + 1e-7],
                )
            ]
        }
    )
    risk = npv_risk(SlimeModel(narrow, "roast"), 256)
    npv = evaluate(narrow, ("roast",))["routes"]["roast"]["economics"]["npv_usd"][0]
    assert risk["npv_p5_p50_p95_usd"][1] == pytest.approx(npv, rel=1e-6)
    assert risk["probability_npv_negative"] == (1.0 if npv < 0 else 0.0)


def test_risk_over_the_roast_share_moves_the_selenium():
    """A sampled Se volatilization share reaches the product: lower share, less Se sold."""
    from valorize.analysis.risk import npv_risk
    from valorize.slime.case import SlimeUncertain, load_slime_case
    from valorize.slime.model import SlimeModel

    case = load_slime_case("almalyk-anode-slime")[0]

    def risk(low, high, route="roast", kind="uniform"):
        spec = SlimeUncertain(
            parameter="roast.volatilized.Se", distribution=kind, parameters=[low, high]
        )
        return npv_risk(SlimeModel(case.model_copy(update={"uncertainty": [spec]}), route), 256)

    low, high = risk(0.50, 0.5000001), risk(0.98, 0.9800001)
    assert low["npv_p5_p50_p95_usd"][1] < high["npv_p5_p50_p95_usd"][1]
    # an unbounded distribution may still sample outside [0, 1]: those samples are counted
    assert "samples could not be evaluated" in risk(0.9, 0.5, kind="normal")["risk_basis"]
    # the leach flowsheet has no roast: it has nothing left to sample, and says so
    left_out = risk(0.9, 0.5, "leach", "normal")
    assert left_out["probability_npv_negative"] is None
    assert "no uncertain inputs" in left_out["risk_basis"]
