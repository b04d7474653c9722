"""An ordinary week of everyday use: indirect and casual ways of asking ("how warm is the house", "let's get
party mode going", "stick another 5 mins on the timer"), a command with a remark about what something is
doing ("the sun's waking me up", "phone's ringing", "pizza guy's at the door"), a level said after a lighter
or darker wish, questions asked of what a room really has (its motion sensor, the humidity sensor named after
it), a yes said as "let him in" or "go on then, ...", "stop that a sec" (a pause), a purpose said after a
command ("... for the match"), and "switch it off" with a lamp on beside the playing TV: asked, not guessed.
The grammar alone reads them all."""

from __future__ import annotations

import pytest

from assistantd import intents
from assistantd.config import load_config
from assistantd.config.settings import Config
from assistantd.fusion.combined import CombinedRecognizer
from assistantd.fusion.turns import Previous
from assistantd.fusion.understand import TurnRecognizer
from assistantd.grammar.recognizer import GrammarRecognizer
from tests.support.configs import EXAMPLE
from tests.support.readers import heard_in, in_here, pointing

CONFIG = load_config(EXAMPLE)


@pytest.mark.parametrize(
    ("text", "area", "intent", "slots"),
    [
        ("close the shades in here, the sun's waking me up", "Guest Room", intents.TURN_OFF,
         {"area": "Guest Room", "domain": "cover", "device_class": "shade"}),
        ("hang on hang on, pause that, phone's ringing", "Living Room", intents.MEDIA_PAUSE,
         {"area": "Living Room"}),
        ("how warm is the house at the moment", None, intents.CLIMATE_GET_TEMPERATURE, {}),
        ("let's get party mode going!", None, intents.TURN_ON, {"name": "Party Mode", "domain": "scene"}),
        ("stick another 5 mins on the timer", None, intents.INCREASE_TIMER, {"minutes": 5}),
        ("is the ceiling fan still spinning?", None, intents.GET_STATE,
         {"name": "Ceiling Fan", "state": "on"}),
        ("has the garage light been on all day", None, intents.GET_STATE,
         {"name": "Garage Light", "state": "on"}),
        ("how humid is the lounge right now", None, intents.GET_STATE,
         {"name": "Living room humidity"}),
        ("what's the humidity in the living room", None, intents.GET_STATE, {"name": "Living room humidity"}),
        ("is the smoke alarm in the kitchen going off or is that just the toaster", None, intents.GET_STATE,
         {"area": "Kitchen", "domain": "binary_sensor", "device_class": "smoke", "state": "on"}),
        ("could I have the lights in here a bit dimmer, maybe forty percent?", "Kitchen", intents.LIGHT_SET,
         {"area": "Kitchen", "brightness": 40}),
        ("which time is it now?", None, intents.GET_CURRENT_TIME, {}),
        ("do you know if it's raining right now?", None, intents.GET_WEATHER, {}),
        ("do you know if the garage light's on", None, intents.GET_STATE,
         {"name": "Garage Light", "state": "on"}),
        ("could I have the lights in here a bit softer, maybe forty percent?", "Living Room",
         intents.LIGHT_SET, {"area": "Living Room", "brightness": 40}),
        ("make the lights in the kitchen softer", None, intents.LIGHT_SET,
         {"area": "Kitchen", "domain": "light", "brightness_step": -20}),
        ("anyone in the kitchen right now", None, intents.GET_STATE,
         {"area": "Kitchen", "domain": "binary_sensor", "device_class": "occupancy", "state": "on"}),
    ],
)  # fmt: skip
def test_what_was_meant_is_read(
    ha_home: CombinedRecognizer, ha_config: Config, text: str, area: str | None, intent: str, slots: dict
) -> None:
    assert heard_in(ha_home, ha_config, text, area) == (intent, slots), text


@pytest.mark.parametrize(
    "text",
    [
        "the sun's waking me up",
        "hang on hang on",
        "let us know when you get there",
        "the phone's ringing, can someone get it",
        "how humid is it in brazil at this time of year",
        "make the music softer",
        "do you know if the kids are in bed",
    ],
)
def test_what_asks_for_nothing_stays_nothing(ha_home: CombinedRecognizer, text: str) -> None:
    assert not ha_home.recognize(text).is_command, text


@pytest.mark.parametrize(
    ("text", "area", "intent", "slots"),
    [
        ("send Rover round to do the floors", None, intents.VACUUM_START, {"name": "Rover"}),
        ("send the hoover back to its charger", None, intents.VACUUM_RETURN, {"name": "Rover"}),
        ("brr, what's the temperature out here by the door?", "hallway", intents.CLIMATE_GET_TEMPERATURE,
         {"area": "Hallway"}),
        ("is there anyone in the study", None, intents.GET_STATE,
         {"area": "Office", "domain": "binary_sensor", "device_class": "motion", "state": "on"}),
        ("I'd be curious whether anyone's moving about in the study right now.", None, intents.GET_STATE,
         {"area": "Office", "domain": "binary_sensor", "device_class": "motion", "state": "on"}),
    ],
)  # fmt: skip
def test_the_example_home(
    example_reader: CombinedRecognizer, text: str, area: str | None, intent: str, slots: dict
) -> None:
    read = example_reader.recognize(text, area_id=area)
    assert (read.name, read.slots.as_dict()) == (intent, slots), text


@pytest.mark.parametrize(
    ("text", "candidates", "expected"),
    [
        ("hold that a minute, pizza guy's at the door", (("tv", 0.91), ("floor_lamp", 0.15)),
         (intents.MEDIA_PAUSE, ("tv",), False)),
        ("um can you put that on, the football's about to start", (("tv", 0.83), ("floor_lamp", 0.24)),
         (intents.TURN_ON, ("tv",), False)),
        ("wait, has that been on all day?", (("living_room_ceiling_light", 0.74), ("floor_lamp", 0.33)),
         (intents.GET_STATE, ("living_room_ceiling_light",), False)),
        ("hang on, phone's going, stop that a sec", (("tv", 0.89), ("living_room_ceiling_light", 0.21)),
         (intents.MEDIA_PAUSE, ("tv",), False)),
        ("can that one go green for the match", (("floor_lamp", 0.8), ("tv", 0.3)),
         (intents.LIGHT_SET, ("floor_lamp",), False)),
    ],
)  # fmt: skip
def test_what_is_pointed_at_with_a_remark(
    example_turns: TurnRecognizer, text: str, candidates: tuple, expected: tuple
) -> None:
    assert in_here(example_turns, text, pointing(*candidates)) == expected


def test_switch_it_off_beside_a_lamp_that_is_on_asks_which() -> None:
    reader = TurnRecognizer(CONFIG, CombinedRecognizer(CONFIG, grammar=GrammarRecognizer(CONFIG)))
    both = (("tv", "on"), ("floor_lamp", "on"), ("living_room_ceiling_light", "off"))
    alone = (("tv", "on"), ("floor_lamp", "off"), ("living_room_ceiling_light", "off"))
    assert in_here(reader, "can you switch it off", states=both) == (intents.TURN_OFF, (), True)
    assert in_here(reader, "can you switch it off", states=alone) == (intents.TURN_OFF, ("tv",), False)
    assert in_here(reader, "pause it", states=both) == (intents.MEDIA_PAUSE, ("tv",), False)


def test_let_him_in_answers_the_question_waiting() -> None:
    reader = TurnRecognizer(CONFIG, CombinedRecognizer(CONFIG, grammar=GrammarRecognizer(CONFIG)))
    waiting = {
        "awaiting_confirmation": True,
        "previous": Previous(intents.TURN_OFF, ("front_door",), (("name", "Front Door"),)),
    }
    for text in ("yeah let him in, it's the Amazon driver", "yep, she's got the shopping, let her in",
                 "go ahead, she's got the shopping"):  # fmt: skip
        assert in_here(reader, text, **waiting) == (intents.CONFIRM, ("front_door",), False), text


def test_go_on_then_with_a_remark_is_a_yes() -> None:
    reader = TurnRecognizer(CONFIG, CombinedRecognizer(CONFIG, grammar=GrammarRecognizer(CONFIG)))
    waiting = {
        "awaiting_confirmation": True,
        "previous": Previous(intents.TURN_ON, ("garage_door",), (("name", "Garage Door"),)),
    }
    said = in_here(reader, "Go on then, I'll be wanting the car later.", **waiting)
    assert said == (intents.CONFIRM, ("garage_door",), False)
    assert in_here(reader, "right, I'm off to bed", **waiting) == (intents.NONE, (), False)
