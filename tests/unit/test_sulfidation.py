"""Sulfur and mercury: the HgSe-HgS exchange in the melt, and a sulfidation before the batch."""

import numpy as np
import pytest

from batch import conditions
from valorize.constants import GAS_CONSTANT
from valorize.data.loader import dissociating_forms, element
from valorize.errors import InputError
from valorize.thermo.exchange import unexchanged
from valorize.units.furnace_losses import radiation_to_condenser, shell_loss
from valorize.units.sulfidation import Sulfidation, converted_share, exchange_constant
from valorize.units.vacuum_distillation import (
    CrudeSelenium,
    distill,
    feed_from_mass_fractions,
)


def _gibbs_from_liquid_partner(form: str, T: float) -> float:
    """dfG of a compound from Hg(l) and its partner in its stable state at T, J/mol."""
    f = dissociating_forms()[form]
    partner = element(f.partner)
    g = f.formation_enthalpy.value - T * f.formation_entropy.value
    if T > partner.melting_point.value:  # from the molten partner
        g -= partner.enthalpy_of_fusion.value * (1 - T / partner.melting_point.value)
    return g


@pytest.mark.parametrize("T", [473.15, 503.15, 673.15])
def test_the_exchange_constant_is_the_two_gibbs_energies(T):
    dG = _gibbs_from_liquid_partner("HgS", T) - _gibbs_from_liquid_partner("HgSe", T)
    assert exchange_constant(T) == pytest.approx(np.exp(-dG / (GAS_CONSTANT * T)), rel=1e-10)


def test_the_free_shares_solve_every_exchange_and_the_mercury_balance():
    rng = np.random.default_rng(3)
    n_m, n_p = rng.uniform(0, 5, 300), rng.uniform(0, 50, (300, 2))
    n = n_m + n_p.sum(axis=1) + rng.uniform(1, 1000, 300)
    K = rng.lognormal(0, 2, (300, 2))
    u, free = unexchanged(n_m, n_p, n, K)
    y = n_p * (1 - free)  # each partner's compound
    assert np.all((u > 0) & (u <= 1)) and np.all((free > 0) & (free <= 1))
    # each melt's Newton stops at a step below NEWTON_TOLERANCE (1e-4) of u, which leaves
    # an error of the order of its square: 1e-8 relative at most
    np.testing.assert_allclose(u * n_m + y.sum(axis=1), n_m, rtol=1e-8, atol=1e-12)
    # each exchange at its equilibrium: K_j = y_j N / (u N_Hg (N_j - y_j))
    held = (n_m > 0)[:, None] & (n_p > 0)
    lhs = (K * u[:, None] * n_m[:, None] * n_p * free)[held]
    np.testing.assert_allclose(lhs, (y * n[:, None])[held], rtol=1e-8)
    # a warm start above the root (past g's pole, it would overshoot to u < 0) gives the
    # cold start's answer
    hot = unexchanged(np.array([0.05]), np.array([[0.1]]), np.array([1.0]), np.array([[100.0]]))
    warm = unexchanged(
        np.array([0.05]), np.array([[0.1]]), np.array([1.0]), np.array([[100.0]]), np.ones(1)
    )
    np.testing.assert_allclose(warm[0], hot[0], rtol=1e-8)
    assert 0 < warm[0][0] < 1
    # no partner, no exchange; no mercury, the partners stay free
    assert unexchanged(1.0, np.zeros(1), 10.0, np.ones(1))[0] == 1.0
    assert unexchanged(0.0, np.ones(1), 10.0, np.ones(1))[1] == 1.0
    # a melt's u is its own, whatever melts are solved beside it (each stops on its own)
    rng = np.random.default_rng(5)
    n_m, n_p, n = rng.uniform(0, 0.2, 6), rng.uniform(0, 0.2, (6, 2)), np.ones(6)
    K = 10.0 ** rng.uniform(-3, 3, (6, 2))
    batch = unexchanged(n_m, n_p, n, K)[0]
    alone = [
        unexchanged(n_m[i : i + 1], n_p[i : i + 1], n[i : i + 1], K[i : i + 1])[0][0]
        for i in range(6)
    ]
    assert np.array_equal(batch, np.array(alone))


def test_sulfur_and_tellurium_in_the_melt_hold_back_mercury_by_its_free_share():
    # a sliver distilled reads the first vapour: Hg over Se falls to u (a millionth of the
    # selenium, before the far more volatile sulfur has gone)
    c = conditions(distilled_fraction=1e-6, temperature=600.0)
    plain = distill(
        feed_from_mass_fractions({"Se": 0.89, "Hg": 0.01, "As": 0.1}, {"Hg": "HgSe"}), c
    )
    held = distill(
        feed_from_mass_fractions({"Se": 0.89, "Hg": 0.01, "S": 0.07, "Te": 0.03}, {"Hg": "HgSe"}),
        c,
    )
    ratio = [r.product[..., 1] / r.product[..., 0] for r in (plain, held)]
    M = {s: element(s).molar_mass.value for s in ("Se", "Hg", "S", "Te")}
    n_hg, n_p = 0.01 / M["Hg"], np.array([0.07 / M["S"], 0.03 / M["Te"]])
    n = 0.89 / M["Se"] + n_hg + n_p.sum()
    K = np.array([exchange_constant(600.0), exchange_constant(600.0, partner="Te")])
    u = unexchanged(n_hg, n_p, n, K)[0]
    assert ratio[1] / ratio[0] == pytest.approx(u, rel=1e-3)
    assert u < 0.8  # a real effect at a tenth of sulfur and tellurium


def test_the_share_turned_is_k_over_one_plus_k_capped_by_the_dose():
    step = Sulfidation(0.02, 473.15, 1800.0, "retained")
    K = exchange_constant(473.15)
    assert converted_share(step, 1.0, 10.0) == pytest.approx(K / (1 + K))
    assert converted_share(step, 1.0, 0.1) == pytest.approx(0.1)
    assert converted_share(step, 0.0, 1.0) == 0.0
    # a less stable HgSe (its enthalpy raised) turns more; the same HgSe as the distillation
    RT = 8.314462618 * 473.15
    K_up = K * np.exp(3000.0 / RT)
    assert converted_share(step, 1.0, 10.0, 3000.0) == pytest.approx(K_up / (1 + K_up))
    feed = feed_from_mass_fractions({"Se": 0.978, "Hg": 0.003, "S": 0.019}, {"Hg": "HgSe"})
    offsets = np.array([0.0, 3000.0])
    shifted = distill(
        feed, conditions(temperature=560.0, sulfidation=step, formation_enthalpy_offset=offsets)
    )
    assert shifted.hgs_share == pytest.approx([K / (1 + K), K_up / (1 + K_up)])


def test_retained_hgs_stays_in_the_residue_and_the_balance_closes():
    step = Sulfidation(0.02, 473.15, 1800.0, "retained")
    feed = feed_from_mass_fractions({"Se": 0.978, "Hg": 0.003, "S": 0.019}, {"Hg": "HgSe"})
    r = distill(feed, conditions(temperature=560.0, head_cut=0.03, sulfidation=step))
    hg = feed.components.index("Hg")
    share = float(r.hgs_share)
    assert share == pytest.approx(converted_share(step, 1.0, 1e9))
    assert r.residue[..., hg] >= share * r.feed[..., hg]
    assert r.mass_balance_error < 1e-12
    # the hold adds its time and the furnace's losses at its temperature over it
    no_hold = Sulfidation(0.02, 473.15, 0.0, "retained")
    without = distill(feed, conditions(temperature=560.0, head_cut=0.03, sulfidation=no_hold))
    assert r.duration == pytest.approx(without.duration + 1800.0, rel=1e-12)
    held = radiation_to_condenser(473.15, 373.15, 0.5) + shell_loss(473.15)
    assert r.energy_losses - without.energy_losses == pytest.approx(held * 1800.0, rel=1e-9)


@pytest.mark.parametrize(
    ("step", "message"),
    [
        (lambda: Sulfidation(0.02, 300.0, 1800.0), "sulfur must be molten"),
        (lambda: Sulfidation(0.02, 520.0, 1800.0), "and the crude solid"),
        (lambda: Sulfidation(-0.01, 473.15, 1800.0), "sulfur_dose"),
        (lambda: Sulfidation(0.02, 473.15, np.nan), "time"),
        (lambda: Sulfidation(0.02, 473.15, 1800.0, "half"), "retained, equilibrium"),
    ],
)
def test_bad_sulfidations_are_refused(step, message):
    with pytest.raises(InputError, match=message):
        step()


def test_retained_hgs_needs_the_sulfur_and_the_mercury():
    feed = feed_from_mass_fractions({"Se": 0.99, "Hg": 0.01, "S": 1e-6}, {"Hg": "HgSe"})
    with pytest.raises(InputError, match="needs more sulfur than the charge holds"):
        distill(CrudeSelenium(feed.components, feed.mass_fractions, feed.forms, ("HgS", 1.0)),
                conditions())  # fmt: skip
    with pytest.raises(InputError, match="Hg is not dissolved as a compound"):
        CrudeSelenium(("Se", "Hg", "S"), np.array([0.98, 0.01, 0.01]), ("dissolved",) * 3,
                      ("HgS", 0.5))  # fmt: skip
