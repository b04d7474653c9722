"""The intake with the real inbox, outbox and command processor (no broker): acknowledgement after storing,
repeats, redeliveries, expiry, busy answers, what a restart finds, the control socket's ids."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import sqlite3
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistantd.assistant.command import TextCommand
from assistantd.assistant.core import Assistant
from assistantd.config import load_config
from assistantd.config.satellites import SatelliteConfig
from assistantd.config.service import MqttConfig
from assistantd.config.settings import Config
from assistantd.daemon.commands import CommandProcessor
from assistantd.daemon.intake import Intake
from assistantd.errors import OutboxError
from assistantd.grammar.recognizer import GrammarRecognizer
from assistantd.mqtt.client import Incoming, MqttClient
from assistantd.mqtt.dispatch import Dispatcher
from assistantd.mqtt.inbox import Inbox
from assistantd.mqtt.outbox import Outbox
from tests.support.configs import EXAMPLE

TEXT_TOPIC = "assistantd/living_room/text"
INTENT_TOPIC = "assistantd/living_room/intent"
FLOOR_LAMP = "zigbee2mqtt/living_room/floor_lamp/set"
TIMEOUT = 5.0


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(EXAMPLE)


@pytest.fixture(scope="module")
def grammar(config: Config) -> GrammarRecognizer:
    return GrammarRecognizer(config)


@dataclass
class Clock:
    """Wall-clock seconds the test moves."""

    now: float = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Daemon:
    """The parts of the daemon between the text topic and the outbox, on one state file."""

    outbox: Outbox
    inbox: Inbox
    processor: CommandProcessor
    intake: Intake
    clock: Clock
    storing: asyncio.Task[None]
    """The intake's task."""

    def published(self) -> list[tuple[str, str]]:
        """What waits in the outbox (nothing is delivered here), in order."""
        return [(e.action.topic, e.action.payload) for e in self.outbox.pending(10_000)]

    def device_payloads(self) -> list[str]:
        return [payload for topic, payload in self.published() if topic == FLOOR_LAMP]

    def events(self) -> list[dict[str, object]]:
        return [json.loads(payload) for topic, payload in self.published() if topic == INTENT_TOPIC]


Make = Callable[..., Daemon]


@pytest.fixture
async def make(tmp_path: Path, config: Config, grammar: GrammarRecognizer) -> AsyncIterator[Make]:
    """Builds the parts on tmp_path's state file (again for a "restart"), with the consumer running."""
    tasks: list[asyncio.Task[None]] = []
    outboxes: list[Outbox] = []

    def build(
        *, max_commands: int = 100, max_age_seconds: float = 300.0, run: bool = True, home: Config = config
    ) -> Daemon:
        clock = Clock()
        outbox = Outbox(tmp_path / "outbox.sqlite3", max_actions=10_000)
        outboxes.append(outbox)
        inbox = Inbox(outbox, max_commands=max_commands, max_handled=1000)
        client = MqttClient(MqttConfig(), status_topic="s", password=None, on_message=lambda t, p: None)
        dispatcher = Dispatcher(client, outbox, max_age_seconds=600, clock=clock)
        processor = CommandProcessor(
            Assistant(home, grammar),
            dispatcher,
            states={},
            area_of=lambda command: command and command.area,
            ledger=inbox,
            max_age_seconds=max_age_seconds,
            clock=clock,
        )
        intake = Intake(inbox, processor, lambda: home, dispatcher, clock=clock)
        storing = asyncio.create_task(intake.run(), name="intake")
        tasks.append(storing)
        if run:
            tasks.append(asyncio.create_task(processor.run(), name="commands"))
        return Daemon(outbox, inbox, processor, intake, clock, storing)

    yield build
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    for outbox in outboxes:
        outbox.close()


class Broker:
    """Hands messages to the intake as the session would, and records when each was acknowledged."""

    def __init__(self, daemon: Daemon) -> None:
        self.daemon = daemon
        self.acked: list[int] = []
        self.waiting_when_acked: list[int] = []
        self._mid = 0

    def send(
        self, payload: str, *, mid: int | None = None, redelivered: bool = False, topic: str = TEXT_TOPIC
    ) -> int:
        if mid is None:
            self._mid += 1
            mid = self._mid
        self.daemon.intake.on_message(
            Incoming(topic, payload.encode(), mid, redelivered, lambda: self._ack(mid))
        )
        return mid

    def _ack(self, mid: int) -> None:
        self.acked.append(mid)
        stored = len(self.daemon.inbox) + len(self.daemon.outbox)  # waiting, or already settled
        self.waiting_when_acked.append(stored)


async def until(condition: Callable[[], bool]) -> None:
    async def poll() -> None:
        while not condition():
            await asyncio.sleep(0.005)

    await asyncio.wait_for(poll(), TIMEOUT)


def levels(daemon: Daemon) -> list[int]:
    return [json.loads(payload)["brightness"] for payload in daemon.device_payloads()]


async def test_a_command_is_acknowledged_only_once_stored_then_run_and_settled(make: Make) -> None:
    daemon = make(run=False)
    broker = Broker(daemon)
    broker.send(json.dumps({"text": "turn on the floor lamp", "id": "c1"}))
    broker.send("turn off the floor lamp")
    assert broker.acked == []  # stored with the other messages that came meanwhile, then acknowledged
    await until(lambda: len(broker.acked) == 2)
    assert [e.command_id for e in daemon.inbox.pending()][0] == "c1"
    assert broker.waiting_when_acked[0] >= 1, "acknowledged before it was stored"
    assert daemon.published() == [], "not run before the consumer runs"

    task = asyncio.create_task(daemon.processor.run())
    try:
        await until(lambda: len(daemon.inbox) == 0)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    assert daemon.device_payloads() == ['{"state":"ON","transition":0.5}', '{"state":"OFF","transition":0.5}']
    events = daemon.events()
    assert [(e["id"], e["outcome"]) for e in events][0] == ("c1", "executed")
    assert isinstance(events[1]["id"], str) and events[1]["id"], "a command without id gets one"
    assert json.loads(daemon.inbox.reply_of("c1") or "{}")["outcome"] == "executed"


async def test_a_repeated_id_is_not_run_again_and_gets_the_first_reply(make: Make) -> None:
    daemon = make()
    broker = Broker(daemon)
    broker.send(json.dumps({"text": "set the floor lamp to 10 percent", "id": "same"}))
    await until(lambda: len(daemon.events()) == 1)
    broker.send(json.dumps({"text": "set the floor lamp to 90 percent", "id": "same"}))
    await until(lambda: len(daemon.events()) == 2)
    assert levels(daemon) == [25]
    first, again = daemon.events()
    assert again == {**first, "repeated": True}
    assert broker.acked == [1, 2], "a repeat is acknowledged too (the broker must not send it again)"


async def test_a_redelivered_message_without_id_is_not_run_again(make: Make) -> None:
    daemon = make()
    broker = Broker(daemon)
    mid = broker.send("set the floor lamp to 10 percent")
    await until(lambda: len(daemon.events()) == 1)
    broker.send("set the floor lamp to 10 percent", mid=mid, redelivered=True)  # the ack was lost
    broker.send("set the floor lamp to 10 percent")  # said again: a new command
    await until(lambda: len(daemon.events()) == 3)
    assert levels(daemon) == [25, 25]
    assert [e.get("repeated", False) for e in daemon.events()] == [False, True, False]


async def test_a_command_too_old_when_its_turn_comes_is_answered_expired_not_run(make: Make) -> None:
    daemon = make(run=False, max_age_seconds=60)
    broker = Broker(daemon)
    broker.send(json.dumps({"text": "turn on the floor lamp", "id": "old"}))
    await until(lambda: len(broker.acked) == 1)
    daemon.clock.now += 61
    broker.send(json.dumps({"text": "turn off the floor lamp", "id": "new"}))
    await until(lambda: len(broker.acked) == 2)
    task = asyncio.create_task(daemon.processor.run())
    try:
        await until(lambda: len(daemon.inbox) == 0)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    assert daemon.device_payloads() == ['{"state":"OFF","transition":0.5}']
    assert [(e["id"], e["outcome"], e["actions"]) for e in daemon.events()] == [
        ("old", "expired", []),
        (
            "new",
            "executed",
            [{"topic": FLOOR_LAMP, "payload": '{"state":"OFF","transition":0.5}', "qos": 1, "retain": False}],
        ),
    ]
    assert json.loads(daemon.inbox.reply_of("old") or "{}")["outcome"] == "expired", (
        "a redelivery stays unrun"
    )


async def test_beyond_the_bound_every_command_is_run_or_answered_busy(make: Make) -> None:
    daemon = make(run=False, max_commands=5)
    broker = Broker(daemon)
    for level in range(1, 13):
        broker.send(json.dumps({"text": f"set the floor lamp to {level} percent", "id": f"c{level}"}))
    await until(lambda: len(broker.acked) == 12)
    task = asyncio.create_task(daemon.processor.run())
    try:
        await until(lambda: len(daemon.inbox) == 0 and len(daemon.events()) == 12)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    outcomes = {e["id"]: e["outcome"] for e in daemon.events()}
    assert outcomes == {f"c{n}": "executed" if n <= 5 else "busy" for n in range(1, 13)}
    assert len(levels(daemon)) == 5


async def test_a_restart_handles_what_was_left_first(make: Make) -> None:
    before = make(run=False)
    broker = Broker(before)
    for level in (10, 20):
        broker.send(json.dumps({"text": f"set the floor lamp to {level} percent", "id": f"left-{level}"}))
    await until(lambda: len(broker.acked) == 2)

    after = make(run=False)
    assert after.intake.recover() == 2
    Broker(after).send(json.dumps({"text": "set the floor lamp to 30 percent", "id": "new"}))
    await until(lambda: len(after.inbox) == 3)
    task = asyncio.create_task(after.processor.run())
    try:
        await until(lambda: len(after.inbox) == 0)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    assert levels(after) == [25, 51, 76]
    assert [e["id"] for e in after.events()] == ["left-10", "left-20", "new"]


async def test_control_requests_with_one_id_run_once(make: Make) -> None:
    daemon = make()
    command = TextCommand("set the floor lamp to 40 percent", request_id="say-1")
    first, at_once = await asyncio.wait_for(
        asyncio.gather(daemon.intake.from_control(command), daemon.intake.from_control(command)), TIMEOUT
    )
    later = await asyncio.wait_for(daemon.intake.from_control(command), TIMEOUT)
    assert first.report is not None and at_once.report is first.report, "the second waits for the first"
    assert later.report is None and later.repeated is not None
    assert (later.repeated["id"], later.repeated["outcome"], later.repeated["repeated"]) == (
        "say-1",
        "executed",
        True,
    )
    assert levels(daemon) == [102]


async def test_malformed_messages_are_acknowledged_and_dropped(make: Make) -> None:
    daemon = make()
    broker = Broker(daemon)
    broker.send('{"text": 42}')
    broker.send("turn on the floor lamp")
    await until(lambda: len(daemon.events()) == 1)
    assert broker.acked == [1, 2]
    assert len(daemon.device_payloads()) == 1


async def test_a_command_that_waited_at_the_broker_is_as_old_as_its_sent_at(make: Make) -> None:
    daemon = make(max_age_seconds=60)
    broker = Broker(daemon)
    sent = daemon.clock.now
    broker.send(json.dumps({"text": "turn on the floor lamp", "id": "late", "sent_at": sent - 61}))
    broker.send(json.dumps({"text": "turn off the floor lamp", "id": "fresh", "sent_at": sent - 59}))
    broker.send(json.dumps({"text": "turn on the floor lamp", "id": "skewed", "sent_at": sent + 3600}))
    broker.send(json.dumps({"text": "turn off the floor lamp", "id": "odd", "sent_at": "yesterday"}))
    await until(lambda: len(daemon.events()) == 4)
    assert [(e["id"], e["outcome"]) for e in daemon.events()] == [
        ("late", "expired"),
        ("fresh", "executed"),
        ("skewed", "executed"),
        ("odd", "executed"),
    ]


async def test_a_command_that_cannot_be_stored_is_not_acknowledged_and_stops_the_intake(make: Make) -> None:
    daemon = make(run=False)
    broker = Broker(daemon)
    other = sqlite3.connect(daemon.outbox.path)  # from now on, SQLite refuses to store a command
    other.execute(
        "CREATE TRIGGER fail BEFORE INSERT ON inbox BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END"
    )
    other.commit()
    other.close()
    broker.send("turn on the floor lamp")
    with pytest.raises(OutboxError, match="cannot store commands: disk I/O error"):
        await asyncio.wait_for(daemon.storing, TIMEOUT)
    assert broker.acked == [], "the broker keeps it and sends it again to the restarted daemon"


async def test_a_satellites_command_is_its_topics_also_after_a_restart_and_a_false_claim_runs_nothing(
    make: Make, config: Config, caplog: pytest.LogCaptureFixture
) -> None:
    """On the kitchen's own topic, a command whose payload names no source nor area is stored as the
    kitchen's and, after a restart, run in the kitchen with its answer copied to the kitchen's intent
    topic; a topic of no configured satellite, and a payload on the plain topic claiming to be the bedroom,
    are acknowledged with one warning each and neither stored nor run."""
    satellites = (
        SatelliteConfig(id="kitchen", area="kitchen"),
        SatelliteConfig(id="bedroom", area="bedroom"),
    )
    home = dataclasses.replace(config, satellites=satellites)
    before = make(run=False, home=home)
    broker = Broker(before)
    lights_off = json.dumps({"text": "turn off the lights", "id": "kitchen-1"})
    broker.send(lights_off, topic=f"{TEXT_TOPIC}/kitchen")
    broker.send(json.dumps({"text": "turn off the lights", "id": "garage-1"}), topic=f"{TEXT_TOPIC}/garage")
    claimed = json.dumps(
        {"text": "turn off the lights", "id": "claimed-1", "source": "bedroom", "area": "bedroom"}
    )
    with caplog.at_level(logging.WARNING, logger="assistantd.daemon.intake"):
        broker.send(claimed)
        await until(lambda: len(broker.acked) == 3)
    assert [(e.command_id, e.source) for e in before.inbox.pending()] == [("kitchen-1", "mqtt:kitchen")]
    rejected = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert rejected == [
        f"Rejected message on {TEXT_TOPIC}/garage: 'garage' is not a configured satellite (satellites[].id):"
        " nothing run",
        f"Rejected message on {TEXT_TOPIC}: \"source\" 'bedroom' is a satellite: its commands are taken only"
        f" on its own topic {TEXT_TOPIC}/bedroom",
    ]

    after = make(home=home)
    assert after.intake.recover() == 1
    await until(lambda: len(after.inbox) == 0 and len(after.events()) == 1)
    topics = [topic for topic, _ in after.published()]
    assert "zigbee2mqtt/kitchen/ceiling/set" in topics and not any("bedroom" in t for t in topics[:-1]), (
        topics
    )
    assert topics[-2:] == [INTENT_TOPIC, "assistantd/kitchen/intent"]  # the answer, and the kitchen's copy
    assert (after.events()[0]["id"], after.events()[0]["outcome"]) == ("kitchen-1", "executed")
