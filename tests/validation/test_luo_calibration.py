"""Calibration to a published rate: the evaporation coefficient from Luo (2024).

valorize.calibration.luo2024 reads Luo's one evaporation rate of crude selenium (5e-4 g
cm-2 s-1 for 523-623 K and 10-100 Pa) through the rate model, the temperature, pressure
and gap of the measurement unknown. A short chain (not converged; the full run is
python -m valorize.calibration.luo2024, docs/validation.md) must already show: the model
gives the figure back; no evaporation coefficient below what the hottest, intensive end
needs (about 0.01) fits; and the cold end of the range cannot give the rate at any
coefficient unless the gap is short and the pressure the lowest, so the posterior leaves
most of it.
"""

import numpy as np
import pytest

from valorize.calibration.luo2024 import (
    ALPHA,
    GAP,
    PRESSURE,
    RATE,
    TEMPERATURE,
    LuoExperiment,
)
from valorize.calibration.published import calibrate_published, summary

pytestmark = pytest.mark.validation

MEASURED = 5e-4


def test_the_rate_comes_back_and_bounds_the_coefficient_from_below():
    s = summary(calibrate_published(LuoExperiment(), walkers=16, max_steps=500, seed=2))
    assert 0.05 < s["predictive"][RATE]["p_value"] < 0.95
    assert s["posterior"][ALPHA]["p5"] > 0.005
    assert s["posterior"][TEMPERATURE]["p5"] > 540.0  # the prior's 5th percentile is 528 K


def test_at_the_cold_end_only_the_thinnest_gas_reaches_the_rate():
    # 523 K, alpha = 1: (10 Pa, 10 mm), (10 Pa, 50 mm), (100 Pa, 10 mm)
    x = {
        ALPHA: np.ones(3),
        TEMPERATURE: np.full(3, 523.0),
        PRESSURE: np.array([10.0, 10.0, 100.0]),
        GAP: np.array([0.01, 0.05, 0.01]),
    }
    y = LuoExperiment().evaluate(x, 3)
    assert y[RATE][0] > MEASURED / 2  # a short gap at the lowest pressure, alpha near 1
    assert np.all(y[RATE][1:] < MEASURED / 2)  # the residual gas holds the rest back
    # while the hot end is intensive: the rate is the surface's, whatever the gas
    hot = LuoExperiment().evaluate(
        {ALPHA: np.full(2, 0.01), TEMPERATURE: np.full(2, 623.0),
         PRESSURE: np.array([10.0, 100.0]), GAP: np.full(2, 0.1)}, 2)  # fmt: skip
    assert hot[RATE][0] == pytest.approx(hot[RATE][1], rel=1e-9)
