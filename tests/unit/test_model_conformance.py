"""Every model of the registry keeps the protocol: a new route gets these checks for free.

For each built-in case (and each path of a route that has several): every metric has a
unit; every baseline lies within its bounds; ``evaluate`` at the baseline equals the
detailed run to 1e-9 relative; N scenarios in one call equal N single calls; the same
inputs give the same bits; for routes with streams every element's balance closes to
1e-9. The same seed giving the same bits locally and on Dask is in tests/e2e/test_dask.py.
"""

import numpy as np
import pytest

from valorize.errors import InputError
from valorize.model.protocol import Model
from valorize.model.registry import builtin_cases, load_model, model_from_text, route_named

#: (case, route options) of every built-in case, and every path of the slime route.
MODELS = [
    (name, {"route": path} if route == "slime" else {})
    for name, (route, _) in builtin_cases().items()
    for path in (("roast", "leach") if route == "slime" else (None,))
]
IDS = [f"{name}{'-' + o['route'] if o else ''}" for name, o in MODELS]
#: A plain refinery case that recycles half its residue (no built-in case does).
RECYCLE = ("balkhash-selenium", "[operation]\n", "[operation]\nresidue_recycle = 0.5\n")


@pytest.fixture(scope="module", params=[*MODELS, RECYCLE], ids=[*IDS, "plain-residue-recycle"])
def model(request) -> Model:
    if request.param is RECYCLE:
        from importlib import resources

        name, old, new = RECYCLE
        text = resources.files("valorize.cases").joinpath(f"{name}.toml").read_text()
        return model_from_text(text.replace(old, new, 1), "recycling case")
    name, options = request.param
    return load_model(name, **options)


def _evaluable(model: Model) -> None:
    try:
        model.evaluate({}, 1)
    except InputError as exc:
        pytest.skip(f"{model.name} is not evaluated over scenarios yet: {exc}")


def _scenarios(model: Model, n: int, seed: int) -> dict[str, np.ndarray]:
    """Random scenarios of the case's uncertain inputs, within their declared ranges."""
    from valorize.analysis.uncertainty import declared_distributions

    rng = np.random.default_rng(seed)
    x = {}
    for name, d in declared_distributions(model).items():
        low, high = model.parameter(name).bounds
        x[name] = np.clip(d.ppf(rng.uniform(0.05, 0.95, n)), low, high)
    return x


def test_every_metric_has_a_unit_and_a_label(model):
    assert model.metrics
    for m in model.metrics:
        assert m.unit and m.label and m.sense in ("more", "less", "none"), m


def test_every_baseline_lies_within_its_bounds(model):
    names = [p.name for p in model.parameters]
    assert len(names) == len(set(names))
    for p in model.parameters:
        assert p.bounds[0] <= p.baseline <= p.bounds[1], p
        assert p.unit and p.description, p


def test_every_uncertain_input_and_target_names_what_the_model_has(model):
    for u in model.uncertain:
        model.parameter(u.parameter)
    metrics = {m.name for m in model.metrics}
    for t in model.targets:
        assert t.metric in metrics, t


def test_evaluate_at_the_baseline_equals_the_detailed_run(model):
    _evaluable(model)
    detail = model.detail()
    for key in ("route", "case", "title", "summary", "assumptions", "warnings"):
        assert key in detail, key
    assert detail["route"] == route_named(model.route).name
    y = model.evaluate({}, 1)
    at_baseline = model.evaluate({k: np.array([v]) for k, v in model.baseline().items()}, 1)
    summary = detail["summary"]
    compared = 0
    for m in model.metrics:
        assert y[m.name].shape == (1,)
        np.testing.assert_allclose(at_baseline[m.name], y[m.name], rtol=1e-9, atol=1e-12)
        if summary.get(m.name) is not None:
            expected = summary[m.name]
            np.testing.assert_allclose(y[m.name][0], expected, rtol=1e-9, atol=1e-9, err_msg=m.name)
            compared += 1
    assert compared >= 3, "the detailed run reports too few of the model's metrics"


def test_n_scenarios_in_one_call_equal_n_single_calls(model):
    _evaluable(model)
    n = 5
    x = _scenarios(model, n, seed=4)
    together = model.evaluate(x, n)
    for k in range(n):
        alone = model.evaluate({name: v[k : k + 1] for name, v in x.items()}, 1)
        for name, v in alone.items():
            np.testing.assert_allclose(together[name][k], v[0], rtol=1e-9, atol=1e-12, err_msg=name)
    again = model.evaluate(x, n)
    for name, v in together.items():
        assert again[name].tobytes() == v.tobytes(), name


def test_balances_close(model):
    _evaluable(model)
    detail = model.detail()
    error = detail["summary"].get("mass_balance_rel_error")
    if error is None:
        pytest.skip(f"the {model.route} route carries no element streams")
    assert error < 1e-9
    metrics = {m.name for m in model.metrics}
    if "mass_balance_rel_error" in metrics:
        y = model.evaluate(_scenarios(model, 8, seed=1), 8)
        assert np.nanmax(y["mass_balance_rel_error"]) < 1e-9


def test_an_unknown_parameter_or_a_value_outside_its_bounds_is_refused(model):
    with pytest.raises(InputError, match="not a parameter"):
        model.evaluate({"no.such.field": np.zeros(1)}, 1)
    p = next(p for p in model.parameters if np.isfinite(p.bounds[1]))
    with pytest.raises(InputError, match=p.name.replace(".", r"\.") + ".*outside its bounds"):
        model.evaluate({p.name: np.array([p.bounds[1] + 1.0])}, 1)


def test_a_case_field_at_its_baseline_changes_nothing(model):
    """Any numeric field is a parameter: set to its own value it gives the baseline, set
    elsewhere it is the model of the edited case."""
    native = {p.name for p in model.native_parameters}
    fields = [p for p in model.parameters if p.name not in native and p.baseline > 0]
    assert fields, "the case has no numeric field besides the native parameters"
    base = model.evaluate({}, 1)
    for p in fields[:3]:
        y = model.evaluate({p.name: np.array([p.baseline])}, 1)
        for key, v in base.items():
            np.testing.assert_allclose(y[key], v, rtol=1e-12, atol=1e-12, err_msg=(p.name, key))
    p = fields[0]
    value = p.baseline * 0.9 if p.bounds[0] <= p.baseline * 0.9 else p.baseline
    y = model.evaluate({p.name: np.array([value, p.baseline])}, 2)
    edited = model.with_case_values({p.name: value}).evaluate({}, 1)
    for key, v in edited.items():
        np.testing.assert_allclose(y[key][0], v[0], rtol=1e-12, atol=1e-12, err_msg=key)
        np.testing.assert_allclose(y[key][1], base[key][0], rtol=1e-12, atol=1e-12, err_msg=key)
