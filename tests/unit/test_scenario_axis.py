"""The scenario axis's helpers: picking scenarios, and a broadcast value held once."""

import numpy as np
import pytest

from valorize.scenario_axis import compact, rows


@pytest.mark.parametrize(
    ("value", "shape", "expected"),
    [
        (np.broadcast_to(673.15, (20_000,)), (20_000,), (1,)),
        (np.broadcast_to(np.array([1.0, 2.0, 3.0]), (50, 3)), (50, 3), (1, 3)),
        (np.broadcast_to(np.array([[1.0], [2.0]]), (2, 7)), (2, 7), (2, 1)),
        (np.arange(6.0).reshape(2, 3), (2, 3), (2, 3)),
        (np.float64(3.0), (), ()),
        (np.zeros((0, 3)), (0, 3), (0, 3)),
    ],
)
def test_compact_holds_each_value_once_and_broadcasts_back(value, shape, expected):
    got = compact(value)
    assert got.shape == expected
    assert np.array_equal(np.broadcast_to(got, shape), value)


def test_arithmetic_on_the_compact_form_gives_the_same_bits():
    """What the distillation relies on: a function of a broadcast temperature, computed
    once and broadcast against a sampled array, equals computing it everywhere."""
    T = np.broadcast_to(np.asarray(673.15), (1000,))
    offset = np.random.default_rng(1).uniform(-5000.0, 5000.0, 1000)
    everywhere = np.log(T) * 1.5 - 9000.0 / T + offset / (8.314 * T)
    once = np.log(compact(T)) * 1.5 - 9000.0 / compact(T) + offset / (8.314 * compact(T))
    assert once.shape == (1000,)
    assert np.array_equal(once, everywhere)


def test_rows_picks_scenarios_and_leaves_a_shared_value():
    assert np.array_equal(rows(np.arange(5.0), np.array([1, 3])), [1.0, 3.0])
    assert rows(2.5, np.array([0])) == 2.5
    one = np.ones((1, 3))
    assert rows(one, np.array([0, 0]), ndim=1) is one
