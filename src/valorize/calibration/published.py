"""Calibration to published measurements: an experiment as a model, its figures as a log.

A paper's experiment is not a plant case, so each is a small
:class:`~valorize.model.protocol.Model` of its own (:class:`PublishedExperiment`): its
conditions and the priors of what the paper does not give are a TOML file of
``data/`` (every number with unit, status and source), its figures a batch log
(``data/*.csv``, read by :func:`~valorize.calibration.log.batch_log_from_text`, with
the paper as its source and ``synthetic = false``). The calibration is
:func:`~valorize.calibration.results.calibration_run`, the one ``valorize calibrate``
runs, with every prior learned: the parameter the paper informs and the nuisance
parameters it leaves unknown, which the sampler marginalizes.

The data file's ``[prior.NAME]`` tables give ``parameter`` (the model's dotted path),
``distribution`` (a density of :mod:`valorize.analysis.sampling`), ``parameters``,
``unit``, ``status`` and ``note``; ``[experiment]`` holds the conditions as records.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any, ClassVar

import numpy as np

from valorize.model.protocol import Model, UncertainInput


def read_data(name: str) -> dict[str, Any]:
    """A ``data/`` TOML file of a published experiment."""
    return tomllib.loads(resources.files("valorize.data").joinpath(name).read_text("utf-8"))


@dataclass(frozen=True)
class PublishedExperiment(Model):
    """A published experiment as a model: subclasses give the files and ``evaluate_native``.

    Attributes
    ----------
    data_file, log_file
        The ``data/`` files: conditions and priors (TOML), figures (batch log CSV).
    """

    data_file: ClassVar[str] = ""
    log_file: ClassVar[str] = ""

    def data(self) -> dict[str, Any]:
        """The experiment's data file, parsed."""
        return read_data(self.data_file)

    def experiment(self) -> dict[str, float]:
        """The experiment's conditions: name -> value (in the record's unit)."""
        return {k: v["value"] for k, v in self.data()["experiment"].items()}

    def inputs(self, x: Any, n: int, names: tuple[str, ...]) -> list[np.ndarray]:
        """The values of ``names`` in ``x``, each of shape ``(n,)``: baselines where not given."""
        base = {p.name: p.baseline for p in self.native_parameters}
        return [np.broadcast_to(np.asarray(x.get(k, base[k]), float), (n,)) for k in names]

    def prior_middles(self) -> dict[str, float]:
        """Each prior's parameter -> the middle of its range (the baselines of the nuisances)."""
        return {u.parameter: float(np.mean(u.parameters)) for u in self.uncertain}

    @property
    def uncertain(self) -> tuple[UncertainInput, ...]:
        """The priors of the data file (every one of them learned)."""
        return tuple(
            UncertainInput(p["parameter"], p["distribution"], tuple(p["parameters"]), p["note"])
            for p in self.data()["prior"].values()
        )

    def assumed(self) -> list[str]:
        """What is ASSUMED in the data file: conditions, and priors."""
        data = self.data()
        return [k for k, v in data["experiment"].items() if v["status"] == "assumed"] + [
            f"prior of {p['parameter']}" for p in data["prior"].values() if p["status"] == "assumed"
        ]

    def detail(self) -> dict[str, Any]:
        """The experiment's data file."""
        return self.data()


def calibrate_published(
    model: PublishedExperiment,
    *,
    walkers: int = 32,
    max_steps: int = 20_000,
    min_ess: int = 1000,
    seed: int = 0,
) -> Any:
    """Calibrate a published experiment to its figures, every prior learned.

    Returns
    -------
    valorize.calibration.results.CalibrationRun
        Its document has each parameter's posterior and the predictive check of each
        figure, as ``valorize calibrate`` writes them.

    Raises
    ------
    InputError
        As :func:`~valorize.calibration.results.calibration_run`.
    """
    from valorize.calibration.log import batch_log_from_text
    from valorize.calibration.results import calibration_run

    text = resources.files("valorize.data").joinpath(model.log_file).read_text("utf-8")
    outputs = {m.name: m.unit for m in model.observables}
    log = batch_log_from_text(text, f"data/{model.log_file}", outputs, {})
    learn = [u.parameter for u in model.uncertain]
    return calibration_run(model, log, learn, walkers=walkers, max_steps=max_steps,
                           min_ess=min_ess, seed=seed)  # fmt: skip


def summary(run: Any) -> dict[str, Any]:
    """Each parameter's posterior and each figure's predictive check, JSON-ready."""
    doc = run.document
    return {
        "converged": doc["summary"]["converged"],
        "steps": doc["summary"]["steps"],
        "posterior": {p["name"]: p["posterior"] for p in doc["parameters"]},
        "predictive": {
            c["output"]: {
                "p_value": c["p_value_mean"],
                "band": [c["band_p5"], c["band_p95"]],
                "predicted_mean": c["predicted_mean"],
            }
            for c in doc["predictive"]
        },
        "warnings": doc["warnings"],
    }


def summary_lines(title: str, s: dict[str, Any]) -> list[str]:
    """A summary as lines for a terminal."""
    verdict = "converged" if s["converged"] else "NOT converged"
    out = [f"{title}: {verdict} after {s['steps']:,} steps"]
    for name, q in s["posterior"].items():
        out.append(
            f"  {name}: median {q['p50']:.4g}, mean {q['mean']:.4g} +/- {q['sd']:.2g} "
            f"(90 %: {q['p5']:.4g} to {q['p95']:.4g})"
        )
    for output, c in s["predictive"].items():
        out.append(
            f"  {output}: 90 % band {c['band'][0]:.4g} to {c['band'][1]:.4g}, "
            f"p = {c['p_value']:.3f}"
        )
    out += [f"  warning: {w}" for w in s["warnings"]]
    return out


def main_for(
    prog: str,
    experiments: dict[str, PublishedExperiment],
    measurement_note: str,
    argv: list[str] | None = None,
    extra: Any = None,
    walkers: int = 32,
    max_steps: int = 20_000,
) -> int:
    """The command line of a published calibration: each experiment calibrated and shown.

    ``experiments`` maps a title to a model (one per limit or reading); ``extra(title,
    summary)`` may add keys to a summary (``note``: a line printed under it); ``walkers``
    and ``max_steps`` are the ensemble's default size and length. ``--out
    DIR`` writes each one's ``calibration.json`` and ``posterior.csv`` (in ``DIR/<model
    name>``, once all have run), so that a case can take the posterior as
    ``[[uncertainty]] distribution = "posterior"``. Exit status 0 when every one
    converged, 3 when not; bad input: one ``error:`` line, exit status 2.
    """
    import json
    import sys
    from pathlib import Path

    from valorize.cli.calibrate_command import write_calibration
    from valorize.cli.common import Parser, seed
    from valorize.errors import InputError, ValorizeError

    parser = Parser(prog=f"python -m {prog}")
    parser.add_argument("--max-steps", type=int, default=max_steps)
    parser.add_argument("--walkers", type=int, default=walkers)
    parser.add_argument("--seed", type=seed, default=0)
    parser.add_argument("--out", help="folder for calibration.json and posterior.csv")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    out, runs, written = {}, {}, []
    try:
        if args.out and Path(args.out).exists() and not Path(args.out).is_dir():
            raise InputError(f"--out: {args.out!r} is a file, not a folder")
        for title, model in experiments.items():
            runs[model.name] = run = calibrate_published(
                model, walkers=args.walkers, max_steps=args.max_steps, seed=args.seed
            )
            s = summary(run)
            out[title] = s | (extra(title, s) if extra is not None else {})
        for name, run in runs.items() if args.out else ():  # all ran: write
            written += write_calibration(run, str(Path(args.out) / name), f"python -m {prog}")
    except (ValorizeError, OSError) as exc:
        print(f"error: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 2
    assumed = next(iter(experiments.values())).assumed()
    if args.json:
        print(json.dumps({"assumed": assumed, **out}, indent=2))
    else:
        print(f"ASSUMED: {', '.join(assumed)}; {measurement_note}")
        for title, s in out.items():
            print("\n".join(summary_lines(title, s)))
            if "note" in s:
                print(f"  {s['note']}")
        for path in written:
            print(f"wrote {path}")
    converged = all(s["converged"] for s in out.values())
    return 0 if converged else 3
