"""A poorer crude never earns more (issue 15): the property over crude grades.

The Balkhash crude diluted with iron (a metal no one pays for, bound as FeSe) at the
same prices and conditions: less selenium to sell, residue credits that do not grow,
and a crude bought on its selenium content. Revenue and NPV never rise with dilution.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from valorize.data.loader import price_basis
from valorize.refinery.case import load_case
from valorize.refinery.run import run

CASE, _, _ = load_case("balkhash-selenium")


def diluted(share: float):
    """The base crude mixed with ``share`` of iron by mass."""
    base = CASE.feed.composition_wt_pct
    composition = {el: pct * (1.0 - share) for el, pct in base.items()}
    composition["Fe"] = composition.get("Fe", 0.0) + 100.0 * share
    feed = CASE.feed.model_copy(update={"composition_wt_pct": composition})
    return CASE.model_copy(update={"feed": feed})


def money(case):
    scenarios = run(case).to_json()["summary"]["economics"]["scenarios"]
    return np.array([[s["revenue_usd_per_yr"], s["npv_usd"]] for s in scenarios])


RICH = money(CASE)


@settings(max_examples=6, deadline=None)
@given(st.floats(min_value=0.01, max_value=0.3))
def test_a_poorer_crude_never_earns_more(share):
    poorer = money(diluted(share))
    assert np.all(poorer <= RICH + 1e-6 * np.abs(RICH)), (share, poorer, RICH)


def test_a_poorer_crude_costs_less_to_buy():
    rich = run(CASE).to_json()["summary"]["economics"]["scenarios"]
    poor = run(diluted(0.2)).to_json()["summary"]["economics"]["scenarios"]
    for r, p in zip(rich, poor, strict=True):
        assert p["crude_price_usd_per_kg_crude"] < r["crude_price_usd_per_kg_crude"]


def test_off_grade_selenium_is_sold_as_crude_not_at_the_refined_price():
    # the example: a 70 % Se crude, its impurities (gold and silver too) scaled up;
    # the smelter charges for the precious metals at the shares the residue is credited
    base = CASE.feed.composition_wt_pct
    scale = 30.0 / (100.0 - base["Se"])
    composition = {el: (70.0 if el == "Se" else pct * scale) for el, pct in base.items()}
    charged = CASE.economics.model_copy(update={"feed_payable": dict(CASE.economics.payable)})
    rich_case = CASE.model_copy(update={"economics": charged})
    poor = rich_case.model_copy(
        update={"feed": CASE.feed.model_copy(update={"composition_wt_pct": composition})}
    )
    summary = run(poor).to_json()["summary"]
    rich = run(rich_case).to_json()["summary"]
    assert summary["product_Se_wt_pct"] < 99.5
    for s, r in zip(summary["economics"]["scenarios"], rich["economics"]["scenarios"], strict=True):
        assert s["grade_sold"] == "off-grade"
        basis = price_basis(s["price_scenario"], "crude_selenium") / 100.0
        crude_per_kg_se = s["prices_usd_per_kg"]["crude_selenium"] / basis
        assert s["product_price_usd_per_kg"] == pytest.approx(
            crude_per_kg_se * summary["product_Se_wt_pct"] / 100, rel=1e-9
        )
        selenium_sales = summary["product_t_per_yr"] * s["product_price_usd_per_kg"]
        assert selenium_sales < rich["product_t_per_yr"] * r["product_price_usd_per_kg"]
        assert s["npv_usd"] < r["npv_usd"]


def test_off_grade_product_sent_back_to_the_furnace():
    # the 80 % crude's product (99.0 % Se) meets no grade; 'redistil' distils it again,
    # up to 3 passes more, and sells what still misses as crude
    composition = CASE.variants[0].composition_wt_pct
    economics = CASE.economics.model_copy(update={"off_grade": "redistil"})
    feed = CASE.feed.model_copy(update={"composition_wt_pct": composition})
    once = run(CASE.model_copy(update={"feed": feed})).to_json()
    again = run(CASE.model_copy(update={"feed": feed, "economics": economics})).to_json()
    s, s1 = again["summary"], once["summary"]
    assert s["passes"] > s1["passes"] == 1
    assert s["product_Se_wt_pct"] > s1["product_Se_wt_pct"]
    assert s["furnace_hours_per_yr"] > s1["furnace_hours_per_yr"]
    assert any("distilled" in w and "redistil" in w for w in again["warnings"])
    # the base crude meets a grade at once: nothing to send back
    base = run(CASE.model_copy(update={"economics": economics})).to_json()
    assert base["summary"]["passes"] == 1


def test_redistil_in_the_model_raises_the_odds_of_the_grade():
    from valorize.analysis.uncertainty import declared_distributions
    from valorize.refinery.model import RefineryModel

    economics = CASE.economics.model_copy(update={"off_grade": "redistil"})
    plain = RefineryModel(CASE).for_sampling()
    sent_back = RefineryModel(CASE.model_copy(update={"economics": economics})).for_sampling()
    rng = np.random.default_rng(3)
    x = {k: d.ppf(rng.random(200)) for k, d in declared_distributions(plain).items()}
    a, b = plain.evaluate(x, 200), sent_back.evaluate(x, 200)
    met_a, met_b = a["product_Se_wt_pct"] >= 99.5, b["product_Se_wt_pct"] >= 99.5
    assert met_b.sum() > met_a.sum() and np.all(met_b[met_a])
    # scenarios that met the grade at once are not touched
    np.testing.assert_array_equal(a["npv_usd"][met_a], b["npv_usd"][met_a])
    assert np.all(b["furnace_hours_per_yr"][~met_a] > a["furnace_hours_per_yr"][~met_a])


def test_a_flowsheet_wires_its_own_recycle_instead():
    from pathlib import Path

    from valorize.errors import InputError
    from valorize.refinery.case import case_from_text

    text = Path(__file__).resolve().parents[2] / "src/valorize/cases/balkhash-flowsheet.toml"
    bad = text.read_text().replace("[economics]\n", '[economics]\noff_grade = "redistil"\n', 1)
    with pytest.raises(InputError, match="off_grade"):
        case_from_text(bad)


def test_redistil_stops_before_nothing_is_left():
    from valorize.refinery.case import MIN_SELENIUM_KEPT
    from valorize.refinery.run import redistil_passes

    op = CASE.operation.model_copy(update={"distilled_fraction": 0.2, "head_cut": 0.01})
    passes = list(redistil_passes(op.model_copy(update={"passes": 6})))
    assert passes == [7, 8]  # 9 passes would keep 4.7e-7 of the selenium
    assert (0.2 * 0.99) ** passes[-1] >= MIN_SELENIUM_KEPT
    assert list(redistil_passes(CASE.operation)) == [2, 3, 4]
