"""Reading the case files of any route: a built-in name or a path, TOML, one-line errors."""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from valorize.errors import InputError, ValorizeError

Model = TypeVar("Model", bound=BaseModel)


class StrictModel(BaseModel):
    """A table of an input file: unknown keys, changes after reading and NaN refused.

    A boolean given for a number is refused too: pydantic would read ``passes = true``
    as 1 pass and ``distilled_fraction = true`` as 1.0.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    @model_validator(mode="before")
    @classmethod
    def _no_booleans_for_numbers(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for name, value in data.items():
                field = cls.model_fields.get(name) if isinstance(value, bool) else None
                if field is not None and _takes_a_number(field.annotation):
                    text = str(value).lower()
                    raise ValueError(f"{name} = {text} is a boolean; give a number")
        return data


def _takes_a_number(annotation: Any) -> bool:
    """Whether a field's type is a number (int or float, optional or annotated), not bool."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _takes_a_number(get_args(annotation)[0])
    if origin in (Union, UnionType):
        members = [a for a in get_args(annotation) if a is not type(None)]
        return bool(members) and all(_takes_a_number(a) for a in members)
    return annotation in (int, float)


#: Largest input file (case, portfolio, activity data) read, bytes: far above any real one.
MAX_INPUT_BYTES = 10 * 1024 * 1024


def read_input_text(path: Path, what: str) -> str:
    """The UTF-8 text of an input file, or one :class:`InputError` line saying why not.

    Refuses a missing file, a folder, a file that cannot be read, one larger than
    :data:`MAX_INPUT_BYTES` and one that is not UTF-8 text; ``what`` names the file in
    the message (e.g. ``"case file"``). A byte-order mark, which Windows editors put
    before UTF-8 text, is dropped.
    """
    if not path.is_file():
        raise InputError(f"no {what} {str(path)!r}" + (" (a folder)" if path.is_dir() else ""))
    try:
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise InputError(
                f"{path}: {size:,} bytes is too large for a {what} "
                f"(at most {MAX_INPUT_BYTES // (1024 * 1024)} MiB)"
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read the {what} ({exc.strerror})") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: the {what} is not UTF-8 text (byte 0x{raw[exc.start]:02x} at "
            f"position {exc.start}); save it as UTF-8"
        ) from None


def is_case_path(name_or_path: str) -> bool:
    """Whether a command's CASE is a file's path (else a built-in case's name)."""
    path = Path(name_or_path)
    return path.suffix == ".toml" or path.exists()


def case_label(name_or_path: str) -> str:
    """How messages name a case: its path, or ``built-in case NAME``."""
    return name_or_path if is_case_path(name_or_path) else f"built-in case {name_or_path}"


@contextmanager
def refusals_named(where: str) -> Iterator[None]:
    """Prefix ``where`` to a refusal raised inside that does not name its case already.

    Checks that run after the schema's (a price, an element, a form) raise without the
    file's name, which the schema's errors carry; a command-line option's (``--...``)
    keeps its own.
    """
    try:
        yield
    except ValorizeError as exc:  # each takes its message alone
        message = str(exc)
        if message.startswith((where, "--")):
            raise
        raise type(exc)(f"{where}: {message}") from None


def read_case_text(name_or_path: str, builtin: list[str]) -> tuple[str, str]:
    """The text of a case file (a path) or a built-in case (a name), and where it is from."""
    path = Path(name_or_path)
    if is_case_path(name_or_path):
        return read_input_text(path, "case file"), str(path)
    if name_or_path not in builtin:
        raise InputError(
            f"unknown case {name_or_path!r}; built-in cases: {', '.join(builtin)}, "
            "or give a path to a .toml file"
        )
    entry = resources.files("valorize.cases").joinpath(f"{name_or_path}.toml")
    return entry.read_text(encoding="utf-8"), f"built-in case {name_or_path}"


def parse_toml(text: str, where: str) -> dict[str, Any]:
    """TOML text as a dict, or a one-line error naming where it came from."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{where}: not valid TOML ({exc})") from None
    except RecursionError:
        raise InputError(f"{where}: not valid TOML (arrays or tables nested too deeply)") from None


def validation_message(where: str, error: ValidationError, doc: str) -> str:
    """The first problem pydantic found, as one line naming the field; ``doc`` lists fields."""
    first = error.errors()[0]
    loc = ".".join(str(p) for p in first["loc"] if not str(p).startswith("function-"))
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "extra_forbidden":
        message = f"unknown field (see {doc} for the allowed ones)"
    if first["type"] == "missing":
        message = f"required but missing (see {doc})"
    more = len(error.errors()) - 1
    tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    # a whole-case check names its fields in the message itself
    return f"{where}: {loc}: {message}{tail}" if loc else f"{where}: {message}{tail}"


def validate(model: type[Model], data: dict[str, Any], where: str, doc: str) -> Model:
    """``model`` validated from ``data``, or a one-line :class:`InputError`."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InputError(validation_message(where, exc, doc)) from None


def load_case_file(
    model: type[Model], name_or_path: str, builtin: list[str], doc: str
) -> tuple[Model, str, str]:
    """Read, parse and validate a case of one route: (case, text, SHA-256 of the text)."""
    text, where = read_case_text(name_or_path, builtin)
    case = validate(model, parse_toml(text, where), where, doc)
    return case, text, hashlib.sha256(text.encode("utf-8")).hexdigest()
