"""`assistantd understand`: the exact topic and payload a sentence would publish, on the example home."""

from __future__ import annotations

import re

import pytest

from assistantd.action import Action
from assistantd.cli.explain import explain, format_explanation
from assistantd.config import load_config
from assistantd.config.settings import Config
from tests.support.configs import EXAMPLE


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(EXAMPLE)


def test_floor_lamp_on_is_one_zigbee2mqtt_set(config: Config) -> None:
    explanation = explain(config, "turn on the floor lamp")
    assert explanation.intent == "HassTurnOn"
    assert explanation.slots == {"name": "Floor Lamp"}
    assert explanation.recognizer == "grammar"
    assert explanation.outcome == "executed"
    assert explanation.response == "Turned on the Floor Lamp."
    assert explanation.targets == ("floor_lamp",)
    assert not explanation.needs_confirmation
    assert explanation.actions == (
        Action(
            topic="zigbee2mqtt/living_room/floor_lamp/set",
            payload='{"state":"ON","transition":0.5}',
            qos=1,
            retain=False,
            device_id="floor_lamp",
        ),
    )


def test_format_explanation_of_floor_lamp_on(config: Config) -> None:
    text = format_explanation(explain(config, "turn on the floor lamp"))
    lines = text.splitlines()
    assert lines[:-1] == [
        "text:       turn on the floor lamp",
        "intent:     HassTurnOn (confidence 0.97, grammar)",
        "slots:      name='Floor Lamp'",
        "outcome:    executed",
        "targets:    floor_lamp",
        "response:   Turned on the Floor Lamp.",
        "actions:    1",
        '  zigbee2mqtt/living_room/floor_lamp/set {"state":"ON","transition":0.5} (qos=1)',
    ]
    assert re.fullmatch(r"timings:    recognize \d+\.\d{3} ms, decide \d+\.\d{3} ms", lines[-1])


def test_a_high_risk_sentence_shows_what_a_yes_would_send(config: Config) -> None:
    explanation = explain(config, "unlock the front door")
    assert explanation.outcome == "awaiting_confirmation"
    assert explanation.needs_confirmation
    assert explanation.response == "Unlock the Front Door? Say yes to confirm."
    assert [(a.topic, a.payload) for a in explanation.actions] == [
        ("zigbee2mqtt/hallway/front_door_lock/set", '{"state":"UNLOCK"}')
    ]
    assert "outcome:    awaiting_confirmation (needs confirmation)" in format_explanation(explanation)


def test_heard_in_another_area(config: Config) -> None:
    explanation = explain(config, "turn off the lights", area_id="bedroom")
    assert explanation.slots == {"area": "Bedroom", "domain": "light"}
    assert explanation.targets == ("bedroom_lamp",)
    assert [(a.topic, a.payload) for a in explanation.actions] == [("zigbee2mqtt/bedroom/lamp/set", '{"state":"OFF"}')]


def test_a_non_command(config: Config) -> None:
    explanation = explain(config, "tell me a joke")
    assert (explanation.intent, explanation.outcome, explanation.actions) == ("none", "ignored", ())
    text = format_explanation(explanation)
    for line in ("intent:     none (confidence 0.00, -)", "slots:      -", "targets:    -", "actions:    0"):
        assert line in text.splitlines()


def test_a_context_text_is_taken_into_account(config: Config) -> None:
    everywhere = "turn off all the lights in the house"
    plain = explain(config, everywhere)
    assert "bedroom_lamp" in plain.targets
    quiet = explain(config, everywhere, context_text="guests are sleeping in the bedroom")
    assert set(quiet.targets) == set(plain.targets) - {"bedroom_lamp"}
    assert quiet.response.endswith("I left the Bedroom alone.")
    here = explain(config, "turn on the lights", context_text="I'm in the kitchen")
    assert here.targets == ("kitchen_ceiling", "counter_lights")
