"""A sulfidation's dose, hold temperature and time as native parameters of the refinery model.

Native means scenarios with different doses share one vectorized call (a calibration's
walkers, an uncertainty's samples); the answers must equal a case written with each dose.
"""

from importlib import resources

import numpy as np
import pytest

from valorize.errors import InputError
from valorize.refinery.case import case_from_text
from valorize.refinery.model import RefineryModel

BALKHASH = resources.files("valorize.cases").joinpath("balkhash-selenium.toml").read_text()
STEP = (
    'sulfidation = {{ sulfur_dose = {}, temperature = "200 degC", time = "{}", hgs = "retained" }}'
)


def _model(dose: float = 2.0, time: str = "30 min") -> RefineryModel:
    text = BALKHASH.replace('gap = "50 mm"\n', f'gap = "50 mm"\n{STEP.format(dose, time)}\n')
    return RefineryModel(case_from_text(text))


def test_a_dose_per_scenario_gives_what_a_case_with_that_dose_gives():
    doses = np.array([0.5, 2.0, 6.0])
    model = _model()
    native = {p.name for p in model.native_parameters}
    assert {"operation.sulfidation.sulfur_dose", "operation.sulfidation.time"} <= native
    together = model.evaluate({"operation.sulfidation.sulfur_dose": doses}, 3, observables=True)
    for k, dose in enumerate(doses):
        alone = _model(dose).evaluate({}, 1, observables=True)
        for key in ("Hg_ppm", "S_ppm", "product_t_per_yr", "batch_duration_h", "npv_usd"):
            assert together[key][k] == pytest.approx(alone[key][0], rel=1e-9), key
    # the crude's own sulfur already holds what the HgS takes: the dose's rest distils
    assert np.all(np.diff(together["S_ppm"]) > 0)


def test_the_hold_time_per_scenario_lengthens_the_batch_by_itself():
    model = _model()
    out = model.evaluate({"operation.sulfidation.time": np.array([1800.0, 5400.0])}, 2, True)
    assert np.diff(out["batch_duration_h"])[0] == pytest.approx(1.0, rel=1e-6)
    assert out["Hg_ppm"][0] == pytest.approx(out["Hg_ppm"][1], rel=1e-9)


def test_a_hold_temperature_where_the_crude_melts_is_refused_by_its_bounds():
    with pytest.raises(InputError, match=r"operation\.sulfidation\.temperature"):
        _model().evaluate({"operation.sulfidation.temperature": np.array([470.0, 520.0])}, 2)
