"""Statistics on unbounded inputs and on outputs with undefined samples (issue 16, kind 8)."""

import numpy as np
import pytest
from scipy import stats

from valorize.analysis.correlation import spearman_matrix
from valorize.analysis.sensitivity import morris_screening, sobol_indices
from valorize.errors import InputError


class Frozen:
    """A scipy distribution as valorize's analyses take it (a ``ppf``)."""

    def __init__(self, dist):
        self.dist = dist

    def ppf(self, u):
        return self.dist.ppf(u)


Z95 = stats.norm.ppf(0.95)
# the same 5-95 % range, -1 to 1, and the same effect on y
SAME_RANGE = {
    "normal": Frozen(stats.norm(0.0, 1.0 / Z95)),
    "uniform": Frozen(stats.uniform(-1.0 / 0.9, 2.0 / 0.9)),
}


def test_morris_scores_a_normal_input_like_a_uniform_one():
    r = morris_screening(lambda x, n: {"y": x["normal"] + x["uniform"]}, SAME_RANGE, 40, 3)
    a, b = r["y"]["normal"]["mu_star"], r["y"]["uniform"]["mu_star"]
    assert a == pytest.approx(b, rel=0.15)  # not 11.2 against 3.3 from the far tails


def _sometimes_undefined(x, n):
    y = x["normal"] + 2 * x["uniform"]
    z = np.where(x["normal"] > 0.5, np.nan, y)  # undefined in a tail, as an IRR may be
    return {"y": y, "z": z}


def test_morris_leaves_out_trajectories_with_undefined_samples_and_says_so():
    notes = {}
    r = morris_screening(_sometimes_undefined, SAME_RANGE, 40, 3, notes=notes)
    assert "z" in r and "trajectories left out" in notes["z"]
    assert "y" not in notes
    assert r["z"]["uniform"]["mu_star"] > r["z"]["normal"]["mu_star"]


def test_sobol_leaves_out_blocks_with_undefined_samples_and_says_so():
    notes = {}
    r = sobol_indices(_sometimes_undefined, SAME_RANGE, 256, 3, notes)
    assert "z" in r and "base samples left out" in notes["z"]
    assert r["z"]["uniform"]["ST"] > r["z"]["normal"]["ST"]


def test_iman_conover_says_whose_matrix_fails():
    names = ["a", "b", "c"]
    valid_for_the_user = [("a", "b", 0.8), ("a", "c", 0.8), ("b", "c", 0.3)]
    with pytest.raises(InputError, match="consistent, but so close to the edge"):
        spearman_matrix(names, valid_for_the_user)
    with pytest.raises(InputError, match="not consistent"):
        spearman_matrix(names, [("a", "b", 0.9), ("a", "c", 0.9), ("b", "c", -0.5)])


@pytest.mark.parametrize("seed", [0, 7])
def test_sobol_confidence_intervals_repeat_with_the_seed(seed):
    """SALib seeds its bootstrap only for a nonzero seed: seed 0 must repeat too."""

    def model(x, n):
        return {"y": x["normal"] + 2 * x["uniform"]}

    runs = [sobol_indices(model, SAME_RANGE, 64, seed) for _ in range(2)]
    assert runs[0] == runs[1]
