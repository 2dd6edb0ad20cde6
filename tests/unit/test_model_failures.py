"""A scenario the route cannot evaluate is NaN in its metrics; the others keep theirs."""

import numpy as np
import pytest

from valorize.analysis.uncertainty import run_uncertainty
from valorize.errors import InputError
from valorize.model.registry import load_model, model_from_text


def test_a_refused_scenario_is_nan_and_the_rest_are_answered():
    model = load_model("balkhash-selenium")
    # 5 % Se cannot bind the crude's metals as selenides: the refinery refuses that crude
    se = np.array([91.1, 5.0, 85.0, 90.0, 5.0])
    y = model.evaluate({"feed.Se_wt_pct": se}, 5)
    bad = np.isnan(y["product_t_per_yr"])
    assert list(bad) == [False, True, False, False, True]
    alone = model.evaluate({"feed.Se_wt_pct": se[[0, 2, 3]]}, 3)
    np.testing.assert_allclose(y["product_t_per_yr"][~bad], alone["product_t_per_yr"], rtol=1e-12)
    # every scenario refused: the route's reason, not a silent NaN
    with pytest.raises(InputError, match="too little selenium"):
        model.evaluate({"feed.Se_wt_pct": np.array([5.0, 4.0])}, 2)


def test_an_uncertainty_run_counts_the_refused_samples():
    from importlib import resources

    text = resources.files("valorize.cases").joinpath("balkhash-selenium.toml").read_text()
    text = text.split("# Uncertain inputs")[0] + (
        '[[uncertainty]]\nparameter = "feed.Se_wt_pct"\ndistribution = "uniform"\n'
        "parameters = [1.0, 95.0]\n"
    )
    model = model_from_text(text, "wide crude")
    u = run_uncertainty(model, 200, seed=0, keep=True)
    refused = np.isnan(u.outputs["product_t_per_yr"])
    assert u.summary["failed_samples"] == refused.sum() > 0
    assert np.all(u.samples["feed.Se_wt_pct"][refused] < 50)  # only poor crudes
    assert 0 < u.summary["probability_purity_met"] < 1


def test_an_edited_case_field_is_validated_like_the_file():
    """A varied case field is written into the parsed file and the case validated again,
    cross-field checks included: a flowsheet case refuses operation.residue_recycle (its
    recycle is wired), so that scenario is NaN and the other is answered."""
    model = load_model("balkhash-flowsheet")
    assert model.raw is not None
    y = model.evaluate({"operation.residue_recycle": np.array([0.0, 0.5])}, 2)
    assert np.isfinite(y["product_t_per_yr"][0]) and np.isnan(y["product_t_per_yr"][1])
    with pytest.raises(InputError, match="recycle the residue by wiring"):
        model.with_case_values({"operation.residue_recycle": 0.5})
    # a quantity field goes into the file as the file writes it
    plain = load_model("balkhash-selenium")
    edited = plain.with_case_values({"feed.rate": 0.003})
    assert edited.raw["feed"]["rate"] == "0.003 kg/s" and edited.case.feed.rate == 0.003
    y = plain.evaluate({"feed.rate": np.array([0.002, 0.003])}, 2)
    assert y["product_t_per_yr"][1] > y["product_t_per_yr"][0]
