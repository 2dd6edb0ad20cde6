"""Curated data with provenance: elements, vapour-pressure correlations, activity parameters.

Every number from the world that valorize uses lives in a TOML file in this
folder, next to its source (citation with DOI or URL), validity range and
status (``measured``, ``estimated`` or ``assumed``). :mod:`valorize.data.loader`
reads the files once and hands out frozen records in SI units.
"""

from valorize.data.loader import (
    STATUSES,
    ActivityParameterSet,
    CompoundForm,
    Datum,
    Element,
    Grade,
    Reference,
    VaporPressureCorrelation,
    activity_parameters,
    compound_forms,
    dissociating_forms,
    element,
    elements,
    grades,
    process_parameter,
    process_parameters,
    read_activity_file,
    reference,
    references,
    vapor_pressure_correlations,
)

__all__ = [
    "STATUSES",
    "ActivityParameterSet",
    "CompoundForm",
    "Datum",
    "Element",
    "Grade",
    "Reference",
    "VaporPressureCorrelation",
    "activity_parameters",
    "compound_forms",
    "dissociating_forms",
    "element",
    "elements",
    "grades",
    "process_parameter",
    "process_parameters",
    "read_activity_file",
    "reference",
    "references",
    "vapor_pressure_correlations",
]
