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
