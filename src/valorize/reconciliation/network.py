"""The network of a survey taken from a case's flowsheet.

Every route whose result lists its ``units`` (name, ``inlets``, ``outlets``) gives a
network: each unit with streams both in and out is a node; a unit with no outlet (a
sale, a disposal, the smelter taking the residue) is where its stream leaves the
plant, and a stream from ``feed`` is where one enters. A splitter's outlets have the
same assays; reconciliation balances it like any node and does not impose that.
"""

from __future__ import annotations

from typing import Any

from valorize.errors import InputError
from valorize.reconciliation.balance import Node


def case_units(case: str) -> list[dict[str, Any]]:
    """The units of a case's flowsheet (the route's result ``summary.units``).

    Raises
    ------
    InputError
        For an unknown case, or one whose route lists no flowsheet.
    """
    from valorize.model.registry import load_model

    units = load_model(case).detail()["summary"].get("units") or []
    if not units:
        raise InputError(
            f"survey.case: the case {case!r} has no flowsheet to take nodes from; "
            "give the nodes as [[node]] tables"
        )
    return units


def case_nodes(case: str) -> list[Node]:
    """The balance nodes of a case's flowsheet: its units with streams in and out."""
    return [
        Node(u["name"], tuple(u["inlets"]), tuple(u["outlets"]))
        for u in case_units(case)
        if u["inlets"] and u["outlets"]
    ]
