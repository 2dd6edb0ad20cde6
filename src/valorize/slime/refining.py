r"""The crude selenium of a slime route through the vacuum refinery.

The crude stream (kg per element per year over ``data.ELEMENTS``) becomes a
:class:`~valorize.units.vacuum_distillation.CrudeSelenium` with the metals
bound as selenides as in the Balkhash case (Cu2Se, Ag2Se, PbSe, NiSe, FeSe;
gold metallic; Te, S, As, Sb and Bi dissolved; ``data/forms.toml``), and is
distilled batch by batch in the vacuum furnace every route shares
(:meth:`valorize.flowsheet.blocks.furnace.VacuumFurnace.distill_flow`) under the
case's ``[refining.operation]``. A year is :math:`N_b = \dot m_{crude} / m_{charge}`
batches, so every stream of one batch is multiplied by :math:`N_b`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from valorize.errors import InputError, OutOfRangeError
from valorize.refinery.case import ModelOptions, Operation
from valorize.slime.data import ELEMENTS
from valorize.units.vacuum_distillation import CrudeSelenium

#: Chemical form of each element in the crude selenium (keys of data/forms.toml).
FORMS: dict[str, str] = {
    "Hg": "HgSe",
    "Cu": "Cu2Se",
    "Ag": "Ag2Se",
    "Pb": "PbSe",
    "Ni": "NiSe",
    "Fe": "FeSe",
    "Au": "Au",
}

#: The crude's elements: every slime element but ``other`` (never in the crude).
COMPONENTS: tuple[str, ...] = tuple(e for e in ELEMENTS if e != "other")


@dataclass(frozen=True)
class RefiningResult:
    """Yearly outlets of the refinery, kg per element over ``data.ELEMENTS``, and its energy."""

    feed: np.ndarray
    product: np.ndarray
    residue: np.ndarray
    volatile_cut: np.ndarray
    energy: np.ndarray  # J per year
    batches: np.ndarray
    furnace_hours: np.ndarray
    warnings: tuple[str, ...]
    unrefined: np.ndarray | None = None  # crude the furnaces have no hours for

    def outlets(self) -> dict[str, np.ndarray]:
        """Every outlet by name."""
        out = {
            "refined selenium": self.product,
            "refining residue": self.residue,
            "volatile cut": self.volatile_cut,
        }
        if self.unrefined is not None:
            out["crude selenium not refined"] = self.unrefined
        return out


def crude_selenium_feed(crude: np.ndarray) -> CrudeSelenium:
    """A :class:`CrudeSelenium` from a crude stream (..., n) over ``data.ELEMENTS``."""
    crude = np.asarray(crude, dtype=float)
    other = crude[..., ELEMENTS.index("other")]
    if np.any(other > 0):
        raise InputError(
            "the crude selenium cannot carry 'other' (O, sulfate ...): set its split 0"
        )
    mass = crude.sum(axis=-1)
    if np.any(mass <= 0):
        raise InputError("the route makes no crude selenium (the slime or its Se split is zero)")
    index = [ELEMENTS.index(e) for e in COMPONENTS]
    forms = tuple(FORMS.get(e, "dissolved") for e in COMPONENTS)
    return CrudeSelenium(COMPONENTS, crude[..., index] / mass[..., None], forms)


def _full(stream: np.ndarray) -> np.ndarray:
    """A stream over ``COMPONENTS`` widened to ``data.ELEMENTS`` (``other`` = 0)."""
    out = np.zeros((*stream.shape[:-1], len(ELEMENTS)))
    out[..., [ELEMENTS.index(e) for e in COMPONENTS]] = stream
    return out


def refine(crude: np.ndarray, operation: Operation, model: ModelOptions) -> RefiningResult:
    """Distil a year's crude selenium (kg per element, scenarios in front) batch by batch."""
    from valorize.flowsheet.blocks.furnace import VacuumFurnace
    from valorize.refinery.inputs import operation_conditions
    from valorize.refinery.results import furnace_capacity, processed_share
    from valorize.units.furnace_energy import furnace_time

    if operation.sulfidation is not None:
        raise InputError(
            "refining.operation.sulfidation: only a selenium refinery's case takes a "
            "sulfidation, as the crude's pre-treatment"
        )
    crude_selenium_feed(crude)  # refuses a crude the furnace cannot take, in the route's words
    furnace = VacuumFurnace.preset(
        operation_conditions(operation, model),
        operation.passes,
        model.activity,
        model.allow_ideal,
        FORMS,
        model.extrapolate,
    )
    index = [ELEMENTS.index(e) for e in COMPONENTS]
    try:
        r, batches = furnace.distill_flow(COMPONENTS, np.asarray(crude, dtype=float)[..., index])
    except (InputError, OutOfRangeError) as exc:  # the furnace's words: operation.<field>
        if not str(exc).startswith("operation."):
            raise
        raise type(exc)(f"refining.{exc}") from None  # where this route's file has it
    hours = furnace_time(r.duration) * batches / 3600.0
    # the crude the furnaces' hours cannot take is not refined (as the refinery route)
    share = processed_share(hours, operation.furnaces)
    per_year = (batches * share)[..., None]
    product = _full(r.product) * per_year
    residue = _full(r.residue) * per_year
    cut = _full(r.volatile_cut + r.side_condensates.sum(axis=0)) * per_year
    warnings = list(r.warnings)
    capacity = furnace_capacity(operation.furnaces)
    unrefined = None
    if np.any(share < 1):
        unrefined = np.asarray(crude, dtype=float) * (1.0 - share)[..., None]
        warnings.append(
            f"the {operation.furnaces} refining furnace(s) cannot refine all the crude: its "
            f"batches need up to {float(np.max(hours)):,.0f} h/yr, {capacity:,.0f} are "
            f"available, so only {100 * float(np.min(share)):.1f} % of it is refined and the "
            "rest leaves unsold as crude selenium (refining.operation.furnaces)"
        )
    if np.any(r.mass_balance_error > 1e-9):
        warnings.append(
            f"the distillation balance closes only to {float(np.max(r.mass_balance_error)):.1e}"
        )
    return RefiningResult(
        feed=np.asarray(crude, dtype=float),
        product=product,
        residue=residue,
        volatile_cut=cut,
        energy=r.energy_total * batches * share,
        batches=batches * share,
        furnace_hours=hours,  # the hours all the crude needs, as the refinery reports
        warnings=tuple(dict.fromkeys(warnings)),
        unrefined=unrefined,
    )
