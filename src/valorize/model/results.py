"""One result document for every route: the keys a reader (or a program) can count on.

``valorize run CASE --json``, ``slime --json``, ``hydrogen --json``, ``report --json``
and the files they write all carry, in this order:

=================== ===========================================================
``case``            the case's name (its ``[case] name``)
``title``           the case's title
``route``           ``refinery``, ``slime``, ``hydrogen`` or ``tellurium``
``valorize_version`` the version that computed it
``case_sha256``     SHA-256 of the case file's bytes (of the built-in file for a name)
``summary``         the answer: the route's headline results (keys in docs/results.md)
``assumptions``     every assumed (or case-file) number the answer rests on: rows of
                    ``name``, ``value``, ``unit``, ``status``, ``source``, ``note``
``warnings``        what the reader must know (a list of sentences; empty if none)
=================== ===========================================================

followed by the route's details (``variants`` of a refinery case, ``routes`` of the
anode slime, ``slag``, ``solar``, ``panels``... of the hydrogen route), each documented
in docs/results.md, which :mod:`valorize.model.result_keys` generates.
"""

from __future__ import annotations

from typing import Any

#: The keys every route's result document starts with, in order.
SHARED_KEYS = (
    "case",
    "title",
    "route",
    "valorize_version",
    "case_sha256",
    "summary",
    "assumptions",
    "warnings",
)


def result_document(
    model: Any,
    summary: dict[str, Any],
    assumptions: list[dict[str, Any]],
    warnings: list[str],
    details: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The shared result document of ``model``'s case.

    Parameters
    ----------
    model
        A bound model (its ``name``, ``title``, ``route`` and ``case_sha256`` are read).
    summary
        The headline results, JSON-ready.
    assumptions
        Rows of ``name``, ``value``, ``unit``, ``status``, ``source``, ``note``.
    warnings
        Sentences for the reader.
    details
        The route's further keys; a shared key among them is ignored (the arguments win).

    Returns
    -------
    dict
        :data:`SHARED_KEYS` in order, then the details.
    """
    from valorize import __version__

    document = {
        "case": model.name,
        "title": model.title,
        "route": model.route,
        "valorize_version": __version__,
        "case_sha256": model.case_sha256,
        "summary": summary,
        "assumptions": assumptions,
        "warnings": list(warnings),
    }
    for key, value in (details or {}).items():
        document.setdefault(key, value)
    return document
