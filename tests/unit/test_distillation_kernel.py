"""The compiled distillation steps against the NumPy reference, over random feeds and
conditions: every stream of every element within 1e-12 of that element's feed."""

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from batch import conditions
from valorize.data.loader import element
from valorize.units.distillation_kernel import LANES, compiled_available
from valorize.units.vacuum_distillation import CrudeSelenium, distill

IMPURITIES = ["Te", "S", "Hg", "As", "Sb", "Bi", "Pb", "Cu", "Ag", "Au", "Fe", "Ni"]
FORMS = {"Pb": "PbSe", "Cu": "Cu2Se", "Ag": "Ag2Se", "Au": "Au", "Fe": "FeSe", "Ni": "NiSe"}
SCENARIOS = LANES + 3  # a full block of the kernel's lanes and a part-filled one
STREAMS = ("product", "volatile_cut", "residue", "product_droplets")
TOTALS = ("duration", "energy_vaporization", "energy_losses", "energy_pumps", "knudsen")


def test_numba_is_there_so_the_comparison_is_not_numpy_against_itself():
    assert compiled_available()


@settings(max_examples=25, deadline=None, derandomize=True)
@given(
    seed=st.integers(0, 2**32 - 1),
    mercury_selenide=st.booleans(),
    retained=st.booleans(),
    steps=st.integers(2, 60),
)
def test_compiled_steps_agree_with_numpy(seed, mercury_selenide, retained, steps):
    rng = np.random.default_rng(seed)
    w = rng.dirichlet(np.full(len(IMPURITIES), 0.3), SCENARIOS) * rng.uniform(
        0, 0.2, (SCENARIOS, 1)
    )
    feed = CrudeSelenium(
        components=("Se", *IMPURITIES),
        mass_fractions=np.column_stack([1.0 - w.sum(axis=1), w]),
        forms=tuple(
            "dissolved"
            if s == "Se"
            else ("HgSe" if s == "Hg" and mercury_selenide else FORMS.get(s, "dissolved"))
            for s in ("Se", *IMPURITIES)
        ),
    )
    if mercury_selenide and retained:  # HgS held as a solid, at most what the sulfur allows
        hg, sulfur = (w[:, IMPURITIES.index(s)] / element(s).molar_mass.value for s in ("Hg", "S"))
        share = rng.uniform(0.0, 1.0, SCENARIOS) * np.minimum(1.0, sulfur / hg)
        feed = replace(feed, retained=("HgS", share))
    c = conditions(
        temperature=rng.uniform(560.0, 800.0, SCENARIOS),
        pressure=rng.uniform(1.0, 500.0, SCENARIOS),
        distilled_fraction=rng.uniform(0.05, 0.98, SCENARIOS),
        head_cut=rng.uniform(0.0, 0.3, SCENARIOS),
        entrainment=rng.uniform(0.0, 0.05, SCENARIOS),
        # scenarios far apart in one batch: each must come out as it would alone
        evaporation_coefficient=10.0 ** rng.uniform(-6.0, 0.0, SCENARIOS),
        formation_enthalpy_offset=rng.uniform(-20000.0, 20000.0, SCENARIOS),
        steps=steps,
    )
    reference = distill(feed, c, extrapolate=True, compiled=False)
    compiled = distill(feed, c, extrapolate=True, compiled=True)
    scale = reference.feed  # each element's own feed, (S, n)
    for name in STREAMS:
        a, b = getattr(reference, name), getattr(compiled, name)
        assert a.shape == b.shape, name
        worst = np.max(np.abs(b - a) / np.where(scale > 0, scale, 1.0))
        assert np.all(np.abs(b - a) <= 1e-12 * scale), (name, worst)
    for name in TOTALS:
        np.testing.assert_allclose(
            getattr(compiled, name), getattr(reference, name), rtol=1e-12, err_msg=name
        )
    assert compiled.warnings == reference.warnings


@pytest.mark.parametrize(
    "change",
    [
        {"program_times": np.array([0.0, 3600.0]), "temperature": np.array([600.0, 650.0])},
        {"condensers": (500.0,)},
    ],
    ids=["temperature programme", "condensation zones"],
)
def test_where_the_kernel_does_not_apply_the_numpy_steps_run(change):
    feed = CrudeSelenium(("Se", "Te", "Hg"), np.array([0.98, 0.01, 0.01]), ("dissolved",) * 3)
    a = distill(feed, conditions(**change), compiled=False)
    b = distill(feed, conditions(**change), compiled=True)
    np.testing.assert_array_equal(a.product, b.product)
