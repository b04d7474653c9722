"""The durable inbox on a real SQLite file: storing, order, duplicates, the bound, settling beside the actions,
the window of handled ids, and what a restart finds."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from assistantd.action import Action
from assistantd.errors import OutboxError
from assistantd.mqtt.inbox import Admission, Arrival, Inbox, delivery_key
from assistantd.mqtt.outbox import Outbox


def arrival(command_id: str, text: str = "turn on the lamp", **fields: object) -> Arrival:
    return Arrival(command_id, "mqtt", text.encode(), 1000.0, **fields)  # type: ignore[arg-type]


@pytest.fixture
def outbox(tmp_path: Path) -> Outbox:
    box = Outbox(tmp_path / "outbox.sqlite3", max_actions=100)
    yield box
    box.close()


@pytest.fixture
def inbox(outbox: Outbox) -> Inbox:
    return Inbox(outbox, max_commands=3, max_handled=5)


def test_stored_commands_wait_in_arrival_order_with_every_field(inbox: Inbox) -> None:
    first = arrival("a", delivery="7:abc")
    admitted = inbox.admit([first, arrival("b", "turn off the lamp")])
    assert [a.admission for a in admitted] == [Admission.STORED, Admission.STORED]
    entries = inbox.pending()
    assert [(e.command_id, e.source, e.payload, e.received_at, e.delivery) for e in entries] == [
        ("a", "mqtt", b"turn on the lamp", 1000.0, "7:abc"),
        ("b", "mqtt", b"turn off the lamp", 1000.0, None),
    ]
    assert entries[0].seq < entries[1].seq
    assert admitted[0].entry == entries[0]
    assert len(inbox) == 2


def test_a_restart_finds_what_was_stored_and_not_settled(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    before = Outbox(path, max_actions=10)
    inbox = Inbox(before, max_commands=10, max_handled=10)
    inbox.admit([arrival("a"), arrival("b"), arrival("c")])
    [a, _, _] = inbox.pending()
    inbox.settle(a, '{"outcome": "executed"}', 1001.0)
    before.close()  # nothing more is written at close: a SIGKILL leaves the same file

    after = Inbox(Outbox(path, max_actions=10), max_commands=10, max_handled=10)
    assert [entry.command_id for entry in after.pending()] == ["b", "c"]
    assert after.reply_of("a") == '{"outcome": "executed"}'
    assert after.admit([arrival("a")])[0].admission is Admission.DUPLICATE


def test_an_id_that_waits_or_was_handled_is_a_duplicate(inbox: Inbox) -> None:
    [stored] = inbox.admit([arrival("x")])
    waiting = inbox.admit([arrival("x", "something else")])[0]
    assert (waiting.admission, waiting.reply) == (Admission.DUPLICATE, None)
    assert stored.entry is not None
    inbox.settle(stored.entry, "first reply", 1001.0)
    handled = inbox.admit([arrival("x")])[0]
    assert (handled.admission, handled.reply) == (Admission.DUPLICATE, "first reply")
    assert inbox.pending() == []


def test_a_redelivery_without_id_is_recognised_by_its_delivery(inbox: Inbox) -> None:
    key = delivery_key(17, b"turn on the lamp")
    [first] = inbox.admit([arrival("assigned-1", delivery=key)])
    again = inbox.admit([arrival("assigned-2", delivery=key, redelivered=True)])[0]
    assert again.admission is Admission.DUPLICATE  # still waiting
    assert first.entry is not None
    inbox.settle(first.entry, "the reply", 1001.0)
    again = inbox.admit([arrival("assigned-3", delivery=key, redelivered=True)])[0]
    assert (again.admission, again.reply) == (Admission.DUPLICATE, "the reply")
    # The same words sent anew (not DUP) are a new command, even with a packet id seen before.
    assert inbox.admit([arrival("assigned-4", delivery=key)])[0].admission is Admission.STORED
    # A redelivery of a message never stored is stored.
    other = delivery_key(18, b"turn on the lamp")
    assert inbox.admit([arrival("assigned-5", delivery=other, redelivered=True)])[0].admission is Admission.STORED


def test_delivery_keys_tell_packet_ids_and_payloads_apart() -> None:
    assert delivery_key(1, b"a") == delivery_key(1, b"a")
    assert len({delivery_key(1, b"a"), delivery_key(2, b"a"), delivery_key(1, b"b")}) == 3


def test_beyond_max_commands_arrivals_are_refused_until_one_is_settled(inbox: Inbox) -> None:
    admitted = inbox.admit([arrival(str(n)) for n in range(5)])
    assert [a.admission for a in admitted] == [Admission.STORED] * 3 + [Admission.FULL] * 2
    assert [e.command_id for e in inbox.pending()] == ["0", "1", "2"]
    first = admitted[0].entry
    assert first is not None
    inbox.settle(first, "{}", 1001.0)
    assert inbox.admit([arrival("3")])[0].admission is Admission.STORED
    assert inbox.admit([arrival("4")])[0].admission is Admission.FULL
    assert inbox.reply_of("3") is None, "a refused command is not remembered: sent again, it runs"


def test_settling_and_storing_the_actions_are_one_transaction(outbox: Outbox, inbox: Inbox) -> None:
    [admitted] = inbox.admit([arrival("x")])
    assert admitted.entry is not None
    settle = inbox.settling(admitted.entry, "reply", 1001.0)
    lamp = Action("zigbee2mqtt/lamp/set", '{"state":"ON"}')

    def settle_then_fail(db: sqlite3.Connection) -> None:
        settle(db)
        raise sqlite3.OperationalError("disk I/O error")

    with pytest.raises(OutboxError, match="disk I/O error"):
        outbox.put([lamp], 1001.0, settle_then_fail)
    assert (len(outbox), [e.command_id for e in inbox.pending()], inbox.reply_of("x")) == (0, ["x"], None)

    outbox.put([lamp], 1001.0, settle)
    assert (len(outbox), inbox.pending(), inbox.reply_of("x")) == (1, [], "reply")


def test_the_window_of_handled_ids_keeps_the_latest(inbox: Inbox) -> None:
    for n in range(8):
        [admitted] = inbox.admit([arrival(f"id-{n}")])
        assert admitted.entry is not None
        inbox.settle(admitted.entry, f"reply {n}", 1001.0 + n)
    assert [inbox.reply_of(f"id-{n}") for n in range(8)] == [None] * 3 + [f"reply {n}" for n in range(3, 8)]
    assert inbox.admit([arrival("id-0")])[0].admission is Admission.STORED


def test_an_outbox_of_the_previous_version_gets_the_inbox(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE TABLE actions (id INTEGER PRIMARY KEY AUTOINCREMENT, topic TEXT NOT NULL, payload TEXT NOT NULL,"
        " qos INTEGER NOT NULL, retain INTEGER NOT NULL, device_id TEXT, accepted_at REAL NOT NULL);"
        "INSERT INTO actions (topic, payload, qos, retain, device_id, accepted_at) VALUES ('t', 'p', 1, 0, NULL, 5);"
        "PRAGMA user_version = 1;"
    )
    db.close()
    outbox = Outbox(path, max_actions=10)
    assert [entry.action.payload for entry in outbox.pending(10)] == ["p"]
    inbox = Inbox(outbox, max_commands=10, max_handled=10)
    assert inbox.admit([arrival("x")])[0].admission is Admission.STORED
    outbox.close()


def test_bounds_below_one_are_refused(outbox: Outbox) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        Inbox(outbox, max_commands=0, max_handled=5)
