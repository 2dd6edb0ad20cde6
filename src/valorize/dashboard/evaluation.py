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


def key_numbers(results: Results) -> dict[str, Any]:
    """The headline numbers the dashboard shows and compares, by label.

    Money under the case's first price scenario (its ``user_prices`` if it has some).
    """
    s = results.summary
    out: dict[str, Any] = {
        "product Se (wt %)": s["product_Se_wt_pct"],
        "Se recovery (%)": s["Se_recovery_pct"],
        "grade met": s["grade"],
        "refined Se (t/yr)": s["product_t_per_yr"],
    }
    if "unit_cost_usd_per_kg" in s:
        out["unit cost, net (USD/kg)"] = s["unit_cost_usd_per_kg"]
        out["NPV (M USD)"] = s["npv_usd"] / 1e6
        out["price scenario"] = s["price_scenario"]
    return out


def side_by_side(a: Results, b: Results) -> list[tuple[str, Any, Any]]:
    """Rows of (label, value of a, value of b) for two results' headline numbers."""
    ka, kb = key_numbers(a), key_numbers(b)
    labels = list(ka) + [k for k in kb if k not in ka]
    return [(label, ka.get(label, "n/a"), kb.get(label, "n/a")) for label in labels]
