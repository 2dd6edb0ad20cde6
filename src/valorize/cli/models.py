"""How the commands find a case's model: by name or path, with a route's options."""

from __future__ import annotations

import argparse
from typing import Any

from valorize.errors import InputError


def load_args_model(args: argparse.Namespace) -> Any:
    """The model of ``args.case``, with ``--route`` and ``--extrapolate`` where given."""
    from valorize.model.registry import load_model

    options: dict[str, Any] = {}
    if getattr(args, "route", None) is not None:
        options["route"] = args.route
    if getattr(args, "extrapolate", False):
        options["extrapolate"] = True
    return load_model(args.case, **options)


def load_route_model(
    name_or_path: str, route: str, extrapolate: bool = False, path: str | None = None
) -> Any:
    """The model of a case that must be of ``route`` (a command of that route's own).

    ``extrapolate`` is the ``--extrapolate`` option, for the routes that distil;
    ``path`` the anode slime's ``--route`` (roast or leach; default the case's).
    """
    from valorize.model.registry import load_model, route_named

    found = route_of_case(name_or_path)
    if found != route:
        raise InputError(
            f"{name_or_path}: a case of the {found} route, not {route_named(route).description}; "
            f"valorize run takes it"
        )
    options: dict[str, Any] = {"extrapolate": True} if extrapolate else {}
    if path is not None:
        options["route"] = path
    return load_model(name_or_path, **options)


def route_of_case(name_or_path: str) -> str:
    """The route of a built-in case or case file (its errors are the registry's)."""
    from valorize.case_files import parse_toml, read_case_text
    from valorize.model.registry import builtin_case_names, route_of

    text, where = read_case_text(name_or_path, builtin_case_names())
    return route_of(parse_toml(text, where)).name
