"""Plant data shipped as examples: surveys to reconcile and batch logs to calibrate with.

Every file here is SYNTHETIC: made by :mod:`valorize.plant_data.make` (a seeded script,
``python -m valorize.plant_data.make``) from a model run with parameters the calibration
is not told, plus measurement errors of a plant's scales and laboratory. Each says so
in its header, and every output made from it says so too.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from valorize.errors import InputError

#: Built-in surveys (``valorize reconcile NAME``): name -> file.
SURVEYS = {"balkhash-survey": "balkhash-survey.toml"}
#: Built-in batch logs (``valorize calibrate CASE --data NAME``): name -> file.
BATCH_LOGS = {"balkhash-batch-log": "balkhash-batch-log.csv"}


def _builtin(name: str) -> Path:
    return Path(str(resources.files("valorize.plant_data").joinpath(name)))


def survey_path(name_or_path: str) -> str:
    """The file of a built-in survey (by name) or the path given.

    Raises
    ------
    InputError
        For a name that is neither a built-in survey nor a ``.toml`` path.
    """
    if name_or_path in SURVEYS:
        return str(_builtin(SURVEYS[name_or_path]))
    if not (name_or_path.endswith(".toml") or Path(name_or_path).exists()):
        raise InputError(
            f"unknown survey {name_or_path!r}; built-in surveys: {', '.join(SURVEYS)}, "
            "or give a path to a .toml file"
        )
    return name_or_path


def batch_log_path(name_or_path: str) -> str:
    """The file of a built-in batch log (by name) or the path given.

    Raises
    ------
    InputError
        For a name that is neither a built-in batch log nor a ``.csv`` path.
    """
    if name_or_path in BATCH_LOGS:
        return str(_builtin(BATCH_LOGS[name_or_path]))
    if not (name_or_path.endswith(".csv") or Path(name_or_path).exists()):
        raise InputError(
            f"unknown batch log {name_or_path!r}; built-in batch logs: "
            f"{', '.join(BATCH_LOGS)}, or give a path to a .csv file"
        )
    return name_or_path


def builtin_plant_data() -> list[dict[str, str]]:
    """Every built-in survey and batch log: name, kind, title and the command that uses it."""
    import tomllib

    rows = []
    for name, file in SURVEYS.items():
        info = tomllib.loads(_builtin(file).read_text(encoding="utf-8"))["survey"]
        rows.append(
            {"name": name, "kind": "survey", "title": info["title"],
             "command": f"valorize reconcile {name}"}
        )  # fmt: skip
    for name, file in BATCH_LOGS.items():
        from valorize.calibration.log import read_batch_log

        info = read_batch_log(str(_builtin(file))).info
        rows.append(
            {"name": name, "kind": "batch log", "title": info.title,
             "command": f"valorize calibrate balkhash-selenium --data {name}"}
        )  # fmt: skip
    return rows
