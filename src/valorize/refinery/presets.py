"""The plain refinery as a flowsheet preset: a case without ``[flowsheet]`` gets its units.

A refinery case that draws no flowsheet describes the plant every such case shares:
the crude (and whatever the case recycles) distils in one vacuum furnace; the product
condensate is sold; the residue goes to the smelter, less the share
``operation.residue_recycle`` that returns to the furnace through a splitter; the
volatile cut goes to waste, and each side condensate where its zone's ``destination``
says (waste, or back to the furnace). :func:`plain_flowsheet` writes that plant as
flowsheet units, so that every refinery case is solved by one path, the flowsheet's
(:func:`valorize.refinery.flowsheet.solve_case`), and a plain case's streams and units
are reported like a drawn one's.
"""

from __future__ import annotations

from valorize.refinery.case import Case, Flowsheet, FlowsheetUnit, Operation

#: The names the preset gives its streams.
CRUDE, PRODUCT, RESIDUE, CUT = "crude", "product", "residue", "volatile cut"
RESIDUE_BACK, RESIDUE_OUT = "residue recycled", "residue to smelter"
#: A sulfidation's dose, fed to the furnace (operation.sulfidation).
SULFUR = "sulfur"


def plain_flowsheet(op: Operation) -> Flowsheet:
    """The units of a plain refinery's ``[operation]``: furnace, residue splitter and sinks."""
    sides = [z for z in op.condenser_zones if not z.product]
    side_streams = [f"{z.name} condensate" for z in sides]
    back = [s for s, z in zip(side_streams, sides, strict=True) if z.destination == "recycle"]
    share = op.residue_recycle
    inlets = [CRUDE, *([RESIDUE_BACK] if share > 0 else []), *back]
    units = [
        FlowsheetUnit(
            name="vacuum furnace",
            kind="vacuum_furnace",
            inlets=inlets,
            outlets=[PRODUCT, RESIDUE, CUT, *side_streams],
        ),
        FlowsheetUnit(name="product", kind="sink", inlets=[PRODUCT], destination="sale"),
        FlowsheetUnit(name="waste", kind="sink", inlets=[CUT], destination="waste"),
    ]
    if share > 0:
        units += [
            FlowsheetUnit(
                name="residue split",
                kind="splitter",
                inlets=[RESIDUE],
                outlets=[RESIDUE_BACK, RESIDUE_OUT],
                fractions=[share, 1.0 - share],
            ),
            FlowsheetUnit(name="smelter", kind="sink", inlets=[RESIDUE_OUT], destination="smelter"),
        ]
    else:
        units.append(
            FlowsheetUnit(name="smelter", kind="sink", inlets=[RESIDUE], destination="smelter")
        )
    for stream, zone in zip(side_streams, sides, strict=True):
        if zone.destination != "recycle":
            units.append(
                FlowsheetUnit(
                    name=f"{zone.name} waste", kind="sink", inlets=[stream], destination="waste"
                )
            )
    return Flowsheet(feed=CRUDE, unit=units)


def as_flowsheet(case: Case) -> Case:
    """The case with its flowsheet: its own ``[flowsheet]``, or the plain preset's."""
    if case.flowsheet is not None:
        return case
    return case.model_copy(update={"flowsheet": plain_flowsheet(case.operation)})
