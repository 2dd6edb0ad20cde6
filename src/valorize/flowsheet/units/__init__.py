"""Unit operations of a flowsheet, one module each; :data:`KINDS` maps case-file kinds to them."""

from valorize.flowsheet.units.caster import Caster
from valorize.flowsheet.units.furnace import VacuumFurnace
from valorize.flowsheet.units.melter import Melter
from valorize.flowsheet.units.mixer import Mixer
from valorize.flowsheet.units.sink import Sink
from valorize.flowsheet.units.splitter import Splitter

#: The unit classes by their ``kind`` in a case file.
KINDS = {cls.kind: cls for cls in (Melter, VacuumFurnace, Caster, Splitter, Mixer, Sink)}

__all__ = ["KINDS", "Caster", "Melter", "Mixer", "Sink", "Splitter", "VacuumFurnace"]
