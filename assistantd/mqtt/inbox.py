"""The durable inbox: commands from senders that can retry, stored before they are acknowledged.

A command from the MQTT text topic (or the control socket) is written here, committed, and only then
acknowledged to the broker (or read from the socket): from that moment it is the daemon's, and it
survives a SIGKILL or a power cut. It stays until it is settled: handled, its id written into the
de-duplication window and its actions into the outbox, in one transaction (the inbox lives in the
outbox's database, see outbox.py). So a command is never both lost and acknowledged, and never run twice:

- a command whose id is waiting here or was handled within the window is a duplicate, not run again
  (the window keeps the ids of the last ``max_handled`` handlings, each with the reply first given);
- a command without an id is de-duplicated only when the broker says it is a redelivery (DUP): it is
  matched by its delivery (the broker's packet id and a digest of the payload) against the window.
  Brokers number the messages of a session in turn, so a packet id comes back only after tens of
  thousands of others, far beyond the window;
- beyond ``max_commands`` waiting, a command is refused (the caller answers it with ``busy``).
"""

from __future__ import annotations

import enum
import hashlib
import logging
import sqlite3
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from assistantd.mqtt.outbox import Outbox, Step

_LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Arrival:
    """A command as it arrives, before it is stored."""

    command_id: str
    source: str
    """Where it came from ("mqtt", "control", "wyoming")."""
    payload: bytes
    """As received (parsed again when it is handled after a restart)."""
    received_at: float
    """Unix time, seconds (wall clock, so that its age survives restarts)."""
    delivery: str | None = None
    """For MQTT: the broker's packet id and a digest of the payload (see delivery_key)."""
    redelivered: bool = False
    """The broker marked it DUP: it may have reached us before."""


def new_command_id() -> str:
    """An id for a command that came without one."""
    return uuid.uuid4().hex


@dataclass(frozen=True, slots=True)
class InboxEntry:
    """A stored command waiting to be handled."""

    seq: int
    """Increases with arrival order, never reused."""
    command_id: str
    source: str
    payload: bytes
    received_at: float
    delivery: str | None = None


class Admission(enum.Enum):
    """What became of an arrival."""

    STORED = "stored"
    DUPLICATE = "duplicate"
    """Its id waits here or was handled: not stored again."""
    FULL = "full"
    """max_commands wait already: refused."""


@dataclass(frozen=True, slots=True)
class Admitted:
    """One arrival's admission: the entry when stored, the first reply when a handled duplicate."""

    admission: Admission
    entry: InboxEntry | None = None
    reply: str | None = None
    """For a duplicate already handled: the reply given the first time (None while it still waits)."""


def delivery_key(mid: int, payload: bytes) -> str:
    """The broker's packet id with a digest of the payload: what a redelivery repeats."""
    return f"{mid}:{hashlib.sha256(payload).hexdigest()[:16]}"


class Inbox:
    """Waiting commands and the window of handled ids, in the outbox's database."""

    def __init__(self, outbox: Outbox, *, max_commands: int, max_handled: int) -> None:
        if max_commands < 1 or max_handled < 1:
            raise ValueError("max_commands and max_handled must be at least 1")
        self._store = outbox
        self.max_commands = max_commands
        self._max_handled = max_handled

    def admit(self, arrivals: Sequence[Arrival]) -> list[Admitted]:
        """Store arrivals in order, in one transaction (committed before returning); what became of each."""
        with self._store.transaction("store commands") as db:
            waiting = _count(db, "inbox")
            admitted = []
            for arrival in arrivals:
                outcome = self._admit_one(db, arrival, waiting)
                waiting += outcome.admission is Admission.STORED
                admitted.append(outcome)
        return admitted

    def pending(self) -> list[InboxEntry]:
        """Every waiting command, oldest first (what the last process left, at start)."""
        select = "SELECT seq, command_id, source, payload, received_at, delivery FROM inbox ORDER BY seq"
        with self._store.reading("read waiting commands") as db:
            rows = db.execute(select).fetchall()
        return [InboxEntry(row[0], row[1], row[2], bytes(row[3]), row[4], row[5]) for row in rows]

    def settling(self, entry: InboxEntry, reply: str, handled_at: float) -> Step:
        """The step that marks entry handled with its reply, for the transaction that stores its actions."""

        def settle(db: sqlite3.Connection) -> None:
            db.execute("DELETE FROM inbox WHERE seq = ?", (entry.seq,))
            db.execute(
                "INSERT OR REPLACE INTO handled (command_id, delivery, reply, handled_at) VALUES (?,?,?,?)",
                (entry.command_id, entry.delivery, reply, handled_at),
            )
            # Each handling takes the next rowid: what is older than the last max_handled goes (an index
            # lookup, not a count of the window).
            db.execute(
                "DELETE FROM handled WHERE rowid <= (SELECT MAX(rowid) FROM handled) - ?", (self._max_handled,)
            )

        return settle

    def settle(self, entry: InboxEntry, reply: str, handled_at: float) -> None:
        """Mark entry handled with its reply, in a transaction of its own (nothing to store beside it)."""
        with self._store.transaction("settle a command") as db:
            self.settling(entry, reply, handled_at)(db)

    def reply_of(self, command_id: str) -> str | None:
        """The reply given to a handled command id (None when not in the window, or none was kept)."""
        with self._store.reading("look up a handled command") as db:
            row = db.execute("SELECT reply FROM handled WHERE command_id = ?", (command_id,)).fetchone()
        return None if row is None else row[0]

    def __len__(self) -> int:
        with self._store.reading("count waiting commands") as db:
            return _count(db, "inbox")

    def _admit_one(self, db: sqlite3.Connection, arrival: Arrival, waiting: int) -> Admitted:
        select = "SELECT reply FROM handled WHERE command_id = ?"
        handled = db.execute(select, (arrival.command_id,)).fetchone()
        if handled is not None:
            return Admitted(Admission.DUPLICATE, reply=handled[0])
        if db.execute("SELECT 1 FROM inbox WHERE command_id = ?", (arrival.command_id,)).fetchone():
            return Admitted(Admission.DUPLICATE)
        if arrival.redelivered and arrival.delivery is not None:
            seen = _by_delivery(db, arrival.delivery)
            if seen is not None:
                return seen
        if waiting >= self.max_commands:
            return Admitted(Admission.FULL)
        cursor = db.execute(
            "INSERT INTO inbox (command_id, source, payload, delivery, received_at) VALUES (?,?,?,?,?)",
            (arrival.command_id, arrival.source, arrival.payload, arrival.delivery, arrival.received_at),
        )
        if cursor.lastrowid is None:
            raise sqlite3.DatabaseError("SQLite did not report the id of a stored command")
        entry = InboxEntry(
            cursor.lastrowid, arrival.command_id, arrival.source, arrival.payload, arrival.received_at,
            arrival.delivery,
        )
        return Admitted(Admission.STORED, entry)


def _by_delivery(db: sqlite3.Connection, delivery: str) -> Admitted | None:
    """A redelivered command already waiting or handled, matched by its delivery."""
    if db.execute("SELECT 1 FROM inbox WHERE delivery = ?", (delivery,)).fetchone():
        return Admitted(Admission.DUPLICATE)
    row = db.execute(
        "SELECT reply FROM handled WHERE delivery = ? ORDER BY rowid DESC LIMIT 1", (delivery,)
    ).fetchone()
    return None if row is None else Admitted(Admission.DUPLICATE, reply=row[0])


def _count(db: sqlite3.Connection, table: str) -> int:
    return int(db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])  # noqa: S608 - a fixed name
