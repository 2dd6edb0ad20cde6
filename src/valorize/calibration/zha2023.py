r"""Calibration to published measurements: HgSe's enthalpy from Zha et al. (2023).

Zha et al. (Metals 13 (2023) 1795) sulfidized a crude selenium holding 0.32 % Hg and
distilled it at 503 K and 10-20 Pa: 523 ppm Hg was left in the selenium after one
distillation and 88.52 ppm after a second. Read through the model (the sulfidation of
:mod:`valorize.units.sulfidation`, then :func:`~valorize.units.vacuum_distillation.distill`
and :func:`~valorize.units.vacuum_distillation.distill_passes`), the two figures say
how stable HgSe is, the one number of the mercury model that is ASSUMED
(``data/forms.toml``, -45 kJ/mol; the tables read span -43.5 to -59.4).

:class:`ZhaExperiment` is the experiment as a :class:`~valorize.model.protocol.Model`:
its parameters are the shift of HgSe's enthalpy of formation (learned) and the sulfur
dose and the share distilled, which the text read does not give (nuisance parameters
with wide ASSUMED priors, marginalized by the sampler); its observables are the Hg in
the selenium after one and after two distillations. The conditions and the priors are in
``data/zha2023.toml``, the measurements in ``data/zha2023-mercury.csv`` (a batch log,
read by :func:`~valorize.calibration.log.batch_log_from_text`). The calibration is
:func:`~valorize.calibration.results.calibration_run`, the one ``valorize calibrate``
runs, under each of the sulfidation's two limits (what the HgS does while the Se
distils): ``retained`` and ``equilibrium``.

Run ``python -m valorize.calibration.zha2023`` for both limits (four to five minutes on
a 2-core machine); docs/validation.md gives what it found.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

from valorize.model.parameter import Parameter
from valorize.model.protocol import Metric, Model, UncertainInput

#: The learned parameter and the two nuisance parameters, in the data file's [prior] order.
OFFSET = "model.formation_enthalpy_offset"
DOSE = "operation.sulfidation.sulfur_dose"
DISTILLED = "operation.distilled_fraction"
_PRIORS = {
    OFFSET: "formation_enthalpy_offset",
    DOSE: "sulfur_dose",
    DISTILLED: "distilled_fraction",
}
#: The log's columns: Hg in the distilled selenium after one and after two distillations.
ONE, TWO = "Hg_ppm_one_pass", "Hg_ppm_two_passes"


@cache
def experiment_data() -> dict[str, Any]:
    """``data/zha2023.toml``: the experiment's conditions and the priors, with sources."""
    text = resources.files("valorize.data").joinpath("zha2023.toml").read_text("utf-8")
    return tomllib.loads(text)


def measurements_text() -> str:
    """``data/zha2023-mercury.csv``: the published figures as a batch log."""
    return resources.files("valorize.data").joinpath("zha2023-mercury.csv").read_text("utf-8")


@dataclass(frozen=True)
class ZhaExperiment(Model):
    """Zha et al.'s sulfidation and two distillations, one limit of the HgS (module)."""

    hgs: str = "retained"
    route = "zha2023"

    @property
    def name(self) -> str:
        """``zha2023-`` and the limit."""
        return f"zha2023-{self.hgs}"

    @property
    def title(self) -> str:
        """One line for outputs."""
        return f"Zha et al. (2023) sulfidation and distillation, HgS {self.hgs}"

    @property
    def native_parameters(self) -> tuple[Parameter, ...]:
        """The HgSe enthalpy offset, the sulfur dose and the share distilled."""
        prior = experiment_data()["prior"]
        return (
            Parameter(OFFSET, "J/mol", 0.0, (-np.inf, np.inf),
                      "shift of HgSe's enthalpy of formation from data/forms.toml", "zha2023"),
            Parameter(DOSE, "wt %", float(np.mean(prior["sulfur_dose"]["parameters"])),
                      (1e-9, 50.0), "sulfur added, wt % of the crude", "zha2023 (not given)"),
            Parameter(DISTILLED, "fraction",
                      float(np.mean(prior["distilled_fraction"]["parameters"])), (0.0, 0.999),
                      "share of the selenium distilled", "zha2023 (not given)"),
        )  # fmt: skip

    @property
    def metrics(self) -> tuple[Metric, ...]:
        """Hg in the selenium after one and after two distillations, ppm."""
        return (
            Metric(ONE, "ppm", "Hg in the Se after one distillation", "minimize"),
            Metric(TWO, "ppm", "Hg in the Se after two distillations", "minimize"),
        )

    @property
    def uncertain(self) -> tuple[UncertainInput, ...]:
        """The priors of ``data/zha2023.toml`` (uniform, ASSUMED)."""
        prior = experiment_data()["prior"]
        return tuple(
            UncertainInput(path, "uniform", tuple(prior[key]["parameters"]), prior[key]["note"])
            for path, key in _PRIORS.items()
        )

    def evaluate_native(self, x: Any, n: int) -> dict[str, np.ndarray]:
        """Hg left after one and two distillations of the sulfidized crude, ppm, shape (n,)."""
        from valorize.data.loader import process_parameter
        from valorize.units.sulfidation import Sulfidation
        from valorize.units.vacuum_distillation import (
            CrudeSelenium,
            DistillationConditions,
            distill,
            distill_passes,
        )

        e = {k: v["value"] for k, v in experiment_data()["experiment"].items()}
        base = {p.name: p.baseline for p in self.native_parameters}
        offset, dose_pct, distilled = (
            np.broadcast_to(np.asarray(x.get(k, base[k]), float), (n,)) for k in _PRIORS
        )
        dose = dose_pct / 100.0
        hg = e["Hg_wt_pct"] / 100.0
        w = np.column_stack(
            [(1.0 - hg) / (1 + dose), np.full(n, hg) / (1 + dose), dose / (1 + dose)]
        )
        feed = CrudeSelenium(("Se", "Hg", "S"), w, ("dissolved", "HgSe", "dissolved"))
        c = DistillationConditions(
            temperature=e["temperature"],
            pressure=e["pressure"],
            distilled_fraction=distilled,
            head_cut=0.0,
            charge_mass=e["charge_mass"],
            evaporation_area=e["evaporation_area"],
            evaporation_coefficient=process_parameter("evaporation_coefficient").value,
            entrainment=e["entrainment"],
            formation_enthalpy_offset=offset,
            sulfidation=Sulfidation(dose, e["sulfidation_temperature"], e["sulfidation_time"],
                                    self.hgs),  # type: ignore[arg-type]
        )  # fmt: skip
        one, two = distill(feed, c), distill_passes(feed, c, 2)
        return {ONE: one.ppm(one.product, "Hg"), TWO: two.ppm(two.product, "Hg")}

    def detail(self) -> dict[str, Any]:
        """The experiment's conditions and the limit."""
        return {"experiment": experiment_data()["experiment"], "hgs": self.hgs}


def calibrate_to_zha(hgs: str, *, walkers: int = 32, max_steps: int = 20_000,
                     min_ess: int = 1000, seed: int = 0) -> Any:  # fmt: skip
    """The calibration of :class:`ZhaExperiment` (one limit) to the published figures.

    Returns
    -------
    valorize.calibration.results.CalibrationRun
        Its document has the posterior of each parameter (the enthalpy offset in J/mol)
        and the posterior predictive check of each figure.
    """
    from valorize.calibration.log import batch_log_from_text
    from valorize.calibration.results import calibration_run

    model = ZhaExperiment(hgs)
    outputs = {m.name: m.unit for m in model.observables}
    log = batch_log_from_text(measurements_text(), "data/zha2023-mercury.csv", outputs, {})
    return calibration_run(model, log, list(_PRIORS), walkers=walkers, max_steps=max_steps,
                           min_ess=min_ess, seed=seed)  # fmt: skip


def summary(run: Any) -> dict[str, Any]:
    """What a reader of docs/validation.md needs: HgSe's enthalpy, the nuisances, the checks."""
    from valorize.data.loader import dissociating_forms

    doc = run.document
    learned = {p["name"]: p["posterior"] for p in doc["parameters"]}
    base = dissociating_forms()["HgSe"].formation_enthalpy.value  # J/mol
    offset = learned[OFFSET]
    return {
        "converged": doc["summary"]["converged"],
        "steps": doc["summary"]["steps"],
        "HgSe_formation_enthalpy_kJ_per_mol": {
            k: (base + offset[k]) / 1000.0 for k in ("mean", "p5", "p50", "p95")
        }
        | {"sd": offset["sd"] / 1000.0},
        "posterior": learned,
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


def main(argv: list[str] | None = None) -> int:
    """Calibrate under both limits and print (or ``--json``) the summaries."""
    parser = argparse.ArgumentParser(prog="python -m valorize.calibration.zha2023")
    parser.add_argument("--max-steps", type=int, default=20_000)
    parser.add_argument("--walkers", type=int, default=32)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    out = {
        hgs: summary(calibrate_to_zha(hgs, walkers=args.walkers, max_steps=args.max_steps))
        for hgs in ("retained", "equilibrium")
    }
    data = experiment_data()
    assumed = [k for k, v in data["experiment"].items() if v["status"] == "assumed"] + [
        f"prior of {k}" for k, v in data["prior"].items() if v["status"] == "assumed"
    ]
    if args.json:
        print(json.dumps({"assumed": assumed, **out}, indent=2))
        return 0
    print("ASSUMED (data/zha2023.toml): " + ", ".join(assumed) + "; the 10 % measurement sd "
          "(data/zha2023-mercury.csv)")  # fmt: skip
    for hgs, s in out.items():
        h = s["HgSe_formation_enthalpy_kJ_per_mol"]
        print(f"HgS {hgs}: {'converged' if s['converged'] else 'NOT converged'} "
              f"after {s['steps']:,} steps")  # fmt: skip
        print(f"  HgSe formation enthalpy {h['mean']:.1f} +/- {h['sd']:.1f} kJ/mol "
              f"(90 %: {h['p5']:.1f} to {h['p95']:.1f})")  # fmt: skip
        for name in (DOSE, DISTILLED):
            q = s["posterior"][name]
            print(f"  {name}: {q['mean']:.3g} (90 %: {q['p5']:.3g} to {q['p95']:.3g})")
        for output, c in s["predictive"].items():
            print(f"  {output}: 90 % band {c['band'][0]:.4g}-{c['band'][1]:.4g} ppm, "
                  f"p = {c['p_value']:.3f}")  # fmt: skip
        for w in s["warnings"]:
            print(f"  warning: {w}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
