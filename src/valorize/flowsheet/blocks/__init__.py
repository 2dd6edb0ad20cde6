"""Unit operations of a flowsheet, one module each; :data:`KINDS` maps case-file kinds to them."""

from valorize.flowsheet.blocks.caster import Caster
from valorize.flowsheet.blocks.furnace import VacuumFurnace
from valorize.flowsheet.blocks.melter import Melter
from valorize.flowsheet.blocks.mixer import Mixer
from valorize.flowsheet.blocks.sink import Sink
from valorize.flowsheet.blocks.splitter import Splitter

#: The unit classes by their ``kind`` in a case file.
KINDS = {cls.kind: cls for cls in (Melter, VacuumFurnace, Caster, Splitter, Mixer, Sink)}

__all__ = ["KINDS", "Caster", "Melter", "Mixer", "Sink", "Splitter", "VacuumFurnace"]
