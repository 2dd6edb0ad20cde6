r"""Rank-correlated uncertain inputs by the Iman-Conover method.

A case asks for a Spearman rank correlation :math:`\rho_s` between pairs of
inputs (``[[correlation]]``). The Iman-Conover method (Iman & Conover,
*Commun. Stat. B* 11 (1982) 311-334) rearranges each input's column of
samples so that their ranks follow the wanted correlation; the values in each
column are only permuted, so every marginal is kept exactly.

For n samples of d correlated inputs:

1. van der Waerden scores :math:`a_i = \Phi^{-1}(i / (n + 1))`, one randomly
   permuted copy per column: the score matrix :math:`R` (n x d);
2. its correlation :math:`T = Q Q^T` and the target :math:`C = P P^T`
   (Cholesky factors), where :math:`C` holds the Pearson correlations of
   normal scores that give the asked rank correlations,
   :math:`r = 2 \sin(\pi \rho_s / 6)` (Pearson, 1907; Kruskal, *JASA* 53
   (1958) 814);
3. :math:`R^* = R (Q^{-1})^T P^T` has correlation :math:`C` exactly;
4. each input's samples, sorted, are placed in the rank order of the
   matching column of :math:`R^*`.

The achieved Spearman correlation scatters around the asked one by roughly
:math:`1/\sqrt{n}`.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np

from valorize.errors import InputError


def spearman_matrix(
    names: Sequence[str], pairs: Sequence[tuple[str, str, float]], where: str = "correlation"
) -> np.ndarray:
    r"""The rank-correlation matrix over ``names`` from (input, input, rho) pairs, checked.

    Raises
    ------
    InputError
        An unknown or repeated input, a pair given twice, :math:`|\rho| > 1`, a matrix
        that is not positive definite (the user's), or one whose normal-score matrix is
        not (the method's: the message says which).
    """
    index = {name: k for k, name in enumerate(names)}
    c = np.eye(len(names))
    seen = set()
    for i, (a, b, rho) in enumerate(pairs):
        for name in (a, b):
            if name not in index:
                raise InputError(
                    f"{where}[{i}].inputs: {name!r} is not an uncertain input of the case; "
                    f"uncertain inputs: {', '.join(names)}"
                )
        if a == b:
            raise InputError(f"{where}[{i}].inputs: give two different inputs, not {a!r} twice")
        key = frozenset((a, b))
        if key in seen:
            raise InputError(f"{where}[{i}]: the pair {a}, {b} is given twice")
        seen.add(key)
        if not -1.0 <= rho <= 1.0:
            raise InputError(f"{where}[{i}].spearman: {rho:g} is outside -1 to 1")
        c[index[a], index[b]] = c[index[b], index[a]] = rho
    if np.linalg.eigvalsh(c).min() <= 1e-10:
        raise InputError(
            f"{where}: the rank correlations are not consistent (their matrix is not "
            "positive definite); loosen them or remove one"
        )
    if np.linalg.eigvalsh(normal_score_correlation(c)).min() <= 1e-10:
        raise InputError(
            f"{where}: the rank correlations are consistent, but so close to the edge that "
            "the Iman-Conover method cannot reach them (its normal-score matrix, "
            "2 sin(pi rho / 6), is not positive definite); loosen one of them slightly"
        )
    return c


def normal_score_correlation(spearman: np.ndarray) -> np.ndarray:
    r"""Pearson correlation of normal scores with Spearman correlation ``spearman``.

    :math:`r = 2 \sin(\pi \rho_s / 6)`, exact for a bivariate normal.
    """
    return 2.0 * np.sin(np.pi * spearman / 6.0)


def check_sample_count(n: int, d: int) -> None:
    """Refuse a chunk of ``n`` samples too small to rank-correlate ``d`` inputs.

    Raises
    ------
    InputError
        If ``n < d + 2`` (the scores' correlation matrix would be singular).
    """
    if n < d + 2:
        raise InputError(
            f"--samples: {n} samples in a chunk are too few to correlate {d} inputs; "
            f"give at least {d + 2}"
        )


@functools.lru_cache(maxsize=4)
def _van_der_waerden_scores(n: int) -> np.ndarray:
    """The normal scores ``Phi^-1(k / (n + 1))``, k = 1..n, read-only: chunks share them."""
    from scipy.special import ndtri

    scores = ndtri(np.arange(1, n + 1) / (n + 1))
    scores.flags.writeable = False
    return scores


def iman_conover(u: np.ndarray, spearman: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Permute the columns of samples ``u`` (n x d) to rank correlation ``spearman``.

    Parameters
    ----------
    u
        Samples, one column per input (any marginals: only their order changes).
    spearman
        Wanted d x d rank-correlation matrix (from :func:`spearman_matrix`).
    rng
        Random generator for the permutations of the scores (seeded by the caller).

    Returns
    -------
    numpy.ndarray
        The same values column by column, reordered.
    """
    from scipy.linalg import cholesky, solve_triangular

    n, d = u.shape
    check_sample_count(n, d)
    scores = _van_der_waerden_scores(n)
    r = np.column_stack([rng.permutation(scores) for _ in range(d)])
    t = np.corrcoef(r, rowvar=False)
    try:
        q = cholesky(t, lower=True)
    except np.linalg.LinAlgError:  # pragma: no cover - needs a degenerate permutation
        raise InputError(
            f"--samples: {n} samples in a chunk are too few to correlate {d} inputs"
        ) from None
    p = cholesky(normal_score_correlation(spearman), lower=True)
    # R* = R Q^-T P^T, i.e. R* = (P Q^-1 R^T)^T
    target = (p @ solve_triangular(q, r.T, lower=True)).T
    out = np.empty_like(u)
    for j in range(d):  # the k-th smallest value goes where the k-th smallest target is
        out[_stable_order(target[:, j]), j] = np.sort(u[:, j])
    return out


def _stable_order(values: np.ndarray) -> np.ndarray:
    """``np.argsort(values, kind="stable")``, faster where no two values are equal.

    Distinct values have one order, so any sort gives it (NumPy's default sort of floats,
    a SIMD quicksort, takes about 40 % of the time of its stable sort for 20,000 values);
    with ties the stable sort orders them by position, the same on every machine.
    """
    order = np.argsort(values)
    ranked = values[order]
    if np.any(ranked[1:] == ranked[:-1]) or np.isnan(ranked[-1:]).any():
        return np.argsort(values, kind="stable")
    return order
