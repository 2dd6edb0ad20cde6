"""A batch's distillation conditions for the tests: a small still at 400 degC and 10 Pa."""

from valorize.units.vacuum_distillation import DistillationConditions

BASE = dict(
    temperature=673.15,
    pressure=10.0,
    distilled_fraction=0.9,
    head_cut=0.0,
    charge_mass=100.0,
    evaporation_area=0.5,
    evaporation_coefficient=0.05,
    entrainment=0.0,
)


def conditions(**changes: object) -> DistillationConditions:
    """The base conditions with any field changed."""
    return DistillationConditions(**{**BASE, **changes})
