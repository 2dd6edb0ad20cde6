r"""The model protocol: what every route offers to every analysis and interface.

A *model* is one case of one route, bound and validated. It declares

- its **parameters** (:class:`Parameter`): the inputs an analysis may vary, each
  named by the dotted path of the case field it replaces (``operation.temperature``,
  ``roast.volatilized.Se``, ``panels.sth_pct``), with the unit its values are in,
  the case's baseline, physical bounds, a description and a source;
- its **metrics** (:class:`Metric`): the outputs, with a unit, a label in words and
  a sense (whether more is better);
- its **targets** (:class:`Target`): bounds on metrics that the case or its data
  state (a product grade, a buyer's impurity limit, an output, furnace hours);
- the **uncertain inputs** its case declares (:class:`UncertainInput`) and their
  rank **correlations** (:class:`InputCorrelation`);

and it evaluates, purely and vectorized:

.. math::

    y = f(x), \qquad x_p \in \mathbb{R}^n \;\forall p \in P_x, \qquad
    y_m \in \mathbb{R}^n \;\forall m \in M

:meth:`Model.evaluate` takes arrays of shape ``(n,)`` for any subset of the
parameters (the rest stay at their baselines) and returns one array of shape
``(n,)`` per metric, in one vectorized call. A scenario the model cannot evaluate
is NaN in every metric of that scenario; it never aborts the others.

:meth:`Model.detail` gives one scenario's whole story (streams, cash-flow table,
assumptions with status and source, warnings) as a JSON-ready dictionary in the
shape every route shares (``case``, ``title``, ``route``, ``valorize_version``,
``case_sha256``, ``summary``, ``assumptions``, ``warnings`` and the route's own
keys). Analyses see models only through this protocol (never a route's module),
so a new route gets every analysis and interface by implementing it
(``docs/architecture.md``, "Adding a route").
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar, Literal

import numpy as np

from valorize import compiled
from valorize.errors import InputError, ValorizeError
from valorize.model.parameter import Parameter

Sense = Literal["more", "less", "none"]


@dataclass(frozen=True)
class Metric:
    """An output of a model: name, unit, label in words and whether more is better."""

    name: str
    unit: str
    label: str
    sense: Sense = "none"


@dataclass(frozen=True)
class Target:
    """A bound on a metric that a case or its data state.

    ``name`` is the key its odds and its check are reported under
    (``purity_met``, ``Hg_limit_met``, ``npv_negative`` ...).
    """

    name: str
    metric: str
    sense: Literal[">=", "<=", "<"]
    value: float
    source: str = ""

    def met(self, y: np.ndarray) -> np.ndarray:
        """Where the metric's values ``y`` meet the target (False where NaN)."""
        y = np.asarray(y, dtype=float)
        if self.sense == ">=":
            return y >= self.value
        if self.sense == "<=":
            return y <= self.value
        return y < self.value


@dataclass(frozen=True)
class UncertainInput:
    """A parameter the case declares uncertain, and its distribution (in the parameter's unit)."""

    parameter: str
    distribution: str
    parameters: tuple[float | str, ...]
    source: str = ""
    series: str | None = None


@dataclass(frozen=True)
class InputCorrelation:
    """A Spearman rank correlation the case declares between two uncertain inputs."""

    inputs: tuple[str, str]
    spearman: float
    source: str = ""


@dataclass(frozen=True)
class Sampling:
    """What an analysis of many scenarios should know of a model: notes for its summary."""

    notes: dict[str, Any] = field(default_factory=dict)


class Model(ABC):
    """One case of one route, bound and validated; see the module docstring.

    Subclasses set :attr:`route` and implement the abstract members. They are pure:
    no printing, no files, the same inputs give the same bits.
    """

    route: ClassVar[str] = ""
    #: Tables of the case that are not inputs (a target, a check, a plot's grid).
    excluded_fields: ClassVar[tuple[str, ...]] = ()
    #: The metric an optimization improves unless told otherwise ("" for none).
    objective: ClassVar[str] = ""
    #: The decision whose trade-off curve an optimum reports (None for none).
    sweep: ClassVar[str | None] = None
    #: Short names of metrics a Pareto search may be asked for (``recovery`` ...).
    objective_aliases: ClassVar[dict[str, str]] = {}
    #: Scenarios an analysis evaluates in all from which the route's compiled kernels
    #: repay loading them in a new process (:meth:`for_scenarios`); None: the route has
    #: no such choice, each kernel's call decides by its own size. Routes set it below
    #: their measured crossover: past it NumPy's time grows with the scenarios and the
    #: compiled path's barely does, so switching early loses less than switching late.
    compiled_from: ClassVar[int | None] = None
    #: Whether :meth:`evaluate` keeps to NumPy (True), may run compiled kernels (False), or
    #: is not yet decided (None: as False). A route that sets :attr:`compiled_from`
    #: declares it as a dataclass field, which :meth:`for_scenarios` replaces.
    numpy_only: bool | None = None

    @property
    def name(self) -> str:
        """The case's short name (``[case] name``)."""
        return self.case.case.name  # type: ignore[attr-defined]

    @property
    def title(self) -> str:
        """The case's title (``[case] title``)."""
        return self.case.case.title  # type: ignore[attr-defined]

    @property
    @abstractmethod
    def native_parameters(self) -> tuple[Parameter, ...]:
        """The parameters the route evaluates on the scenario axis itself (vectorized)."""

    @property
    @abstractmethod
    def metrics(self) -> tuple[Metric, ...]:
        """Every metric :meth:`evaluate` returns, in that order."""

    def case_fields(self) -> tuple[Parameter, ...]:
        """Every numeric field of the model's ``case``, as a parameter.

        Listed by :func:`valorize.model.fields.numeric_fields`, less the tables of
        :attr:`excluded_fields`; evaluated by :meth:`with_case_values`, once per
        distinct value. A model without a ``case`` attribute has none.
        """
        from valorize.model.fields import numeric_fields

        case = getattr(self, "case", None)
        return () if case is None else tuple(numeric_fields(case, exclude=self.excluded_fields))

    def with_case_values(self, values: Mapping[str, float]) -> Model:
        """The same model on a copy of its case with these fields replaced.

        With the parsed case file at hand (``raw``, kept by the registry's builders) the
        fields are written into it as the file would give them and the case validated
        again, every cross-field check included; without it the case is copied with the
        fields set. The model must be a dataclass with a ``case`` field (every route's is).

        Raises
        ------
        InputError
            When the edited case fails its validation (the field's message).
        """
        import dataclasses

        from valorize.model.fields import file_value, with_file_values, with_values

        raw = getattr(self, "raw", None)
        if raw is None:
            return dataclasses.replace(self, case=with_values(self.case, dict(values)))
        from valorize.case_files import validate

        edited = with_file_values(
            raw, {k: file_value(self.parameter(k), v) for k, v in values.items()}
        )
        where = "the case with " + ", ".join(f"{k} = {v:g}" for k, v in values.items())
        case = validate(type(self.case), edited, where, "the case-file docs")
        return dataclasses.replace(self, case=case, raw=edited)

    @abstractmethod
    def evaluate_native(self, x: Mapping[str, np.ndarray], n: int) -> dict[str, np.ndarray]:
        """:meth:`evaluate` for native parameters only (``x`` already checked).

        Returns every observable (:attr:`observables`, the metrics among them).
        """

    @property
    def targets(self) -> tuple[Target, ...]:
        """The case's targets (none by default)."""
        return ()

    @property
    def uncertain(self) -> tuple[UncertainInput, ...]:
        """The case's ``[[uncertainty]]`` entries (none for a case without the table)."""
        return tuple(
            UncertainInput(u.parameter, u.distribution, tuple(u.parameters), u.source)
            for u in getattr(getattr(self, "case", None), "uncertainty", ())
        )

    @property
    def correlations(self) -> tuple[InputCorrelation, ...]:
        """The case's ``[[correlation]]`` entries (none for a case without the table)."""
        return tuple(
            InputCorrelation((c.inputs[0], c.inputs[1]), c.spearman, c.source)
            for c in getattr(getattr(self, "case", None), "correlation", ())
        )

    @property
    def observables(self) -> tuple[Metric, ...]:
        """What a plant can measure of the model: its metrics and any further outputs.

        A route may add outputs that are no decision's objective but are measured (the
        refinery: each impurity in the product, the batch time); calibration and its
        posterior predictive checks read them (:meth:`evaluate` with ``observables``).
        """
        return self.metrics

    def observable(self, name: str) -> Metric:
        """The observable named ``name``, or an :class:`InputError` listing the allowed ones."""
        for m in self.observables:
            if m.name == name:
                return m
        raise InputError(
            f"{name!r} is not an output of the {self.route} model of {self.name}; "
            "outputs: " + ", ".join(m.name for m in self.observables)
        )

    def evaluate(
        self, x: Mapping[str, np.ndarray], n: int, observables: bool = False
    ) -> dict[str, np.ndarray]:
        """The metrics of ``n`` scenarios in one vectorized call.

        Native parameters (:attr:`native_parameters`) go through the route on the
        scenario axis; any other numeric field of the case (:meth:`case_fields`) is
        set on a copy of the case, once per distinct combination of their values, and
        the scenarios sharing it are evaluated together. A scenario the route refuses
        (a :class:`~valorize.errors.ValorizeError`, found by splitting the call) gives NaN
        in its metrics and the others keep their answers; when every scenario is
        refused, the route's reason is raised.

        Parameters
        ----------
        x
            Parameter name -> values, shape ``(n,)``, in the parameter's unit; the
            parameters not given stay at their baselines.
        n
            Number of scenarios.
        observables
            Return every observable (:attr:`observables`), not only the metrics.

        Returns
        -------
        dict
            Metric (or observable) name -> values, shape ``(n,)``; NaN where a scenario
            cannot be evaluated.

        Raises
        ------
        InputError
            For a name that is not a parameter, or values outside its bounds.
        """
        x = self.checked(x, n)
        with compiled.numpy_only(self.numpy_only is True):
            return self._evaluate_checked(x, n, observables)

    def _evaluate_checked(
        self, x: Mapping[str, np.ndarray], n: int, observables: bool
    ) -> dict[str, np.ndarray]:
        """:meth:`evaluate` of inputs already checked."""
        wanted = self.observables if observables else self.metrics
        native = {p.name for p in self.native_parameters}
        fields = sorted(k for k in x if k not in native)
        if not fields:
            every = _isolating_failures(self, x, n)
            return {m.name: every[m.name] for m in wanted}
        stacked = np.column_stack([x[k] for k in fields])
        combos, which = np.unique(stacked, axis=0, return_inverse=True)
        which = np.ravel(which)
        out = {m.name: np.full(n, np.nan) for m in wanted}
        refused: ValorizeError | None = None
        for j, combo in enumerate(combos):
            rows = which == j
            part_x = {k: v[rows] for k, v in x.items() if k in native}
            try:
                model = self.with_case_values(dict(zip(fields, combo.tolist(), strict=True)))
                part = _isolating_failures(model, part_x, int(rows.sum()))
            except ValorizeError as exc:
                refused = refused or exc  # that case cannot run at all: NaN, counted
                continue
            for key in out:
                out[key][rows] = part[key]
        if refused is not None and len(combos) and all(np.isnan(v).all() for v in out.values()):
            raise refused
        return out

    @abstractmethod
    def detail(self) -> dict[str, Any]:
        """The baseline scenario's whole story, JSON-ready, in the shared result shape."""

    def default_decisions(self) -> dict[str, tuple[float, float]]:
        """Decision variables an optimization searches unless told otherwise, with ranges.

        The case's ``[decisions]`` table where it has one (ranges read in each parameter's
        unit, quantities allowed), else the route's :meth:`route_decisions`.

        Raises
        ------
        InputError
            For a path that is not a parameter, or a range that is not two values.
        """
        given = getattr(getattr(self, "case", None), "decisions", None) or {}
        if not given:
            return self.route_decisions()
        out = {}
        for name, span in given.items():
            where = f"decisions.{name}"
            p = self.parameter(name)
            if len(span) != 2:
                raise InputError(f"{where}: give [low, high], not {list(span)}")
            low, high = p.read(span[0], where), p.read(span[1], where)
            if not low < high:
                raise InputError(f"{where}: give an increasing range, not {list(span)}")
            out[name] = (low, high)
        return out

    def route_decisions(self) -> dict[str, tuple[float, float]]:
        """The route's own default decision variables (none unless a route names some)."""
        return {}

    def for_sampling(self, scenarios: int | None = None) -> Model:
        """The model to evaluate ``scenarios`` sampled scenarios with, in all (None: many).

        A route may coarsen its integration; it keeps :meth:`for_scenarios`' choice of
        NumPy or compiled kernels.
        """
        return self.for_scenarios(scenarios)

    def for_scenarios(self, scenarios: int | None) -> Model:
        """The model for an analysis that evaluates ``scenarios`` scenarios in all.

        Below the route's :attr:`compiled_from` it evaluates in NumPy
        (:func:`valorize.compiled.numpy_only`; :attr:`numpy_only` True): loading the
        compiled kernels would cost a new process more than they save (a recycle loop
        that runs many passes still asks for them). Otherwise
        :attr:`numpy_only` is False and each call of a kernel decides by its own size. A
        model already decided (:attr:`numpy_only` not None), or given None, is returned
        as it is, so the pilot of a large run (:mod:`valorize.analysis.run_size`) runs
        the path of the run it times. The choice goes with the model to Dask's workers.
        """
        if scenarios is None or self.numpy_only is not None or self.compiled_from is None:
            return self
        return replace(self, numpy_only=scenarios < self.compiled_from)  # type: ignore[type-var]

    def sampling(self) -> Sampling:
        """Notes an analysis of many scenarios reports with its summary."""
        return Sampling()

    # --- derived, shared by every route -------------------------------------------------

    @property
    def parameters(self) -> tuple[Parameter, ...]:
        """Every parameter: the native ones, then the case's other numeric fields."""
        cached = self.__dict__.get("_parameters")
        if cached is None:
            native = self.native_parameters
            names = {p.name for p in native}
            cached = native + tuple(p for p in self.case_fields() if p.name not in names)
            self.__dict__["_parameters"] = cached  # a model is immutable: computed once
        return cached

    def parameter(self, name: str) -> Parameter:
        """The parameter named ``name``, or an :class:`InputError` listing the allowed ones."""
        for p in self.parameters:
            if p.name == name:
                return p
        raise InputError(
            f"{name!r} is not a parameter of the {self.route} model of {self.name}; "
            "parameters: " + ", ".join(p.name for p in self.parameters)
        )

    def metric(self, name: str) -> Metric:
        """The metric named ``name``, or an :class:`InputError` listing the allowed ones."""
        for m in self.metrics:
            if m.name == name:
                return m
        raise InputError(
            f"{name!r} is not a metric of the {self.route} model of {self.name}; "
            "metrics: " + ", ".join(m.name for m in self.metrics)
        )

    def check_uncertain(self) -> None:
        """Raise :class:`InputError` unless every declared uncertain input is a parameter."""
        for i, u in enumerate(self.uncertain):
            try:
                self.parameter(u.parameter)
            except InputError as exc:
                raise InputError(f"uncertainty[{i}].parameter: {exc}") from None

    def baseline(self) -> dict[str, float]:
        """Every parameter at its baseline."""
        return {p.name: p.baseline for p in self.parameters}

    def checked(self, x: Mapping[str, np.ndarray], n: int) -> dict[str, np.ndarray]:
        """``x`` as float arrays of shape ``(n,)``, each name and value checked.

        Raises
        ------
        InputError
            For an unknown name, a wrong shape or a value outside the bounds.
        """
        out = {}
        for name, values in x.items():
            p = self.parameter(name)
            a = np.broadcast_to(np.asarray(values, dtype=float), (n,))
            p.check(a, "evaluate")
            out[name] = a
        return out


def _isolating_failures(model: Model, x: Mapping[str, np.ndarray], n: int) -> dict[str, np.ndarray]:
    """``model.evaluate_native`` on n scenarios, NaN in those the route refuses.

    The scenarios go in one call; only when the route raises a
    :class:`~valorize.errors.ValorizeError` are they split in halves, recursively, so
    the refused ones (e.g. a sampled crude too poor in selenium to bind its metals) are
    found in about log2(n) extra calls each and the others keep their answers. A batch
    of one scenario that fails re-raises, so a case the route cannot run at all still
    says why.
    """
    try:
        return model.evaluate_native(x, n)
    except ValorizeError:
        if n == 1:
            raise
    half = n // 2
    out = {m.name: np.full(n, np.nan) for m in model.observables}
    for rows in (slice(0, half), slice(half, n)):
        part_x = {k: v[rows] for k, v in x.items()}
        count = len(range(n)[rows])
        try:
            part = _isolating_failures(model, part_x, count)
        except ValorizeError:
            continue  # that one scenario cannot be evaluated: NaN
        for key, v in part.items():
            out[key][rows] = v
    if all(np.isnan(v).all() for v in out.values()):
        model.evaluate_native({k: v[:1] for k, v in x.items()}, 1)  # re-raise its reason
    return out
