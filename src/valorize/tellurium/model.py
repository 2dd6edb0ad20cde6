r"""The crude-tellurium route as a model: crude tellurium refined by vacuum distillation.

The same batch vacuum furnace as the selenium refinery
(:func:`valorize.units.vacuum_distillation.distill_passes`, theory in that module),
with tellurium as the solvent that distils: the metals bound as tellurides (Cu2Te,
Ag2Te, PbTe) and the non-volatile ones (Fe, Ni, Au ...) stay in the residue, the
elements more volatile than tellurium (Se, S, As) come over first and are taken off
with the head cut, the rest of the distillate is the product (Cui et al. 2026: Cu,
Fe, Ni in the residue, Se at the far end of the condenser; Jennings & Farge 1966:
distillation does not take the selenium out of tellurium). A batch becomes a year by
the batches the crude rate needs; the case's recycles, if any, are converged as for
the refinery (:func:`valorize.refinery.run.solve_furnace`). :meth:`detail` is the
baseline scenario with the product's impurities, its grade
(``data/grades.toml``, element Te), the residue and the cut.

There are no economics: no price of crude tellurium could be found (see the case's
notes), so the route reports output, purity, recovery, furnace time and energy.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from valorize.data.loader import process_parameter, reference
from valorize.model.protocol import (
    Metric,
    Model,
    Parameter,
    Target,
)
from valorize.quantities import parse_quantity
from valorize.refinery.inputs import case_or_data
from valorize.refinery.model import SEARCH_DISTILLED, SEARCH_HEAD_CUT, furnace_targets
from valorize.tellurium.case import TelluriumCase

_INF = float("inf")
SOLVENT = "Te"


@dataclass(frozen=True)
class TelluriumModel(Model):
    """A crude-tellurium case as a model; see the module docstring."""

    case: TelluriumCase
    case_sha256: str = ""
    #: The parsed case file, kept so an edited field is validated like the file itself.
    raw: Any = field(default=None, compare=False, repr=False)
    numpy_only: bool | None = None  # Model.numpy_only: set by for_scenarios

    excluded_fields = ("target",)
    route = "tellurium"
    #: From about 3,500 samples the compiled kernels repay their loading:
    #: ``valorize uncertainty almalyk-crude-tellurium --samples N``, one core, compiled
    #: against NumPy only, 2,000: 1.02 against 0.73 s; 5,000: 0.96 against 1.17 s (best
    #: of 3, 2026-12-02).
    compiled_from = 3_000
    objective = "Te_recovery_pct"
    sweep = "operation.distilled_fraction"
    objective_aliases = {  # noqa: RUF012 - a read-only class table
        "recovery": "Te_recovery_pct",
        "purity": "product_Te_wt_pct",
        "output": "product_t_per_yr",
        "energy": "energy_kWh_per_t_product",
    }

    @property
    def native_parameters(self) -> tuple[Parameter, ...]:
        """The furnace's inputs evaluated on the scenario axis, and the crude's Te content."""
        m, op = self.case.model, self.case.operation
        entrainment, e_src = case_or_data(m.entrainment, "entrainment")
        alpha, a_src = case_or_data(m.evaporation_coefficient, "evaporation_coefficient")
        T = (
            op.temperature
            if op.temperature is not None
            else max(t for _, t in op.temperature_program)
        )
        return (
            Parameter("model.entrainment", "fraction", entrainment, (0.0, 1.0),
                      "droplet share of the condensate", e_src),
            Parameter("model.evaporation_coefficient", "fraction", alpha, (1e-12, 1.0),
                      "Hertz-Knudsen-Langmuir evaporation coefficient", a_src),
            Parameter("operation.distilled_fraction", "fraction", op.distilled_fraction,
                      (0.0, 1.0), "share of the dissolved tellurium distilled per batch",
                      "case file"),
            Parameter("operation.head_cut", "fraction", op.head_cut, (0.0, 1.0),
                      "share of the distillate taken as the volatile (Se-rich) cut", "case file"),
            Parameter("operation.temperature", "K", T, (1e-9, _INF), "melt temperature",
                      "case file"),
            Parameter("operation.evaporation_area", "m^2", op.evaporation_area, (1e-12, _INF),
                      "free melt surface", "case file"),
            Parameter("crude.Te_wt_pct", "wt %", self.case.crude.composition_wt_pct["Te"],
                      (0.0, 100.0), "Te content of the crude (impurities scaled in proportion)",
                      self.case.crude.source),
        )  # fmt: skip

    def _limited(self) -> list[str]:
        """Impurities reported in ppm: selenium (the one distillation keeps) and any limited."""
        crude = self.case.crude.composition_wt_pct
        return list(dict.fromkeys([*(["Se"] if "Se" in crude else []), *self.case.target.max_ppm]))

    @property
    def metrics(self) -> tuple[Metric, ...]:
        """Purity, recovery, output, furnace time, energy and the impurities in ppm."""
        return (
            Metric("product_Te_wt_pct", "wt %", "product purity (Te)", "more"),
            Metric("Te_recovery_pct", "%", "direct Te recovery", "more"),
            Metric("product_t_per_yr", "t/yr", "refined tellurium out", "more"),
            Metric("furnace_hours_per_yr", "h/yr", "furnace time", "less"),
            Metric("energy_kWh_per_t_product", "kWh/t", "energy per t of product", "less"),
            *(Metric(f"{s}_ppm", "ppm", f"{s} in the product", "less") for s in self._limited()),
        )

    @property
    def targets(self) -> tuple[Target, ...]:
        """The case's purity, output and impurity targets, and a year of furnace hours."""
        t = self.case.target
        return furnace_targets(
            "product_Te_wt_pct", t.te_min_wt_pct, t, self.case.operation.furnaces
        )

    def route_decisions(self) -> dict[str, tuple[float, float]]:
        """Melt temperature, distilled fraction and head cut, in tellurium's window."""
        from valorize.refinery.inputs import within_data

        crude = self.case.crude
        return {
            "operation.temperature": within_data(
                SEARCH_TEMPERATURE_K,
                crude.composition_wt_pct,
                crude.forms,
                "liquid",
                self.case.model.extrapolate,
            ),
            "operation.distilled_fraction": SEARCH_DISTILLED,
            "operation.head_cut": SEARCH_HEAD_CUT,
        }

    def _year(self, x: Mapping[str, np.ndarray], n: int) -> tuple[Any, np.ndarray, np.ndarray]:
        """One batch of the furnace's charge, the batches a year and the fresh crude a year."""
        from valorize.refinery.inputs import scenario_conditions, scenario_crude
        from valorize.refinery.run import solve_furnace

        crude = self.case.crude
        components = tuple(crude.composition_wt_pct)
        forms = tuple(crude.forms.get(s, "dissolved") for s in components)
        w = scenario_crude(crude.composition_wt_pct, x.get("crude.Te_wt_pct"), n)
        conditions = scenario_conditions(self.case, dict(x))
        fresh = w * (crude.rate * parse_quantity("1 yr", "time", "year"))
        r, batches, _, _ = solve_furnace(self.case, components, fresh, forms, conditions)
        return r, batches, fresh

    def evaluate_native(self, x: Mapping[str, np.ndarray], n: int) -> dict[str, np.ndarray]:
        """The metrics of ``n`` scenarios of the case's crude (see :class:`Model`)."""
        return self._metrics(*self._year(x, n), n)

    def _metrics(
        self, r: Any, batches: np.ndarray, fresh: np.ndarray, n: int
    ) -> dict[str, np.ndarray]:
        """The metrics of a year of the furnace (:meth:`_year`).

        The output is what the case's furnaces can process
        (:func:`valorize.refinery.results.processed_share`).
        """
        from valorize.refinery.results import processed_share
        from valorize.units.furnace_energy import furnace_time

        product = r.product.sum(axis=-1)
        hours = furnace_time(r.duration) * batches / 3600.0
        share = processed_share(hours, self.case.operation.furnaces)
        out = {
            "product_Te_wt_pct": 100 * r.purity(r.product),
            "Te_recovery_pct": 100 * r.product[..., 0] * batches / fresh[..., 0],
            "product_t_per_yr": share * product * batches / 1000.0,
            "furnace_hours_per_yr": hours,
            "energy_kWh_per_t_product": r.energy_total / 3.6e6 / (product / 1000.0),
        }
        for symbol in self._limited():
            out[f"{symbol}_ppm"] = r.ppm(r.product, symbol)
        return {k: np.broadcast_to(np.asarray(v, dtype=float), (n,)).copy() for k, v in out.items()}

    def detail(self) -> dict[str, Any]:
        """The baseline as results: metrics, impurities, grade, residue, cut, assumptions."""
        from valorize.model.results import result_document
        from valorize.refinery.results import cap_to_furnaces, capacity_warning
        from valorize.units.vacuum_distillation import grade_met

        r, batches, fresh = self._year({}, 1)
        summary = {k: float(v[0]) for k, v in self._metrics(r, batches, fresh, 1).items()}
        product = r.product[0]
        b = float(batches[0])
        impurities = {
            s: float(1e6 * m / product.sum())
            for s, m in zip(r.components, product, strict=True)
            if s != SOLVENT
        }
        residue = (1.0 - self.case.operation.residue_recycle) * r.residue[0]
        out = product * b + residue * b + r.volatile_cut[0] * b
        balance = float(np.max(np.abs(out - fresh[0]) / np.where(fresh[0] > 0, fresh[0], 1.0)))
        summary.update(
            {
                "feed_t_per_yr": float(fresh[0].sum() / 1000.0),
                "impurities_ppm": impurities,
                "grade": str(grade_met(r.purity(product), impurities, SOLVENT)) or "none",
                "residue_t_per_yr": float(residue.sum() * b / 1000.0),
                "volatile_cut_t_per_yr": float(r.volatile_cut[0].sum() * b / 1000.0),
                "batches_per_yr": b,
                "batch_duration_h": float(r.duration[0]) / 3600.0,
                "mass_balance_rel_error": max(balance, float(r.mass_balance_error[0])),
            }
        )
        product_t = summary.pop("product_t_per_yr")  # already what the furnaces can process
        cap_to_furnaces(summary, self.case.operation.furnaces)
        summary["product_t_per_yr"] = product_t
        assumptions = [
            {
                "name": p.name,
                "value": p.baseline,
                "unit": p.unit,
                "status": "case file" if p.source == "case file" else "data",
                "source": p.source,
                "note": p.description,
            }
            for p in self.native_parameters
            if p.name.startswith("model.")
        ]
        for name in ("tellurium_cp_solid_a", "tellurium_cp_liquid"):
            d = process_parameter(name)
            assumptions.append(
                {"name": name, "value": d.value, "unit": d.unit, "status": d.status,
                 "source": reference(d.reference).citation, "note": d.note}
            )  # fmt: skip
        assumptions.append(
            {"name": "crude composition", "value": self.case.crude.composition_wt_pct,
             "unit": "wt %", "status": "case file", "source": self.case.crude.source, "note": ""}
        )  # fmt: skip
        warnings = [*r.warnings, *filter(None, [capacity_warning(summary)])]
        return result_document(self, summary, assumptions, warnings)


#: The melt temperatures an optimization searches by default, K: from just above
#: tellurium's melting point (722.66 K) to 650 degC, past the 550 degC that Cui et al.
#: (2026) found best for high-purity tellurium.
SEARCH_TEMPERATURE_K = (733.15, 923.15)


def build(
    data: dict[str, Any], where: str, sha256: str, extrapolate: bool = False
) -> TelluriumModel:
    """The model of a parsed crude-tellurium case file (the registry's builder).

    ``extrapolate`` writes ``extrapolate = true`` into its ``[model]`` (``--extrapolate``).
    """
    from valorize.case_files import validate
    from valorize.model.registry import extrapolating

    data = extrapolating(data, "model") if extrapolate else data

    model = TelluriumModel(
        validate(TelluriumCase, data, where, "docs/tellurium.md"), sha256, raw=data
    )
    model.check_uncertain()
    model.default_decisions()  # a [decisions] table's paths and ranges, checked on reading
    return model
