"""Both slime routes and the whole flowsheet close every element's balance (property tests)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from valorize.errors import InputError
from valorize.slime.data import ELEMENTS
from valorize.slime.leaching import LeachParameters, sulfuric_acid_leach
from valorize.slime.precious_metals import PreciousMetalParameters, recover_precious_metals
from valorize.slime.roasting import RoastParameters, sulfation_roast
from valorize.slime.splits import balance_error

N = len(ELEMENTS)
shares = st.lists(st.floats(0.0, 1.0), min_size=N, max_size=N).map(np.array)
slimes = st.lists(st.floats(0.0, 50.0), min_size=N, max_size=N).filter(lambda w: sum(w) > 0)


def _close(feed, outlets):
    return float(np.max(balance_error(feed, outlets)))


@settings(max_examples=60, deadline=None, derandomize=True)
@given(slimes, shares, shares, st.floats(1.0, 2000.0))
def test_roast_closes_every_element(w, volatilized, to_crude, tonnes):
    feed = np.array(w) / sum(w) * tonnes * 1000.0
    p = RoastParameters.from_data(volatilized=volatilized, to_crude=to_crude)
    r = sulfation_roast(feed, p)
    assert _close(feed, list(r.outlets().values())) < 1e-9
    assert float(r.mass_balance_error) < 1e-9
    assert np.all(r.crude_selenium >= 0) and np.all(r.losses >= -1e-9 * feed.max())


@settings(max_examples=60, deadline=None, derandomize=True)
@given(slimes, shares, shares, shares, shares)
def test_leach_closes_every_element(w, leached, gold, crude, te):
    feed = np.array(w) / sum(w) * 891e3
    p = LeachParameters.from_data(
        leached=leached, gold_precipitated=gold, to_crude=crude, te_cemented=te
    )
    r = sulfuric_acid_leach(feed, p)
    assert _close(feed, list(r.outlets().values())) < 1e-9


@settings(max_examples=60, deadline=None, derandomize=True)
@given(slimes, shares, shares, shares, shares)
def test_precious_metals_close_every_element(w, cu, dore, refined, te):
    solid = np.array(w) * 1e3
    p = PreciousMetalParameters.from_data(
        to_copper_solution=cu, to_dore=dore, refined_from_dore=refined, to_tellurium=te
    )
    r = recover_precious_metals(solid, p)
    assert _close(solid, list(r.outlets().values())) < 1e-9


def test_scenario_axis_matches_one_at_a_time():
    rng = np.random.default_rng(3)
    feeds = rng.dirichlet(np.ones(N), size=50) * 1e5
    p = RoastParameters.from_data()
    together = sulfation_roast(feeds, p)
    for k in (0, 17, 49):
        alone = sulfation_roast(feeds[k], p)
        assert np.array_equal(together.crude_selenium[k], alone.crude_selenium)
        assert together.reagents["SO2"][k] == alone.reagents["SO2"]


def test_shares_outside_zero_one_are_refused():
    feed = np.ones(N)
    bad = RoastParameters.from_data().volatilized.copy()
    bad[0] = 1.2
    with pytest.raises(InputError, match="between 0 and 1"):
        sulfation_roast(feed, RoastParameters.from_data(volatilized=bad))


def test_roast_sends_selenium_to_the_crude_and_keeps_gold_in_the_calcine():
    feed = np.zeros(N)
    feed[ELEMENTS.index("Se")] = 100.0
    feed[ELEMENTS.index("Au")] = 10.0
    r = sulfation_roast(feed, RoastParameters.from_data())
    assert r.crude_selenium[ELEMENTS.index("Se")] > 90.0
    assert r.solid[ELEMENTS.index("Au")] == 10.0
    # stoichiometric SO2 for Se: 2 x 64.06 / 78.97 kg per kg, times the excess
    se = r.crude_selenium[ELEMENTS.index("Se")]
    assert r.reagents["SO2"] / se == pytest.approx(2 * 64.058 / 78.971 * 1.2, rel=1e-4)
