"""Run a case given as TOML text without ever raising: results or one line that says why.

The dashboard shows what comes back; a bug in the model becomes a one-line
message too (never a traceback on the page).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from valorize.errors import ValorizeError
from valorize.refinery.case import Case, case_from_text
from valorize.refinery.results import Results
from valorize.refinery.run import run


@dataclass(frozen=True)
class Evaluation:
    """A case run from text: the case and its results, or the error message."""

    text: str
    case: Case | None = None
    results: Results | None = None
    error: str = ""

    @property
    def ok(self) -> bool:
        """Whether the case ran."""
        return self.results is not None


def evaluate(text: str, where: str = "case file") -> Evaluation:
    """Validate and run the case TOML ``text``; errors come back as one line."""
    try:
        case = case_from_text(text, where)
        results = run(case, hashlib.sha256(text.encode("utf-8")).hexdigest())
    except ValorizeError as exc:
        return Evaluation(text, error=str(exc).splitlines()[0])
    except Exception as exc:  # a bug must not reach the page as a traceback
        first = (str(exc).splitlines() or [""])[0]
        return Evaluation(text, error=f"the model failed: {type(exc).__name__}: {first}")
    return Evaluation(text, case, results)


def key_numbers(results: Results) -> dict[str, str]:
    """The headline the dashboard shows and compares, by label, as ``valorize run`` prints it.

    The same decimals as the command line (purity 3, recovery, tonnage and money 2, CO2
    per kg 3), the targets' status, the largest impurity and the CO2; money under the
    case's first price scenario (its ``user_prices`` if it has some).
    """
    from valorize.report.refinery_sections import largest_impurity, targets

    s = results.summary
    missed = [words for words, verdict in targets(s) if verdict != "met"]
    out = {
        "targets": "all met" if not missed else "NOT met: " + "; ".join(missed),
        "refined Se (t/yr)": f"{s['product_t_per_yr']:,.2f}",
        "product Se (wt %)": f"{s['product_Se_wt_pct']:.3f}",
        "grade met": s["grade"] or "none",
        "Se recovery (%)": f"{s['Se_recovery_pct']:.2f}",
        "largest impurity": largest_impurity(s),
    }
    if "co2_kg_per_kg_product" in s:
        out["CO2 (kg per kg of product)"] = f"{s['co2_kg_per_kg_product']:.3f}"
    if "unit_cost_usd_per_kg" in s:
        out["NPV (M USD)"] = f"{s['npv_usd'] / 1e6:,.2f}"
        out["unit cost, net (USD/kg)"] = f"{s['unit_cost_usd_per_kg']:.2f}"
        out["price scenario"] = s["price_scenario"]
    return out


def side_by_side(a: Results, b: Results) -> list[tuple[str, Any, Any]]:
    """Rows of (label, value of a, value of b) for two results' headline numbers."""
    ka, kb = key_numbers(a), key_numbers(b)  # text as shown
    labels = list(ka) + [k for k in kb if k not in ka]
    return [(label, ka.get(label, "n/a"), kb.get(label, "n/a")) for label in labels]
