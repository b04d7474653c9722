"""Requests said as the state wanted or its opposite ruled out ("I don't want the garage light on", "no more
music", "no lights upstairs"), a thermostat moved by degrees ("turn the heating up a couple of degrees"), and
commands said among chatter, read by the example home's grammar and fusion (no model); the daemon's side of a
temperature step (from the set-point last reported, never a guess)."""

from __future__ import annotations

import dataclasses

import pytest

from assistantd import intents
from assistantd.config import load_config
from assistantd.devices.dialects import parse_state
from assistantd.devices.state import DeviceState
from assistantd.fusion.combined import CombinedRecognizer
from assistantd.fusion.ellipsis import other_one
from assistantd.fusion.turns import Previous
from assistantd.fusion.understand import _degrees, _stepped
from assistantd.grammar.goals import wanted
from assistantd.intents import Intent, Slots
from assistantd.rules.services import climate_commands
from tests.support.configs import EXAMPLE


@pytest.mark.parametrize(
    ("text", "intent", "slots"),
    [
        ("I don't want the garage light burning all night, thanks", intents.TURN_OFF,
         {"name": "Garage Light"}),
        ("I'd rather the desk lamp wasn't on", intents.TURN_OFF, {"name": "Desk Lamp"}),
        ("can we not have the blinds open, the whole street can see in", intents.TURN_OFF,
         {"name": "Bedroom Blinds"}),
        ("the front door shouldn't be unlocked at this hour", intents.TURN_ON, {"name": "Front Door"}),
        ("the coffee maker doesn't need to be on, nobody's here", intents.TURN_OFF, {"name": "Coffee Maker"}),
        ("make sure the front door is locked", intents.TURN_ON, {"name": "Front Door"}),
        ("enough of the telly for one day", intents.TURN_OFF, {"name": "TV"}),
        ("I'm done with the desk lamp", intents.TURN_OFF, {"name": "Desk Lamp"}),
        ("no lights in the kitchen, please", intents.TURN_OFF, {"area": "Kitchen", "domain": "light"}),
        ("I don't want it paused any more", intents.MEDIA_UNPAUSE, {"area": "Living Room"}),
        ("nobody left the garage light on, did they?", intents.GET_STATE,
         {"name": "Garage Light", "state": "on"}),
        ("the front door isn't unlocked, is it?", intents.GET_STATE,
         {"name": "Front Door", "domain": "lock", "state": "unlocked"}),
        ("sorry, that's the doorbell - pause the telly", intents.MEDIA_PAUSE, {"name": "TV"}),
        ("kids are asleep at last - garage light off and that's me finished", intents.TURN_OFF,
         {"name": "Garage Light"}),
        ("the bedroom blinds at 40 pc", intents.SET_POSITION,
         {"name": "Bedroom Blinds", "domain": "cover", "position": 40}),
        ("desk lamp to sixty per cent", intents.LIGHT_SET, {"name": "Desk Lamp", "brightness": 60}),
        ("heating to 23", intents.CLIMATE_SET_TEMPERATURE, {"name": "Thermostat", "temperature": 23.0}),
        ("turn the heating up a couple of degrees", intents.CLIMATE_SET_TEMPERATURE,
         {"name": "Thermostat", "temperature_step": 2.0}),
        ("turn the heat down", intents.CLIMATE_SET_TEMPERATURE,
         {"area": "Living Room", "temperature_step": -1.0}),
        ("make it a bit warmer in the hallway", intents.CLIMATE_SET_TEMPERATURE,
         {"area": "Hallway", "temperature_step": 1.0}),
        ("lower the temperature in the hallway by 1.5 degrees", intents.CLIMATE_SET_TEMPERATURE,
         {"area": "Hallway", "temperature_step": -1.5}),
        ("thermostat three degrees cooler", intents.CLIMATE_SET_TEMPERATURE,
         {"name": "Thermostat", "temperature_step": -3.0}),
        ("turn the heating up to 22", intents.CLIMATE_SET_TEMPERATURE,
         {"name": "Thermostat", "temperature": 22.0}),
    ],
)  # fmt: skip
def test_states_wanted_ruled_out_and_degrees_are_read_as_meant(
    example_reader: CombinedRecognizer, text: str, intent: str, slots: dict[str, object]
) -> None:
    heard = example_reader.recognize(text)
    assert (heard.name, heard.slots.as_dict()) == (intent, slots)


@pytest.mark.parametrize(
    "text",
    [
        "no lights on the first floor, everyone's in bed",
        "I don't want a single light left on upstairs",
        "no more lights in here, I'm trying to sleep",
        "the desk lamp shouldn't be on",
        "can we not have the fan on",
    ],
)
def test_a_state_ruled_out_is_never_switched_the_other_way(
    example_reader: CombinedRecognizer, text: str
) -> None:
    heard = example_reader.recognize(text)
    assert heard.name != intents.TURN_ON, f"switched on: {heard}"


def test_no_said_before_a_command_with_a_comma_is_a_correction_not_a_goal() -> None:
    assert (
        wanted("no lights on in the kitchen", "no lights on in the kitchen")
        == "turn off the lights in the kitchen"
    )
    assert wanted("no lights on in the kitchen", "no, lights on in the kitchen") is None
    assert wanted("no more music", "no more music") == "pause the music"
    assert wanted("i do not want a single light left on", "") == "turn off all the lights"
    assert wanted("turn on the lights", "turn on the lights") is None
    assert wanted("do not turn on the lights", "do not turn on the lights") is None  # a prohibition: no goal


def test_a_model_reading_of_degrees_warmer_is_a_step_not_a_set_point() -> None:
    def read(temperature: float | None, text: str) -> Slots:
        intent = Intent(
            intents.CLIMATE_SET_TEMPERATURE, Slots(name="Thermostat", temperature=temperature), 0.9
        )
        return _degrees(intent, text.split()).slots

    assert read(2, "thermostat two degrees warmer") == Slots(name="Thermostat", temperature_step=2)
    assert read(None, "bit chilly turn the heating up") == Slots(name="Thermostat", temperature_step=1)
    assert read(2, "lower the heating 2 degrees") == Slots(name="Thermostat", temperature_step=-2)
    assert read(22, "turn the heating up to 22") == Slots(name="Thermostat", temperature=22)
    assert read(21, "heating up 21") == Slots(name="Thermostat", temperature=21)  # no step is that large
    assert read(5, "set the heating to 5") == Slots(name="Thermostat", temperature=5)
    assert read(None, "heading up now tuck the house in") == Slots(name="Thermostat")  # no heat said


def test_a_model_reading_of_so_many_percent_dimmer_is_a_step_not_a_level() -> None:
    def read(text: str) -> Slots:
        return _stepped(Intent(intents.LIGHT_SET, Slots(name="Desk Lamp", brightness=20), 1.0), text).slots

    assert read("the lamp in the study's too bright, twenty percent dimmer") == Slots(
        name="Desk Lamp", brightness_step=-20
    )
    assert read("desk lamp 20 brighter") == Slots(name="Desk Lamp", brightness_step=20)
    assert read("dim the desk lamp to 20 percent") == Slots(name="Desk Lamp", brightness=20)


def test_a_temperature_step_moves_the_reported_set_point_and_never_guesses() -> None:
    config = load_config(EXAMPLE)
    thermostat = config.device("thermostat")
    assert thermostat is not None
    warmer = Intent(intents.CLIMATE_SET_TEMPERATURE, Slots(temperature_step=2.0))
    reported = DeviceState(state="heat", target_temperature=19.5)
    assert [c.temperature for c in climate_commands(warmer, thermostat, reported)] == [21.5]
    assert climate_commands(warmer, thermostat, DeviceState(state="heat")) == ()  # asked for a temperature
    assert climate_commands(warmer, thermostat, None) == ()
    cooler = dataclasses.replace(warmer, slots=Slots(temperature_step=-1.0))
    assert [c.temperature for c in climate_commands(cooler, thermostat, reported)] == [18.5]
    lamp = config.device("bedroom_lamp")
    assert lamp is not None and climate_commands(warmer, lamp, reported) == ()


def test_a_generic_thermostats_json_state_reports_its_set_point() -> None:
    thermostat = load_config(EXAMPLE).device("thermostat")
    assert thermostat is not None
    topic = "hallway/thermostat/state"
    state = parse_state(thermostat, topic, b'{"mode": "heat", "setpoint": 20.5}', DeviceState(), 7)
    assert state is not None and (state.state, state.target_temperature) == ("heat", 20.5)
    odd = parse_state(thermostat, topic, b'{"mode": "heat", "setpoint": "warm"}', DeviceState(), 7)
    assert odd is not None and odd.target_temperature is None


@pytest.mark.parametrize(
    ("text", "area_id", "slots"),
    [
        ("the lamp off", "bedroom", {"name": "Bedroom Lamp"}),
        ("make my lamp blue", "bedroom", {"name": "Bedroom Lamp", "color": "blue"}),
        ("the lamp, seventy five percent", "living_room", {"name": "Floor Lamp", "brightness": 75}),
        ("the lamps off", "bedroom", {"area": "Bedroom", "domain": "light"}),
        ("the light off", "bedroom", {"area": "Bedroom", "domain": "light"}),
        ("the lamp off", "kitchen", {"area": "Kitchen", "domain": "light"}),  # no lamp there: its lights
        ("the under cupboard lights on", "kitchen", {"name": "Counter Lights"}),  # "under cabinet lights"
    ],
)
def test_the_lamp_of_a_room_with_one_lamp_and_names_in_everyday_words(
    example_reader: CombinedRecognizer, text: str, area_id: str, slots: dict[str, object]
) -> None:
    assert example_reader.recognize(text, area_id=area_id).slots.as_dict() == slots


def test_the_other_one_is_the_one_other_device_of_the_kind_in_that_room() -> None:
    config = load_config(EXAMPLE)
    kitchen = Previous(intents.TURN_OFF, ("kitchen_ceiling",), (("name", "Kitchen Ceiling Light"),))
    found = other_one(config, "and the other one in there", kitchen)
    assert found is not None and (found.name, found.slots.as_dict()) == (
        intents.TURN_OFF,
        {"name": "Counter Lights"},
    )
    blue = Previous(intents.LIGHT_SET, ("floor_lamp",), (("name", "Floor Lamp"), ("color", "blue")))
    found = other_one(config, "the other light too", blue)
    assert found is not None and found.slots.as_dict() == {
        "name": "Living Room Ceiling Light",
        "color": "blue",
    }
    lone = Previous(intents.TURN_ON, ("bedroom_lamp",), (("name", "Bedroom Lamp"),))
    assert other_one(config, "and the other one", lone) is None  # no other light in the bedroom
    assert other_one(config, "the other one is broken", kitchen) is None
