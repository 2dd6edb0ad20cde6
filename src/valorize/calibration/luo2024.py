r"""Calibration to a published rate: the evaporation coefficient from Luo (2024).

Luo's thesis (Kunming University of Science and Technology, 2024; abstract read) gives
one evaporation rate of crude selenium under vacuum, 5e-4 g cm-2 s-1, for 523-623 K and
10-100 Pa. The evaporation coefficient :math:`\alpha` of the Hertz-Knudsen-Langmuir
flux is the one number of the rate model (:mod:`valorize.units.kinetics`) that no
property table gives; the refinery's default (``data/process.toml``, 0.054) was derived
from this rate by hand, as if the surface alone limited it at 573 K.

:class:`LuoExperiment` reads the rate through the whole model instead: a selenium melt
evaporating through the residual gas to a condenser (surface and gas conductances in
series), its rate the mass distilled over the area and the time of
:func:`~valorize.units.vacuum_distillation.distill`. The temperature, the pressure and
the gap of the measurement are not in the abstract, so they are nuisance parameters
(uniform over the ranges given; the gap ASSUMED), and the calibration
(:mod:`valorize.calibration.published`) returns :math:`\alpha` with the doubt that
those unknowns leave. Conditions and priors: ``data/luo2024.toml``; the figure:
``data/luo2024-selenium-rate.csv``.

Run ``python -m valorize.calibration.luo2024`` (64 walkers, about five minutes on a
2-core machine); docs/validation.md gives what it found.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any

import numpy as np

from valorize.calibration.published import PublishedExperiment, main_for
from valorize.model.parameter import Parameter
from valorize.model.protocol import Metric

ALPHA = "model.evaporation_coefficient"
TEMPERATURE = "operation.temperature"
PRESSURE = "operation.pressure"
GAP = "operation.gap"
#: The log's column: the evaporation rate, g/(cm^2 s).
RATE = "Se_evaporation_rate"
#: g/(cm^2 s) per kg/(m^2 s).
G_PER_CM2_S = 0.1
#: The share distilled over which the rate is taken. A pure melt's vapour pressure does
#: not change as it distils, so the rate does not depend on it (nor on the charge or
#: the area below): numbers of the computation, not of the experiment.
_DISTILLED, _CHARGE_KG, _AREA_M2 = 0.1, 1.0, 1.0


@dataclass(frozen=True)
class LuoExperiment(PublishedExperiment):
    """A selenium melt evaporating under vacuum: its rate per area (module)."""

    route = "luo2024"
    data_file = "luo2024.toml"
    log_file = "luo2024-selenium-rate.csv"

    @property
    def name(self) -> str:
        """``luo2024``."""
        return "luo2024"

    @property
    def title(self) -> str:
        """One line for outputs."""
        return "Luo (2024) evaporation rate of crude selenium under vacuum"

    @property
    def native_parameters(self) -> tuple[Parameter, ...]:
        """The evaporation coefficient and the measurement's temperature, pressure, gap."""
        from valorize.data.loader import process_parameter

        mid = self.prior_middles()
        alpha = process_parameter("evaporation_coefficient").value
        return (
            Parameter(ALPHA, "fraction", alpha, (1e-12, 1.0),
                      "Hertz-Knudsen-Langmuir evaporation coefficient", "data/process.toml"),
            Parameter(TEMPERATURE, "K", mid[TEMPERATURE], (1e-9, np.inf), "melt temperature",
                      "luo2024 (a range)"),
            Parameter(PRESSURE, "Pa", mid[PRESSURE], (0.0, np.inf), "residual gas pressure",
                      "luo2024 (a range)"),
            Parameter(GAP, "m", mid[GAP], (1e-6, np.inf), "melt to condenser distance",
                      "assumed"),
        )  # fmt: skip

    @property
    def metrics(self) -> tuple[Metric, ...]:
        """The selenium's evaporation rate, g/(cm^2 s)."""
        return (Metric(RATE, "g/(cm^2 s)", "evaporation rate of selenium", "maximize"),)

    def evaluate_native(self, x: Any, n: int) -> dict[str, np.ndarray]:
        """The evaporation rate of a selenium melt, g/(cm^2 s), shape (n,)."""
        from valorize.units.vacuum_distillation import (
            DistillationConditions,
            distill,
            feed_from_mass_fractions,
        )

        alpha, T, P, gap = self.inputs(x, n, (ALPHA, TEMPERATURE, PRESSURE, GAP))
        feed = feed_from_mass_fractions({"Se": self.experiment()["Se_wt_pct"] / 100.0}, {})
        c = DistillationConditions(
            temperature=T,
            pressure=P,
            distilled_fraction=_DISTILLED,
            head_cut=0.0,
            charge_mass=_CHARGE_KG,
            evaporation_area=_AREA_M2,
            evaporation_coefficient=alpha,
            entrainment=0.0,
            gap=gap,
        )
        r = distill(feed, c)
        return {RATE: G_PER_CM2_S * r.product.sum(axis=-1) / (_AREA_M2 * r.duration)}


def main(argv: list[str] | None = None) -> int:
    """Calibrate; exit 0 when converged, 3 when not (as ``valorize calibrate``)."""
    note = "the 20 % measurement sd (data/luo2024-selenium-rate.csv)"
    experiments = {"Luo (2024) rate": LuoExperiment()}
    # 64 walkers, 40,000 steps at most: the posterior is a curved ridge in four dimensions
    # (2026-12-01: 32 walkers left a split R-hat of 1.02 after 20,000 steps; 64 converged
    # at 26,500-29,250)
    return main_for(
        "valorize.calibration.luo2024", experiments, note, argv, walkers=64, max_steps=40_000
    )


if __name__ == "__main__":
    sys.exit(main())
