r"""The refinery route as a model: a case's crude selenium distilled, scaled to a year, priced.

:meth:`RefineryModel.evaluate` stacks ``n`` scenarios of the case's base crude on
the scenario axis and runs the batch vacuum distillation
(:func:`valorize.units.vacuum_distillation.distill_passes`) once, vectorized; a
batch becomes a year by the batches the feed rate needs,
:math:`n_b = \dot m_{feed} t_{yr} / m_{charge}`, and the yearly flows are priced
by :func:`valorize.economics.refinery.refinery_cash_flow` under the case's first
price scenario (a sampled price replaces that scenario's). Every case is solved
as its flowsheet (a plain case as the preset of :mod:`valorize.refinery.presets`)
for all scenarios at once (recycle loops converged by Wegstein on the scenario
axis, converged scenarios leaving the iteration), the yearly flows read from its
sinks. :meth:`detail` is :func:`valorize.refinery.run.run` on the case.

Parameters (dotted paths of the case file): the entrainment, the evaporation
coefficient, the shift of a dissociating compound's enthalpy of formation from
its data value (J/mol), the distilled fraction, the head cut, the melt
temperature (K), the crude's Se content (wt %, the impurities scaled in
proportion) and the refined and crude selenium prices (USD/kg, with
``[economics]``). A plain case's recycles (``residue_recycle``, a condenser to
``recycle``) are its preset's recycle loop.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from valorize.data.loader import emission_factor, price_series, process_parameter, reference
from valorize.errors import InputError
from valorize.model.protocol import (
    Metric,
    Model,
    Parameter,
    Sampling,
    Target,
    UncertainInput,
)
from valorize.quantities import parse_quantity
from valorize.refinery.case import Case
from valorize.refinery.inputs import case_or_data
from valorize.scenario_axis import component_sum

#: Integration steps per cut when sampling a batch at constant temperature: against 1,024
#: steps, the Balkhash case's batch time moves by 2.6e-5 and its impurity content by 1.0e-4
#: (relative, worst of 200 sampled scenarios, 2026-12-01), far inside the sampled spread,
#: for a sixth of the single run's work (checked: tests/e2e/test_uncertainty.py). Its
#: time is Simpson's rule's (valorize.units.vacuum_distillation); with the midpoint
#: rule's, 16 steps gave 2.3e-3. The Balkhash flowsheet case, whose residue is distilled
#: again, moves its impurity content by 3.2e-4 (16 steps: 8.4e-5). A crude whose sulfur is
#: gone within a step is stiff: 5 % S and 1 % droplets moved the time by 1.4e-3 (16
#: midpoint steps: 9.6e-4).
SAMPLING_STEPS = 8

#: The same under a temperature program, whose time is the midpoint rule's: the batch
#: time moves by under 0.5 % against the single run's 48 steps.
SAMPLING_PROGRAM_STEPS = 16

#: Scenarios an analysis evaluates in all from which the compiled kernels repay loading
#: them in a new process (:meth:`RefineryModel.compiled_from`): about 14,000 for
#: ``valorize uncertainty balkhash-selenium --samples N``, one core, compiled against
#: NumPy only, 2,000: 0.85 against 0.53 s; 5,000: 1.11 against 0.72 s; 10,000: 1.11
#: against 0.90 s; 20,000: 1.07 against 1.33 s (best of 3, 2026-12-02).
COMPILED_FROM = 10_000
#: The same for a case with a recycle loop: about 2,000 for balkhash-flowsheet, 500: 1.15
#: against 0.86 s; 2,000: 1.10 against 1.06 s; 5,000: 1.07 against 2.06 s.
COMPILED_FROM_RECYCLING = 2_000

_INF = float("inf")

#: Default search ranges of an optimization (design choices, not data): the melt from
#: just above selenium's melting point to 450 degC, the window published for Balkhash
#: materials reaching 400 degC; product-condenser walls from the lower end of selenium's
#: vapour-pressure data to a condenser hot enough to lose much of the selenium.
SEARCH_TEMPERATURE_K = (523.15, 723.15)
SEARCH_DISTILLED = (0.5, 0.995)
SEARCH_HEAD_CUT = (0.0, 0.2)
SEARCH_CONDENSER_K = (450.0, 600.0)


def _recycles(case: Case) -> bool:
    """Whether the case's flowsheet (a plain case's preset) has a recycle loop."""
    from valorize.flowsheet.system import has_loop
    from valorize.refinery.presets import as_flowsheet

    return has_loop(as_flowsheet(case).flowsheet.unit)


def furnace_targets(
    purity: str, purity_min: float | None, target: Any, furnaces: int = 1
) -> tuple[Target, ...]:
    """The targets of a vacuum-refining case: purity, output, impurity limits, furnace hours.

    ``purity`` names the metric of the product's main element, ``purity_min`` its minimum
    (wt %, None for none); ``target`` is the case's ``[target]`` (``product_rate``,
    ``max_ppm``, ``source``). The furnace hours are the year of the case's ``furnaces``
    (each ``operating_hours`` of ``data/process.toml``): the hours all the crude needs must
    fit them. The output is what the furnaces can process, so an output target is not met
    by crude they have no time for.
    """
    out = []
    if purity_min is not None:
        out.append(Target("purity_met", purity, ">=", purity_min, target.source))
    if target.product_rate is not None:
        need = target.product_rate * parse_quantity("1 yr", "time", "year") / 1000.0
        out.append(Target("output_met", "product_t_per_yr", ">=", need, target.source))
    for symbol, limit in target.max_ppm.items():
        out.append(Target(f"{symbol}_limit_met", f"{symbol}_ppm", "<=", limit, target.source))
    hours = process_parameter("operating_hours")
    out.append(
        Target(
            "furnace_hours_met",
            "furnace_hours_per_yr",
            "<=",
            furnaces * hours.value / 3600.0,
            f"{furnaces} furnace{'s' * (furnaces != 1)}' operating hours a year "
            f"({reference(hours.reference).citation}, {hours.status})",
        )
    )
    return tuple(out)


@dataclass(frozen=True)
class RefineryModel(Model):
    """A refinery case (plain or ``[flowsheet]``) as a model; see the module docstring."""

    case: Case
    case_sha256: str = ""
    steps: int | None = None
    #: The parsed case file, kept so an edited field is validated like the file itself.
    raw: Any = field(default=None, compare=False, repr=False)
    numpy_only: bool | None = None  # Model.numpy_only: set by for_scenarios

    excluded_fields = ("target",)
    route = "refinery"
    objective = "Se_recovery_pct"
    sweep = "operation.distilled_fraction"
    objective_aliases = {  # noqa: RUF012 - a read-only class table
        "recovery": "Se_recovery_pct",
        "purity": "product_Se_wt_pct",
        "refining_cost": "refining_cost_usd_per_kg",
        "unit_cost": "unit_cost_usd_per_kg",
        "co2": "co2_kg_per_kg_product",
        "energy": "energy_kWh_per_t_product",
        "npv": "npv_usd",
        "output": "product_t_per_yr",
    }

    # --- declarations ------------------------------------------------------------------

    @property
    def native_parameters(self) -> tuple[Parameter, ...]:
        """The inputs of :meth:`evaluate` (module docstring), baselines from the case."""
        c, m, op = self.case, self.case.model, self.case.operation
        entrainment, e_src = case_or_data(m.entrainment, "entrainment")
        alpha, a_src = case_or_data(m.evaporation_coefficient, "evaporation_coefficient")
        T = (
            op.temperature
            if op.temperature is not None
            else max(t for _, t in op.temperature_program)
        )
        out = [
            Parameter(
                "model.entrainment",
                "fraction",
                entrainment,
                (0.0, 1.0),
                "droplet share of the condensate",
                e_src,
            ),
            Parameter(
                "model.evaporation_coefficient",
                "fraction",
                alpha,
                (1e-12, 1.0),
                "Hertz-Knudsen-Langmuir evaporation coefficient",
                a_src,
            ),
            Parameter(
                "model.formation_enthalpy_offset",
                "J/mol",
                0.0,
                (-_INF, _INF),
                "shift of a dissociating compound's enthalpy of formation (HgSe) "
                "from its data value",
                "data/forms.toml",
            ),
            Parameter(
                "operation.distilled_fraction",
                "fraction",
                op.distilled_fraction,
                (0.0, 1.0),
                "share of the dissolved selenium distilled per batch",
                "case file",
            ),
            Parameter(
                "operation.head_cut",
                "fraction",
                op.head_cut,
                (0.0, 1.0),
                "share of the distillate taken as volatile cut",
                "case file",
            ),
            Parameter(
                "operation.temperature", "K", T, (1e-9, _INF), "melt temperature", "case file"
            ),
            Parameter(
                "operation.evaporation_area",
                "m^2",
                op.evaporation_area,
                (1e-12, _INF),
                "free melt surface",
                "case file",
            ),
            *self._condenser_parameter(),
            *self._sulfidation_parameters(),
            Parameter(
                "feed.Se_wt_pct",
                "wt %",
                c.feed.composition_wt_pct["Se"],
                (0.0, 100.0),
                "Se content of the crude (impurities scaled in proportion)",
                c.feed.source,
            ),
        ]
        if c.economics is not None:
            from valorize.refinery.economics import (
                FEED,
                PRODUCT,
                case_price_scenarios,
                crude_basis,
            )

            name, prices = case_price_scenarios(c.economics)[0]
            # a sampled crude price is per kg of contained Se, whatever its scenario's
            # quote basis (the quote converted here), so samples and runs read it alike
            basis = crude_basis(name, prices, c.economics)
            crude = prices[FEED].value / (1.0 if basis is None else basis / 100.0)
            for key, value, unit, what in (
                (
                    "price.refined_selenium",
                    prices[PRODUCT].value,
                    "USD/kg",
                    "refined selenium price",
                ),
                (
                    "price.crude_selenium",
                    crude,
                    "USD/kg Se",
                    "crude selenium price per kg of its contained selenium",
                ),
            ):
                out.append(Parameter(key, unit, value, (0.0, _INF), what, f"price scenario {name}"))
        return tuple(out)

    def _condenser_parameter(self) -> tuple[Parameter, ...]:
        """A lone product condenser's temperature, where the case has one."""
        zones = self.case.operation.condenser_zones
        if len(zones) != 1:
            return ()
        return (
            Parameter(
                "operation.condenser_temperature",
                "K",
                zones[0].temperature,
                (1e-9, _INF),
                "wall temperature of the product condenser (before the cold trap)",
                "case file",
            ),
        )

    def _sulfidation_parameters(self) -> tuple[Parameter, ...]:
        """A sulfidation's dose, hold temperature and time, where the case has one.

        Native, so that scenarios (walkers, samples) with different doses share one call.
        """
        from valorize.units.sulfidation import MAX_DOSE_WT_PCT, hold_window

        step = self.case.operation.sulfidation
        if step is None:
            return ()
        where = "operation.sulfidation"
        return (
            Parameter(
                f"{where}.sulfur_dose",
                "wt %",
                step.sulfur_dose,
                (0.0, MAX_DOSE_WT_PCT),
                "sulfur added before the batch distils, wt % of the crude",
                step.source or "case file",
            ),
            Parameter(
                f"{where}.temperature",
                "K",
                step.temperature,
                hold_window(),
                "sulfidation hold temperature (sulfur molten, crude solid)",
                step.source or "case file",
            ),
            Parameter(
                f"{where}.time",
                "s",
                step.time,
                (0.0, _INF),
                "sulfidation hold time added to every batch",
                step.source or "case file",
            ),
        )

    def route_decisions(self) -> dict[str, tuple[float, float]]:
        """Melt temperature, distilled fraction, head cut (and a lone product condenser).

        The temperatures are searched within the vapour-pressure data of the crude's
        evaporating elements unless the case extrapolates.
        """
        from valorize.refinery.inputs import within_data

        feed, extrapolate = self.case.feed, self.case.model.extrapolate
        out = {
            "operation.temperature": within_data(
                SEARCH_TEMPERATURE_K, feed.composition_wt_pct, feed.forms, "liquid", extrapolate
            ),
            "operation.distilled_fraction": SEARCH_DISTILLED,
            "operation.head_cut": SEARCH_HEAD_CUT,
        }
        if self._condenser_parameter():
            out["operation.condenser_temperature"] = within_data(
                SEARCH_CONDENSER_K, feed.composition_wt_pct, feed.forms, "stable", extrapolate
            )
        return out

    @property
    def metrics(self) -> tuple[Metric, ...]:
        """Purity, recovery, output, furnace time, energy, limited impurities, money, CO2."""
        out = [
            Metric("product_Se_wt_pct", "wt %", "product purity (Se)", "more"),
            Metric("Se_recovery_pct", "%", "direct Se recovery", "more"),
            Metric("product_t_per_yr", "t/yr", "refined selenium out", "more"),
            Metric("furnace_hours_per_yr", "h/yr", "furnace time", "less"),
            Metric("energy_kWh_per_t_product", "kWh/t", "energy per t of product", "less"),
        ]
        out += [
            Metric(f"{s}_ppm", "ppm", f"{s} in the product", "less")
            for s in self.case.target.max_ppm
        ]
        if self.case.economics is not None:
            out += [
                Metric("npv_usd", "USD", "net present value", "more"),
                Metric("irr_pct", "%", "internal rate of return", "more"),
                Metric(
                    "unit_cost_usd_per_kg", "USD/kg", "unit cost with feed, net of credits", "less"
                ),
                Metric("refining_cost_usd_per_kg", "USD/kg", "refining cost", "less"),
                Metric(
                    "co2_kg_per_kg_product", "kg CO2/kg", "CO2 per kg of product (scope 2)", "less"
                ),
            ]
        return tuple(out)

    @property
    def observables(self) -> tuple[Metric, ...]:
        """The metrics, the batch time and every impurity of the crude in the product."""
        have = {m.name for m in self.metrics}
        impurities = [s for s in self.case.feed.composition_wt_pct if s != "Se"]
        return (
            *self.metrics,
            Metric("batch_duration_h", "h", "batch time", "less"),
            *(
                Metric(f"{s}_ppm", "ppm", f"{s} in the product", "less")
                for s in impurities
                if f"{s}_ppm" not in have
            ),
        )

    @property
    def targets(self) -> tuple[Target, ...]:
        """The case's purity, output and impurity targets, and a year of furnace hours."""
        t = self.case.target
        return furnace_targets(
            "product_Se_wt_pct", t.se_min_wt_pct, t, self.case.operation.furnaces
        )

    @property
    def uncertain(self) -> tuple[UncertainInput, ...]:
        """The case's ``[[uncertainty]]`` entries; a named price series becomes its data."""
        out = []
        for i, u in enumerate(self.case.uncertainty):
            where = f"uncertainty[{i}]"
            data = tuple(u.parameters)
            if u.distribution == "empirical":
                if (u.series is None) == (not u.parameters):
                    raise InputError(
                        f"{where}: an empirical distribution needs either series = NAME "
                        "(data/price_series.toml) or parameters = [data values], not both"
                    )
                if u.series is not None:
                    if not u.parameter.startswith("price."):
                        raise InputError(
                            f"{where}.series: price series are for price.* inputs only"
                        )
                    data = tuple(price_series(u.series, f"{where}.series").usd_per_kg)
            elif u.series is not None:
                raise InputError(f"{where}.series: only an empirical distribution takes a series")
            out.append(UncertainInput(u.parameter, u.distribution, data, u.source, u.series))
        return tuple(out)

    def for_sampling(self, scenarios: int | None = None) -> Model:
        """The same model integrated with fewer steps per cut (:data:`SAMPLING_STEPS`).

        A sampled temperature holds the batch at it, so only a case's program kept over
        every sample takes :data:`SAMPLING_PROGRAM_STEPS`; a case's own steps are kept
        when fewer. Below :attr:`compiled_from` scenarios in all it evaluates in NumPy
        (:meth:`~valorize.model.protocol.Model.for_scenarios`).
        """
        sampled_temperature = any(u.parameter == "operation.temperature" for u in self.uncertain)
        programmed = self.case.operation.temperature_program is not None
        fewer = SAMPLING_PROGRAM_STEPS if programmed and not sampled_temperature else SAMPLING_STEPS
        return replace(self, steps=min(self.case.model.steps, fewer)).for_scenarios(scenarios)

    @property
    def compiled_from(self) -> int:  # type: ignore[override]
        """Scenarios in all from which the compiled kernels repay their loading.

        :data:`COMPILED_FROM_RECYCLING` where the case's flowsheet (a plain case's preset)
        has a recycle loop, which distils each scenario several times, else
        :data:`COMPILED_FROM`.
        """
        return COMPILED_FROM_RECYCLING if _recycles(self.case) else COMPILED_FROM

    def integration_steps(self) -> int:
        """Steps per cut of this model's batches."""
        return self.steps or self.case.model.steps

    def sampling(self) -> Sampling:
        """The integration steps, the price scenario and the sulfidation a sampled run uses."""
        notes: dict[str, Any] = {"integration_steps": self.integration_steps()}
        step = self.case.operation.sulfidation
        if step is not None:
            sampled = any(
                u.parameter == "operation.sulfidation.sulfur_dose" for u in self.uncertain
            )
            dose = "a sampled dose of S" if sampled else f"{step.sulfur_dose:g} wt % S"
            notes["sulfidation"] = (
                f"{dose}, the HgS "
                + ("kept in the residue" if step.hgs == "retained" else "dissolved")
                + f" (hgs = {step.hgs!r})"
            )
        if self.case.economics is not None:
            from valorize.refinery.economics import case_price_scenarios

            notes["price_scenario"] = case_price_scenarios(self.case.economics)[0][0]
        return Sampling(notes)

    # --- evaluation --------------------------------------------------------------------

    def evaluate_native(self, x: Mapping[str, np.ndarray], n: int) -> dict[str, np.ndarray]:
        """The metrics of ``n`` scenarios of the case's base crude (see :class:`Model`)."""
        from valorize.refinery.inputs import scenario_conditions, scenario_crude

        case = self.case
        w = scenario_crude(case.feed.composition_wt_pct, x.get("feed.Se_wt_pct"), n)
        conditions = scenario_conditions(case, x, self.steps)
        out = self._evaluate_flowsheet(x, n, w, conditions)
        priced = out.pop("_priced_grade")
        if case.economics is None or case.economics.off_grade != "redistil":
            return out
        # off-grade product goes back to the furnace: those scenarios with a pass more
        from valorize.refinery.run import redistil_passes

        for passes in redistil_passes(case.operation):
            off = np.flatnonzero(~priced)
            if off.size == 0:
                break
            again = case.model_copy(
                update={"operation": case.operation.model_copy(update={"passes": passes})}
            )
            sub = {k: v if np.ndim(v) == 0 else np.asarray(v)[off] for k, v in x.items()}
            redone = self._evaluate_flowsheet(
                sub, off.size, w[off], scenario_conditions(again, sub, self.steps), again
            )
            priced[off] = redone.pop("_priced_grade")
            for key, values in redone.items():
                out[key][off] = values
        return out

    def _evaluate_flowsheet(
        self,
        x: dict[str, np.ndarray],
        n: int,
        w: np.ndarray,
        conditions: Any,
        plain: Any = None,
    ) -> dict[str, np.ndarray]:
        r"""The metrics of the case's flowsheet (a plain case's preset): solved for all n at once.

        Product and purity from the sale sinks, recovery against the fresh crude, energy
        from every unit's electricity, furnace hours from the vacuum furnace; money as
        :func:`valorize.refinery.flowsheet.run_flowsheet` prices it (the residue credited is
        what the smelter sinks take, capital with the units' equipment). ``plain`` replaces
        the model's case (more passes, for off-grade product sent back); ``_priced_grade``
        says which scenarios' product meets a priced grade.
        """
        from valorize.economics.product_prices import meets_a_priced_grade
        from valorize.flowsheet.stream import Stream
        from valorize.flowsheet.unit import seconds_per_year
        from valorize.refinery.flowsheet import (
            economics_with_units,
            sinks,
            solve_case,
            sulfur_fed,
        )
        from valorize.refinery.presets import as_flowsheet
        from valorize.refinery.results import processed_share

        case = as_flowsheet(plain or self.case)
        components = tuple(case.feed.composition_wt_pct)
        feed = Stream(case.flowsheet.feed, components, w * case.feed.rate, None, "solid")
        system, solution = solve_case(case, feed, conditions)
        year = seconds_per_year()

        def rows(a: np.ndarray) -> np.ndarray:
            return np.broadcast_to(np.asarray(a, dtype=float), (n, len(components)))

        sold = rows(sinks(system, solution, "sale"))
        smelter = rows(sinks(system, solution, "smelter"))
        waste = rows(sinks(system, solution, "waste"))
        product = component_sum(sold)
        furnace = next(u for u in system.units.values() if u.kind == "vacuum_furnace")
        power = sum(
            np.broadcast_to(np.asarray(b.electricity, dtype=float), (n,))
            for b in solution.balances.values()
        )
        kwh_per_t = power * year / 3.6e6 / (product * year / 1000.0)
        hours = solution.balances[furnace.name].details["furnace_hours_per_yr"]
        # the crude the furnaces' hours cannot take is not processed (results.cap_to_furnaces)
        share = processed_share(hours, case.operation.furnaces)
        out = {
            "product_Se_wt_pct": 100 * sold[:, 0] / product,
            "Se_recovery_pct": 100 * sold[:, 0] / feed.mass[:, 0],
            "product_t_per_yr": share * product * year / 1000.0,
            "furnace_hours_per_yr": hours,
            "energy_kWh_per_t_product": kwh_per_t,
        }
        # every impurity (the limited ones are metrics, the rest observables)
        ppm = {s: 1e6 * sold[:, k] / product for k, s in enumerate(components) if k}
        se_share = sold[:, 0] / product
        out.update({f"{symbol}_ppm": value for symbol, value in ppm.items()})
        out["batch_duration_h"] = solution.balances[furnace.name].details["result"].duration / 3600
        e = economics_with_units(case, system)
        if e is not None:
            fed = feed.total
            crude = feed.mass / fed[:, None]
            flows = {
                "feed_fractions": {s: crude[:, k] for k, s in enumerate(components)},
                "product_se": se_share,
                "impurities_ppm": ppm,
                "feed": share * fed * year,
                "product": share * product * year,
                "waste": share * component_sum(waste) * year,
                "energy": share * power * year / 3.6e6,
                "residue": share[:, None] * smelter * year,
                "sulfur": share * sulfur_fed(system) * year,
            }
            out.update(self._cash_flow(x, flows, components, kwh_per_t, n, e))
        out = {k: np.broadcast_to(np.asarray(v, dtype=float), (n,)).copy() for k, v in out.items()}
        out["_priced_grade"] = meets_a_priced_grade(se_share, ppm)
        return out

    def _cash_flow(
        self,
        x: dict[str, np.ndarray],
        flows: dict[str, np.ndarray],
        components: tuple[str, ...],
        kwh_per_t: np.ndarray,
        n: int,
        e: Any,
    ) -> dict[str, np.ndarray]:
        """NPV, IRR, unit and refining costs and CO2 of yearly flows (kg/yr, kWh/yr)."""
        from valorize.economics.refinery import PlantFlows, refinery_measures
        from valorize.refinery.economics import (
            FEED,
            PRODUCT,
            SULFUR,
            case_price_scenarios,
            crude_basis,
            economic_inputs,
            feed_and_product_prices,
        )

        name, prices = case_price_scenarios(e)[0]
        # the product's price follows the grade each scenario's product meets
        basis = crude_basis(name, prices, e) or np.nan
        sampled = "price.crude_selenium" in x  # per kg of contained Se (the parameter's unit)
        feed_price, product_price, _ = feed_and_product_prices(
            e,
            x.get("price.refined_selenium", np.full(n, prices[PRODUCT].value)),
            x.get("price.crude_selenium", np.full(n, prices[FEED].value)),
            np.nan if sampled else basis,
            {el: np.full(n, prices[el].value) for el in e.feed_payable},
            flows["feed_fractions"],
            flows["product_se"],
            flows["impurities_ppm"],
        )
        credits = {el: np.full(n, prices[el].value) for el in e.payable}
        residue = flows["residue"]
        plant = PlantFlows(
            feed=flows["feed"],
            product=flows["product"],
            waste=flows["waste"],
            energy=flows["energy"],
            residue_by_element={s: residue[:, k] for k, s in enumerate(components)},
            sulfur=flows["sulfur"],
        )
        inputs = replace(
            economic_inputs(e, product_price, feed_price, credits),
            sulfur_price=prices[SULFUR].value if SULFUR in prices else 0.0,
        )
        cf = refinery_measures(plant, inputs)
        factor = emission_factor(e.grid_emission_factor).value
        return {
            "npv_usd": cf.npv,
            "irr_pct": 100 * cf.irr,
            "unit_cost_usd_per_kg": cf.unit_cost,
            "refining_cost_usd_per_kg": cf.refining_cost,
            "co2_kg_per_kg_product": kwh_per_t * factor / 1e3,
        }

    def detail(self) -> dict[str, Any]:
        """:func:`valorize.refinery.run.run` on the case, as results.json."""
        from valorize.refinery.run import run

        return run(self.case, self.case_sha256).to_json()


def build(
    data: dict[str, Any], where: str, sha256: str, extrapolate: bool = False
) -> RefineryModel:
    """The model of a parsed refinery case file (the registry's builder).

    ``extrapolate`` writes ``extrapolate = true`` into its ``[model]`` (``--extrapolate``).
    """
    from valorize.case_files import validate
    from valorize.model.registry import extrapolating

    data = extrapolating(data, "model") if extrapolate else data

    model = RefineryModel(validate(Case, data, where, "docs/case-files.md"), sha256, raw=data)
    if model.case.economics is not None:
        from valorize.refinery.economics import check_pricing

        check_pricing(model.case.economics, model.case.feed.composition_wt_pct)
    model.check_uncertain()
    model.default_decisions()  # a [decisions] table's paths and ranges, checked on reading
    return model
