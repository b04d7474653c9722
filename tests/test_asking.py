"""Asking rather than guessing: "Did you mean ...?" for readings that are not certain, what a "yes" acts
on, commands that name nothing following the dialogue, and a level said of the device referred to."""

from __future__ import annotations

import dataclasses
import json

import pytest

from assistantd import intents
from assistantd.assistant.command import Situation, TextCommand
from assistantd.assistant.core import Assistant
from assistantd.assistant.decision import Decision, Outcome
from assistantd.config import load_config
from assistantd.config.settings import Config
from assistantd.events import PointingEvent
from assistantd.fusion.combined import CombinedRecognizer
from assistantd.fusion.thresholds import ACT_FLOOR, MODEL_FLOOR
from assistantd.fusion.turns import Previous, Turn, TurnContext
from assistantd.grammar.recognizer import GrammarRecognizer
from assistantd.intents import Intent, Slots
from tests.support.configs import EXAMPLE
from tests.support.fakes import TableModel

UNSURE = (MODEL_FLOOR + ACT_FLOOR) / 2
READINGS = {
    "let the lamp glow": Intent(intents.TURN_ON, Slots(name="Floor Lamp"), UNSURE, recognizer="model"),
    "lamp on right away": Intent(intents.TURN_ON, Slots(name="Floor Lamp"), 0.99, recognizer="model"),
    "is the lamp going": Intent(intents.GET_STATE, Slots(name="Floor Lamp"), UNSURE, recognizer="model"),
    "off again": Intent(intents.TURN_OFF, confidence=0.95, recognizer="model"),
    "that to fifteen": Intent(intents.LIGHT_SET, Slots(brightness=15), 0.95, recognizer="model"),
}
FLOOR_LAMP = "zigbee2mqtt/living_room/floor_lamp/set"


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(EXAMPLE)


@pytest.fixture(scope="module")
def grammar(config: Config) -> GrammarRecognizer:
    return GrammarRecognizer(config)


@pytest.fixture
def assistant(config: Config, grammar: GrammarRecognizer) -> Assistant:
    return Assistant(config, grammar, TableModel(READINGS))  # type: ignore[arg-type]


def say(assistant: Assistant, text: str, now_ms: int = 10_000, **situation: object) -> Decision:
    return assistant.handle(TextCommand(text), Situation(now_ms, 600, **situation)).decision  # type: ignore[arg-type]


def test_an_unsure_reading_asks_did_you_mean_and_a_yes_carries_it_out(assistant: Assistant) -> None:
    asked = say(assistant, "let the lamp glow")
    assert asked.outcome is Outcome.AWAITING_CONFIRMATION and asked.actions == ()
    assert asked.response == "Did you mean: turn on the Floor Lamp? Say yes or no."
    assert asked.confirmation is not None and asked.confirmation.reason == "unsure"
    done = say(assistant, "yes", 11_000)
    assert done.outcome is Outcome.CONFIRMED
    assert [(a.topic, json.loads(a.payload)["state"]) for a in done.actions] == [(FLOOR_LAMP, "ON")]


def test_a_no_to_did_you_mean_sends_nothing(assistant: Assistant) -> None:
    say(assistant, "let the lamp glow")
    declined = say(assistant, "no", 11_000)
    assert declined.outcome is Outcome.DECLINED and declined.actions == ()


def test_a_sure_reading_acts_at_once_and_an_unsure_question_is_answered(assistant: Assistant) -> None:
    assert say(assistant, "lamp on right away").outcome is Outcome.EXECUTED
    answered = say(assistant, "is the lamp going")
    assert answered.outcome is Outcome.ANSWERED and answered.confirmation is None


def test_a_yes_means_the_devices_of_the_question_waiting_for_it(assistant: Assistant) -> None:
    unlocking = Previous(intents.TURN_OFF, ("front_door",))
    waiting = TurnContext(area="hallway", awaiting_confirmation=True, previous=unlocking)
    confirm = assistant.understand_turn(Turn("yes", context=waiting))
    assert confirm.intent.name == intents.CONFIRM and confirm.targets.ids == ("front_door",)
    decline = assistant.understand_turn(Turn("no", context=waiting))
    assert decline.intent.name == intents.DECLINE and decline.targets.ids == ()
    forget = assistant.understand_turn(Turn("ugh, never mind, forget it", context=waiting))
    assert forget.intent.name == intents.DECLINE and forget.targets.ids == (), "a never mind to a question: no"
    unasked = assistant.understand_turn(Turn("yes", context=TurnContext(previous=waiting.previous)))
    assert unasked.targets.ids == ()


def test_a_command_that_names_nothing_follows_the_dialogue(assistant: Assistant) -> None:
    say(assistant, "turn on the garage light")
    again = assistant.understand("off again", now_ms=11_000)
    assert (again.intent.name, again.chosen_by) == (intents.TURN_OFF, "dialogue")
    assert again.targets.ids == ("garage_light",)


def test_a_command_that_names_a_kind_of_device_acts_in_its_place(assistant: Assistant) -> None:
    say(assistant, "turn on the bedroom lamp")
    lights = assistant.understand("lights to 50 percent", now_ms=11_000)
    assert lights.chosen_by == "place" and "bedroom_lamp" not in lights.targets.ids


def test_it_is_the_device_spoken_of_before_though_the_room_is_filled_in(assistant: Assistant) -> None:
    say(assistant, "turn on the kitchen lights")
    blue = assistant.understand("make it blue", now_ms=11_000)
    assert blue.intent.slots.area == "Living Room"  # the room it was heard in, which the words do not name
    assert (blue.chosen_by, set(blue.targets.ids)) == ("dialogue", {"kitchen_ceiling", "counter_lights"})


def test_a_level_said_of_the_tv_pointed_at_is_its_volume(assistant: Assistant) -> None:
    pointing = PointingEvent(9_900, -30.0, 5.0, candidates=(("tv", 0.9),))
    turn = assistant.understand("that to fifteen", now_ms=10_000, observations=(pointing,))
    assert (turn.intent.name, turn.intent.slots.volume_level, turn.targets.ids) == (
        intents.SET_VOLUME,
        15,
        ("tv",),
    )
    lamp = PointingEvent(9_900, -30.0, 5.0, candidates=(("floor_lamp", 0.9),))
    kept = assistant.understand("that to fifteen", now_ms=10_000, observations=(lamp,))
    assert (kept.intent.name, kept.intent.slots.brightness, kept.targets.ids) == (
        intents.LIGHT_SET,
        15,
        ("floor_lamp",),
    )


def test_a_reading_of_words_the_model_never_saw_is_asked_about_however_sure() -> None:
    config = load_config(EXAMPLE)
    step = Intent(intents.LIGHT_SET, Slots(domain="light", brightness_step=-20), confidence=0.97, recognizer="model")
    readings = {text: dataclasses.replace(step, text=text) for text in ("turn that frown upside down", "take the glare off a notch")}
    combined = CombinedRecognizer(config, model=TableModel(readings, unknown=frozenset({"frown", "upside"})))  # type: ignore[arg-type]
    strange = combined.recognize("turn that frown upside down")
    assert strange.name == intents.LIGHT_SET and not combined.sure(strange) and combined.asks_first(strange)
    plain = combined.recognize("take the glare off a notch")
    assert plain.recognizer == "model"
    assert combined.sure(plain) and not combined.asks_first(plain)
