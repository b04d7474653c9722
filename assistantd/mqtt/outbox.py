"""The persistent outbox: accepted actions wait in SQLite until the broker has acknowledged them.

WAL journal with ``synchronous=FULL``: a put is on disk when it returns, so neither a SIGKILL of the
process nor a power cut loses an accepted action. That costs one fsync per put (about 0.25 ms on this
project's reference disk, measured by tests/test_outbox.py); cheap enough to call from the event loop,
which keeps the write-ahead guarantee simple: when put() returns, the action is durable.

The same database holds the inbox of commands (inbox.py): put() takes a step to run in its transaction,
so that marking a command handled and storing its actions are one commit, never one without the other.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from assistantd.action import Action
from assistantd.errors import OutboxError

_LOGGER = logging.getLogger(__name__)

SCHEMA_VERSION = 3
"""1: actions; 2: adds the inbox's tables; 3: adds the actions' command ids (older files are upgraded in
place)."""
_SCHEMA = """
CREATE TABLE IF NOT EXISTS actions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    topic TEXT NOT NULL,
    payload TEXT NOT NULL,
    qos INTEGER NOT NULL,
    retain INTEGER NOT NULL,
    device_id TEXT,
    accepted_at REAL NOT NULL,
    command_id TEXT
);
CREATE INDEX IF NOT EXISTS actions_by_age ON actions (accepted_at);
CREATE TABLE IF NOT EXISTS inbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    command_id TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    payload BLOB NOT NULL,
    delivery TEXT,
    received_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS inbox_by_delivery ON inbox (delivery);
CREATE TABLE IF NOT EXISTS handled (
    command_id TEXT PRIMARY KEY,
    delivery TEXT,
    reply TEXT,
    handled_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS handled_by_delivery ON handled (delivery);
"""
_COLUMNS = "id, topic, payload, qos, retain, device_id, accepted_at, command_id"
_INSERT = (
    "INSERT INTO actions (topic, payload, qos, retain, device_id, accepted_at, command_id) "
    "VALUES (?,?,?,?,?,?,?)"
)


Step = Callable[[sqlite3.Connection], None]
"""More work for put()'s transaction (the inbox settling the command whose actions these are)."""


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    """An accepted, not yet acknowledged action."""

    id: int
    """Increases with acceptance order and is never reused."""
    action: Action
    accepted_at: float
    """Unix time, seconds (wall clock, so it survives restarts)."""


class Outbox:
    """A durable FIFO of actions, bounded by max_actions (the oldest are dropped beyond it)."""

    def __init__(self, path: Path, *, max_actions: int) -> None:
        if max_actions < 1:
            raise ValueError(f"max_actions must be at least 1, not {max_actions}")
        self.path = path
        self._max_actions = max_actions
        self.last_overflow: tuple[OutboxEntry, ...] = ()
        """The entries the last put() dropped to stay within max_actions."""
        self._db = self._open()

    def put(self, actions: Sequence[Action], accepted_at: float, also: Step | None = None) -> tuple[int, ...]:
        """Store actions in order, and run also in the same transaction, committed before returning;
        the actions' entry ids."""
        with self.transaction("store actions") as db:
            ids = tuple(_row_id(db.execute(_INSERT, _row(action, accepted_at))) for action in actions)
            if also is not None:
                also(db)
            dropped = self._drop_overflow(db)
        self.last_overflow = dropped
        for entry in dropped:
            _LOGGER.warning(
                "outbox full (max %d actions): dropped the oldest, accepted at %.3f: %s",
                self._max_actions, entry.accepted_at, entry.action.describe(),
            )
        return ids

    def pending(self, limit: int) -> list[OutboxEntry]:
        """Up to limit entries, oldest first."""
        with self.reading("read pending actions") as db:
            rows = db.execute(f"SELECT {_COLUMNS} FROM actions ORDER BY id LIMIT ?", (limit,)).fetchall()
        return [_entry(row) for row in rows]

    def remove(self, entry_id: int) -> None:
        """Forget a delivered entry (no error when it is already gone)."""
        with self.transaction("remove a delivered action") as db:
            db.execute("DELETE FROM actions WHERE id = ?", (entry_id,))

    def drop_expired(self, now: float, max_age_seconds: float) -> list[OutboxEntry]:
        """Remove and return the entries accepted more than max_age_seconds before now, oldest first."""
        cutoff = now - max_age_seconds
        select = f"SELECT {_COLUMNS} FROM actions WHERE accepted_at < ? ORDER BY id"
        with self.reading("look for expired actions") as db:  # the common case writes nothing
            oldest = db.execute("SELECT MIN(accepted_at) FROM actions").fetchone()[0]
        if oldest is None or oldest >= cutoff:
            return []
        with self.transaction("drop expired actions") as db:
            rows = db.execute(select, (cutoff,)).fetchall()
            db.execute("DELETE FROM actions WHERE accepted_at < ?", (cutoff,))
        return [_entry(row) for row in rows]

    def __len__(self) -> int:
        with self.reading("count actions") as db:
            return int(db.execute("SELECT COUNT(*) FROM actions").fetchone()[0])

    def close(self) -> None:
        """Close the database (everything is already committed)."""
        self._db.close()

    def _open(self) -> sqlite3.Connection:
        try:
            # Only the daemon reads its outbox (the actions may name doors and locks), whatever the umask:
            # SQLite gives its -wal and -shm files the database file's mode.
            os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
            os.chmod(self.path, 0o600)
            db = sqlite3.connect(self.path, isolation_level=None)
        except (sqlite3.Error, OSError) as err:
            raise OutboxError(f"cannot open the outbox {self.path}: {err}") from err
        try:
            _prepare(db, self.path)
        except sqlite3.Error as err:
            db.close()
            raise OutboxError(f"cannot open the outbox {self.path}: {err}") from err
        except OutboxError:
            db.close()
            raise
        return db

    def _drop_overflow(self, db: sqlite3.Connection) -> tuple[OutboxEntry, ...]:
        excess = int(db.execute("SELECT COUNT(*) FROM actions").fetchone()[0]) - self._max_actions
        if excess <= 0:
            return ()
        rows = db.execute(f"SELECT {_COLUMNS} FROM actions ORDER BY id LIMIT ?", (excess,)).fetchall()
        db.execute("DELETE FROM actions WHERE id <= ?", (rows[-1][0],))
        return tuple(_entry(row) for row in rows)

    @contextmanager
    def transaction(self, doing: str) -> Iterator[sqlite3.Connection]:
        """One write transaction on the database (BEGIN IMMEDIATE ... COMMIT); OutboxError naming doing."""
        db = self._db
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
        except sqlite3.Error as err:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise OutboxError(f"outbox {self.path}: cannot {doing}: {err}") from err

    @contextmanager
    def reading(self, doing: str) -> Iterator[sqlite3.Connection]:
        """The database for reads; OutboxError naming doing."""
        try:
            yield self._db
        except sqlite3.Error as err:
            raise OutboxError(f"outbox {self.path}: cannot {doing}: {err}") from err


def _prepare(db: sqlite3.Connection, path: Path) -> None:
    """WAL, FULL sync, an integrity check and the schema (created when new, refused when foreign)."""
    mode = db.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        _LOGGER.warning("outbox %s: the file system does not allow a WAL journal (using %s)", path, mode)
    db.execute("PRAGMA synchronous=FULL")
    check = db.execute("PRAGMA quick_check").fetchone()[0]
    if check != "ok":
        raise OutboxError(f"outbox {path} is corrupt: {check}")
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    if version not in (0, 1, 2, SCHEMA_VERSION):
        raise OutboxError(f"outbox {path} has schema version {version}; this version knows {SCHEMA_VERSION}")
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if version == 0 and tables - {"sqlite_sequence"}:
        raise OutboxError(f"outbox {path} is an SQLite database of something else (tables: {sorted(tables)})")
    db.executescript(_SCHEMA)
    if "command_id" not in {row[1] for row in db.execute("PRAGMA table_info(actions)")}:
        db.execute("ALTER TABLE actions ADD COLUMN command_id TEXT")  # a file of version 1 or 2
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _row(action: Action, accepted_at: float) -> tuple[str, str, int, int, str | None, float, str | None]:
    return (
        action.topic, action.payload, action.qos, int(action.retain), action.device_id, accepted_at,
        action.command_id,
    )  # fmt: skip


def _row_id(cursor: sqlite3.Cursor) -> int:
    if cursor.lastrowid is None:
        raise OutboxError("SQLite did not report the id of a stored action")
    return cursor.lastrowid


def _entry(row: tuple[int, str, str, int, int, str | None, float, str | None]) -> OutboxEntry:
    entry_id, topic, payload, qos, retain, device_id, accepted_at, command_id = row
    action = Action(topic, payload, qos, bool(retain), device_id, command_id)
    return OutboxEntry(id=entry_id, action=action, accepted_at=accepted_at)
