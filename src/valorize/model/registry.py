"""The registry of routes: which route a case file is, and the model it builds.

Each route registers a :class:`Route`: its name, a test on a parsed case file
that says whether the file is of this route, and a builder that validates the
file and binds it into a :class:`~valorize.model.protocol.Model`. Routes are
named here by module path and imported only when a case of theirs is loaded, so
this module depends on no route (the layer contract, ``tests/unit/test_layers.py``).

:func:`load_model` reads a built-in case by name or a case file by path and
returns its model; :func:`builtin_cases` lists the built-in cases with their
routes. A new route is one more entry of :data:`ROUTES` (``docs/architecture.md``).
"""

from __future__ import annotations

import hashlib
import importlib
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any

from valorize.case_files import parse_toml, read_case_text, refusals_named
from valorize.errors import InputError
from valorize.model.protocol import Model


@dataclass(frozen=True)
class Route:
    """A route: its name, what it is, the tables that mark its case files, its builder.

    ``marks`` are top-level tables of a case file; a file holding any of them is
    of this route. ``builder`` is ``"module:function"``; the function takes the
    parsed TOML, where it came from, its SHA-256 and the route's options, and
    returns the model.
    """

    name: str
    description: str
    marks: tuple[str, ...]
    builder: str
    options: tuple[str, ...] = ()

    def build(self, data: dict[str, Any], where: str, sha256: str, **options: Any) -> Model:
        """The model of a parsed case file of this route."""
        unknown = set(options) - set(self.options)
        if unknown:
            raise InputError(
                f"--{sorted(unknown)[0]}: the {self.name} route takes no such option"
                + (
                    f"; it takes {', '.join('--' + o for o in self.options)}"
                    if self.options
                    else ""
                )
            )
        module, function = self.builder.split(":")
        make: Callable[..., Model] = getattr(importlib.import_module(module), function)
        return make(data, where, sha256, **options)


def extrapolating(data: dict[str, Any], *tables: str) -> dict[str, Any]:
    """A copy of a parsed case file with ``extrapolate = true`` in its model table.

    ``tables`` is the path of that table (``"model"``; ``"refining", "model"`` for the
    slime route): the ``--extrapolate`` option of the commands, written where a case file
    would say it, so that the case, its saved copy and its report agree.
    """
    out = dict(data)
    here = out
    for name in tables:
        table = here.get(name)
        here[name] = dict(table) if isinstance(table, dict) else {}
        here = here[name]
    here["extrapolate"] = True
    return out


#: The routes, in the order a case file is tested against them (first match wins).
ROUTES: tuple[Route, ...] = (
    Route(
        "slime",
        "copper anode slime to crude selenium, refined Se, Te, Au and Ag",
        ("slime",),
        "valorize.slime.model:build",
        ("route", "extrapolate"),
    ),
    Route(
        "hydrogen",
        "smelter slag to photocatalyst panels making solar hydrogen",
        ("panels",),
        "valorize.hydrogen.model:build",
    ),
    Route(
        "tellurium",
        "crude tellurium refined by vacuum distillation",
        ("crude",),
        "valorize.tellurium.model:build",
        ("extrapolate",),
    ),
    Route(
        "refinery",
        "crude selenium refined by vacuum distillation (plain or as a flowsheet)",
        ("feed",),
        "valorize.refinery.model:build",
        ("extrapolate",),
    ),
)

#: The route a file with none of the marks is validated as (its errors name what is missing).
FALLBACK = "refinery"


def route_named(name: str) -> Route:
    """The route called ``name``."""
    for r in ROUTES:
        if r.name == name:
            return r
    raise InputError(f"unknown route {name!r}; routes: {', '.join(r.name for r in ROUTES)}")


def route_of(data: dict[str, Any]) -> Route:
    """The route a parsed case file describes (by its tables)."""
    for r in ROUTES:
        if any(mark in data for mark in r.marks):
            return r
    return route_named(FALLBACK)


def builtin_case_names() -> list[str]:
    """Names of the built-in cases, sorted (their files are not read)."""
    entries = resources.files("valorize.cases").iterdir()
    return sorted(e.name.removesuffix(".toml") for e in entries if e.name.endswith(".toml"))


def builtin_cases() -> dict[str, tuple[str, str]]:
    """Built-in case name -> (route, title)."""
    out = {}
    folder = resources.files("valorize.cases")
    for name in builtin_case_names():
        data = tomllib.loads(folder.joinpath(f"{name}.toml").read_text(encoding="utf-8"))
        out[name] = (route_of(data).name, data.get("case", {}).get("title", ""))
    return out


def model_from_text(text: str, where: str = "case file", **options: Any) -> Model:
    """The model of a case given as TOML text; ``where`` names it in error messages.

    Every refusal of the case names it: one raised after the schema's checks (a price, an
    element, a form of the route's own) gains the ``where`` prefix the schema's carry.
    """
    data = parse_toml(text, where)
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    with refusals_named(where):
        return route_of(data).build(data, where, sha, **options)


def load_model(name_or_path: str, **options: Any) -> Model:
    """The model of a built-in case (by name) or a case file (by path), of any route.

    Parameters
    ----------
    name_or_path
        A name of :func:`builtin_cases` or a path to a ``.toml`` case file.
    **options
        Options of the route (the slime route's ``route``: ``roast`` or ``leach``).

    Raises
    ------
    InputError
        For an unknown case, an unreadable or invalid file, or an option the route lacks.
    """
    text, where = read_case_text(name_or_path, builtin_case_names())
    return model_from_text(text, where, **options)
