"""Devices described rather than named, as new users say them: the description is replaced by the name of
the one device it fits, the reading is asked about first, and a bare kind noun describes nothing."""

from __future__ import annotations

import pytest

from assistantd import intents
from assistantd.config import load_config
from assistantd.fusion.combined import CombinedRecognizer
from assistantd.fusion.described import described
from assistantd.grammar.recognizer import GrammarRecognizer
from tests.support.configs import EXAMPLE


@pytest.fixture(scope="module")
def combined() -> CombinedRecognizer:
    config = load_config(EXAMPLE)
    return CombinedRecognizer(config, grammar=GrammarRecognizer(config))


@pytest.mark.parametrize(
    ("text", "heard_in", "expected"),
    [
        ("the lamp next to the bed, on please", None, "the bedroom lamp on please"),
        ("turn off the big light in the lounge", None, "turn off the living room ceiling light"),
        ("the tall lamp in the lounge, on please", None, "the floor lamp on please"),
        ("switch on the lamp on the desk in the study", None, "switch on the desk lamp"),
        ("the fan above the bed in the master bedroom, off", None, "the ceiling fan off"),
        ("switch the big light on", "living_room", "switch the living room ceiling light on"),
        ("switch the big light on", "kitchen", "switch the kitchen ceiling light on"),
        ("switch the big light on", None, None),  # three ceiling lights fit alike: no guess
        ("turn on the light in the kitchen", None, None),  # a bare kind noun describes nothing
        ("turn the lamp on", None, None),
        ("the lamp by the sofa on please", None, None),  # no lamp's name says sofa, and three are lamps
        ("the lamp and the fan off", None, None),  # two kind nouns: not one description
        # "in 5 minutes" says when, not which: left alone (and the command is put off, a timer)
        ("turn off the floor lamp in 5 minutes", None, "turn off the floor lamp in 5 minutes"),
        (
            "turn off the big light in 5 minutes",
            "living_room",
            "turn off the living room ceiling light in 5 minutes",
        ),
    ],
)
def test_a_description_is_replaced_by_the_name_it_fits(
    text: str, heard_in: str | None, expected: str | None
) -> None:
    assert described(load_config(EXAMPLE), text, heard_in) == expected


@pytest.mark.parametrize(
    ("text", "intent", "name"),
    [
        ("the lamp next to the bed, on please", intents.TURN_ON, "Bedroom Lamp"),
        ("kill the big light in the lounge", intents.TURN_OFF, "Living Room Ceiling Light"),
        ("the fan above the bed in the master bedroom, off", intents.TURN_OFF, "Ceiling Fan"),
    ],
)
def test_a_command_about_a_described_device_is_asked_about_first(
    combined: CombinedRecognizer, text: str, intent: str, name: str
) -> None:
    read = combined.recognize(text)
    assert (read.name, read.slots.name) == (intent, name)
    assert combined.asks_first(read)  # "Did you mean: turn on the Bedroom Lamp?"
    named = combined.recognize(f"turn on the {name}")
    assert named.slots.name == name and not combined.asks_first(named)


def test_a_command_about_a_described_device_put_off_is_still_put_off(combined: CombinedRecognizer) -> None:
    read = combined.recognize("turn off the floor lamp in 5 minutes")
    assert (read.name, read.slots.minutes) == (intents.START_TIMER, 5)
