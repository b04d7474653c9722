"""Turns in the live command path: "that" with pointing, "it" from the dialogue, "brighter", asking.

The grammar is real; the learned model is replaced at its seam (CombinedRecognizer's model) by a table,
so these tests pin the decision logic, not the model's accuracy (tests/test_model_bars.py does that).
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
from collections.abc import Sequence

import pytest

from assistantd import intents
from assistantd.assistant.command import Situation, TextCommand
from assistantd.assistant.core import Assistant
from assistantd.assistant.decision import WHICH_ONE, Outcome
from assistantd.assistant.dialogue import DIALOGUE_MEMORY_MS
from assistantd.config import load_config
from assistantd.config.satellites import SatelliteConfig
from assistantd.config.settings import Config
from assistantd.daemon.commands import LOOK_BEFORE_MS, CommandProcessor
from assistantd.devices.state import DeviceState
from assistantd.events import Event, GestureEvent, PointingEvent
from assistantd.grammar.recognizer import GrammarRecognizer
from assistantd.intents import Intent, Modality, Slots
from tests.support.configs import EXAMPLE
from tests.support.fakes import FakePublisher, TableModel

FLOOR_LAMP = "zigbee2mqtt/living_room/floor_lamp/set"
TV_COMMAND = "living_room/tv/command"
TV_POWER = "living_room/tv/power/set"

READINGS = {
    "let that glow": Intent(intents.TURN_ON, confidence=0.98, recognizer="model"),
    "a touch more light from it": Intent(
        intents.LIGHT_SET, Slots(domain="light"), confidence=0.95, recognizer="model"
    ),
    "way less light from it": Intent(
        intents.LIGHT_SET, Slots(domain="light"), confidence=0.95, recognizer="model"
    ),
    "and the bedroom too": Intent(intents.TURN_ON, Slots(area="Bedroom"), confidence=0.9, recognizer="model"),
}
"""What the stand-in model reads (the grammar understands none of these; it reads "turn that on", "turn it
off", "brighter" and "much dimmer" itself)."""


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(EXAMPLE)


@pytest.fixture(scope="module")
def grammar(config: Config) -> GrammarRecognizer:
    return GrammarRecognizer(config)


@pytest.fixture
def model() -> TableModel:
    return TableModel(READINGS)


@pytest.fixture
def assistant(config: Config, grammar: GrammarRecognizer, model: TableModel) -> Assistant:
    return Assistant(config, grammar, model)  # type: ignore[arg-type]


def pointing_at(device: str, at_ms: int, score: float = 0.9) -> PointingEvent:
    return PointingEvent(at_ms, bearing_degrees=-30.0, elevation_degrees=5.0, candidates=((device, score),))


def run(
    assistant: Assistant,
    text: str,
    *,
    now_ms: int = 10_000,
    seen: Sequence[Event] = (),
    states: dict[str, DeviceState] | None = None,
):
    turn = assistant.understand(text, now_ms=now_ms, observations=tuple(seen))
    return assistant.decide(turn, Situation(now_ms, 600, states=states or {}))


def payloads(decision) -> dict[str, dict[str, object]]:
    return {action.topic: json.loads(action.payload) for action in decision.actions}


@pytest.mark.parametrize("text", ["turn that on", "let that glow"])
def test_that_while_pointing_acts_on_the_device_pointed_at(
    assistant: Assistant, model: TableModel, text: str
) -> None:
    decision = run(assistant, text, seen=[pointing_at("floor_lamp", 9_500)])
    assert decision.outcome is Outcome.EXECUTED
    assert decision.intent.recognizer == ("grammar" if text == "turn that on" else "model")
    assert decision.plan is not None and decision.plan.targets == ("floor_lamp",)
    assert payloads(decision)[FLOOR_LAMP]["state"] == "ON"
    if model.seen:
        assert model.seen[-1].gesture == "pointing" and model.seen[-1].pointing_score == pytest.approx(0.9)


def test_pointing_picks_among_devices_whose_domain_fits(assistant: Assistant) -> None:
    weak = pointing_at("floor_lamp", 9_500, score=0.2)
    strong = pointing_at("tv", 9_600, score=0.8)
    decision = run(assistant, "turn that on", seen=[weak, strong])
    assert decision.plan is not None and decision.plan.targets == ("tv",)
    assert [action.topic for action in decision.actions] == [TV_POWER]  # it can be switched on


def test_that_with_nothing_to_go_by_asks_instead_of_guessing(assistant: Assistant) -> None:
    decision = run(assistant, "turn that on")
    assert decision.outcome is Outcome.ASKED
    assert decision.response == WHICH_ONE
    assert decision.actions == ()


def test_pointing_too_weak_to_trust_is_not_taken(assistant: Assistant) -> None:
    decision = run(assistant, "turn that on", seen=[pointing_at("floor_lamp", 9_500, score=0.1)])
    assert decision.outcome is Outcome.ASKED


def test_it_refers_to_the_last_commands_devices(assistant: Assistant) -> None:
    first = run(assistant, "turn on the floor lamp", now_ms=1_000)
    assert first.intent.recognizer == "grammar"
    decision = run(assistant, "turn it off", now_ms=5_000)
    assert decision.plan is not None and decision.plan.targets == ("floor_lamp",)
    assert payloads(decision)[FLOOR_LAMP]["state"] == "OFF"


def test_the_dialogue_is_forgotten_after_a_while(assistant: Assistant) -> None:
    run(assistant, "turn on the floor lamp", now_ms=1_000)
    decision = run(assistant, "turn it off", now_ms=1_000 + DIALOGUE_MEMORY_MS + 1)
    assert decision.outcome is Outcome.ASKED


def test_failed_commands_do_not_become_it(assistant: Assistant) -> None:
    run(assistant, "turn on the floor lamp", now_ms=1_000)
    run(assistant, "what's the capital of France", now_ms=2_000)
    decision = run(assistant, "turn it off", now_ms=3_000)
    assert decision.plan is not None and decision.plan.targets == ("floor_lamp",)


def test_brighter_steps_the_last_light_from_its_reported_level(assistant: Assistant) -> None:
    run(assistant, "turn on the floor lamp", now_ms=1_000)
    states = {"floor_lamp": DeviceState("on", brightness=50)}
    decision = run(assistant, "make it brighter", now_ms=2_000, states=states)
    assert decision.intent.slots.brightness_step == 20
    assert payloads(decision)[FLOOR_LAMP]["brightness"] == round(70 * 254 / 100)
    dimmer = run(assistant, "much dimmer", now_ms=3_000, states=states)
    assert dimmer.intent.slots.brightness_step == -40
    assert payloads(dimmer)[FLOOR_LAMP]["brightness"] == round(10 * 254 / 100)


@pytest.mark.parametrize(
    ("text", "step"), [("a touch more light from it", 20), ("way less light from it", -40)]
)
def test_the_models_light_set_without_a_value_becomes_a_step(
    assistant: Assistant, text: str, step: int
) -> None:
    """The model reads "more light" as HassLightSet with no level; the words set the step's size."""
    run(assistant, "turn on the floor lamp", now_ms=1_000)
    decision = run(assistant, text, now_ms=2_000, states={"floor_lamp": DeviceState("on", brightness=50)})
    assert decision.intent.slots.brightness_step == step
    assert decision.plan is not None and decision.plan.targets == ("floor_lamp",)


def test_and_the_bedroom_too_repeats_the_last_intent_elsewhere(assistant: Assistant) -> None:
    run(assistant, "turn on the floor lamp", now_ms=1_000)
    decision = run(assistant, "and the bedroom too", now_ms=2_000)
    assert decision.intent.name == intents.TURN_ON
    assert decision.plan is not None and decision.plan.targets == ("bedroom_lamp",)


def test_words_that_name_a_device_outrank_pointing(assistant: Assistant) -> None:
    decision = run(assistant, "turn on the floor lamp", seen=[pointing_at("tv", 9_500)])
    assert decision.plan is not None and decision.plan.targets == ("floor_lamp",)


def test_a_new_configuration_forgets_the_dialogue(assistant: Assistant, config: Config) -> None:
    run(assistant, "turn on the floor lamp", now_ms=1_000)
    assistant.reconfigure(config, GrammarRecognizer(config), TableModel(READINGS))  # type: ignore[arg-type]
    assert run(assistant, "turn it off", now_ms=2_000).outcome is Outcome.ASKED


async def test_the_processor_shows_the_turn_what_the_camera_saw_around_the_words(
    assistant: Assistant,
) -> None:
    publisher = FakePublisher()
    asked: list[tuple[int, int]] = []

    def observations(start_ms: int, end_ms: int) -> list[Event]:
        asked.append((start_ms, end_ms))
        return [pointing_at("floor_lamp", start_ms + 100), GestureEvent("pointing", 0.9, start_ms + 100)]

    processor = CommandProcessor(
        assistant, publisher, states={}, area_of=lambda command: None, observations=observations
    )
    spoken = TextCommand("turn that on", modality=Modality.SPEECH, spoken_from_ms=20_000, heard_ms=21_000)
    report = processor.handle(spoken, "speech", received_ms=21_800)
    assert asked == [(20_000 - LOOK_BEFORE_MS, 21_300)]
    assert report.decision.plan is not None and report.decision.plan.targets == ("floor_lamp",)
    event = publisher.events()[-1]
    assert event["chosen_by"] == "pointing"
    assert {"device": "floor_lamp", "source": "pointing", "score": 0.9} in event["evidence"]
    typed = processor.handle(TextCommand("turn that on"), "mqtt", received_ms=30_000)
    assert asked[-1] == (30_000 - LOOK_BEFORE_MS, 30_300)
    assert typed.decision.plan is not None and typed.decision.plan.targets == ("floor_lamp",)


def test_a_place_without_such_devices_is_said_not_asked_about(assistant: Assistant) -> None:
    decision = run(assistant, "turn off the lights in the hallway")
    assert decision.outcome is Outcome.FAILED
    assert "no lights" in decision.response.lower() and "Hallway" in decision.response


async def test_commands_waiting_together_are_read_by_the_model_in_one_batch(
    assistant: Assistant, model: TableModel
) -> None:
    publisher = FakePublisher()
    processor = CommandProcessor(assistant, publisher, states={}, area_of=lambda command: None)
    texts = ["turn on the floor lamp", "let that glow", "what a lovely day", "and the bedroom too"]
    replies = [processor.enqueue(TextCommand(text), "mqtt") for text in texts]
    task = asyncio.create_task(processor.run())
    reports = await asyncio.wait_for(asyncio.gather(*replies), 5)  # type: ignore[arg-type]
    task.cancel()
    assert model.batches == [["let that glow", "what a lovely day", "and the bedroom too"]]
    assert model.seen == [], "each turn's reading came from the batch"
    assert [r.decision.intent.name for r in reports] == [
        intents.TURN_ON, intents.TURN_ON, intents.NONE, intents.TURN_ON,
    ]  # fmt: skip
    assert reports[1].decision.plan is not None and reports[1].decision.plan.targets == ("floor_lamp",)
    assert reports[3].decision.plan is not None and reports[3].decision.plan.targets == ("bedroom_lamp",)


@pytest.mark.parametrize(("first", "device", "state"), [
    ("turn on the tv", "tv", "on"),
    ("turn on the floor lamp", "floor_lamp", "on"),
    ("lock the front door", "front_door", "locked"),
])  # fmt: skip
def test_a_state_asked_of_it_is_the_last_devices(
    assistant: Assistant, first: str, device: str, state: str
) -> None:
    run(assistant, first, now_ms=1_000)
    question = "is it locked" if state == "locked" else "is it on"
    decision = run(assistant, question, now_ms=5_000, states={device: DeviceState(state=state)})
    assert decision.outcome is Outcome.ANSWERED
    assert decision.plan is not None and decision.plan.targets == (device,)
    assert decision.response.startswith("Yes"), decision.response


@pytest.mark.parametrize(("first", "topic", "expected"), [
    ("turn on the floor lamp", FLOOR_LAMP, {"brightness": 76}),
    ("turn on the tv", "living_room/tv/volume/set", 30),
])  # fmt: skip
def test_a_level_for_it_is_the_last_devices_level(assistant: Assistant, first: str, topic: str, expected: object) -> None:
    run(assistant, first, now_ms=1_000)
    decision = run(assistant, "set it to 30 percent", now_ms=5_000)
    assert decision.outcome is Outcome.EXECUTED
    [action] = [a for a in decision.actions if a.topic == topic]
    body = json.loads(action.payload)
    assert body == expected if not isinstance(expected, dict) else {k: body[k] for k in expected} == expected


def test_each_satellite_keeps_its_own_dialogue(config: Config, grammar: GrammarRecognizer) -> None:
    home = dataclasses.replace(config, satellites=(SatelliteConfig("kitchen", "kitchen"),))
    assistant = Assistant(home, grammar)

    def said(text: str, now_ms: int, sender: str | None = None):
        command = TextCommand(text, area="kitchen" if sender else None, source_id=sender)
        return assistant.handle(command, Situation(now_ms, 600), source="mqtt").decision

    assert said("turn on the floor lamp", 1_000, "kitchen").outcome is Outcome.EXECUTED
    assert said("turn it off", 2_000).outcome is Outcome.ASKED  # the living room did not speak of it
    assert said("turn on the tv", 3_000).outcome is Outcome.EXECUTED
    in_kitchen = said("turn it off", 4_000, "kitchen")
    assert in_kitchen.plan is not None and in_kitchen.plan.targets == ("floor_lamp",)
    here = said("turn it off", 5_000)
    assert here.plan is not None and here.plan.targets == ("tv",)
    unknown = said("turn it off", 6_000, "garage")  # not a satellite: the coordinator's site
    assert unknown.plan is not None and unknown.plan.targets == ("tv",)
