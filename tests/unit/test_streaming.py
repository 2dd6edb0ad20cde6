"""Streaming summaries: quantiles within their stated error bound, merges exact."""

import math

import numpy as np
import pytest

from valorize.analysis.streaming import StreamingSummary, add_exactly, pilot_range


@pytest.mark.parametrize(
    "draw",
    [
        lambda rng, n: rng.normal(10.0, 2.0, n),
        lambda rng, n: rng.lognormal(0.0, 1.5, n),
        lambda rng, n: rng.integers(0, 5, n).astype(float),
        lambda rng, n: np.full(n, 3.25),
    ],
)
@pytest.mark.parametrize("q", [0.0, 0.05, 0.5, 0.95, 1.0])
def test_quantile_within_its_bound(draw, q):
    rng = np.random.default_rng(42)
    chunks = [draw(rng, 3000) for _ in range(6)]
    s = StreamingSummary(*pilot_range(chunks[0]))
    for c in chunks:
        s.add(c)
    everything = np.concatenate(chunks)
    exact = np.percentile(everything, 100 * q)
    value, bound = s.quantile(q)
    assert abs(value - exact) <= bound + 1e-12 * max(1.0, abs(exact))
    assert s.mean == pytest.approx(everything.mean(), rel=1e-12)
    assert s.n == everything.size


def test_bound_is_one_bin_inside_the_range():
    rng = np.random.default_rng(0)
    x = rng.uniform(0.0, 1.0, 200_000)
    s = StreamingSummary(*pilot_range(x))
    s.add(x)
    value, bound = s.quantile(0.5)
    assert bound <= 2 * (s.high - s.low) / s.counts.size
    assert abs(value - np.median(x)) <= bound


def test_values_outside_the_pilot_range_are_counted():
    s = StreamingSummary(*pilot_range(np.array([0.0, 1.0])))
    s.add(np.array([-100.0, 0.5, 1e6, np.nan, np.inf]))
    assert (s.below, s.above, s.n) == (1, 1, 3)
    assert s.quantile(0.0)[0] == -100.0 and s.quantile(1.0)[0] == 1e6


def test_merge_equals_adding_everything():
    rng = np.random.default_rng(3)
    a, b = rng.normal(size=1000), rng.normal(size=1000)
    r = pilot_range(a)
    one, two, both = StreamingSummary(*r), StreamingSummary(*r), StreamingSummary(*r)
    one.add(a)
    two.add(b)
    both.add(a)
    both.add(b)
    one.merge(two)
    np.testing.assert_array_equal(one.counts, both.counts)
    assert (one.below, one.above, one.n, one.total) == (both.below, both.above, both.n, both.total)
    with pytest.raises(ValueError, match="different ranges"):
        one.merge(StreamingSummary(0.0, 1.0))


def test_merges_are_exact_whatever_the_grouping():
    """Chunks merged in groups, in any order, give the bits of the exact sum, rounded once."""
    rng = np.random.default_rng(5)
    chunks = [rng.lognormal(0.0, 3.0, 500) * 10.0 ** rng.integers(-8, 9) for _ in range(40)]
    r = pilot_range(chunks[0])

    def summary(group: list[np.ndarray]) -> StreamingSummary:
        s = StreamingSummary(*r)
        for c in group:
            s.add(c)
        return s

    one_by_one = summary(chunks)
    for size in (3, 7, 40):
        groups = [summary(chunks[k : k + size]) for k in range(0, len(chunks), size)]
        merged = StreamingSummary(*r)
        for g in groups[::-1]:
            merged.merge(g)
        assert merged.total == one_by_one.total
        np.testing.assert_array_equal(merged.counts, one_by_one.counts)
    assert one_by_one.total == math.fsum(float(c.sum()) for c in chunks)
    plain = 0.0
    for c in chunks:
        plain += float(c.sum())
    assert plain != one_by_one.total  # this data does round differently in order


def test_an_overflowing_sum_is_infinite_not_an_error():
    partials: list[float] = []
    for x in (1e308, 1e308, -1.0, 5.0):
        add_exactly(partials, x)
    assert partials == [math.inf]
    s = StreamingSummary(0.0, 1.0)
    s.partials = [math.inf, 1.0]
    assert s.total == math.inf


def test_groups_of_chunks_are_capped_and_cover_every_chunk_in_order():
    from valorize.analysis.scale_out import MAX_GROUP, chunk_groups

    for chunks, threads in [(0, 2), (1, 2), (49, 2), (5000, 2), (7, 16), (300, 0)]:
        groups = chunk_groups(range(chunks), threads)
        assert [i for g in groups for i in g] == list(range(chunks))
        assert all(1 <= len(g) <= MAX_GROUP for g in groups)
    assert [len(g) for g in chunk_groups(range(48), 2)] == [12, 9, 7, 5, 4, 3, 2, 2, 1, 1, 1, 1]
