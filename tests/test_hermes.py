"""Hermes messages for real decisions of the example home (daemon/hermes.py)."""

from __future__ import annotations

import dataclasses
import json

import pytest

from assistantd.assistant.command import Situation, TextCommand
from assistantd.assistant.core import Assistant
from assistantd.assistant.decision import BUSY, Decision, Outcome
from assistantd.assistant.report import Report
from assistantd.config import load_config
from assistantd.config.service import HermesConfig
from assistantd.config.settings import Config
from assistantd.daemon.hermes import NOT_RECOGNIZED_TOPIC, hermes_messages
from assistantd.events import GestureEvent
from assistantd.intents import no_intent
from tests.support.configs import EXAMPLE

ALL = HermesConfig(enabled=True, intents="all")
UNHANDLED = HermesConfig(enabled=True, intents="unhandled")


@pytest.fixture(scope="module")
def home() -> Config:
    """The example home, the grammar alone."""
    config = load_config(EXAMPLE)
    return dataclasses.replace(config, recognizer=dataclasses.replace(config.recognizer, model=False))


def report(home: Config, text: str, *, source: str = "control", request_id: str = "r1") -> Report:
    """What the assistant makes of one command, heard in the living room."""
    command = TextCommand(text, request_id=request_id)
    return Assistant(home).handle(command, Situation(1_000, 600), source=source)


def documents(actions: list) -> list[tuple[str, dict]]:
    """(topic, JSON) of each message."""
    return [(action.topic, json.loads(action.payload)) for action in actions]


def test_an_intent_with_its_slots(home: Config) -> None:
    ((topic, document),) = documents(
        hermes_messages(report(home, "dim the floor lamp to 30 percent"), ALL, "den")
    )
    assert topic == "hermes/intent/HassLightSet"
    assert document["intent"]["intentName"] == "HassLightSet"
    assert (document["siteId"], document["sessionId"], document["id"]) == ("den", "r1", "r1")
    assert document["input"] == document["rawInput"] == "dim the floor lamp to 30 percent"
    confidence = document["intent"]["confidenceScore"]
    assert [
        (s["slotName"], s["entity"], s["rawValue"], s["value"], s["confidence"]) for s in document["slots"]
    ] == [
        ("name", "name", "Floor Lamp", {"kind": "Unknown", "value": "Floor Lamp"}, confidence),
        ("brightness", "brightness", "30", {"kind": "Number", "value": 30}, confidence),
    ]


def test_words_that_are_no_command(home: Config) -> None:
    for settings in (ALL, UNHANDLED):
        ((topic, document),) = documents(
            hermes_messages(report(home, "what is the meaning of life"), settings, "den")
        )
        assert (topic, document) == (
            NOT_RECOGNIZED_TOPIC,
            {"input": "what is the meaning of life", "siteId": "den", "id": "r1", "sessionId": "r1"},
        )


@pytest.mark.parametrize(
    ("text", "source", "outcome", "published"),
    [
        ("turn on the floor lamp", "control", Outcome.EXECUTED, False),  # done here: never twice
        ("is the front door locked", "control", Outcome.ANSWERED, False),
        ("unlock the front door", "control", Outcome.AWAITING_CONFIRMATION, False),
        ("unlock the front door", "mqtt", Outcome.FAILED, False),  # held back on purpose: not handed on
        ("yes", "control", Outcome.IGNORED, True),  # nothing was asked: left to the apps
    ],
)
def test_unhandled_is_only_what_assistantd_left_alone(
    home: Config, text: str, source: str, outcome: Outcome, published: bool
) -> None:
    read = report(home, text, source=source)
    assert read.decision.outcome is outcome
    assert bool(hermes_messages(read, UNHANDLED, "den")) is published
    assert len(hermes_messages(read, ALL, "den")) == 1


def test_nothing_when_off_for_gestures_and_for_what_was_never_read(home: Config) -> None:
    read = report(home, "turn on the floor lamp")
    assert hermes_messages(read, HermesConfig(), "den") == []
    busy = dataclasses.replace(
        read, decision=Decision(no_intent("turn on the floor lamp"), Outcome.BUSY, BUSY)
    )
    assert hermes_messages(busy, ALL, "den") == []
    gesture = dataclasses.replace(read, command=GestureEvent("thumb_up", 0.9, 1_000))
    assert hermes_messages(gesture, ALL, "den") == []
