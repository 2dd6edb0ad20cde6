r"""The anode slime route as a model: one path (roast or leach) of a slime case.

:meth:`SlimeModel.evaluate` runs ``n`` scenarios of the case slime through the
route's unit, the precious-metals plant and the vacuum refinery
(:func:`valorize.slime.run.flowsheet`) in one vectorized call, and prices the
products by :func:`valorize.slime.economics.plant_measures`; a price factor
scales its product's revenue. :meth:`detail` is
:func:`valorize.slime.run.evaluate` for the model's path.

Parameters (the paths of :mod:`valorize.slime.uncertain`): every element's share
of every split table of the path's step and of the precious-metals plant
(``roast.volatilized.Se``, ``precious_metals.to_tellurium.Te``: fractions), the
steps' doses and energies (in the case file's units), the slime's Se and Te
contents (wt %, the other elements scaled in proportion), the slime per t of
copper and the price factors of the products. Uncertain inputs of the other path
are left out (that flowsheet does not have them) and the sampling notes say so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from valorize.model.protocol import Metric, Model, Parameter, Sampling, Target, UncertainInput
from valorize.slime import data
from valorize.slime.case import SlimeCase

_INF = float("inf")

#: Unit of each dose path's values, by the path's suffix.
_DOSE_UNITS = {"_kg_per_kg": "kg/kg", "_kwh_per_t": "kWh/t", "so2_excess": "1"}

#: The products sold, each with a price factor.
_PRODUCTS = ("Se", "Te", "Au", "Ag")


def _dose_unit(path: str) -> str:
    return next(u for suffix, u in _DOSE_UNITS.items() if path.endswith(suffix))


@dataclass(frozen=True)
class SlimeModel(Model):
    """One path of an anode slime case as a model; see the module docstring."""

    case: SlimeCase
    path: str = "roast"
    case_sha256: str = ""
    #: The parsed case file, kept so an edited field is validated like the file itself.
    raw: Any = field(default=None, compare=False, repr=False)
    numpy_only: bool | None = None  # Model.numpy_only: set by for_scenarios

    excluded_fields = ("check",)
    route = "slime"
    #: From about 5,000 samples the compiled kernels repay their loading:
    #: ``valorize uncertainty almalyk-anode-slime --samples N``, one core, compiled against
    #: NumPy only, 2,000: 1.08 against 0.54 s; 5,000: 1.03 against 1.09 s; 10,000: 1.00
    #: against 1.61 s (best of 3, 2026-12-02).
    compiled_from = 4_000
    objective = "npv_usd"

    @property
    def title(self) -> str:
        """The case's title and the path."""
        return f"{self.case.case.title} ({self.path} route)"

    def _steps(self) -> dict[str, Any]:
        from valorize.slime.run import (
            leach_parameters,
            precious_metal_parameters,
            roast_parameters,
        )

        step = roast_parameters if self.path == "roast" else leach_parameters
        return {self.path: step(self.case), "precious_metals": precious_metal_parameters(self.case)}

    @property
    def native_parameters(self) -> tuple[Parameter, ...]:
        """Splits, doses, slime contents, slime rate and price factors of the path."""
        from valorize.slime.uncertain import DOSES, SPLIT_TABLES

        out = []
        for step, base in self._steps().items():
            for table in SPLIT_TABLES[step]:
                shares = np.asarray(getattr(base, table), dtype=float)
                for k, element in enumerate(data.ELEMENTS):
                    out.append(
                        Parameter(
                            f"{step}.{table}.{element}",
                            "fraction",
                            float(shares[k]),
                            (0.0, 1.0),
                            f"{element}'s share of the {step} {table.replace('_', ' ')} split",
                            "data/anode_slime.toml or the case file",
                        )
                    )
            for path, (name, factor, lowest) in DOSES.items():
                if path.split(".")[0] == step:
                    out.append(
                        Parameter(
                            path,
                            _dose_unit(path),
                            float(getattr(base, name)) / factor,
                            (lowest, _INF),
                            f"{step} {name.replace('_', ' ')}",
                            "data/anode_slime.toml or the case file",
                        )
                    )
        composition = self.case.slime.composition_wt_pct
        for element in ("Se", "Te"):
            out.append(
                Parameter(
                    f"slime.{element}_wt_pct",
                    "wt %",
                    float(composition.get(element, 0.0)),
                    (0.0, 100.0),
                    f"{element} content of the slime (others scaled in proportion)",
                    self.case.slime.source or "case file",
                )
            )
        ratio = self.case.plant.slime_kg_per_t_copper
        out.append(
            Parameter(
                "plant.slime_kg_per_t_copper",
                "kg/t",
                1000.0 * data.value("slime_per_copper") if ratio is None else ratio,
                (1e-12, _INF),
                "slime per t of cathode copper",
                "data/anode_slime.toml" if ratio is None else "case file",
            )
        )
        for product in _PRODUCTS:
            out.append(
                Parameter(
                    f"price_factor.{product}",
                    "1",
                    1.0,
                    (0.0, _INF),
                    f"factor on the {product} price of the case's price scenario",
                    "case file",
                )
            )
        return tuple(out)

    @property
    def metrics(self) -> tuple[Metric, ...]:
        """Products, purity, energy, balance and, with ``[economics]``, money and CO2."""
        out = [
            Metric("product_t_per_yr", "t/yr", "refined selenium out", "more"),
            Metric("product_Se_wt_pct", "wt %", "product purity (Se)", "more"),
            Metric("te_t_per_yr", "t/yr", "tellurium out", "more"),
            Metric("au_t_per_yr", "t/yr", "gold out", "more"),
            Metric("ag_t_per_yr", "t/yr", "silver out", "more"),
            Metric("energy_MWh_per_yr", "MWh/yr", "electricity", "less"),
            Metric("mass_balance_rel_error", "1", "largest element balance error", "less"),
        ]
        if self.case.economics is not None:
            out += [
                Metric("npv_usd", "USD", "net present value", "more"),
                Metric("irr_pct", "%", "internal rate of return", "more"),
                Metric("se_cost_usd_per_kg", "USD/kg", "selenium cost", "less"),
                Metric("co2_t_per_yr", "t/yr", "CO2 (scope 2)", "less"),
            ]
        return tuple(out)

    @property
    def targets(self) -> tuple[Target, ...]:
        """The >= 99.5 % Se of refined selenium the route is held to."""
        from valorize.slime.run import _TARGET

        return (
            Target(
                "purity_met",
                "product_Se_wt_pct",
                ">=",
                100 * _TARGET,
                "the >= 99.5 % Se the Balkhash workshop sells",
            ),
        )

    @property
    def uncertain(self) -> tuple[UncertainInput, ...]:
        """The case's ``[[uncertainty]]`` entries that this path has."""
        from valorize.slime.uncertain import applies

        return tuple(
            UncertainInput(u.parameter, u.distribution, tuple(u.parameters), u.source)
            for u in self.case.uncertainty
            if applies(u.parameter, self.path)
        )

    def check_uncertain(self) -> None:
        """Every ``[[uncertainty]]`` entry must name a parameter of the path it belongs to."""
        from valorize.errors import InputError
        from valorize.slime.case import ROUTES
        from valorize.slime.uncertain import applies

        others = [SlimeModel(self.case, p) for p in ROUTES if p != self.path]
        for i, u in enumerate(self.case.uncertainty):
            model = self if applies(u.parameter, self.path) else others[0]
            try:
                model.parameter(u.parameter)
            except InputError as exc:
                raise InputError(f"uncertainty[{i}].parameter: {exc}") from None

    def sampling(self) -> Sampling:
        """The path sampled and the case's inputs it leaves out."""
        from valorize.slime.uncertain import applies

        left = [u.parameter for u in self.case.uncertainty if not applies(u.parameter, self.path)]
        notes: dict[str, Any] = {"path": self.path}
        if left:
            notes["left_out"] = {"inputs": left, "why": f"not in the {self.path} route"}
        return Sampling(notes)

    def evaluate_native(self, x: Mapping[str, np.ndarray], n: int) -> dict[str, np.ndarray]:
        """The metrics of ``n`` scenarios of the case slime through the path (:class:`Model`)."""
        from valorize.slime.economics import plant_measures
        from valorize.slime.feeds import sampled_slimes
        from valorize.slime.run import flowsheet, products
        from valorize.slime.uncertain import sampled_parameters

        bad = self._impossible_slimes(x, n)
        if bad.any():  # a slime of over 100 % Se and Te: NaN in that scenario's metrics
            good = ~bad
            part = self.evaluate_native({k: v[good] for k, v in x.items()}, int(good.sum()))
            out = {m.name: np.full(n, np.nan) for m in self.metrics}
            for key, v in part.items():
                out[key][good] = v
            return out
        feed = sampled_slimes(self.case, x, n)
        steps = {s: sampled_parameters(p, s, x, n) for s, p in self._steps().items()}
        f = flowsheet(
            feed,
            self.case,
            self.path,
            roast=steps.get("roast"),
            leach=steps.get("leach"),
            precious_metals=steps["precious_metals"],
        )
        made = products(f)
        product = f["refinery"].product
        mass = product.sum(axis=-1)
        out = {
            "product_t_per_yr": mass / 1000.0,
            "product_Se_wt_pct": 100 * product[..., data.ELEMENTS.index("Se")] / mass,
            "te_t_per_yr": made["Te"] / 1000.0,
            "au_t_per_yr": made["Au"] / 1000.0,
            "ag_t_per_yr": made["Ag"] / 1000.0,
            "energy_MWh_per_yr": f["energy"] / 3.6e9,
            "mass_balance_rel_error": f["balance_error"],
        }
        if self.case.economics is not None:
            factors = {p: x[f"price_factor.{p}"] for p in made if f"price_factor.{p}" in x}
            se = data.ELEMENTS.index("Se")
            e = plant_measures(
                made,
                f["stage"].reagents,
                f["energy"],
                self.case.economics,
                factors,
                se_fraction=product[..., se] / mass,
                impurities_ppm={
                    s: 1e6 * product[..., k] / mass for k, s in enumerate(data.ELEMENTS) if k != se
                },
            )
            out.update(e)
        return {k: np.broadcast_to(np.asarray(v, dtype=float), (n,)).copy() for k, v in out.items()}

    def _impossible_slimes(self, x: dict[str, np.ndarray], n: int) -> np.ndarray:
        """Scenarios whose Se and Te contents leave nothing (or less) for the rest."""
        composition = self.case.slime.composition_wt_pct
        total = np.zeros(n)
        for element in ("Se", "Te"):
            total = total + x.get(f"slime.{element}_wt_pct", composition.get(element, 0.0))
        return total >= 100.0

    def detail(self, paths: tuple[str, ...] | None = None) -> dict[str, Any]:
        """:func:`valorize.slime.run.evaluate` in the shared result document.

        Parameters
        ----------
        paths
            The slime paths to evaluate (``("roast", "leach")`` for both; default this
            model's). The summary is always this model's path, the ``routes`` detail
            has every path asked for.
        """
        from valorize.model.results import result_document
        from valorize.slime.run import evaluate

        paths = paths or (self.path,)
        payload = evaluate(self.case, tuple(dict.fromkeys((self.path, *paths))))
        r = payload["routes"][self.path]
        if self.path not in paths:
            del payload["routes"][self.path]
        summary = {
            "path": self.path,
            "product_t_per_yr": r["refined_se_t_per_yr"][0],
            "product_Se_wt_pct": r["refined_se_wt_pct"][0],
            "grade": r["grade"][0],
            "te_t_per_yr": r["te_t_per_yr"][0],
            "au_t_per_yr": r["au_t_per_yr"][0],
            "ag_t_per_yr": r["ag_t_per_yr"][0],
            "energy_MWh_per_yr": r["energy_mwh_per_yr"][0],
            "mass_balance_rel_error": r["mass_balance_rel_error"][0],
        }
        if "economics" in r:
            for key in ("capex_usd", "npv_usd", "irr_pct", "se_cost_usd_per_kg", "co2_t_per_yr"):
                value = r["economics"][key]
                summary[key] = value[0] if isinstance(value, list) else value
        if "co2_avoided" in r:
            summary["co2_avoided_t_per_yr"] = r["co2_avoided"][0]["avoided_t_per_yr"]
        warnings = [w for p in payload["routes"].values() for w in p["warnings"]]
        return result_document(self, summary, data.assumed_records(), warnings, payload)


def build(
    data_: dict[str, Any],
    where: str,
    sha256: str,
    route: str | None = None,
    extrapolate: bool = False,
) -> SlimeModel:
    """The model of a parsed slime case file (the registry's builder); ``route`` picks the path.

    ``extrapolate`` writes ``extrapolate = true`` into ``[refining.model]``
    (``--extrapolate``).
    """
    from valorize.case_files import validate
    from valorize.model.registry import extrapolating

    data_ = extrapolating(data_, "refining", "model") if extrapolate else data_
    from valorize.errors import InputError
    from valorize.slime.case import ROUTES

    case = validate(SlimeCase, data_, where, "docs/anode-slime.md")
    path = route or case.route
    if path not in ROUTES:
        raise InputError(f"--route: unknown route {path!r}; use {' or '.join(ROUTES)}")
    model = SlimeModel(case, path, sha256, raw=data_)
    model.check_uncertain()
    model.default_decisions()  # a [decisions] table's paths and ranges, checked on reading
    return model
