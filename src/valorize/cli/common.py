"""Shared pieces of the command line: the one-line-error parser and small helpers."""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from valorize.errors import InputError

EXIT_USAGE = 2
#: Exit status of a result that fails a check, printed and written all the same: an
#: optimum that meets not every constraint, a calibration whose chain did not converge, a
#: reconciled balance that needs a value no plant can have. Distinct from success (0)
#: and from bad input (2).
EXIT_CHECK_FAILED = 3


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line: ``error: ...``.

    An option that takes one value and is given twice is refused (argparse keeps the last
    silently: ``--out a --out b`` wrote to b); those that collect (``--decision``) may
    repeat.
    """

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        """argparse's, after refusing a one-value option given twice among ``args``."""
        given = list(sys.argv[1:] if args is None else args)
        seen: set[argparse.Action] = set()
        for token in given:
            if token == "--":  # what follows are values
                break
            action = self._option_string_actions.get(token.split("=", 1)[0])
            if action is None or isinstance(
                action, (argparse._AppendAction, argparse._CountAction)
            ):
                continue
            if action in seen and not isinstance(action, (argparse._HelpAction,)):
                self.error(f"{'/'.join(action.option_strings)}: given twice; give it once")
            seen.add(action)
        return super().parse_known_args(given, namespace)

    def error(self, message: str) -> NoReturn:
        """Print ``error: MESSAGE (see 'PROG --help')`` and exit with status 2."""
        sys.stderr.write(f"error: {message} (see '{self.prog} --help')\n")
        raise SystemExit(EXIT_USAGE)


#: Seeds every command takes: one 32-bit word, 0 to 2**32 - 1 (pymoo seeds NumPy's legacy
#: generator, which takes no more; the samplers take any of them).
SEED_RANGE = (0, 2**32 - 1)


def seed(text: str) -> int:
    """An argparse type for ``--seed``: an integer in :data:`SEED_RANGE`, the same everywhere."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
    lo, hi = SEED_RANGE
    if not lo <= value <= hi:
        raise argparse.ArgumentTypeError(f"{value} is outside {lo} to {hi} (2**32 - 1)")
    return value


def finite(text: str) -> float:
    """An argparse type for a plain number: finite (no nan, no inf)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{text!r} is not a finite number")
    return value


def symbols(text: str, option: str) -> list[str]:
    """Element symbols from ``"Se,Te"``, each one valorize has data for (else the option)."""
    from valorize.data.loader import element

    items = [s.strip() for s in text.split(",")]
    if not items or any(not s for s in items):
        raise InputError(f"{option}: give element symbols separated by commas, e.g. Se,Te")
    for item in items:
        try:
            element(item)
        except InputError as exc:
            raise InputError(f"{option}: {exc}") from None
    return items


def one_symbol(text: str, option: str) -> str:
    """One element symbol (:func:`symbols`, refusing a list)."""
    items = symbols(text, option)
    if len(items) != 1:
        raise InputError(f"{option}: give one element, not {text!r}")
    return items[0]


def numbers(text: str, option: str) -> list[float]:
    """Numbers from ``"0.99,0.01"``."""
    try:
        values = [float(s) for s in text.split(",")]
    except ValueError:
        raise InputError(f"{option}: give numbers separated by commas, e.g. 0.99,0.01") from None
    if not all(math.isfinite(v) for v in values):
        raise InputError(f"{option}: {text!r} holds a number that is not finite")
    return values


def activity(args: argparse.Namespace, components: Sequence[str]) -> Any:
    """The activity model the options ask for: a name, or a model built with the user's file."""
    if not args.activity_data:
        return args.model
    from valorize.data.loader import read_activity_file
    from valorize.thermo.activity import activity_model

    extra = read_activity_file(args.activity_data)
    return activity_model(args.model, components, allow_ideal=args.allow_ideal, parameters=extra)


def _defined(value: Any) -> Any:
    """``value`` with every NaN or infinity replaced by None (JSON ``null``), recursively."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _defined(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_defined(v) for v in value]
    if hasattr(value, "item") and hasattr(value, "dtype"):  # a NumPy scalar
        return _defined(value.item())
    return value


def strict_json(obj: Any) -> str:
    """Indented, strict JSON (RFC 8259): an undefined number (NaN, infinity) is ``null``."""
    return json.dumps(_defined(obj), indent=2, allow_nan=False)


def print_json(obj: dict[str, Any]) -> None:
    """Print an object as indented, strict JSON (:func:`strict_json`)."""
    print(strict_json(obj))


def plain_number(
    x: float,
    digits: int = 3,
    whole_from: float = 100,
    small_below: float = 0.001,
    zero_below: float = 0.0,
) -> str:
    """A number for a table without scientific notation where it reads better.

    Whole numbers with thousands separators from ``whole_from`` up (249,903), ``digits``
    significant digits below (2.51), scientific only under ``small_below``, and "0" for
    zero or anything under ``zero_below`` (estimator noise).
    """
    if x == 0 or abs(x) < zero_below:
        return "0"
    if abs(x) >= whole_from:
        return f"{x:,.0f}"
    return f"{x:.{digits}g}" if abs(x) >= small_below else f"{x:.1e}"


def wrote(path: object, json_mode: bool = False) -> None:
    """Announce a file written: ``wrote PATH``, on stderr where stdout carries JSON."""
    (sys.stderr if json_mode else sys.stdout).write(f"wrote {path}\n")


def warn(warnings: Sequence[str]) -> None:
    """Print each warning as ``warning: ...`` on stderr."""
    for w in warnings:
        sys.stderr.write(f"warning: {w}\n")


def fmt_pressure(p: float) -> str:
    """A pressure in Pa for people."""
    return f"{p:.4g} Pa"


def write_json(out: str, name: str, payload: dict[str, Any]) -> Path:
    """Write ``payload`` as ``out/name`` atomically, making the folder ``out`` if needed."""
    from valorize.report.files import write_atomically

    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        raise InputError(f"--out: {out!r} is a file, not a folder")
    folder.mkdir(parents=True, exist_ok=True)
    text = strict_json(payload)
    return write_atomically(folder / name, lambda tmp: tmp.write_text(text, encoding="utf-8"))
