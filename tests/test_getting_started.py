"""A household getting to know the assistant: testing it ("right, let's see if this actually works: ..."),
not knowing what things are called ("the big light", "the tall lamp in the corner", "the under-cupboard
ones"), the room's one lamp or curtain said without a place ("is the lamp on?" in the bedroom, "curtain to
80 percent"), "these lights", "curtains closed please", "we need some light in here", "temp in here?",
"how's the solar production looking", "has Ada got home"; and what is said of the home rather than asked of
it ("the kitchen lights are so much brighter than in our old place", "the thermostat's in the living room")
or a name not found ("turn on the... what's it called again"), which are no command."""

from __future__ import annotations

import pytest

from assistantd import intents
from assistantd.config.settings import Config
from assistantd.fusion.combined import CombinedRecognizer
from assistantd.fusion.doubts import stated
from assistantd.fusion.turns import Previous
from assistantd.fusion.understand import TurnRecognizer
from tests.support.readers import heard_in, in_here, pointing


@pytest.mark.parametrize(
    ("text", "area", "intent", "slots"),
    [
        ("right, let's see if this actually works: switch the living room lamp on", None, intents.TURN_ON,
         {"name": "Living Room Lamp"}),
        ("is the lamp on? I can't tell from under the duvet", "Bedroom", intents.GET_STATE,
         {"name": "Bedroom Lamp", "state": "on"}),
        ("is the lamp on", None, intents.GET_STATE, {"domain": "light", "state": "on"}),
        ("the curtain, can you open it? I want to see what the weather's like", "Bedroom", intents.TURN_ON,
         {"name": "Bedroom Curtain"}),
        ("curtain to 80 percent open please", "Bedroom", intents.SET_POSITION,
         {"name": "Bedroom Curtain", "domain": "cover", "position": 80}),
        ("set the curtain in the bedroom to 50%", None, intents.SET_POSITION,
         {"area": "Bedroom", "domain": "cover", "device_class": "curtain", "position": 50}),
        ("open the curtain", "Living Room", intents.TURN_ON,
         {"area": "Living Room", "domain": "cover", "device_class": "curtain"}),
        ("switch these lights off, the film's starting", "Living Room", intents.TURN_OFF,
         {"area": "Living Room", "domain": "light"}),
        ("curtains closed please, the neighbours can see right in", "Living Room", intents.TURN_OFF,
         {"area": "Living Room", "domain": "cover", "device_class": "curtain"}),
        ("we need some light in here, I can't find the remote", "Living Room", intents.TURN_ON,
         {"area": "Living Room", "domain": "light"}),
        ("how's the solar production looking today", None, intents.GET_STATE, {"name": "Solar production"}),
        ("has Ada got home from work", None, intents.GET_STATE,
         {"name": "Ada", "domain": "person", "state": "home"}),
        ("temp in here?", "Office", intents.CLIMATE_GET_TEMPERATURE, {"area": "Office"}),
    ],
)  # fmt: skip
def test_what_a_new_household_means_is_read(
    ha_home: CombinedRecognizer, ha_config: Config, text: str, area: str | None, intent: str, slots: dict
) -> None:
    assert heard_in(ha_home, ha_config, text, area) == (intent, slots), text


@pytest.mark.parametrize(
    ("text", "area", "slots"),
    [
        ("can you get the big light in the lounge on", None, {"name": "Living Room Ceiling Light"}),
        ("can you turn the big light off in here", "living_room", {"name": "Living Room Ceiling Light"}),
        ("the tall lamp in the corner, off please", "living_room", {"name": "Floor Lamp"}),
    ],
)
def test_a_device_described_is_asked_about_by_its_name(
    example_reader: CombinedRecognizer, text: str, area: str | None, slots: dict
) -> None:
    read = example_reader.recognize(text, area_id=area)
    assert read.name in (intents.TURN_ON, intents.TURN_OFF) and read.slots.as_dict() == slots, text
    assert example_reader.asks_first(read), text


def test_lights_said_with_their_room_are_the_rooms(example_reader: CombinedRecognizer) -> None:
    for text in ("turn on the lights in the kitchen", "the kitchen lights on please"):
        read = example_reader.recognize(text)
        assert read.slots.as_dict() == {"area": "Kitchen", "domain": "light"}, text


def test_the_room_heard_in_said_as_here_by_the_door(example_reader: CombinedRecognizer) -> None:
    read = example_reader.recognize("how warm is it here by the front door?", area_id="hallway")
    assert (read.name, read.slots.as_dict()) == (intents.CLIMATE_GET_TEMPERATURE, {"area": "Hallway"})


@pytest.mark.parametrize(
    "text",
    [
        "the kitchen lights are so much brighter than in our old place",
        "so the thermostat's in the living room and the other one is down in the office",
        "the lamp is on the desk",
    ],
)
def test_what_is_said_of_the_home_is_no_request(text: str) -> None:
    assert stated(text), text


@pytest.mark.parametrize(
    "text",
    [
        "make the kitchen lights brighter than that",
        "the lights in the kitchen are on?",
        "the lamp in the lounge on",
    ],
)
def test_requests_and_questions_are_not_statements(text: str) -> None:
    assert not stated(text), text


def test_a_name_not_found_is_no_command(example_reader: CombinedRecognizer) -> None:
    assert not example_reader.recognize("turn on the... oh hang on, what's it called again").is_command


def test_can_that_play_again_resumes_what_is_pointed_at(example_turns: TurnRecognizer) -> None:
    pointed = pointing(("tv", 0.85), ("floor_lamp", 0.12))
    said = in_here(example_turns, "right, and can that play again now", pointed, states=(("tv", "paused"),))
    assert said == (intents.MEDIA_UNPAUSE, ("tv",), False)


def test_follow_ups_with_all_and_everyday_words(example_turns: TurnRecognizer) -> None:
    upstairs = Previous(intents.TURN_OFF, ("bedroom_lamp", "office_desk_lamp"),
                        (("floor", "Upstairs"), ("domain", "light")))  # fmt: skip
    downstairs = ("floor_lamp", "living_room_ceiling_light", "kitchen_ceiling", "counter_lights")
    said = in_here(example_turns, "and all the downstairs ones as well", area="bedroom", previous=upstairs)
    assert said == (intents.TURN_OFF, downstairs, False)
    ceiling = Previous(intents.TURN_ON, ("kitchen_ceiling",), (("name", "Kitchen Ceiling Light"),))
    said = in_here(example_turns, "the under-cupboard ones too, thanks", area="kitchen", previous=ceiling)
    assert said == (intents.TURN_ON, ("counter_lights",), False)
