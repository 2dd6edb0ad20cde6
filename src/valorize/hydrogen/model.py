r"""The slag-to-hydrogen route as a model: a photocatalyst panel field against reforming.

The field's basis (slag phases, photocatalyst plant, the site's sunlight from
pvlib, the panels' costs and the baselines) is computed once per case
(:func:`valorize.hydrogen.run.basis`, cached on the model); :meth:`evaluate`
then prices ``n`` scenarios of the field as a project in one vectorized call,
selling its hydrogen at :math:`f_P P_{SMR}` (reforming's levelized cost times a
price factor):

.. math::

    m_t = A\,\eta\,q_t, \qquad
    C_t = A\,(F_t + f_c c\,K_t) + m_t\,v, \qquad
    NPV = \sum_t (f_P P_{SMR}\,m_t - C_t - T_t)(1 + r)^{-t}

with :math:`q_t` the hydrogen per m2 per unit STH in year t, :math:`F_t` the
panels' fixed costs, :math:`K_t` the catalyst sheets bought, :math:`v` the
per-kg costs (:class:`valorize.hydrogen.breakeven.PanelEconomics`) and
:math:`T_t` the income tax of the rule every route shares
(:func:`valorize.hydrogen.run.project_cash_flow`).
:meth:`detail` is that function's payload.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from valorize.hydrogen.case import HydrogenCase
from valorize.model.protocol import Metric, Model, Parameter

_INF = float("inf")


@dataclass(frozen=True)
class HydrogenModel(Model):
    """A slag-to-hydrogen case as a model; see the module docstring."""

    case: HydrogenCase
    case_sha256: str = ""
    #: The parsed case file, kept so an edited field is validated like the file itself.
    raw: Any = field(default=None, compare=False, repr=False)
    numpy_only: bool | None = None  # Model.numpy_only: set by for_scenarios

    excluded_fields = ("breakeven", "panels.sth_scenarios_pct")
    route = "hydrogen"
    #: From about 10,000 samples the compiled cash-flow kernels repay their loading:
    #: ``valorize uncertainty almalyk-slag-hydrogen --samples N``, one core, compiled
    #: against NumPy only, 2,000: 1.90 against 1.54 s; 5,000: 2.05 against 1.76 s; 20,000:
    #: 2.02 against 2.69 s (best of 3, 2026-12-02); set below that crossover
    #: (:attr:`~valorize.model.protocol.Model.compiled_from`).
    compiled_from = 8_000
    objective = "npv_usd"

    def for_scenarios(self, scenarios: int | None) -> Model:
        """:meth:`Model.for_scenarios`, keeping the case's basis computed (pvlib's year)."""
        out = super().for_scenarios(scenarios)
        if out is not self and "_basis" in self.__dict__:
            out.__dict__["_basis"] = self.__dict__["_basis"]  # the same case: the same basis
        return out

    @functools.cached_property
    def _basis(self) -> Any:
        from valorize.hydrogen.run import basis

        return basis(self.case)

    @functools.cached_property
    def _evaluated(self) -> tuple[dict[str, Any], Any]:
        """:func:`valorize.hydrogen.run.evaluate` of the case, once (about a second)."""
        from valorize.hydrogen.run import evaluate

        return evaluate(self.case)

    def __getstate__(self) -> dict[str, Any]:
        # the cached results are recomputed where the model is unpickled (a Dask worker)
        return {k: v for k, v in self.__dict__.items() if k not in ("_basis", "_evaluated")}

    def breakeven_curve(self) -> Any:
        """The case's break-even curve against reforming (for its figure)."""
        return self._evaluated[1]

    @property
    def native_parameters(self) -> tuple[Parameter, ...]:
        """The STH efficiency and factors on the catalyst's cost and the hydrogen's price."""
        return (
            Parameter(
                "panels.sth_pct",
                "%",
                self.case.panels.sth_pct,
                (1e-9, 100.0),
                "solar-to-hydrogen efficiency of the panels",
                "case file",
            ),
            Parameter(
                "panels.area",
                "m^2",
                self.case.panels.area,
                (1e-9, _INF),
                "panel area",
                "case file",
            ),
            Parameter(
                "catalyst_cost_factor",
                "1",
                1.0,
                (0.0, _INF),
                "factor on the catalyst sheet's cost",
                "case file",
            ),
            Parameter(
                "hydrogen_price_factor",
                "1",
                1.0,
                (0.0, _INF),
                "factor on the price of the hydrogen (reforming's levelized cost)",
                "case file",
            ),
        )

    @property
    def metrics(self) -> tuple[Metric, ...]:
        """NPV, IRR, levelized cost, hydrogen made and CO2 avoided."""
        return (
            Metric("npv_usd", "USD", "net present value", "more"),
            Metric("irr_pct", "%", "internal rate of return", "more"),
            Metric("lcoh_usd_per_kg", "USD/kg", "levelized cost of hydrogen", "less"),
            Metric("h2_mean_kg_per_yr", "kg/yr", "hydrogen made, mean year", "more"),
            Metric("co2_avoided_t_per_yr", "t/yr", "CO2 avoided against reforming", "more"),
        )

    def evaluate_native(self, x: Mapping[str, np.ndarray], n: int) -> dict[str, np.ndarray]:
        """The metrics of ``n`` scenarios of the panel field (see :class:`Model`)."""
        from valorize.economics.template import project_measures
        from valorize.hydrogen.breakeven import lcoh
        from valorize.hydrogen.run import panel_money

        b = self._basis
        panel = b.panel
        area = x.get("panels.area", np.full(n, self.case.panels.area))
        sth = x.get("panels.sth_pct", np.full(n, self.case.panels.sth_pct)) / 100.0
        cost = b.catalyst_cost * x.get("catalyst_cost_factor", np.ones(n))
        price = b.smr.cost * x.get("hydrogen_price_factor", np.ones(n))
        money, terms, made = panel_money(panel, area, sth, cost, price, self.case.economics)
        r = project_measures(money, terms)
        mean = made.mean(axis=-1)
        return {
            "npv_usd": np.asarray(r.npv, dtype=float),
            "irr_pct": 100 * np.asarray(r.irr, dtype=float),
            "lcoh_usd_per_kg": np.asarray(lcoh(panel, sth, cost), dtype=float),
            "h2_mean_kg_per_yr": mean,
            "co2_avoided_t_per_yr": (b.smr.co2 - panel.co2_per_kg(sth)) * mean / 1000.0,
        }

    def detail(self) -> dict[str, Any]:
        """:func:`valorize.hydrogen.run.evaluate`'s payload in the shared result document.

        The summary has the route's metrics at the case (each named and with the unit
        its declaration gives), the details every part of the payload.
        """
        from valorize.hydrogen.data import assumed_records
        from valorize.model.results import result_document

        payload = copy.deepcopy(self._evaluated[0])  # the caller may add to its document
        project, case = payload["project"], payload["photocatalysis"]["case"]
        summary = {
            "npv_usd": project["npv_usd"],
            "npv_with_grant_usd": project["npv_with_grant_usd"],
            "irr_pct": project["irr_pct"],
            "lcoh_usd_per_kg": case["lcoh_usd_per_kg"],
            "h2_mean_kg_per_yr": case["h2_mean_kg_per_yr"],
            "co2_avoided_t_per_yr": project["co2_avoided_t_per_yr"],
            "capex_usd": project["capex_usd"],
        }
        warnings = payload.pop("warnings")
        return result_document(self, summary, assumed_records(), warnings, payload)


def build(data: dict[str, Any], where: str, sha256: str) -> HydrogenModel:
    """The model of a parsed hydrogen case file (the registry's builder)."""
    from valorize.case_files import validate

    model = HydrogenModel(validate(HydrogenCase, data, where, "docs/hydrogen.md"), sha256, raw=data)
    model.check_uncertain()
    model.default_decisions()  # a [decisions] table's paths and ranges, checked on reading
    return model
