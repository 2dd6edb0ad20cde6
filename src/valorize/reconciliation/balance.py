r"""Mass-balance reconciliation: measured masses and assays adjusted until every node balances.

The metallurgical-accounting problem (bilinear data reconciliation). A plant is a network
of nodes joined by streams; stream :math:`s` carries a mass :math:`F_s` and, of each
component :math:`c`, a mass fraction :math:`x_{sc}`. Some of these are measured, each with
a standard deviation; the rest are unknown. At every node :math:`n` the total mass and
the mass of every component balance:

.. math::

    g_n = \sum_s a_{ns} F_s = 0, \qquad g_{nc} = \sum_s a_{ns} F_s x_{sc} = 0,

with :math:`a_{ns} = +1` for a stream into the node and :math:`-1` for one out of it. The
reconciled measured values :math:`\hat y` and the estimates of the unmeasured ones
:math:`\hat u` minimise the weighted sum of squared adjustments

.. math::

    J = \sum_i \left(\frac{\hat y_i - y_i}{\sigma_i}\right)^2 \quad
    \text{subject to} \quad g(\hat y, \hat u) = 0 .

It is solved by successive linearisation with Crowe's matrix projection (Crowe, Garcia
Campos & Hrymak, AIChE J. 29 (1983) 881, doi:10.1002/aic.690290602; Crowe, AIChE J. 32
(1986) 616, doi:10.1002/aic.690320410): at each iterate the constraints are linearised,
:math:`A\,\hat y + B\,\hat u = c`; a matrix :math:`Q` with :math:`Q^T B = 0` removes the
unknowns, leaving the reduced constraints :math:`R\,\hat y = Q^T c` (:math:`R = Q^T A`,
reduced to independent rows), whose weighted least-squares solution is

.. math::

    \hat y = y - \Sigma R^T (R \Sigma R^T)^{-1} (R y - Q^T c),

and the unknowns follow from :math:`B\,\hat u = c - A\,\hat y`. At the solution:

- an unknown is **observable** when no direction of the null space of :math:`B` moves it;
  an unobservable one is refused (:class:`~valorize.errors.InputError`);
- a measurement is **redundant** when its column of :math:`R` is not zero; only redundant
  ones are adjusted, and only they can be tested;
- the adjustments :math:`a = \hat y - y` have covariance
  :math:`V = \Sigma R^T (R\Sigma R^T)^{-1} R \Sigma`, the reconciled values
  :math:`\Sigma - V`, the unknowns :math:`B^+ A (\Sigma - V) A^T B^{+T}`;
- the **global test**: :math:`J` follows :math:`\chi^2` with :math:`\nu = \operatorname{rank} R`
  degrees of freedom (the degree of redundancy) when the errors are random;
- the **measurement test** (Mah & Tamhane, AIChE J. 28 (1982) 828,
  doi:10.1002/aic.690280519): :math:`z_i = |a_i| / \sqrt{V_{ii}}` is standard normal;
  the critical value holds the family-wise level :math:`\alpha` over the :math:`k` tested
  measurements (Sidak: :math:`\beta = 1 - (1-\alpha)^{1/k}`);
- **serial elimination** (Ripps 1965; Narasimhan & Jordache, *Data Reconciliation and
  Gross Error Detection*, Gulf 2000, ch. 8): while the global test fails, the measurement
  with the largest :math:`z` is set aside and the balance solved again; the measurements
  set aside are the suspected gross errors (a wrong scale, a mislabelled assay).

Values inside are SI: masses in kg (any consistent mass or mass-rate unit works, as the
balances are homogeneous), assays as mass fractions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from valorize.errors import ConvergenceError, InputError

#: Iterations of the successive linearisation before it is declared not converged.
MAX_ITERATIONS = 100
#: Relative change of every value (in its standard deviations for measured ones) below
#: which the iteration has converged.
TOLERANCE = 1e-10
#: Singular values below this share of the largest count as zero (rank decisions).
RANK_TOLERANCE = 1e-9
#: A stream's assays may sum above 100 % by this many standard deviations of their sum
#: (independent errors on a near-pure product do that) before the measured ones are
#: refused and the reconciled ones called impossible.
ASSAY_SUM_SD = 3.0


def assays_sum_too_high(total: float, sd: float) -> bool:
    """Whether a stream's assays sum above 100 % by more than their errors allow.

    ``total`` is their sum (a mass fraction) and ``sd`` its standard deviation; the
    allowance is :data:`ASSAY_SUM_SD` of them.
    """
    return total > 1.0 + ASSAY_SUM_SD * sd + 1e-12


@dataclass(frozen=True)
class Node:
    """A node of the network: a unit, a bin or a junction, with the streams in and out."""

    name: str
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]


@dataclass(frozen=True)
class Network:
    """Streams, the nodes they join and the components balanced at every node."""

    streams: tuple[str, ...]
    nodes: tuple[Node, ...]
    components: tuple[str, ...]

    def incidence(self) -> np.ndarray:
        """:math:`a_{ns}`: +1 into node n, -1 out of it; shape ``(nodes, streams)``."""
        index = {s: j for j, s in enumerate(self.streams)}
        a = np.zeros((len(self.nodes), len(self.streams)))
        for i, node in enumerate(self.nodes):
            for s in node.inputs:
                a[i, index[s]] += 1.0
            for s in node.outputs:
                a[i, index[s]] -= 1.0
        return a


@dataclass(frozen=True)
class Measurement:
    """One measured value: a stream's mass or one component's assay, SI, with its sd.

    ``quantity`` is ``"mass"`` or a component's symbol; ``value`` and ``sd`` are kg (or
    any one mass unit used throughout) for a mass and a mass fraction for an assay.
    """

    stream: str
    quantity: str
    value: float
    sd: float


@dataclass(frozen=True)
class Suspect:
    """A measurement set aside as a gross error: its statistic when it was, and its peers.

    ``equivalent`` lists the measurements whose error the data cannot tell from this
    one's (:meth:`Reconciliation.equivalent_to`): the gross error may be in any of them.
    """

    measurement: Measurement
    z: float
    equivalent: tuple[Measurement, ...]


@dataclass(frozen=True)
class Impossible:
    """A reconciled or estimated value no plant can have.

    ``quantity`` is ``"mass"``, a component (its assay) or ``"assays"`` (their sum);
    ``value`` and ``sd`` are SI (kg or kg/s, mass fractions); ``bound`` says which
    limit it passes: ``"below zero"``, ``"above 100 %"`` or ``"assays sum above 100 %"``.
    """

    stream: str
    quantity: str
    value: float
    sd: float
    bound: str


@dataclass(frozen=True)
class Reconciliation:
    """The reconciled balance, its statistics and the suspected gross errors.

    Arrays follow :attr:`measurements` (``reconciled``, ``reconciled_sd``,
    ``adjustment``, ``z``, ``redundant``), :attr:`unknowns` (``estimate``,
    ``estimate_sd``) or the network's streams (``assay_sum_sd``: the sd of the sum of
    each stream's reconciled and estimated assays); values in the measurements' SI units.
    """

    network: Network
    measurements: tuple[Measurement, ...]
    unknowns: tuple[tuple[str, str], ...]
    reconciled: np.ndarray
    reconciled_sd: np.ndarray
    adjustment: np.ndarray
    z: np.ndarray
    redundant: np.ndarray
    estimate: np.ndarray
    estimate_sd: np.ndarray
    chi_square: float
    degrees_of_freedom: int
    p_value: float
    alpha: float
    z_critical: float
    iterations: int
    adjustment_cov: np.ndarray = field(repr=False, default_factory=lambda: np.zeros((0, 0)))
    suspects: tuple[Suspect, ...] = ()
    first_pass: Reconciliation | None = field(default=None, repr=False)
    assay_sum_sd: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0))

    def equivalent_to(self, k: int) -> tuple[Measurement, ...]:
        """Measurements whose error the data cannot tell from measurement ``k``'s.

        Those whose adjustments are perfectly correlated with ``k``'s (|r| > 1 - 1e-6):
        a gross error in any one of them moves the balance alike (an *equivalent set*,
        Narasimhan & Jordache 2000, ch. 8).
        """
        v = self.adjustment_cov
        if not self.redundant[k]:
            return ()
        scale = np.sqrt(np.clip(np.diag(v), 1e-300, None))
        r = v[k] / (scale * scale[k])
        hit = self.redundant & (np.abs(r) > 1.0 - 1e-6)
        return tuple(m for j, m in enumerate(self.measurements) if hit[j] and j != k)

    @property
    def flagged(self) -> np.ndarray:
        """Where the measurement test's statistic passes its critical value, bool ``(m,)``."""
        return self.redundant & (self.z > self.z_critical)

    @property
    def global_test_passed(self) -> bool:
        """Whether the weighted sum of squares is within the chi-square's 1 - alpha quantile."""
        return self.degrees_of_freedom == 0 or self.p_value >= self.alpha

    def impossible(self) -> tuple[Impossible, ...]:
        """The reconciled and estimated values no plant can have, in stream order.

        A mass below zero, an assay below zero or above 100 %, and (for a stream none of
        whose assays is out of range alone) assays summing above 100 % by more than
        :data:`ASSAY_SUM_SD` standard deviations of their sum. A balance that needs
        them says the measurements are inconsistent (a gross error the tests could not
        isolate) or the network is wrong. Each bound allows 1e-9 of the value's sd (the
        iteration stops within 1e-10 of it), so a value that is zero is not called
        negative by rounding.
        """
        values: dict[tuple[str, str], tuple[float, float]] = {}
        for i, m in enumerate(self.measurements):
            values[(m.stream, m.quantity)] = (
                float(self.reconciled[i]),
                float(self.reconciled_sd[i]),
            )
        for j, key in enumerate(self.unknowns):
            values[key] = (float(self.estimate[j]), float(self.estimate_sd[j]))
        largest = max((abs(v) for (_, q), (v, _) in values.items() if q == "mass"), default=0.0)
        out: list[Impossible] = []
        for k, s in enumerate(self.network.streams):
            mass, sd = values[(s, "mass")]
            if mass < -max(1e-12 * largest, 1e-9 * sd):
                out.append(Impossible(s, "mass", mass, sd, "below zero"))
            assays = []
            for c in self.network.components:
                x, sd = values[(s, c)]
                slack = 1e-12 + 1e-9 * sd
                if x < -slack:
                    assays.append(Impossible(s, c, x, sd, "below zero"))
                elif x > 1.0 + slack:
                    assays.append(Impossible(s, c, x, sd, "above 100 %"))
            out.extend(assays)
            if assays or not self.network.components or k >= self.assay_sum_sd.size:
                continue
            total = sum(values[(s, c)][0] for c in self.network.components)
            sd = float(self.assay_sum_sd[k])
            if assays_sum_too_high(total, sd):
                out.append(Impossible(s, "assays", total, sd, "assays sum above 100 %"))
        return tuple(out)

    def value(self, stream: str, quantity: str) -> tuple[float, float]:
        """The reconciled value of a stream's mass or assay (measured or not) and its sd."""
        for i, m in enumerate(self.measurements):
            if (m.stream, m.quantity) == (stream, quantity):
                return float(self.reconciled[i]), float(self.reconciled_sd[i])
        j = self.unknowns.index((stream, quantity))
        return float(self.estimate[j]), float(self.estimate_sd[j])


class _Problem:
    """The balance equations of a network over all masses and assays, with their Jacobian.

    The variables are every stream's mass, then every (stream, component) assay, in
    :attr:`keys` order; masses are divided by :attr:`scale` so both kinds are of order one.
    """

    def __init__(self, network: Network, scale: float) -> None:
        self.network = network
        self.scale = scale
        self.a = network.incidence()
        n_s, n_c = len(network.streams), len(network.components)
        self.keys: list[tuple[str, str]] = [(s, "mass") for s in network.streams] + [
            (s, c) for s in network.streams for c in network.components
        ]
        self.n_s, self.n_c = n_s, n_c

    def split(self, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Masses, shape ``(streams,)``, and assays, shape ``(streams, components)``."""
        return v[: self.n_s], v[self.n_s :].reshape(self.n_s, self.n_c)

    def constraints(self, v: np.ndarray) -> np.ndarray:
        """:math:`g`: each node's mass balance, then each node's balance of each component."""
        f, x = self.split(v)
        return np.concatenate([self.a @ f, (self.a @ (f[:, None] * x)).ravel()])

    def jacobian(self, v: np.ndarray) -> np.ndarray:
        r""":math:`\partial g / \partial v`, shape ``(constraints, variables)``."""
        f, x = self.split(v)
        n_n, n_s, n_c = self.a.shape[0], self.n_s, self.n_c
        jac = np.zeros((n_n * (1 + n_c), n_s * (1 + n_c)))
        jac[:n_n, :n_s] = self.a
        comp = jac[n_n:].reshape(n_n, n_c, n_s * (1 + n_c))
        comp[:, :, :n_s] = self.a[:, None, :] * x.T[None, :, :]
        assay = comp[:, :, n_s:].reshape(n_n, n_c, n_s, n_c)
        for c in range(n_c):
            assay[:, c, :, c] = self.a * f[None, :]
        return jac


def _left_null(b: np.ndarray) -> np.ndarray:
    """Columns spanning the left null space of ``b`` (:math:`Q^T b = 0`), orthonormal."""
    if b.shape[1] == 0:
        return np.eye(b.shape[0])
    u, s, _ = np.linalg.svd(b, full_matrices=True)
    rank = int(np.sum(s > RANK_TOLERANCE * max(s[0], 1e-300))) if s.size else 0
    return u[:, rank:]


def _right_null(b: np.ndarray) -> np.ndarray:
    r"""Columns spanning the null space of ``b`` (:math:`b\,N = 0`), orthonormal."""
    if b.shape[1] == 0:
        return np.zeros((0, 0))
    _, s, vt = np.linalg.svd(b, full_matrices=True)
    rank = int(np.sum(s > RANK_TOLERANCE * max(s[0], 1e-300))) if s.size else 0
    return vt[rank:].T


def _independent_rows(r: np.ndarray, rhs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``r`` and ``rhs`` reduced to ``rank r`` independent combinations of their rows."""
    if r.size == 0:
        return r[:0], rhs[:0]
    u, s, vt = np.linalg.svd(r, full_matrices=False)
    rank = int(np.sum(s > RANK_TOLERANCE * max(s[0], 1e-300))) if s.size else 0
    return s[:rank, None] * vt[:rank], u[:, :rank].T @ rhs


def _starting_values(problem: _Problem, measured: dict[tuple[str, str], float]) -> np.ndarray:
    """Measured values where given; for the rest a mean of their kind (masses, each assay)."""
    masses = [v for (s, q), v in measured.items() if q == "mass"]
    mass_guess = float(np.mean(masses)) if masses else problem.scale
    v = np.empty(len(problem.keys))
    for j, key in enumerate(problem.keys):
        if key in measured:
            v[j] = measured[key]
        elif key[1] == "mass":
            v[j] = mass_guess
        else:
            same = [val for (s, q), val in measured.items() if q == key[1]]
            v[j] = float(np.mean(same)) if same else 0.0
    return v


def _unobservable(problem: _Problem, b: np.ndarray, unknown: np.ndarray) -> list[tuple[str, str]]:
    """The unknowns a direction of the null space of ``b`` moves (so no data fix them)."""
    null = _right_null(b)
    if null.size == 0:
        return []
    moved = np.linalg.norm(null, axis=1) > 1e-6
    return [problem.keys[j] for j, hit in zip(np.flatnonzero(unknown), moved, strict=True) if hit]


def _solve(
    problem: _Problem, measurements: tuple[Measurement, ...], alpha: float
) -> Reconciliation:
    """One weighted least-squares reconciliation with every measurement kept."""
    keys = problem.keys
    index = {k: j for j, k in enumerate(keys)}
    scale = np.array([problem.scale if q == "mass" else 1.0 for _, q in keys])
    measured_at = np.array([index[(m.stream, m.quantity)] for m in measurements], dtype=int)
    y = np.array([m.value for m in measurements]) / scale[measured_at]
    sigma = np.array([m.sd for m in measurements]) / scale[measured_at]
    cov = np.diag(sigma**2)
    unknown = np.ones(len(keys), dtype=bool)
    unknown[measured_at] = False

    given = {keys[j]: m.value for j, m in zip(measured_at, measurements, strict=True)}
    v = _starting_values(problem, given)
    v = v / scale
    for iteration in range(1, MAX_ITERATIONS + 1):  # noqa: B007 (reported after the loop)
        g = problem.constraints(v)
        jac = problem.jacobian(v)
        a, b = jac[:, measured_at], jac[:, unknown]
        c = a @ v[measured_at] + b @ v[unknown] - g
        q = _left_null(b)
        r, rhs = _independent_rows(q.T @ a, q.T @ c)
        if r.shape[0]:
            gain = cov @ r.T @ np.linalg.solve(r @ cov @ r.T, np.eye(r.shape[0]))
            y_hat = y - gain @ (r @ y - rhs)
        else:
            gain, y_hat = np.zeros((len(y), 0)), y.copy()
        u_hat = np.linalg.lstsq(b, c - a @ y_hat, rcond=None)[0] if b.shape[1] else b[0, :0]
        new = v.copy()
        new[measured_at], new[unknown] = y_hat, u_hat
        step = np.abs(new - v)
        done = np.all(step[measured_at] <= TOLERANCE * sigma) and np.all(
            step[unknown] <= TOLERANCE * np.maximum(np.abs(new[unknown]), 1.0)
        )
        v = new
        if done:
            break
    else:
        raise ConvergenceError(
            f"the reconciliation did not converge in {MAX_ITERATIONS} iterations "
            f"(largest balance residual {np.max(np.abs(problem.constraints(v))):.3g})"
        )
    jac = problem.jacobian(v)
    a, b = jac[:, measured_at], jac[:, unknown]
    hidden = _unobservable(problem, b, unknown)
    if hidden:
        names = ", ".join(f"{s} {q}" for s, q in hidden[:6]) + (" ..." if len(hidden) > 6 else "")
        raise InputError(
            f"the network cannot be observed: no measurement fixes {names}; "
            "measure them or their neighbours, or join the streams"
        )
    q = _left_null(b)
    r, _ = _independent_rows(q.T @ a, q.T @ np.zeros(a.shape[0]))
    if r.shape[0]:
        adj_cov = cov @ r.T @ np.linalg.solve(r @ cov @ r.T, r @ cov)
    else:
        adj_cov = np.zeros_like(cov)
    rec_cov = cov - adj_cov
    # every variable as a linear function of the reconciled measurements: the measured
    # ones themselves, the unknowns u = B+ (c - A y)
    spread = np.zeros((len(keys), len(measurements)))
    spread[measured_at, np.arange(len(measurements))] = 1.0
    if b.shape[1]:
        b_plus = np.linalg.pinv(b)
        spread[unknown] = -b_plus @ a
        est_cov = b_plus @ a @ rec_cov @ a.T @ b_plus.T
    else:
        est_cov = np.zeros((0, 0))
    # each stream's assays summed (assays are not scaled): the sd of that sum
    n_s, n_c = problem.n_s, problem.n_c
    summed = spread[n_s:].reshape(n_s, n_c, len(measurements)).sum(axis=1)
    assay_sum_sd = np.sqrt(np.clip(np.sum((summed @ rec_cov) * summed, axis=1), 0.0, None))
    adjustment = v[measured_at] - y
    adj_var = np.clip(np.diag(adj_cov), 0.0, None)
    redundant = adj_var > 1e-12 * sigma**2
    z = np.where(redundant, np.abs(adjustment) / np.sqrt(np.where(redundant, adj_var, 1.0)), 0.0)
    chi_square = float(np.sum((adjustment / sigma) ** 2))
    dof = int(r.shape[0])
    from scipy.stats import chi2, norm

    tested = int(redundant.sum())
    beta = 1.0 - (1.0 - alpha) ** (1.0 / max(tested, 1))
    m_scale = scale[measured_at]
    u_scale = scale[unknown]
    return Reconciliation(
        network=problem.network,
        measurements=measurements,
        unknowns=tuple(k for k, hid in zip(keys, unknown, strict=True) if hid),
        reconciled=v[measured_at] * m_scale,
        reconciled_sd=np.sqrt(np.clip(np.diag(rec_cov), 0.0, None)) * m_scale,
        adjustment=adjustment * m_scale,
        z=z,
        redundant=redundant,
        estimate=v[unknown] * u_scale,
        estimate_sd=np.sqrt(np.clip(np.diag(est_cov), 0.0, None)) * u_scale,
        chi_square=chi_square,
        degrees_of_freedom=dof,
        p_value=float(chi2.sf(chi_square, dof)) if dof else 1.0,
        alpha=alpha,
        z_critical=float(norm.isf(beta / 2.0)),
        iterations=iteration,
        adjustment_cov=adj_cov * np.outer(m_scale, m_scale),
        assay_sum_sd=assay_sum_sd,
    )


def check_measurements(network: Network, measurements: tuple[Measurement, ...]) -> None:
    """Refuse a measurement of an unknown stream or component, a repeat, or a bad sd.

    A stream's assays summing above 100 % by more than :data:`ASSAY_SUM_SD` standard
    deviations of their sum are refused too.

    Raises
    ------
    InputError
        Naming the measurement (stream and quantity) and what is allowed.
    """
    seen: set[tuple[str, str]] = set()
    for m in measurements:
        where = f"stream {m.stream!r} {m.quantity}"
        if m.stream not in network.streams:
            raise InputError(f"{where}: no such stream; streams: {', '.join(network.streams)}")
        if m.quantity != "mass" and m.quantity not in network.components:
            raise InputError(
                f"{where}: {m.quantity!r} is not a balanced component; components: "
                + ", ".join(network.components)
            )
        if (m.stream, m.quantity) in seen:
            raise InputError(f"{where}: measured twice; give one value with its sd")
        seen.add((m.stream, m.quantity))
        if not (np.isfinite(m.value) and np.isfinite(m.sd)):
            raise InputError(f"{where}: value and sd must be finite numbers")
        if m.value < 0:
            raise InputError(f"{where}: {m.value:g} is negative; masses and assays are >= 0")
        if m.quantity != "mass" and m.value > 1:
            raise InputError(f"{where}: an assay above 100 % ({100 * m.value:g} %)")
        if m.sd <= 0:
            raise InputError(f"{where}: the standard deviation must be above zero")
    for s in network.streams:
        assays = [m for m in measurements if m.stream == s and m.quantity != "mass"]
        total = sum(m.value for m in assays)
        if assays and assays_sum_too_high(total, float(np.sqrt(sum(m.sd**2 for m in assays)))):
            raise InputError(
                f"stream {s!r}: the assays sum to {100 * total:.4g} %, above 100 % by more "
                f"than their standard deviations allow ({ASSAY_SUM_SD:g} sd); the "
                "components of one sample cannot"
            )


def reconcile(
    network: Network,
    measurements: tuple[Measurement, ...],
    alpha: float = 0.05,
    eliminate: bool = True,
) -> Reconciliation:
    """Reconcile a survey: the weighted least-squares balance, its tests and gross errors.

    Parameters
    ----------
    network
        The streams, nodes and balanced components.
    measurements
        Each measured mass (kg, or any one mass unit) or assay (mass fraction) with its
        standard deviation; a stream's mass or assay not given is estimated.
    alpha
        Significance level of the global test and (family-wise) of the measurement test.
    eliminate
        When the global test fails, set aside the measurement with the largest
        measurement-test statistic and solve again, until it passes or nothing is left
        to set aside (serial elimination); the result then carries the ``suspects`` (in
        the order found) and the ``first_pass`` with every measurement kept.

    Returns
    -------
    Reconciliation
        The reconciled values with their standard deviations, the estimates of the
        unmeasured values, the chi-square test and the measurement tests; see the module
        docstring for the equations.

    Raises
    ------
    InputError
        For a bad measurement (:func:`check_measurements`), an ``alpha`` outside (0, 1),
        or a network that cannot be observed (an unknown no balance fixes).
    ConvergenceError
        When the successive linearisation does not converge.
    """
    if not 0.0 < alpha < 1.0:
        raise InputError(f"alpha: {alpha:g} is not between 0 and 1")
    check_measurements(network, measurements)
    masses = [m.value for m in measurements if m.quantity == "mass" and m.value > 0]
    problem = _Problem(network, float(np.max(masses)) if masses else 1.0)
    first = _solve(problem, measurements, alpha)
    if not eliminate:
        return first
    kept, result, aside = list(measurements), first, []
    while not result.global_test_passed:
        for k in np.argsort(-result.z, kind="stable"):
            if result.z[k] <= result.z_critical:
                return _finished(result, aside, first)
            trial = kept[:k] + kept[k + 1 :]
            try:
                attempt = _solve(problem, tuple(trial), alpha)
            except InputError:  # setting it aside would leave something unobservable
                continue
            aside.append(Suspect(kept[k], float(result.z[k]), result.equivalent_to(int(k))))
            kept, result = trial, attempt
            break
        else:
            break
    return _finished(result, aside, first)


def _finished(
    result: Reconciliation, aside: list[Suspect], first: Reconciliation
) -> Reconciliation:
    """The last reconciliation, carrying the measurements set aside and the first pass."""
    if not aside:
        return result
    from dataclasses import replace

    return replace(result, suspects=tuple(aside), first_pass=first)
