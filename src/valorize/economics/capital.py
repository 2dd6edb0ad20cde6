r"""Capital cost from equipment: purchase-cost correlations, the cost index, Lang factors.

The purchase cost of an item of size S follows a power law at the base index,
escalated to the cost year by the Chemical Engineering Plant Cost Index
(Seider et al., *Product and Process Design Principles*, 4th ed., ch. 16):

.. math:: C_p = a\,S^{n}\,\frac{CEPCI_{year}}{CEPCI_{base}}

An item may instead be given as a quoted cost in a past year, escalated the
same way. The fixed capital is the delivered equipment cost times an
installation (Lang) factor, plus a contingency share (Lang, Chem. Eng. 1948):

.. math:: I = f_{Lang}\,(1 + c)\sum_k N_k\,C_{p,k}

Correlations, indices and factors are records of ``data/capital.toml``; a
size outside a correlation's range is an error, not an extrapolation.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from valorize.data.loader import STATUSES, Datum, _read, references
from valorize.errors import InputError


@dataclass(frozen=True)
class Correlation:
    """Purchase cost a * S^n USD at ``base_cepci`` for S in [size_min, size_max] size_unit."""

    key: str
    description: str
    a: float
    n: float
    size_unit: str
    size_min: float
    size_max: float
    base_cepci: float
    status: str
    reference: str


@functools.cache
def _capital_data() -> dict[str, Any]:
    data = _read("capital.toml")
    known = references()
    tables = [("cepci", data["cepci"])]
    tables += [(f"correlation.{k}", v) for k, v in data.get("correlation", {}).items()]
    tables += [(f"lang_factor.{k}", v) for k, v in data.get("lang_factor", {}).items()]
    for where, v in tables:
        if v["reference"] not in known or v["status"] not in STATUSES:
            raise ValueError(f"capital.toml [{where}]: unknown reference or status")
    return data


def cepci(year: int) -> float:
    """The plant cost index of a year of ``data/capital.toml``."""
    values = {int(k): float(v) for k, v in _capital_data()["cepci"]["values"].items()}
    if year not in values:
        raise InputError(
            f"no CEPCI for {year}; known years: {', '.join(str(y) for y in sorted(values))}"
        )
    return values[year]


def latest_cepci_year() -> int:
    """The most recent year with a cost index."""
    return max(int(k) for k in _capital_data()["cepci"]["values"])


def correlation(key: str) -> Correlation:
    """A purchase-cost correlation of ``data/capital.toml``."""
    table = _capital_data().get("correlation", {})
    if key not in table:
        raise InputError(f"unknown cost correlation {key!r}; known: {', '.join(sorted(table))}")
    v = table[key]
    return Correlation(
        key,
        v["description"],
        float(v["a"]),
        float(v["n"]),
        v["size_unit"],
        float(v["size_min"]),
        float(v["size_max"]),
        float(v["base_cepci"]),
        v["status"],
        v["reference"],
    )


def lang_factor(kind: str) -> Datum:
    """Fixed capital over delivered equipment cost for a kind of plant."""
    table = _capital_data().get("lang_factor", {})
    if kind not in table:
        raise InputError(
            f"unknown plant kind {kind!r} for a Lang factor; known: {', '.join(table)}"
        )
    v = table[kind]
    return Datum(float(v["value"]), "1", v["status"], v["reference"], v.get("note", ""))


def purchase_cost(key: str, size: float, year: int, where: str = "") -> float:
    """Purchase cost (USD of ``year``) of one item of ``size`` in the correlation's size unit."""
    c = correlation(key)
    if not c.size_min <= size <= c.size_max:
        raise InputError(
            f"{where or key}: size {size:g} {c.size_unit} is outside the correlation's range "
            f"{c.size_min:g}-{c.size_max:g} {c.size_unit}"
        )
    return c.a * size**c.n * cepci(year) / c.base_cepci


def escalate(cost: float, from_year: int, to_year: int) -> float:
    """A cost of one year in another year's money by the cost index."""
    return cost * cepci(to_year) / cepci(from_year)


def fixed_capital(delivered_equipment: float, lang: float, contingency: float) -> float:
    """Fixed capital from the delivered equipment cost: f_Lang (1 + contingency) sum."""
    if lang < 1:
        raise InputError(f"an installation factor below 1 ({lang:g}) makes no sense")
    if not 0 <= contingency < 1:
        raise InputError(f"contingency must lie in [0, 1), not {contingency:g}")
    return lang * (1.0 + contingency) * delivered_equipment


def equipment_purchase_cost(item: Any, year: int, where: str) -> dict[str, Any]:
    """Purchase cost (USD of ``year``) of an equipment item, and how it was found.

    ``item`` has ``name``, ``count``, ``source`` and either ``correlation`` and
    ``size`` (text with a unit) or ``cost`` (money as text) and ``cost_year``.
    """
    from valorize.economics.money import parse_money
    from valorize.quantities import parse_in_unit

    if item.correlation is not None:
        c = correlation(item.correlation)
        size = parse_in_unit(item.size, c.size_unit, f"{where}.size")
        unit_cost = purchase_cost(item.correlation, size, year, f"{where}.size")
        how = f"{c.description}, {size:.4g} {c.size_unit} ({c.reference}, {c.status})"
    else:
        quoted = parse_money(item.cost, f"{where}.cost")
        unit_cost = escalate(quoted, item.cost_year, year)
        how = f"quote of {item.cost_year}, escalated by the CEPCI"
    return {
        "name": item.name,
        "count": item.count,
        "purchase_cost_usd": unit_cost * item.count,
        "how": how,
        "source": item.source,
    }
