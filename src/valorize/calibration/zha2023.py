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

import sys
from dataclasses import dataclass
from typing import Any

import numpy as np

from valorize.calibration.published import PublishedExperiment, calibrate_published, main_for
from valorize.model.parameter import Parameter
from valorize.model.protocol import Metric

#: The learned parameter and the two nuisance parameters (data/zha2023.toml's priors).
OFFSET = "model.formation_enthalpy_offset"
DOSE = "operation.sulfidation.sulfur_dose"
DISTILLED = "operation.distilled_fraction"
#: The log's columns: Hg in the distilled selenium after one and after two distillations.
ONE, TWO = "Hg_ppm_one_pass", "Hg_ppm_two_passes"


@dataclass(frozen=True)
class ZhaExperiment(PublishedExperiment):
    """Zha et al.'s sulfidation and two distillations, one limit of the HgS (module)."""

    hgs: str = "retained"
    route = "zha2023"
    data_file = "zha2023.toml"
    log_file = "zha2023-mercury.csv"

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
        from valorize.units.sulfidation import MAX_DOSE_WT_PCT

        mid = self.prior_middles()
        return (
            Parameter(OFFSET, "J/mol", 0.0, (-np.inf, np.inf),
                      "shift of HgSe's enthalpy of formation from data/forms.toml", "zha2023"),
            Parameter(DOSE, "wt %", mid[DOSE], (1e-9, MAX_DOSE_WT_PCT),
                      "sulfur added, wt % of the crude", "zha2023 (not given)"),
            Parameter(DISTILLED, "fraction", mid[DISTILLED], (0.0, 0.999),
                      "share of the selenium distilled", "zha2023 (not given)"),
        )  # fmt: skip

    @property
    def metrics(self) -> tuple[Metric, ...]:
        """Hg in the selenium after one and after two distillations, ppm."""
        return (
            Metric(ONE, "ppm", "Hg in the Se after one distillation", "minimize"),
            Metric(TWO, "ppm", "Hg in the Se after two distillations", "minimize"),
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

        e = self.experiment()
        offset, dose_pct, distilled = self.inputs(x, n, (OFFSET, DOSE, DISTILLED))
        dose = dose_pct / 100.0
        hg = e["Hg_wt_pct"] / 100.0
        w = np.column_stack([np.full(n, 1.0 - hg), np.full(n, hg), dose]) / (1 + dose)[:, None]
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


def calibrate_to_zha(hgs: str, **settings: Any) -> Any:
    """The calibration of :class:`ZhaExperiment` (one limit) to the published figures.

    ``settings`` as :func:`~valorize.calibration.published.calibrate_published`.
    """
    return calibrate_published(ZhaExperiment(hgs), **settings)


def hgse_enthalpy(s: dict[str, Any]) -> dict[str, float]:
    """HgSe's enthalpy of formation the posterior implies, kJ/mol (mean, sd, percentiles)."""
    from valorize.data.loader import dissociating_forms

    base = dissociating_forms()["HgSe"].formation_enthalpy.value  # J/mol
    q = s["posterior"][OFFSET]
    out = {k: (base + q[k]) / 1000.0 for k in ("mean", "p5", "p50", "p95")}
    return out | {"sd": q["sd"] / 1000.0}


def _enthalpy_line(title: str, s: dict[str, Any]) -> dict[str, Any]:
    h = hgse_enthalpy(s)
    line = (
        f"so HgSe's enthalpy of formation is {h['mean']:.1f} +/- {h['sd']:.1f} kJ/mol "
        f"(90 %: {h['p5']:.1f} to {h['p95']:.1f})"
    )
    return {"HgSe_formation_enthalpy_kJ_per_mol": h, "note": line}


def main(argv: list[str] | None = None) -> int:
    """Calibrate under both limits; exit 0 when both converged, 3 when not (as calibrate)."""
    experiments = {f"HgS {hgs}": ZhaExperiment(hgs) for hgs in ("retained", "equilibrium")}
    note = "the 10 % measurement sd (data/zha2023-mercury.csv)"
    return main_for("valorize.calibration.zha2023", experiments, note, argv, _enthalpy_line)


if __name__ == "__main__":
    sys.exit(main())
