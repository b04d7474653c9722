"""The timers kept in SQLite, in the outbox's database (WAL, ``synchronous=FULL``), so that they survive a
restart: each change is a step for the transaction that stores the command's messages and settles it, so a
timer is started once per command, never lost and never doubled by a crash."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from assistantd.mqtt.outbox import Outbox, Step
from assistantd.timers.book import ENDING, Timer, TimerChange

_SCHEMA = """
CREATE TABLE IF NOT EXISTS timers (
    id TEXT PRIMARY KEY,
    name TEXT,
    area TEXT,
    duration_seconds REAL NOT NULL,
    start_seconds REAL NOT NULL,
    started_at REAL NOT NULL,
    ends_at REAL,
    left_seconds REAL,
    command TEXT
)
"""
_COLUMNS = "id, name, area, duration_seconds, start_seconds, started_at, ends_at, left_seconds, command"


class TimerStore:
    """The site's timers, beside the outbox and the inbox."""

    def __init__(self, outbox: Outbox) -> None:
        self._store = outbox
        with outbox.transaction("create the timers table") as db:
            db.execute(_SCHEMA)
            columns = {row[1] for row in db.execute("PRAGMA table_info(timers)")}
            if "command" not in columns:  # a database from before delayed commands
                db.execute("ALTER TABLE timers ADD COLUMN command TEXT")

    def load(self) -> list[Timer]:
        """Every stored timer, first started first."""
        with self._store.reading("read the timers") as db:
            rows = db.execute(f"SELECT {_COLUMNS} FROM timers ORDER BY started_at, id").fetchall()
        return [Timer(*row) for row in rows]

    def recording(self, changes: Sequence[TimerChange]) -> Step:
        """The step that records changes, for the transaction that stores their messages."""

        def record(db: sqlite3.Connection) -> None:
            for change in changes:
                timer = change.timer
                if change.event in ENDING:
                    db.execute("DELETE FROM timers WHERE id = ?", (timer.id,))
                    continue
                db.execute(
                    f"INSERT OR REPLACE INTO timers ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?)",
                    (timer.id, timer.name, timer.area, timer.duration_seconds, timer.start_seconds,
                     timer.started_at, timer.ends_at, timer.left_seconds, timer.command),
                )  # fmt: skip

        return record

    def record(self, changes: Sequence[TimerChange]) -> None:
        """Record changes in a transaction of their own."""
        with self._store.transaction("record timer changes") as db:
            self.recording(changes)(db)


def both(first: Step | None, second: Step | None) -> Step | None:
    """One step that runs two (either may be None)."""
    if first is None or second is None:
        return first or second

    def run(db: sqlite3.Connection) -> None:
        first(db)
        second(db)

    return run
