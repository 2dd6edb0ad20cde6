r"""Activity-coefficient models for liquid metal and metalloid melts.

Every model takes mole fractions ``x`` of shape ``(..., n)`` (a leading
scenario axis, any number of dimensions) and temperatures ``T`` broadcastable
to ``x.shape[:-1]``, and returns :math:`\ln\gamma_i` of shape ``(..., n)``.
Each also gives its molar excess Gibbs energy :math:`g^E/RT`, from which its
:math:`\ln\gamma_i = \partial(n g^E/RT)/\partial n_i` follows; the tests check
both that relation and Gibbs-Duhem, :math:`\sum_i x_i\, d\ln\gamma_i = 0`.

Models
------
Ideal (Raoult)
    :math:`g^E = 0`, :math:`\gamma_i = 1`.
Regular solution (Hildebrand 1929; e.g. Lupis 1983, ch. XIV)
    :math:`g^E = \tfrac12 \sum_{ij}\Omega_{ij}x_ix_j`, temperature-independent
    interaction energies :math:`\Omega_{ij}` (J/mol), so
    :math:`RT\ln\gamma_k = \sum_j \Omega_{kj}x_j - g^E`.
Wilson (Wilson, J. Am. Chem. Soc. 86 (1964) 127, doi:10.1021/ja01056a002)
    :math:`g^E/RT = -\sum_i x_i \ln\sum_j x_j\Lambda_{ij}`,
    :math:`\Lambda_{ij} = (V_j/V_i)\exp[-a_{ij}/RT]`, :math:`a_{ij}=\lambda_{ij}-\lambda_{ii}`;
    :math:`\ln\gamma_k = 1 - \ln\sum_j x_j\Lambda_{kj}
    - \sum_i x_i\Lambda_{ik}/\sum_j x_j\Lambda_{ij}`.
Redlich-Kister (Redlich & Kister, Ind. Eng. Chem. 40 (1948) 345, doi:10.1021/ie50458a036)
    The CALPHAD form of liquid alloys, extended to many components after
    Muggianu et al. (J. Chim. Phys. 72 (1975) 83):
    :math:`g^E = \sum_{i<j} x_i x_j \sum_v L^{ij}_v (x_i - x_j)^v`,
    :math:`L_v = a_v + b_v T` (J/mol). For any :math:`g^E(x)` written in all
    mole fractions, :math:`RT\ln\gamma_k = g^E + \partial_k g^E - \sum_m x_m\partial_m g^E`.
MIVM (Tao, Thermochim. Acta 363 (2000) 105, doi:10.1016/S0040-6031(00)00603-1)
    .. math::

        \frac{g^E}{RT} = \sum_i x_i \ln\frac{V_i}{\sum_j x_j V_j B_{ji}}
        - \frac12 \sum_i Z_i x_i \frac{\sum_j x_j B_{ji}\ln B_{ji}}{\sum_l x_l B_{li}},
        \qquad B_{ji} = \exp\left(-\frac{\varepsilon_{ji}-\varepsilon_{ii}}{kT}\right)

    with liquid molar volumes :math:`V_i` and first coordination numbers
    :math:`Z_i`. The first sum is Wilson's form with
    :math:`\Lambda_{ij} = V_j B_{ji}/V_i`; the second has the form of NRTL with
    :math:`G_{ji} = B_{ji}`, :math:`\tau_{ji} = -\ln B_{ji}` weighted by
    :math:`Z_i/2`, so

    .. math::

        \ln\gamma_m^{(2)} = \frac{Z_m}{2}\frac{S_m}{D_m}
        + \sum_i \frac{Z_i}{2} \frac{x_i G_{mi}}{D_i}\left(\tau_{mi} - \frac{S_i}{D_i}\right),
        \quad S_i = \sum_j x_j \tau_{ji}G_{ji},\ D_i = \sum_k x_k G_{ki}

    which reduces to Tao's binary equations. The interaction energies are
    taken constant, so a parameter published at :math:`T_0` is used at T as
    :math:`B_{ij}(T) = B_{ij}(T_0)^{T_0/T}` (Tao 2000).

Parameters come from ``data/activity.toml`` through :func:`activity_model`.
A pair with no published parameters is an error unless the caller allows the
*ideal fallback*: then the pair's interaction is set to zero (regular:
:math:`\Omega_{ij}=0`; Redlich-Kister: no :math:`L_v`; Wilson:
:math:`\Lambda_{ij}=\Lambda_{ji}=1`, an ideal binary; MIVM:
:math:`B_{ij}=B_{ji}=1`, equal pair energies, which leaves only MIVM's
molar-volume term, ideal when :math:`V_i=V_j`) and the model lists the pair
in ``ideal_pairs``.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from valorize.constants import GAS_CONSTANT
from valorize.data.loader import ActivityParameterSet, activity_parameters, element
from valorize.errors import InputError, MissingParameterError

#: Names of the models :func:`activity_model` builds.
MODELS = ("ideal", "regular", "redlich-kister", "wilson", "mivm")


def _broadcast(x: np.ndarray, T: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(x, dtype=float)
    T = np.broadcast_to(np.asarray(T, dtype=float), x.shape[:-1])
    return x, T


@dataclass(frozen=True, eq=False)
class IdealSolution:
    """Raoult's law: every activity coefficient is 1."""

    components: tuple[str, ...]
    ideal_pairs: tuple[tuple[str, str], ...] = ()
    name: str = "ideal"

    def ln_gamma(self, x: np.ndarray, T: np.ndarray | float) -> np.ndarray:
        r""":math:`\\ln\\gamma_i = 0`, shape of ``x``."""
        x, _ = _broadcast(x, T)
        return np.zeros_like(x)

    def excess_gibbs_RT(self, x: np.ndarray, T: np.ndarray | float) -> np.ndarray:
        """:math:`g^E/RT = 0`, shape ``x.shape[:-1]``."""
        x, _ = _broadcast(x, T)
        return np.zeros(x.shape[:-1])


@dataclass(frozen=True, eq=False)
class RegularSolution:
    r"""Regular solution with pair energies ``omega`` (J/mol, symmetric, zero diagonal)."""

    components: tuple[str, ...]
    omega: np.ndarray
    ideal_pairs: tuple[tuple[str, str], ...] = ()
    name: str = "regular"

    def excess_gibbs_RT(self, x: np.ndarray, T: np.ndarray | float) -> np.ndarray:
        r""":math:`g^E/RT = \tfrac12 x^T\Omega x / RT`."""
        x, T = _broadcast(x, T)
        return 0.5 * np.einsum("...i,ij,...j->...", x, self.omega, x) / (GAS_CONSTANT * T)

    def ln_gamma(self, x: np.ndarray, T: np.ndarray | float) -> np.ndarray:
        r""":math:`\ln\gamma_k = [(\Omega x)_k - \tfrac12 x^T\Omega x]/RT`."""
        x, T = _broadcast(x, T)
        omega_x = x @ self.omega.T
        g = 0.5 * np.sum(x * omega_x, axis=-1, keepdims=True)
        return (omega_x - g) / (GAS_CONSTANT * T[..., None])


@dataclass(frozen=True, eq=False)
class RedlichKister:
    r"""Redlich-Kister excess Gibbs energy with Muggianu's multicomponent extension.

    ``pairs`` lists ``(i, j)`` component indices; ``a[p, v]`` and ``b[p, v]``
    give :math:`L_v = a + bT` (J/mol) of pair p, the series in powers of
    :math:`x_i - x_j`.
    """

    components: tuple[str, ...]
    pairs: tuple[tuple[int, int], ...]
    a: np.ndarray
    b: np.ndarray
    ideal_pairs: tuple[tuple[str, str], ...] = ()
    name: str = "redlich-kister"

    def _gibbs_and_gradient(self, x: np.ndarray, T: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """g^E (J/mol) and its partial derivatives in each x_k, all x taken independent."""
        g = np.zeros(x.shape[:-1])
        grad = np.zeros_like(x)
        orders = np.arange(self.a.shape[1])
        for p, (i, j) in enumerate(self.pairs):
            L = self.a[p] + self.b[p] * T[..., None]  # (..., v)
            d = (x[..., i] - x[..., j])[..., None]
            powers = d**orders
            S = np.sum(L * powers, axis=-1)
            dS = np.sum(L[..., 1:] * orders[1:] * d ** (orders[1:] - 1), axis=-1)
            xi, xj = x[..., i], x[..., j]
            g = g + xi * xj * S
            grad[..., i] += xj * S + xi * xj * dS
            grad[..., j] += xi * S - xi * xj * dS
        return g, grad

    def excess_gibbs_RT(self, x: np.ndarray, T: np.ndarray | float) -> np.ndarray:
        r""":math:`g^E/RT`."""
        x, T = _broadcast(x, T)
        return self._gibbs_and_gradient(x, T)[0] / (GAS_CONSTANT * T)

    def ln_gamma(self, x: np.ndarray, T: np.ndarray | float) -> np.ndarray:
        r""":math:`\ln\gamma_k = [g^E + \partial_k g^E - \sum_m x_m \partial_m g^E]/RT`."""
        x, T = _broadcast(x, T)
        g, grad = self._gibbs_and_gradient(x, T)
        mixed = np.sum(x * grad, axis=-1)
        return (g[..., None] + grad - mixed[..., None]) / (GAS_CONSTANT * T[..., None])


@dataclass(frozen=True, eq=False)
class Wilson:
    r"""Wilson's local-composition model.

    ``energies[i, j]`` is :math:`a_{ij} = \lambda_{ij} - \lambda_{ii}` (J/mol),
    ``molar_volumes`` the liquid molar volumes (m3/mol). When
    ``fixed_lambda[i, j]`` is finite it is used as :math:`\Lambda_{ij}` at any T
    (the ideal fallback sets it to 1).
    """

    components: tuple[str, ...]
    energies: np.ndarray
    molar_volumes: np.ndarray
    fixed_lambda: np.ndarray
    ideal_pairs: tuple[tuple[str, str], ...] = ()
    name: str = "wilson"

    def lambdas(self, T: np.ndarray) -> np.ndarray:
        r""":math:`\Lambda_{ij}(T)`, shape ``T.shape + (n, n)``."""
        V = self.molar_volumes
        ratio = V[None, :] / V[:, None]
        lam = ratio * np.exp(-self.energies / (GAS_CONSTANT * np.asarray(T)[..., None, None]))
        return np.where(np.isfinite(self.fixed_lambda), self.fixed_lambda, lam)

    def excess_gibbs_RT(self, x: np.ndarray, T: np.ndarray | float) -> np.ndarray:
        r""":math:`g^E/RT = -\sum_i x_i\ln\sum_j x_j\Lambda_{ij}`."""
        x, T = _broadcast(x, T)
        s = np.einsum("...ij,...j->...i", self.lambdas(T), x)
        return -np.sum(x * np.log(s), axis=-1)

    def ln_gamma(self, x: np.ndarray, T: np.ndarray | float) -> np.ndarray:
        r"""Activity coefficients, :math:`\ln\gamma_k` of Wilson's model (module docstring)."""
        x, T = _broadcast(x, T)
        lam = self.lambdas(T)
        s = np.einsum("...ij,...j->...i", lam, x)
        return 1.0 - np.log(s) - np.einsum("...i,...ik->...k", x / s, lam)


@dataclass(frozen=True, eq=False)
class MIVM:
    r"""Molecular Interaction Volume Model (Tao 2000) for any number of components.

    ``B_ref[i, j]`` is :math:`B_{ij}` at ``T_ref[i, j]`` (K); the diagonal is 1.
    ``molar_volumes`` (m3/mol) and ``coordination_numbers`` :math:`Z_i` are the
    pure liquids'.
    """

    components: tuple[str, ...]
    B_ref: np.ndarray
    T_ref: np.ndarray
    molar_volumes: np.ndarray
    coordination_numbers: np.ndarray
    ideal_pairs: tuple[tuple[str, str], ...] = ()
    name: str = "mivm"

    def B(self, T: np.ndarray) -> np.ndarray:
        r""":math:`B_{ij}(T) = B_{ij}(T_0)^{T_0/T}`, shape ``T.shape + (n, n)``."""
        T = np.asarray(T, dtype=float)[..., None, None]
        return np.exp(np.log(self.B_ref) * self.T_ref / T)

    def _parts(self, x: np.ndarray, T: np.ndarray) -> tuple[np.ndarray, ...]:
        B = self.B(T)
        V = self.molar_volumes
        # Wilson part: Lambda_ij = V_j B_ji / V_i
        lam = np.swapaxes(B, -1, -2) * V[None, :] / V[:, None]
        # NRTL-like part: G[j, i] = B_ji, tau[j, i] = -ln B_ji
        G = B
        tau = -np.log(B)
        return lam, G, tau

    def excess_gibbs_RT(self, x: np.ndarray, T: np.ndarray | float) -> np.ndarray:
        """:math:`g^E/RT` of the MIVM (see the module docstring)."""
        x, T = _broadcast(x, T)
        lam, G, tau = self._parts(x, T)
        s = np.einsum("...ij,...j->...i", lam, x)
        wilson = -np.sum(x * np.log(s), axis=-1)
        S = np.einsum("...j,...ji->...i", x, tau * G)
        D = np.einsum("...k,...ki->...i", x, G)
        half_z = 0.5 * self.coordination_numbers
        return wilson + np.sum(half_z * x * S / D, axis=-1)

    def ln_gamma(self, x: np.ndarray, T: np.ndarray | float) -> np.ndarray:
        r""":math:`\ln\gamma_m` of the MIVM (see the module docstring)."""
        x, T = _broadcast(x, T)
        lam, G, tau = self._parts(x, T)
        s = np.einsum("...ij,...j->...i", lam, x)
        wilson = 1.0 - np.log(s) - np.einsum("...i,...ik->...k", x / s, lam)
        S = np.einsum("...j,...ji->...i", x, tau * G)
        D = np.einsum("...k,...ki->...i", x, G)
        c = 0.5 * self.coordination_numbers
        ratio = S / D
        # sum_i c_i x_i G_mi / D_i (tau_mi - S_i/D_i)
        weights = c * x / D
        cross = np.einsum("...i,...mi->...m", weights, G * (tau - ratio[..., None, :]))
        return wilson + c * ratio + cross


ActivityModel = IdealSolution | RegularSolution | RedlichKister | Wilson | MIVM


@dataclass(frozen=True)
class _PairLookup:
    values: dict[str, float]
    source: ActivityParameterSet
    swapped: bool = False
    extra: dict[str, float] = field(default_factory=dict)


def _find_pair(
    model: str, a: str, b: str, extra: Sequence[ActivityParameterSet]
) -> _PairLookup | None:
    for p in (*extra, *activity_parameters()):
        if p.model != model:
            continue
        if p.components == (a, b):
            return _PairLookup(dict(p.values), p)
        if p.components == (b, a):
            v = dict(p.values)
            for k12, k21 in (("B12", "B21"), ("a12", "a21")):
                if k12 in v:
                    v[k12], v[k21] = v[k21], v[k12]
            for key in v:  # Redlich-Kister: L_v multiplies (x_1 - x_2)^v
                if key.startswith("L") and int(key[1:].split("_")[0]) % 2 == 1:
                    v[key] = -v[key]
            return _PairLookup(v, p, swapped=True)
    return None


def _component_property(
    model: str, symbol: str, key: str, extra: Sequence[ActivityParameterSet]
) -> float:
    """MIVM/Wilson pure-component property: from the pair data if published there, else elements."""
    for p in (*extra, *activity_parameters()):
        if p.model == model and symbol in p.components:
            table = p.molar_volumes if key == "V" else p.coordination_numbers
            if symbol in table:
                return table[symbol]
    if key == "V":
        return element(symbol).liquid_molar_volume.value
    raise MissingParameterError(
        f"no liquid coordination number Z for {symbol} in the MIVM data (activity.toml)"
    )


def activity_model(
    model: str,
    components: Sequence[str],
    *,
    allow_ideal: bool = False,
    parameters: Sequence[ActivityParameterSet] = (),
) -> ActivityModel:
    """Build an activity model for a melt from the published parameters in the data folder.

    Parameters
    ----------
    model
        One of :data:`MODELS`.
    components
        Element symbols, in the order of the mole-fraction axis.
    allow_ideal
        Treat pairs with no published parameters as ideal (see the module
        docstring) instead of raising; they are listed in ``ideal_pairs``.
    parameters
        Extra parameter sets (e.g. from
        :func:`valorize.data.loader.read_activity_file`), used before the
        package's own for the same pair.

    Returns
    -------
    ActivityModel
        A model object with ``ln_gamma(x, T)`` and ``excess_gibbs_RT(x, T)``.

    Raises
    ------
    MissingParameterError
        If a pair has no published parameters and ``allow_ideal`` is false.
    """
    components = tuple(components)
    for symbol in components:
        element(symbol)
    if len(set(components)) != len(components):
        raise InputError(f"components repeat an element: {','.join(components)}")
    if model not in MODELS:
        raise InputError(f"unknown activity model {model!r}; choose one of {', '.join(MODELS)}")
    n = len(components)
    if model == "ideal":
        return IdealSolution(components)

    missing: list[tuple[str, str]] = []
    pairs: dict[tuple[int, int], _PairLookup] = {}
    for i, j in itertools.combinations(range(n), 2):
        found = _find_pair(model, components[i], components[j], parameters)
        if found is None:
            missing.append((components[i], components[j]))
        else:
            pairs[(i, j)] = found
    if missing and not allow_ideal:
        names = ", ".join(f"{a}-{b}" for a, b in missing)
        raise MissingParameterError(
            f"no published {model} parameters for {names}; "
            "allow the ideal fallback (allow_ideal=True, --allow-ideal) to treat them as ideal"
        )
    ideal_pairs = tuple(missing)

    if model == "regular":
        omega = np.zeros((n, n))
        for (i, j), p in pairs.items():
            omega[i, j] = omega[j, i] = p.values["omega"]
        return RegularSolution(components, omega, ideal_pairs)

    if model == "redlich-kister":
        orders = 1 + max(
            (int(k[1:].split("_")[0]) for p in pairs.values() for k in p.values), default=0
        )
        a = np.zeros((len(pairs), orders))
        b = np.zeros((len(pairs), orders))
        for row, p in enumerate(pairs.values()):
            for v in range(orders):
                a[row, v] = p.values.get(f"L{v}_a", 0.0)
                b[row, v] = p.values.get(f"L{v}_b", 0.0)
        return RedlichKister(components, tuple(pairs), a, b, ideal_pairs)

    if model == "wilson":
        V = np.array([_component_property("wilson", s, "V", parameters) for s in components])
        energies = np.zeros((n, n))
        fixed = np.full((n, n), np.nan)
        np.fill_diagonal(fixed, 1.0)
        for i, j in itertools.combinations(range(n), 2):
            if (i, j) in pairs:
                energies[i, j] = pairs[(i, j)].values["a12"]
                energies[j, i] = pairs[(i, j)].values["a21"]
            else:
                fixed[i, j] = fixed[j, i] = 1.0
        return Wilson(components, energies, V, fixed, ideal_pairs)

    # MIVM
    V = np.array([_component_property("mivm", s, "V", parameters) for s in components])
    # Z_i only multiplies terms in ln B_ji, which vanish when every pair of i is
    # an ideal fallback (B = 1): such a component needs no coordination number
    with_parameters = {k for pair in pairs for k in pair}
    Z = np.array(
        [
            _component_property("mivm", s, "Z", parameters) if k in with_parameters else 0.0
            for k, s in enumerate(components)
        ]
    )
    B_ref = np.ones((n, n))
    T_ref = np.ones((n, n))
    for (i, j), p in pairs.items():
        B_ref[i, j] = p.values["B12"]
        B_ref[j, i] = p.values["B21"]
        T_ref[i, j] = T_ref[j, i] = p.values["T"]
    return MIVM(components, B_ref, T_ref, V, Z, ideal_pairs)
