r"""Exchange of a dissolved compound's partner: HgSe + S = HgS + Se in a selenium melt.

Mercury in a crude selenium is dissolved as HgSe (:mod:`valorize.thermo.dissociation`).
Sulfur and tellurium dissolved in the same melt (the crude's own, or a sulfidation's
dose) take part of it as HgS and HgTe, HgSe + X = HgX + Se. The compounds are ideal
solutes of the melt, the partners X are ideal in it, and the solvent is at unit
activity (as for HgSe alone), so each exchange's equilibrium

.. math::

    K_j = \frac{x_{HgX_j}\,a_{Se}}{x_{HgSe}\,a_{X_j}}
        = \frac{p^\circ_{HgSe}(T)}{p^\circ_{HgX_j}(T)}
        = \frac{y_j\,N}{u N_{Hg}\,(N_j - y_j)}

fixes the moles :math:`y_j` of each :math:`HgX_j` among :math:`N_{Hg}` mercury and
:math:`N_j` atoms of the partner in a melt of N atoms, with u the share of the mercury
left as HgSe. :math:`p^\circ` is the metal's pressure over each compound with its
partner in its stable state at unit activity
(:func:`valorize.thermo.dissociation.ln_reference_pressure_and_slope`), so the K follow
from the same data as the dissociation pressures. Then
:math:`y_j = K_j N_j u N_{Hg}/(N + K_j u N_{Hg})`, and the mercury's balance
:math:`u N_{Hg} + \sum_j y_j = N_{Hg}` is one equation in u,

.. math::

    g(u) = u - 1 + \sum_j \frac{K_j N_j\,u}{N + K_j N_{Hg}\,u} = 0,

increasing and concave on [0, 1]; Newton's method from the dilute limit
:math:`u_0 = 1/(1 + \sum_j K_j N_j/N)`, where :math:`g(u_0) \le 0`, climbs to the root
from below without overshooting. Along a batch each evaluation starts from the last one's
u (the melt's u changes little from one evaluation to the next). From above the root
(:math:`g > 0`) the first step lands below it, g being concave, but it may land below
zero, past g's pole; it is taken no lower than the dilute limit, itself below the root.
From there Newton climbs as from a cold start, and stops at :data:`NEWTON_TOLERANCE`.

The mercury's pressure is that over the HgSe left, :math:`p_{Hg} = p^\circ_{HgSe}\,u\,
x_{Hg}` (equal, at equilibrium, to :math:`p^\circ_{HgX_j} x_{HgX_j}/a_{X_j}` for every
j), and each partner's that of its free atoms, the share
:math:`1 - y_j/N_j = N/(N + K_j u N_{Hg})` of what the unexchanged melt would give.
The exchanges are taken at equilibrium at the melt's temperature throughout the batch:
sulfur that evaporates gives its mercury back to HgSe.

Assumptions (the data's status is in ``data/forms.toml``): ideal compounds and partners
in the melt, HgSe's thermochemistry assumed; the enthalpy of vaporization of the mercury
stays HgSe's (the exchange shifts it by under 10 kJ/mol of a minor element).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from valorize.data.loader import dissociating_forms

#: Newton steps on the share of the metal left in the solvent's compound: from the dilute
#: limit the error squares each step (five reach 1e-16 for K N_Hg/N up to 10, six from a
#: warm guess above the root floored at that limit); most melts stop after two
#: (:data:`NEWTON_TOLERANCE`).
NEWTON_STEPS = 8
#: A Newton step this small relative to u ends the iteration: the error left after it is
#: of the order of its square times g''/g' (at most K N_Hg / N), 1e-8 relative or less,
#: far inside the batch integration's own error. Each scenario stops on its own, in NumPy
#: and in the compiled kernel alike, so a scenario's u never depends on the others run
#: beside it.
NEWTON_TOLERANCE = 1e-4


@dataclass(frozen=True)
class Exchange:
    """A melt's exchanges: the metal's pool, the partners' pools and their compounds.

    ``metal`` and ``partners`` index the melt's evaporating pools; ``forms`` are the keys
    of the partners' compounds in ``data/forms.toml`` (``("HgS", "HgTe")``).
    """

    metal: int
    partners: tuple[int, ...]
    forms: tuple[str, ...]


def melt_exchange(melt: Sequence[str], melt_forms: Sequence[str], solvent: str) -> Exchange | None:
    """The exchanges a melt holds, if any.

    A dissolved compound of the solvent (``HgSe``) exchanges with every dissolved element
    that forms the same metal's compound of its own (S as ``HgS``, Te as ``HgTe``).
    ``melt`` and ``melt_forms`` list the evaporating pools and their forms
    (``"dissolved"`` or a compound key). One such compound per melt (no crude of
    valorize's holds two).
    """
    forms = dissociating_forms()
    for j, form in enumerate(melt_forms):
        if form == "dissolved" or forms[form].partner != solvent:
            continue
        metal = forms[form].vapour
        pairs = [
            (k, key)
            for key, other in forms.items()
            if other.vapour == metal and other.partner != solvent
            for k, (symbol, f) in enumerate(zip(melt, melt_forms, strict=True))
            if symbol == other.partner and f == "dissolved"
        ]
        if pairs:
            return Exchange(j, tuple(k for k, _ in pairs), tuple(key for _, key in pairs))
    return None


def unexchanged(
    n_metal: np.ndarray,
    n_partners: np.ndarray,
    n_total: np.ndarray,
    K: np.ndarray,
    guess: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    r"""The shares of the metal and of each partner left free by the exchanges.

    Parameters
    ----------
    n_metal
        Moles of the metal (Hg) in the melt, free or exchanged, shape ``(...)``.
    n_partners
        Moles of each partner (S, Te) in the melt, shape ``(..., m)``.
    n_total
        Moles of atoms in the melt, shape ``(...)``.
    K
        The exchange constants :math:`p^\circ_{HgSe}/p^\circ_{HgX_j}`, > 0, ``(..., m)``.
    guess
        Where Newton starts, shape ``(...)`` (a melt's u a moment ago, for a batch's next
        step); None: the dilute limit.

    Returns
    -------
    tuple of numpy.ndarray
        u, the metal's share left as the solvent's compound, shape ``(...)``, in (0, 1];
        and each partner's free share :math:`N/(N + K_j u N_{Hg})`, shape ``(..., m)``.
    """
    n_m, N = np.asarray(n_metal, float)[..., None], np.asarray(n_total, float)[..., None]
    KN = K * n_partners
    Km = K * n_m
    dilute = 1.0 / (1.0 + KN.sum(axis=-1, keepdims=True) / N)
    u = dilute if guess is None else np.asarray(guess, float)[..., None]
    active = np.ones(u.shape, dtype=bool)
    for k in range(NEWTON_STEPS):
        r = 1.0 / (N + Km * u)
        g = u - 1.0 + (KN * u * r).sum(axis=-1, keepdims=True)
        slope = 1.0 + (KN * N * r * r).sum(axis=-1, keepdims=True)
        # each scenario stops on its own, so its u does not depend on the others
        step = np.where(active, g / slope, 0.0)
        if k == 0 and guess is not None:
            # from a guess above the root the step lands below it, perhaps past g's
            # pole (u < 0): no lower than the dilute limit, which lies below the root
            u = np.where(g > 0, np.maximum(u - step, dilute), u - step)
        else:
            u = u - step
        active &= np.abs(step) > NEWTON_TOLERANCE * u
        if not active.any():
            break
    return u[..., 0], N / (N + Km * u)
