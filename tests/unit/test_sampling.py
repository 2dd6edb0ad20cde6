import numpy as np
import pytest

from valorize.analysis.sampling import Distribution, unit_samples
from valorize.errors import InputError


@pytest.mark.parametrize("method", ["mc", "lhs", "sobol"])
def test_same_seed_same_samples(method):
    a = unit_samples(method, 256, 3, seed=7)
    b = unit_samples(method, 256, 3, seed=7)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, unit_samples(method, 256, 3, seed=8))
    assert a.min() >= 0 and a.max() < 1


def test_latin_hypercube_fills_every_stratum():
    u = unit_samples("lhs", 100, 2, seed=1)
    for d in range(2):
        assert sorted(np.floor(u[:, d] * 100).astype(int)) == list(range(100))


@pytest.mark.parametrize(
    ("dist", "mean", "sd"),
    [
        (Distribution("uniform", (2.0, 4.0)), 3.0, 2 / np.sqrt(12)),
        (Distribution("normal", (10.0, 2.0)), 10.0, 2.0),
        (
            Distribution("triangular", (0.0, 1.0, 4.0)),
            5 / 3,
            np.sqrt((0 + 1 + 16 - 0 - 0 - 4) / 18),
        ),
        (
            Distribution("lognormal", (1.0, 0.5)),
            np.exp(0.125),
            np.sqrt((np.exp(0.25) - 1) * np.exp(0.25)),
        ),
        (Distribution("pert", (0.0, 1.0, 4.0)), (0 + 4 + 4) / 6, None),
    ],
)
def test_moments(dist, mean, sd):
    x = dist.ppf(unit_samples("sobol", 2**16, 1, seed=3)[:, 0])
    assert x.mean() == pytest.approx(mean, rel=2e-3)
    if sd is not None:
        assert x.std() == pytest.approx(sd, rel=5e-3)


@pytest.mark.parametrize(
    ("kind", "params", "message"),
    [
        ("gamma", (1.0, 2.0), "unknown distribution"),
        ("uniform", (3.0, 1.0), "low < high"),
        ("pert", (1.0, 5.0, 4.0), "low <= mode <= high"),
        ("normal", (0.0, -1.0), "positive spread"),
        ("normal", (0.0,), "takes 2 parameters"),
    ],
)
def test_bad_distributions(kind, params, message):
    with pytest.raises(InputError, match=message):
        Distribution(kind, params)


def test_bad_method():
    with pytest.raises(InputError, match="unknown sampling method"):
        unit_samples("grid", 10, 2, seed=0)
