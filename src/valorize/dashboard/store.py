"""Saved scenarios: case TOML text with a name and a timestamp, in an embedded SQLite file.

The default file is ``scenarios.sqlite`` in the user's data folder
(:func:`platformdirs.user_data_dir`). Several browser tabs (or processes) may
save at once: the database runs in write-ahead-log mode, each save is one
``BEGIN IMMEDIATE`` transaction, and a writer waits up to :data:`BUSY_TIMEOUT_S`
for another to finish instead of failing.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from valorize.errors import InputError

#: Seconds a writer waits for another's transaction before giving up.
BUSY_TIMEOUT_S = 30.0
#: The file name in the user's data folder.
DEFAULT_NAME = "scenarios.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS scenario (
    name TEXT PRIMARY KEY,
    saved_at TEXT NOT NULL,
    case_toml TEXT NOT NULL
)
"""


@dataclass(frozen=True)
class Scenario:
    """One saved scenario."""

    name: str
    saved_at: str
    case_toml: str


def default_path() -> Path:
    """``scenarios.sqlite`` in the user's data folder for valorize."""
    import platformdirs

    return Path(platformdirs.user_data_dir("valorize")) / DEFAULT_NAME


class ScenarioStore:
    """Scenarios in one SQLite file; every call opens and closes its own connection."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        if self.path.exists() and not self.path.is_file():
            raise InputError(f"--db: {str(self.path)!r} is not a file")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._create()
        except (OSError, sqlite3.Error) as exc:
            raise InputError(f"--db: cannot use {str(self.path)!r} as a database ({exc})") from None

    def _create(self) -> None:
        """Switch the file to write-ahead logging and make the table, waiting like a save.

        Several processes may open a new file at once: switching the journal mode takes
        the file for itself and SQLite answers ``database is locked`` at once instead of
        waiting, so the creation is retried with growing pauses for up to
        :data:`BUSY_TIMEOUT_S`.
        """
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        pause = 0.005
        while True:
            try:
                with self._connect() as db:
                    db.execute("PRAGMA journal_mode=WAL")
                    db.execute(_SCHEMA)
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() + pause > deadline:
                    raise
                time.sleep(pause)
                pause = min(2 * pause, 0.5)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        with closing(
            sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        ) as db:
            db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            yield db

    def save(self, name: str, case_toml: str) -> Scenario:
        """Save (or replace) the scenario ``name``; one transaction."""
        name = name.strip()
        if not name:
            raise InputError("scenario name: give a name to save the scenario under")
        saved_at = datetime.now(UTC).isoformat(timespec="seconds")
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                db.execute(
                    "INSERT INTO scenario (name, saved_at, case_toml) VALUES (?, ?, ?) "
                    "ON CONFLICT(name) DO UPDATE SET saved_at = excluded.saved_at, "
                    "case_toml = excluded.case_toml",
                    (name, saved_at, case_toml),
                )
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
        return Scenario(name, saved_at, case_toml)

    def names(self) -> list[str]:
        """Saved scenario names, the latest saved first."""
        with self._connect() as db:
            rows = db.execute("SELECT name FROM scenario ORDER BY saved_at DESC, name").fetchall()
        return [r[0] for r in rows]

    def load(self, name: str) -> Scenario:
        """The scenario ``name``."""
        with self._connect() as db:
            row = db.execute(
                "SELECT name, saved_at, case_toml FROM scenario WHERE name = ?", (name,)
            ).fetchone()
        if row is None:
            raise InputError(f"scenario {name!r}: not saved (saved: {', '.join(self.names())})")
        return Scenario(*row)

    def delete(self, name: str) -> None:
        """Forget the scenario ``name`` (nothing if it is not saved)."""
        with self._connect() as db:
            db.execute("DELETE FROM scenario WHERE name = ?", (name,))

    def integrity_check(self) -> str:
        """SQLite's ``PRAGMA integrity_check``: ``"ok"`` for a sound file."""
        with self._connect() as db:
            return str(db.execute("PRAGMA integrity_check").fetchone()[0])
