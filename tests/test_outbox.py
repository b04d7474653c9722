"""The SQLite outbox: order, durability (close/reopen, SIGKILL), expiry, bound, corruption."""

from __future__ import annotations

import logging
import os
import re
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from assistantd.action import Action
from assistantd.errors import OutboxError
from assistantd.mqtt.outbox import Outbox


def action(index: int, **overrides: object) -> Action:
    """A distinct action per index."""
    payload = f'{{"state": "ON", "n": {index}}}'
    topic = f"zigbee2mqtt/lamp{index}/set"
    return Action(topic=topic, payload=payload, **overrides)  # type: ignore[arg-type]


@pytest.fixture
def outbox(tmp_path: Path):
    box = Outbox(tmp_path / "outbox.sqlite3", max_actions=100)
    yield box
    box.close()


def test_pending_keeps_acceptance_order_and_every_field(outbox: Outbox) -> None:
    first = outbox.put([action(1), action(2, qos=0, retain=True, device_id="lamp2", command_id="c2")], 1000.5)
    second = outbox.put([action(3)], accepted_at=1001.0)
    assert list(first) + list(second) == sorted(first + second)
    entries = outbox.pending(10)
    assert [e.id for e in entries] == [*first, *second]
    second_action = action(2, qos=0, retain=True, device_id="lamp2", command_id="c2")
    assert [e.action for e in entries] == [action(1), second_action, action(3)]
    assert [e.accepted_at for e in entries] == [1000.5, 1000.5, 1001.0]
    assert [e.id for e in outbox.pending(2)] == list(first)
    assert len(outbox) == 3


def test_remove(outbox: Outbox) -> None:
    ids = outbox.put([action(1), action(2)], accepted_at=1.0)
    outbox.remove(ids[0])
    outbox.remove(ids[0])  # already gone: fine
    assert [e.id for e in outbox.pending(10)] == [ids[1]]


def test_ids_are_never_reused(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    box = Outbox(path, max_actions=10)
    (last,) = box.put([action(1)], accepted_at=1.0)
    box.remove(last)
    box.close()
    box = Outbox(path, max_actions=10)
    assert box.put([action(2)], accepted_at=2.0)[0] > last
    box.close()


def test_survives_close_and_reopen(tmp_path: Path) -> None:
    path = tmp_path / "state" / "outbox.sqlite3"
    path.parent.mkdir()
    box = Outbox(path, max_actions=10)
    box.put([action(1), action(2)], accepted_at=5.0)
    box.close()
    box = Outbox(path, max_actions=10)
    assert [e.action for e in box.pending(10)] == [action(1), action(2)]
    box.close()


def test_put_is_durable_against_sigkill(tmp_path: Path) -> None:
    """A process puts, says so, and is SIGKILLed at once: the actions are there on reopen."""
    path = tmp_path / "outbox.sqlite3"
    script = textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from assistantd.mqtt.outbox import Outbox
        from assistantd.action import Action
        box = Outbox(Path({str(path)!r}), max_actions=100)
        box.put([Action(topic="a/1", payload="one"), Action(topic="a/2", payload="two")], accepted_at=7.0)
        print("stored", flush=True)
        time.sleep(60)
    """)
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "stored"
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.kill()
        process.wait()
        process.stdout.close()  # type: ignore[union-attr]
    assert process.returncode == -signal.SIGKILL
    box = Outbox(path, max_actions=100)
    assert [(e.action.topic, e.action.payload, e.accepted_at) for e in box.pending(10)] == [
        ("a/1", "one", 7.0), ("a/2", "two", 7.0)]
    box.close()


def test_drop_expired_returns_the_old_ones(outbox: Outbox) -> None:
    outbox.put([action(1)], accepted_at=100.0)
    outbox.put([action(2)], accepted_at=150.0)
    outbox.put([action(3)], accepted_at=200.0)
    dropped = outbox.drop_expired(now=260.0, max_age_seconds=100.0)
    assert [e.action for e in dropped] == [action(1), action(2)]
    assert [e.action for e in outbox.pending(10)] == [action(3)]
    assert outbox.drop_expired(now=260.0, max_age_seconds=100.0) == []


def test_over_max_actions_the_oldest_are_dropped_with_a_warning(tmp_path: Path, caplog) -> None:
    box = Outbox(tmp_path / "outbox.sqlite3", max_actions=3)
    box.put([action(1), action(2)], accepted_at=1.0)
    assert box.last_overflow == ()
    box.put([action(3), action(4), action(5)], accepted_at=2.0)
    assert [e.action for e in box.last_overflow] == [action(1), action(2)]
    assert [e.action for e in box.pending(10)] == [action(3), action(4), action(5)]
    warnings = [r.message for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 2 and "outbox full" in warnings[0] and "lamp1" in warnings[0]
    box.close()


def test_a_corrupt_file_is_an_outbox_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    path.write_bytes(b"this is not a database" * 200)
    with pytest.raises(OutboxError, match=re.escape(str(path))):
        Outbox(path, max_actions=10)


def test_an_outbox_of_an_older_version_is_upgraded_in_place_with_its_actions(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    with sqlite3.connect(path) as db:  # version 2: the actions had no command ids
        db.execute(
            "CREATE TABLE actions (id INTEGER PRIMARY KEY AUTOINCREMENT, topic TEXT NOT NULL, payload TEXT NOT "
            "NULL, qos INTEGER NOT NULL, retain INTEGER NOT NULL, device_id TEXT, accepted_at REAL NOT NULL)"
        )
        db.execute("INSERT INTO actions (topic, payload, qos, retain, device_id, accepted_at) "
                   "VALUES ('zigbee2mqtt/lamp1/set', '{\"state\": \"ON\", \"n\": 1}', 1, 0, NULL, 5.0)")  # fmt: skip
        db.execute("PRAGMA user_version = 2")
    db.close()
    box = Outbox(path, max_actions=10)
    try:
        box.put([action(2, command_id="c2")], accepted_at=6.0)
        assert [e.action for e in box.pending(10)] == [action(1), action(2, command_id="c2")]
    finally:
        box.close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 3
    db.close()


def test_a_foreign_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE photos (id INTEGER)")
    db.close()
    with pytest.raises(OutboxError, match="something else"):
        Outbox(path, max_actions=10)


def test_an_unopenable_path_is_an_outbox_error(tmp_path: Path) -> None:
    path = tmp_path / "missing-directory" / "outbox.sqlite3"
    with pytest.raises(OutboxError, match="missing-directory"):
        Outbox(path, max_actions=10)




def test_the_outbox_is_readable_by_the_daemon_alone_whatever_the_umask(tmp_path: Path) -> None:
    umask = os.umask(0)
    try:
        box = Outbox(tmp_path / "outbox.sqlite3", max_actions=10)
        box.put([action(1)], accepted_at=1.0)
    finally:
        os.umask(umask)
    modes = {path.name: path.stat().st_mode & 0o777 for path in tmp_path.glob("outbox.sqlite3*")}
    box.close()
    assert modes and set(modes.values()) == {0o600}, modes
