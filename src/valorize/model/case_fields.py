"""Every field of every route's case file, from the schemas themselves, as a Markdown page.

``python -m valorize.model.case_fields > docs/case-fields.md`` writes the page; a test
checks that the page in the repository is the one the schemas give and that every field
has a description, so the documentation of case files cannot drift from what valorize
reads. Each table is a section of the file (``[operation]``, ``[[uncertainty]]``):
its fields with whether they are required, their default, their unit and bounds (from
the field's type: :class:`valorize.quantities.Unit` and pydantic's ``ge``/``gt``/``le``/
``lt``) and what they mean (the field's description).
"""

from __future__ import annotations

import importlib
import math
import sys
import types
import typing
from collections.abc import Iterator
from typing import Any, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from valorize.model.fields import _constraints, _metadata

#: Each route's case schema ("module:class"), in the order the page lists them.
SCHEMAS = (
    ("refinery", "valorize.refinery.case:Case"),
    ("tellurium", "valorize.tellurium.case:TelluriumCase"),
    ("slime", "valorize.slime.case:SlimeCase"),
    ("hydrogen", "valorize.hydrogen.case:HydrogenCase"),
)


def schema(spec: str) -> type[BaseModel]:
    """The pydantic class ``module:class``."""
    module, name = spec.split(":")
    return getattr(importlib.import_module(module), name)


def _models_in(annotation: Any) -> list[tuple[str, type[BaseModel]]]:
    """The models a field holds: ('', M) for M, ('[]', M) for a list, ('.NAME', M) a table."""
    origin = get_origin(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [("", annotation)]
    if origin in (list, tuple):
        return [("[]", m) for _, m in _models_in_args(annotation)]
    if origin is dict:
        args = get_args(annotation)
        return [(".NAME", m) for _, m in _models_in(args[1])] if len(args) == 2 else []
    if origin in (typing.Union, types.UnionType) or origin is typing.Annotated:
        return _models_in_args(annotation)
    return []


def _models_in_args(annotation: Any) -> list[tuple[str, type[BaseModel]]]:
    out = []
    for arg in get_args(annotation):
        out += _models_in(arg)
    return out


def _number(x: float) -> str:
    return ("∞" if x > 0 else "-∞") if math.isinf(x) else f"{x:g}"


def _default(f: FieldInfo) -> str:
    if f.is_required():
        return "required"
    if f.default_factory is not None:
        value = f.default_factory()  # type: ignore[call-arg]
    else:
        value = f.default
    if value is None:
        return "none"
    if isinstance(value, BaseModel):
        return "its table's defaults"
    if value in ({}, [], ()):
        return "empty"
    return f"`{value!r}`" if not isinstance(value, str) else f'`"{value}"`'


def _unit_and_bounds(f: FieldInfo) -> tuple[str, str]:
    low, high, unit = _constraints(_metadata(f.annotation, list(f.metadata)))
    bounds = "" if (math.isinf(low) and math.isinf(high)) else f"{_number(low)} to {_number(high)}"
    return unit or "", bounds


def sections(model: type[BaseModel], path: str = "") -> Iterator[tuple[str, list[tuple]]]:
    """(section name, rows) of ``model`` and every model inside it, depth first.

    Rows are (field, required or default, unit, bounds, description).
    """
    rows = []
    nested: list[tuple[str, type[BaseModel]]] = []
    for name, f in model.model_fields.items():
        key = f.alias or name
        unit, bounds = _unit_and_bounds(f)
        inner = _models_in(f.annotation)
        description = " ".join((f.description or "").split())
        if inner and not description:
            suffix, m = inner[0]
            what = (m.__doc__ or "").strip().splitlines()[0].rstrip(".")
            table = f"[[{key}]]" if suffix == "[]" else f"[{key}{'.NAME' if suffix else ''}]"
            description = f"`{table}` tables: {what}" if suffix == "[]" else f"`{table}`: {what}"
        rows.append((key, _default(f), unit, bounds, description))
        for suffix, m in inner:
            nested.append((f"{path}.{key}{suffix}" if path else f"{key}{suffix}", m))
    yield (path, rows)
    for sub, m in nested:
        yield from sections(m, sub)


def undescribed() -> list[str]:
    """Fields of any route's case file without a description: ``route: section.field``."""
    out = []
    for route, spec in SCHEMAS:
        for section, rows in sections(schema(spec)):
            for key, *_, description in rows:
                if not description:
                    out.append(f"{route}: {section + '.' if section else ''}{key}")
    return out


def _heading(section: str) -> str:
    if not section:
        return "top level"
    if section.endswith("[]"):
        return f"`[[{section[:-2]}]]`"
    return f"`[{section}]`"


def page() -> str:
    """The Markdown page docs/case-fields.md."""
    out = [
        "# Case-file fields\n\n"
        "<!-- written by `python -m valorize.model.case_fields > docs/case-fields.md` from "
        "the case schemas; edit the schemas' field descriptions, not this page -->\n\n"
        "Every field of every route's case file, from the schemas valorize reads them "
        'with. A quantity is text with a unit of the right dimension (`"400 degC"`, '
        '`"75 t/yr"`); the unit column is the unit valorize reads it into. `NAME` stands '
        "for a name of your choice (a price scenario, an equipment item). How the fields "
        "work together, with examples, is in [case-files.md](case-files.md).\n"
    ]
    for route, spec in SCHEMAS:
        out.append(f"\n## The {route} route (`{spec.split(':')[1]}`)\n")
        for section, rows in sections(schema(spec)):
            out.append(
                f"\n### {_heading(section)}\n\n| field | default | unit | bounds | meaning |\n"
                "|---|---|---|---|---|\n"
            )
            for key, default, unit, bounds, description in rows:
                text = description.replace("|", "/")
                out.append(f"| `{key}` | {default} | {unit} | {bounds} | {text} |\n")
    return "".join(out)


if __name__ == "__main__":  # pragma: no cover
    sys.stdout.write(page())
