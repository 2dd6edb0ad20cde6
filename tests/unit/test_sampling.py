import warnings

import numpy as np
import pytest

from valorize.analysis.sampling import (
    Distribution,
    chunk_unit_samples,
    latin_hypercube,
    unit_samples,
)
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


@pytest.mark.parametrize(("n", "d"), [(1, 1), (7, 3), (2000, 6)])
@pytest.mark.parametrize("seed", [0, 11])
def test_latin_hypercube_draws_what_scipy_draws(n, d, seed):
    """The same generator gives SciPy's points, and leaves the generator as SciPy does."""
    from scipy.stats import qmc

    ours = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(4,)))
    theirs = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(4,)))
    np.testing.assert_array_equal(
        latin_hypercube(ours, n, d), qmc.LatinHypercube(d=d, seed=theirs).random(n)
    )
    np.testing.assert_array_equal(ours.random(4), theirs.random(4))


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
        # log-uniform on [a, b]: mean (b - a)/ln(b/a), E[x^2] = (b^2 - a^2)/(2 ln(b/a))
        (
            Distribution("loguniform", (0.001, 1.0)),
            0.999 / np.log(1000.0),
            np.sqrt((1.0 - 1e-6) / (2 * np.log(1000.0)) - (0.999 / np.log(1000.0)) ** 2),
        ),
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
        ("loguniform", (0.0, 1.0), "0 < low < high"),
        ("loguniform", (2.0, 1.0), "0 < low < high"),
    ],
)
def test_bad_distributions(kind, params, message):
    with pytest.raises(InputError, match=message):
        Distribution(kind, params)


def test_bad_method():
    with pytest.raises(InputError, match="unknown sampling method"):
        unit_samples("grid", 10, 2, seed=0)


def test_empirical_inverse_cdf_interpolates_order_statistics():
    data = (5.0, 1.0, 3.0, 10.0)
    d = Distribution("empirical", data)
    u = np.linspace(0.0, 1.0, 101)
    np.testing.assert_allclose(d.ppf(u), np.percentile(data, 100 * u), rtol=1e-12)
    assert d.ppf(np.array(0.0)) == 1.0 and d.ppf(np.array(1.0)) == 10.0


@pytest.mark.parametrize("data", [(1.0,), (1.0, float("nan"))])
def test_bad_empirical(data):
    with pytest.raises(InputError, match="2 or more finite"):
        Distribution("empirical", data)


def test_sobol_chunks_are_segments_of_one_sequence():
    whole = unit_samples("sobol", 96, 3, seed=4)
    parts = [
        chunk_unit_samples("sobol", s, 32, 3, seed=4, index=i) for i, s in enumerate((0, 32, 64))
    ]
    np.testing.assert_array_equal(np.vstack(parts), whole)


@pytest.mark.parametrize("method", ["mc", "lhs"])
def test_chunks_depend_on_seed_and_index_only(method):
    a = chunk_unit_samples(method, 100, 50, 2, seed=9, index=2)
    np.testing.assert_array_equal(a, chunk_unit_samples(method, 100, 50, 2, seed=9, index=2))
    assert not np.array_equal(a, chunk_unit_samples(method, 100, 50, 2, seed=9, index=3))
    assert a.min() >= 0 and a.max() < 1


def test_loguniform_inverse_cdf_and_density_agree_with_scipy():
    from scipy import stats

    d = Distribution("loguniform", (0.002, 0.5))
    u = np.linspace(0.0, 1.0, 11)
    np.testing.assert_allclose(d.ppf(u), stats.loguniform(0.002, 0.5).ppf(u), rtol=1e-12)
    x = np.array([0.001, 0.01, 0.1, 0.6])
    np.testing.assert_allclose(d.logpdf(x), stats.loguniform(0.002, 0.5).logpdf(x))
    assert np.isneginf(d.logpdf(x))[[0, 3]].all()


def test_a_prior_builds_its_scipy_distribution_once_and_each_kind_its_own():
    # a calibration asks for the prior's density at every step: the frozen SciPy
    # distribution is made once per (kind, parameters), not once per step
    from scipy import stats

    assert (
        Distribution("normal", (1.0, 2.0))._frozen() is Distribution("normal", (1.0, 2.0))._frozen()
    )
    assert (
        Distribution("normal", (1.0, 2.0))._frozen()
        is not Distribution("normal", (1.0, 3.0))._frozen()
    )
    x = np.array([0.2, 0.5, 0.9])
    pert = Distribution("pert", (0.0, 0.3, 1.0))
    np.testing.assert_allclose(pert.logpdf(x), stats.beta(2.2, 3.8).logpdf(x), rtol=1e-12)
    tri = Distribution("triangular", (0.0, 0.3, 1.0))
    np.testing.assert_allclose(tri.logpdf(x), stats.triang(0.3).logpdf(x), rtol=1e-12)


def test_parameters_given_as_a_list_or_array_work_as_a_tuple():
    for given in ([1.0, 2.0], np.array([1.0, 2.0])):
        d = Distribution("normal", given)
        assert d.parameters == (1.0, 2.0) and d == Distribution("normal", (1.0, 2.0))
        assert np.isfinite(d.logpdf(np.array([0.5]))).all()
    with pytest.raises(InputError, match="must be numbers"):
        Distribution("normal", ("one", 2.0))


@pytest.mark.parametrize(
    ("kind", "params"),
    [
        ("triangular", (1.0, 2.0, 5.0)),
        ("triangular", (1.0, 1.0, 5.0)),  # the mode at an end
        ("triangular", (-3.3, 7.7, 7.7)),
        ("normal", (-1e3, 17.1)),
        ("lognormal", (2.5, 0.4)),
    ],
)
def test_written_out_inverse_cdfs_give_scipys_bits(kind, params):
    u = np.concatenate([np.random.default_rng(8).random(5000), [0.0, 1e-300, 0.5, 1.0]])
    d = Distribution(kind, params)
    assert np.array_equal(d.ppf(u), d._frozen().ppf(u))
    # outside [0, 1] SciPy's answer, NaN, not a square root's warning
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isnan(d.ppf(np.array([-0.1, 0.3, 1.2]))[[0, 2]]).all()


@pytest.mark.parametrize(
    ("kind", "params"),
    [
        ("uniform", (-2.0, 3.5)),
        ("uniform", (0.0, 1.0)),
        ("normal", (-1e3, 17.1)),
        ("lognormal", (2.5, 0.4)),
        ("loguniform", (0.002, 0.5)),
        ("triangular", (1.0, 2.0, 5.0)),
        ("triangular", (1.0, 1.0, 5.0)),  # the mode at an end
        ("triangular", (-3.3, 7.7, 7.7)),
        ("pert", (0.0, 0.3, 1.0)),
        ("pert", (2.0, 2.0, 9.0)),
    ],
)
def test_written_out_log_densities_give_scipys_bits(kind, params):
    d = Distribution(kind, params)
    low, high = d._frozen().support()
    span = (min(high, 1e3) - max(low, -1e3)) or 1.0
    rng = np.random.default_rng(12)
    ends = [v for v in (*params, low, high, 0.0) if np.isfinite(v)]
    x = np.concatenate([max(low, -1e3) + span * rng.uniform(-0.2, 1.2, 3000), ends])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no NumPy notice from log(0) or a division
        for sample in (x, x[:1], x[:3], x[-len(ends) :]):
            assert np.array_equal(d.logpdf(sample), d._frozen().logpdf(sample))
        scalar = d.logpdf(np.float64(params[0]))
        assert np.ndim(scalar) == 0 and scalar == d._frozen().logpdf(params[0])
    # a point that is not finite goes to SciPy, which gives -inf or NaN there
    odd = np.array([np.nan, np.inf, -np.inf, params[0]])
    assert np.array_equal(d.logpdf(odd), d._frozen().logpdf(odd), equal_nan=True)


@pytest.mark.parametrize(
    ("kind", "params", "x"),
    [
        ("lognormal", (1.0, 2e154), [1.0, 3.0]),  # 2 s^2 overflows to inf, as in SciPy
        ("triangular", (0.0, 1.0, 1.5e308), [0.5, 1e308]),  # the mode's share under 1e-308
        ("triangular", (0.0, 5e-324, 1.0), [0.0, 0.5]),
        ("uniform", (-1e308, 1e308), [1e308, 0.0]),  # z = inf / inf: NaN, as in SciPy
        ("pert", (-1e308, 0.0, 1e308), [1e308, 0.0]),
    ],
)
def test_extreme_parameters_give_scipys_log_density(kind, params, x):
    d = Distribution(kind, params)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SciPy's own overflow notices
        expected = d._frozen().logpdf(np.array(x))
    if kind == "triangular":  # no notice of ours from a piece that does not apply
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            got = d.logpdf(np.array(x))
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            got = d.logpdf(np.array(x))
    assert np.array_equal(got, expected, equal_nan=True)


@pytest.mark.parametrize("params", [(np.nan, 1.0), (0.0, np.inf), (-np.inf, 0.0)])
def test_parameters_that_are_not_finite_are_refused(params):
    kind = "uniform" if params[0] == -np.inf else "normal"
    with pytest.raises(InputError, match="must be finite numbers"):
        Distribution(kind, params)


def test_a_latin_hypercube_sample_run_leaves_scipy_stats_unimported():
    """Importing scipy.stats costs about 1 s: a fifth of a million-sample run's time."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from valorize.model.registry import load_model\n"
        "from valorize.analysis.uncertainty import run_uncertainty\n"
        "run_uncertainty(load_model('balkhash-selenium'), 64, 1, 'lhs', keep=False)\n"
        "print(sorted(m for m in sys.modules if m.startswith('scipy.stats')))\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"
