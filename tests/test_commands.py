"""CommandProcessor with a fake publisher: submission order, intent events, confirmations, overflow, log lines."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import re
from collections.abc import AsyncIterator

import pytest

from assistantd.assistant.command import TextCommand
from assistantd.assistant.core import Assistant
from assistantd.assistant.report import Report
from assistantd.config import load_config
from assistantd.config.service import ConfirmationConfig
from assistantd.config.settings import Config
from assistantd.daemon.commands import QUEUE_SIZE, CommandProcessor, Publisher
from assistantd.devices.state import DeviceState
from assistantd.errors import OutboxError
from assistantd.events import GestureEvent
from assistantd.grammar.recognizer import GrammarRecognizer
from tests.support.configs import EXAMPLE
from tests.support.fakes import INTENT_TOPIC, FakePublisher

CONFIRM_TOPIC = "assistantd/living_room/confirm"
FLOOR_LAMP = "zigbee2mqtt/living_room/floor_lamp/set"
TIMEOUT = 2.0


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(EXAMPLE)


@pytest.fixture(scope="module")
def grammar(config: Config) -> GrammarRecognizer:
    """Shared: compiling the grammar takes a while."""
    return GrammarRecognizer(config)


@pytest.fixture
def assistant(config: Config, grammar: GrammarRecognizer) -> Assistant:
    """A fresh dialogue (no pending confirmation, no earlier device) for each test."""
    return Assistant(config, grammar)


@pytest.fixture
def publisher() -> FakePublisher:
    return FakePublisher()


@pytest.fixture
def states() -> dict[str, DeviceState]:
    return {}


@pytest.fixture
def processor(assistant: Assistant, publisher: FakePublisher, states: dict[str, DeviceState]) -> CommandProcessor:
    fake: Publisher = publisher  # the fake satisfies the Protocol
    return CommandProcessor(assistant, fake, states=states, area_of=lambda command: command.area)


@pytest.fixture
async def consumer(processor: CommandProcessor) -> AsyncIterator[asyncio.Task[None]]:
    task = asyncio.create_task(processor.run(), name="commands")
    yield task
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(task, TIMEOUT)


def command_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "assistantd.daemon.commands" and r.msg.startswith("command")]


async def settle() -> None:
    """Let done-callbacks that were just scheduled run."""
    for _ in range(3):
        await asyncio.sleep(0)


async def test_actions_are_submitted_before_the_intent_event(
    processor: CommandProcessor, publisher: FakePublisher
) -> None:
    report = processor.handle(TextCommand("turn on the floor lamp", request_id="r1"), "control", received_ms=5)
    assert publisher.topics() == [[FLOOR_LAMP], [INTENT_TOPIC]]
    assert publisher.batches[0][0].payload == '{"state":"ON","transition":0.5}'
    assert report.delivered is publisher.futures[0]
    assert report.received_ms == 5


async def test_the_intent_event_holds_the_report_fields(processor: CommandProcessor, publisher: FakePublisher) -> None:
    report = processor.handle(TextCommand("turn on the floor lamp", request_id="r1"), "mqtt", received_ms=0)
    [event] = publisher.events()
    assert event == json.loads(json.dumps(report.to_json("living_room")))
    timings = event.pop("timings_ms")
    assert isinstance(timings, dict) and set(timings) == {"recognize", "decide"}
    assert all(isinstance(value, float) and value >= 0 for value in timings.values())
    assert event == {
        "site": "living_room",
        "id": "r1",
        "source": "mqtt",
        "text": "turn on the floor lamp",
        "intent": "HassTurnOn",
        "slots": {"name": "Floor Lamp"},
        "confidence": 0.97,
        "modality": "text",
        "recognizer": "grammar",
        "outcome": "executed",
        "response": "Turned on the Floor Lamp.",
        "targets": ["floor_lamp"],
        "rules": [],
        "actions": [{"topic": FLOOR_LAMP, "payload": '{"state":"ON","transition":0.5}', "qos": 1, "retain": False}],
        "chosen_by": "words",
        "evidence": [{"device": "floor_lamp", "source": "words", "score": 1.0}],
    }
    assert publisher.batches[1][0].qos == 1 and not publisher.batches[1][0].retain


async def test_every_action_carries_the_id_of_its_command(
    processor: CommandProcessor, publisher: FakePublisher
) -> None:
    processor.handle(TextCommand("turn on the floor lamp", request_id="r1"), "mqtt", received_ms=0)
    spoken = processor.handle(TextCommand("turn off the floor lamp"), "speech", received_ms=0)
    first, second = publisher.batches[0][0], publisher.batches[2][0]
    assert (first.topic, first.command_id) == (FLOOR_LAMP, "r1")
    assert spoken.command_id and second.command_id == spoken.command_id, "a command without an id is given one"
    assert [event["id"] for event in publisher.events()] == ["r1", spoken.command_id]


async def test_report_json_adds_the_ack_time_when_given(processor: CommandProcessor) -> None:
    report = processor.handle(TextCommand("turn on the floor lamp"), "control", received_ms=0)
    document = report.to_json("living_room", ack_ms=12.34567)
    assert document["timings_ms"]["ack"] == 12.346  # type: ignore[index]
    assert "ack" not in report.to_json("living_room")["timings_ms"]  # type: ignore[operator]


async def test_high_risk_asks_on_the_confirm_topic_and_sends_nothing(
    config: Config, publisher: FakePublisher, caplog: pytest.LogCaptureFixture
) -> None:
    processor = CommandProcessor(Assistant(config), publisher, states={}, area_of=lambda command: None)
    caplog.set_level(logging.INFO, logger="assistantd.daemon.commands")
    report = processor.handle(TextCommand("unlock the front door"), "control", received_ms=0)
    assert report.delivered is None
    assert publisher.topics() == [[CONFIRM_TOPIC, INTENT_TOPIC]]
    request = json.loads(publisher.batches[0][0].payload)
    assert request == {
        "state": "requested",
        "id": 1,
        "prompt": "Unlock the Front Door? Say yes to confirm.",
        "reason": "risky",
        "text": "unlock the front door",
        "targets": ["front_door"],
    }
    [event] = publisher.events()
    assert event["outcome"] == "awaiting_confirmation"
    assert event["actions"] == []
    assert event["confirmation"] == request
    [line] = command_lines(caplog)
    assert "awaiting_confirmation: 0 action(s)" in line and "ack" not in line

    yes = processor.handle(TextCommand("yes"), "control", received_ms=0)
    assert yes.decision.outcome.value == "confirmed"
    assert publisher.topics()[1:] == [["zigbee2mqtt/hallway/front_door_lock/set"], [INTENT_TOPIC]]


async def test_the_log_line_waits_for_the_ack(
    processor: CommandProcessor, publisher: FakePublisher, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="assistantd.daemon.commands")
    processor.handle(TextCommand("turn on the floor lamp"), "control", received_ms=0)
    await settle()
    assert command_lines(caplog) == [], "no line before the broker acknowledged"
    publisher.futures[0].set_result(None)
    await settle()
    [line] = command_lines(caplog)
    pattern = (
        r'command control "turn on the floor lamp" -> HassTurnOn name=Floor Lamp \(0\.97 grammar\) executed: '
        r"1 action\(s\); recognize \d+\.\d\d ms, decide \d+\.\d\d ms, ack \d+\.\d ms"
    )
    assert re.fullmatch(pattern, line), line


async def test_the_log_line_says_why_delivery_failed(
    processor: CommandProcessor, publisher: FakePublisher, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="assistantd.daemon.commands")
    processor.handle(TextCommand("turn on the floor lamp"), "control", received_ms=0)
    processor.handle(TextCommand("turn off the floor lamp"), "control", received_ms=0)
    publisher.futures[0].set_exception(OutboxError("the outbox is full"))
    publisher.futures[2].cancel()
    await settle()
    first, second = command_lines(caplog)
    assert first.endswith(", not delivered: the outbox is full")
    assert second.endswith(", delivery cancelled (kept in the outbox)")


async def test_a_non_command_is_published_and_logged_at_once(
    processor: CommandProcessor, publisher: FakePublisher, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="assistantd.daemon.commands")
    report = processor.handle(TextCommand("tell me a joke"), "control", received_ms=0)
    assert report.delivered is None
    assert publisher.topics() == [[INTENT_TOPIC]]
    [event] = publisher.events()
    assert (event["intent"], event["outcome"], event["slots"], event["actions"]) == ("none", "ignored", {}, [])
    [line] = command_lines(caplog)
    assert line.startswith('command control "tell me a joke" -> none - (0.00 -) ignored: 0 action(s)')


async def test_queued_commands_are_handled_in_arrival_order(
    processor: CommandProcessor, publisher: FakePublisher, consumer: asyncio.Task[None]
) -> None:
    texts = ["turn on the floor lamp", "turn off the floor lamp", "hello there", "turn on the tv"]
    replies = [processor.enqueue(TextCommand(text, request_id=str(n)), "control") for n, text in enumerate(texts)]
    assert all(reply is not None for reply in replies)
    reports: list[Report] = await asyncio.wait_for(asyncio.gather(*replies), TIMEOUT)  # type: ignore[arg-type]
    assert [report.command.text for report in reports] == texts
    assert [event["id"] for event in publisher.events()] == ["0", "1", "2", "3"]
    assert [event["text"] for event in publisher.events()] == texts
    assert publisher.topics()[:4] == [[FLOOR_LAMP], [INTENT_TOPIC], [FLOOR_LAMP], [INTENT_TOPIC]]


async def test_the_area_of_a_command_is_used(
    assistant: Assistant, publisher: FakePublisher, states: dict[str, DeviceState]
) -> None:
    asked: list[TextCommand] = []

    def area_of(command: TextCommand) -> str | None:
        asked.append(command)
        return "kitchen"

    processor = CommandProcessor(assistant, publisher, states=states, area_of=area_of)
    command = TextCommand("turn on the lights", area="Kitchen")
    report = processor.handle(command, "control", received_ms=0)
    assert asked == [command]
    assert report.decision.plan is not None
    assert report.decision.plan.targets == ("kitchen_ceiling", "counter_lights")


async def test_device_states_are_read_live(
    processor: CommandProcessor, publisher: FakePublisher, states: dict[str, DeviceState]
) -> None:
    states["tv"] = DeviceState("on")
    report = processor.handle(TextCommand("turn on the floor lamp"), "control", received_ms=0)
    assert report.decision.plan is not None and report.decision.plan.rules_fired == ("floor_lamp_during_tv",)


async def test_a_full_queue_answers_busy_with_a_warning(
    processor: CommandProcessor, publisher: FakePublisher, caplog: pytest.LogCaptureFixture
) -> None:
    replies = [processor.enqueue(TextCommand("turn on the floor lamp"), "speech") for _ in range(QUEUE_SIZE)]
    assert all(reply is not None for reply in replies)
    with caplog.at_level(logging.WARNING, logger="assistantd.daemon.commands"):
        assert processor.enqueue(TextCommand("turn off the floor lamp", request_id="late"), "speech") is None
    [record] = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert record.getMessage() == f"Refused command from speech: {QUEUE_SIZE} commands already waiting"
    [busy] = publisher.events()  # nothing is handled until the consumer runs, but the refusal is said
    assert (busy["id"], busy["text"], busy["outcome"], busy["actions"]) == ("late", "turn off the floor lamp", "busy", [])
    publisher.batches.clear()

    task = asyncio.create_task(processor.run())
    try:
        await asyncio.wait_for(asyncio.gather(*replies), 10.0)  # type: ignore[arg-type]
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    assert len(publisher.events()) == QUEUE_SIZE
    assert processor.enqueue(TextCommand("turn off the floor lamp"), "speech") is not None


async def test_expired_confirmation_is_published(processor: CommandProcessor, publisher: FakePublisher) -> None:
    processor.publish_confirmation_expired("Unlock the Front Door? Say yes to confirm.")
    [[action]] = publisher.batches
    assert action.topic == CONFIRM_TOPIC
    assert json.loads(action.payload) == {"state": "expired", "prompt": "Unlock the Front Door? Say yes to confirm."}


async def test_an_unanswered_confirmation_expires_on_its_own(config: Config, publisher: FakePublisher) -> None:
    short = dataclasses.replace(config, confirmation=ConfirmationConfig(timeout_seconds=0.05))
    processor = CommandProcessor(Assistant(short), publisher, states={}, area_of=lambda command: None)
    processor.handle(TextCommand("unlock the front door"), "control", received_ms=0)
    expired = {"state": "expired", "prompt": "Unlock the Front Door? Say yes to confirm."}

    async def published() -> None:
        while [json.loads(a.payload) for b in publisher.batches for a in b if a.topic == CONFIRM_TOPIC][-1:] != [expired]:
            await asyncio.sleep(0.01)

    await asyncio.wait_for(published(), TIMEOUT)
    assert processor.handle(TextCommand("yes"), "control", received_ms=0).decision.outcome.value == "ignored"


async def test_a_text_intent_carries_its_receipt_time(processor: CommandProcessor) -> None:
    report = processor.handle(TextCommand("turn on the floor lamp"), "control", received_ms=12_345)
    assert (report.decision.intent.started_ms, report.decision.intent.ended_ms) == (12_345, 12_345)
    assert report.decision.intent.modality.value == "text"


async def test_a_spoken_intent_carries_its_span_and_confidence(processor: CommandProcessor) -> None:
    from assistantd.intents import Modality

    spoken = TextCommand(
        "turn on the floor lamp", modality=Modality.SPEECH, transcript_confidence=0.5,
        spoken_from_ms=1_000, heard_ms=2_500, text_ready_ms=2_600,
    )  # fmt: skip
    intent = processor.handle(spoken, "speech", received_ms=2_610).decision.intent
    assert (intent.started_ms, intent.ended_ms, intent.modality) == (1_000, 2_500, Modality.SPEECH)
    text_only = processor.handle(TextCommand("turn on the floor lamp"), "control", received_ms=0).decision.intent
    assert intent.confidence == pytest.approx(text_only.confidence * 0.5)


FRONT_DOOR = "zigbee2mqtt/hallway/front_door_lock/set"


def _sent(publisher: FakePublisher) -> list[str]:
    return [action.topic for batch in publisher.batches for action in batch if action.topic.startswith("zigbee2mqtt/")]


async def test_only_the_party_that_was_asked_confirms(config: Config, publisher: FakePublisher) -> None:
    processor = CommandProcessor(Assistant(config), publisher, states={}, area_of=lambda command: None)
    asked = processor.handle(TextCommand("unlock the front door"), "control", received_ms=0)
    assert asked.decision.outcome.value == "awaiting_confirmation"
    for source in ("mqtt", "speech", "vision"):  # anyone else's yes does nothing
        other = processor.handle(TextCommand("yes"), source, received_ms=0)
        assert other.decision.outcome.value == "ignored", source
    thumbs = processor.handle(GestureEvent("thumb_up", 0.95, 0), "vision", received_ms=0)
    assert thumbs is not None and thumbs.decision.outcome.value == "ignored"
    assert _sent(publisher) == []
    assert processor.handle(TextCommand("yes"), "control", received_ms=0).decision.outcome.value == "confirmed"
    assert _sent(publisher) == [FRONT_DOOR]
    assert processor.handle(TextCommand("yes"), "control", received_ms=0).decision.outcome.value == "ignored"
    assert _sent(publisher) == [FRONT_DOOR], "a confirmation is used once"


async def test_a_spoken_request_is_confirmed_with_a_thumbs_up(config: Config, publisher: FakePublisher) -> None:
    processor = CommandProcessor(Assistant(config), publisher, states={}, area_of=lambda command: None)
    processor.handle(TextCommand("unlock the front door"), "speech", received_ms=0)
    assert processor.handle(TextCommand("yes"), "control", received_ms=0).decision.outcome.value == "ignored"
    thumbs = processor.handle(GestureEvent("thumb_up", 0.95, 0), "vision", received_ms=0)
    assert thumbs is not None and thumbs.decision.outcome.value == "confirmed"
    assert _sent(publisher) == [FRONT_DOOR]


async def test_another_partys_command_leaves_the_question_pending(config: Config, publisher: FakePublisher) -> None:
    processor = CommandProcessor(Assistant(config), publisher, states={}, area_of=lambda command: None)
    processor.handle(TextCommand("unlock the front door"), "speech", received_ms=0)
    processor.handle(TextCommand("turn on the floor lamp"), "control", received_ms=0)
    assert processor.handle(TextCommand("yes"), "speech", received_ms=0).decision.outcome.value == "confirmed"
    processor.handle(TextCommand("lock the front door"), "speech", received_ms=0)
    processor.handle(TextCommand("turn off the floor lamp"), "speech", received_ms=0)  # withdraws its own
    assert processor.handle(TextCommand("yes"), "speech", received_ms=0).decision.outcome.value == "ignored"


@pytest.mark.parametrize(
    ("sources", "sender", "allowed"),
    [
        (("speech", "control"), None, False),
        (("speech", "control"), "kitchen-panel", False),
        (("speech", "mqtt:kitchen-panel"), "kitchen-panel", True),
        (("speech", "mqtt:kitchen-panel"), "someone-else", False),
        (("speech", "mqtt:kitchen-panel"), None, False),
        (("mqtt",), None, True),
    ],
)
async def test_which_text_topic_senders_may_ask_for_risky_actions(
    config: Config, publisher: FakePublisher, sources: tuple[str, ...], sender: str | None, allowed: bool
) -> None:
    home = dataclasses.replace(config, confirmation=ConfirmationConfig(sources=sources))
    processor = CommandProcessor(Assistant(home), publisher, states={}, area_of=lambda command: None)
    asked = processor.handle(TextCommand("unlock the front door", source_id=sender), "mqtt", received_ms=0)
    if not allowed:
        assert asked.decision.outcome.value == "failed"
        assert "cannot give" in asked.decision.response
        assert processor.handle(TextCommand("yes", source_id=sender), "mqtt", received_ms=0).decision.outcome.value == "ignored"
        assert _sent(publisher) == []
        return
    assert asked.decision.outcome.value == "awaiting_confirmation"
    intruder = processor.handle(TextCommand("yes", source_id="intruder"), "mqtt", received_ms=0)
    assert intruder.decision.outcome.value == "ignored"
    yes = processor.handle(TextCommand("yes", source_id=sender), "mqtt", received_ms=0)
    assert yes.decision.outcome.value == "confirmed"
    assert _sent(publisher) == [FRONT_DOOR]
