"""Target resolution: which devices an intent means."""

from __future__ import annotations

import dataclasses

import pytest

from assistantd import intents
from assistantd.fusion.resolve import resolve_targets
from assistantd.rules.phrases import kinds_word
from assistantd.rules.targets import intent_domains
from tests.support.home import GARAGE_DOOR, HOME, THERMOSTAT, intent, z2m


def _ids(found) -> list[str]:
    return [device.id for device in found.devices]


CASES = [
    # by name, alias, case-insensitively
    (intent(intents.TURN_ON, name="Kitchen Light"), ["kitchen_light"]),
    (intent(intents.TURN_ON, name="kitchen light"), ["kitchen_light"]),
    (intent(intents.TURN_ON, name="Ceiling Light"), ["kitchen_light"]),
    (intent(intents.TURN_OFF, name="Front Door"), ["front_door"]),
    (intent(intents.GET_STATE, name="Outdoor Temperature"), ["outdoor"]),
    (intent(intents.TURN_ON, name="Movie Scene", domain="scene"), ["movie_scene"]),
    (intent(intents.TURN_ON, name="Main Valve", domain="valve"), ["valve"]),
    # by area + domain (area by name or alias)
    (intent(intents.TURN_ON, area="Kitchen", domain="light"), ["kitchen_light", "kitchen_strip"]),
    (intent(intents.TURN_OFF, area="lounge", domain="light"), ["living_lamp"]),
    (intent(intents.TURN_OFF, area="Living Room", domain="cover", device_class="curtain"), ["blinds"]),
    (intent(intents.TURN_ON, area="Kitchen", domain="switch"), ["kettle"]),
    # by floor
    (intent(intents.TURN_OFF, floor="First Floor", domain="light"), ["bedroom_light", "office_light"]),
    (intent(intents.TURN_OFF, floor="upstairs", domain="light"), ["bedroom_light", "office_light"]),
    # the site's area by default
    (intent(intents.TURN_ON), ["kitchen_light", "kitchen_strip"]),
    (intent(intents.TURN_ON, domain="light"), ["kitchen_light", "kitchen_strip"]),
    (intent(intents.LIGHT_SET, brightness=50), ["kitchen_light", "kitchen_strip"]),
    # "all": no name filter; without a place, the whole home
    (
        intent(intents.TURN_OFF, name="all", domain="light"),
        ["kitchen_light", "kitchen_strip", "living_lamp", "bedroom_light", "office_light"],
    ),
    (intent(intents.TURN_OFF, name="all", domain="light", area="Bedroom"), ["bedroom_light"]),
    (intent(intents.TURN_OFF, name="ALL", area="Kitchen"), ["kitchen_light", "kitchen_strip", "kettle"]),
    # the domain that fits the intent
    (intent(intents.MEDIA_PAUSE, area="Living Room"), ["tv"]),
    (intent(intents.SET_VOLUME, volume_level=20, area="Living Room"), ["tv"]),
    (intent(intents.SET_POSITION, position=50, area="Living Room"), ["blinds"]),
    (intent(intents.SET_POSITION, position=50, area="Garage"), ["garage_door", "valve"]),
    (intent(intents.CLIMATE_SET_TEMPERATURE, temperature=21, area="Living Room"), ["thermostat"]),
    # climate: the only thermostat of the home when the site's area has none
    (intent(intents.CLIMATE_SET_TEMPERATURE, temperature=21), ["thermostat"]),
    (intent(intents.CLIMATE_GET_TEMPERATURE), ["thermostat"]),
    (intent(intents.GET_STATE, area="Hall"), ["front_door", "hall_door"]),
    (intent(intents.GET_STATE, domain="lock"), ["front_door"]),
    (
        intent(intents.GET_STATE, domain="light", state="on"),
        ["kitchen_light", "kitchen_strip", "living_lamp", "bedroom_light", "office_light"],
    ),
]


@pytest.mark.parametrize(("asked", "expected"), CASES)
def test_resolution(asked, expected: list[str]) -> None:
    found = resolve_targets(HOME, asked, area_id="kitchen")
    if expected:
        assert found.problem is None
    assert _ids(found) == expected


PROBLEMS = [
    (intent(intents.TURN_ON, name="Disco Ball"), "I don't know a device called Disco Ball"),
    (intent(intents.TURN_ON, area="Garage", domain="light"), "There are no lights in the Garage"),
    (intent(intents.TURN_ON, area="Attic", domain="light"), "I don't know an area called Attic"),
    (intent(intents.TURN_ON, floor="Roof", domain="light"), "I don't know a floor called Roof"),
    (intent(intents.LIGHT_SET, name="Kettle", brightness=10), "Kettle is not a light"),
    (
        intent(intents.TURN_ON, name="Kitchen Light", area="Bedroom"),
        "There is no Kitchen Light in the Bedroom",
    ),
    (intent(intents.TURN_ON, name="Outdoor Temperature"), "Outdoor Temperature can't do that"),
    (intent(intents.MEDIA_PAUSE), "There are no media players in the Kitchen"),
    (
        intent(intents.CLIMATE_SET_TEMPERATURE, temperature=20, area="Bedroom"),
        "There are no thermostats in the Bedroom",
    ),
    (intent(intents.SET_POSITION, position=3), "There are no covers or valves in the Kitchen"),
    (
        intent(intents.TURN_OFF, area="Living Room", domain="cover", device_class="garage_door"),
        "There are no garage doors in the Living Room",
    ),
    (intent(intents.TURN_OFF, floor="First Floor", domain="fan"), "There are no fans on the First Floor"),
    (
        intent(intents.GET_STATE, domain="binary_sensor", device_class="battery"),
        "There are no battery sensors",
    ),
]


@pytest.mark.parametrize(("asked", "problem"), PROBLEMS)
def test_problems_in_plain_words(asked, problem: str) -> None:
    found = resolve_targets(HOME, asked, area_id="kitchen")
    assert found.devices == ()
    assert found.problem == problem


def test_place_words_and_area() -> None:
    found = resolve_targets(HOME, intent(intents.TURN_ON, area="lounge", domain="light"), area_id="kitchen")
    assert (found.place, found.area_id) == ("in the Living Room", "living_room")
    found = resolve_targets(HOME, intent(intents.TURN_ON, floor="Ground Floor"), area_id="kitchen")
    assert (found.place, found.area_id) == ("on the Ground Floor", None)
    found = resolve_targets(HOME, intent(intents.TURN_ON, name="Desk Lamp"), area_id="kitchen")
    assert (found.place, found.area_id) == ("", "office")


def test_a_shared_name_prefers_the_site_area() -> None:
    twin = z2m("bedroom_lamp", "Lamp", "light", "bedroom", "BL")
    other = z2m("office_lamp", "Lamp", "light", "office", "OL")
    config = dataclasses.replace(HOME, devices=(*HOME.devices, twin, other))
    assert _ids(resolve_targets(config, intent(intents.TURN_ON, name="Lamp"), area_id="office")) == [
        "office_lamp"
    ]
    both = resolve_targets(config, intent(intents.TURN_ON, name="Lamp"), area_id="kitchen")
    assert _ids(both) == ["bedroom_lamp", "office_lamp"]
    assert both.area_id is None
    assert _ids(
        resolve_targets(config, intent(intents.TURN_ON, name="Lamp", area="Bedroom"), area_id="office")
    ) == ["bedroom_lamp"]


def test_climate_fallback_needs_a_single_thermostat_and_an_unspoken_area() -> None:
    second = dataclasses.replace(THERMOSTAT, id="bedroom_thermostat", area="bedroom")
    config = dataclasses.replace(HOME, devices=(*HOME.devices, second))
    found = resolve_targets(
        config, intent(intents.CLIMATE_SET_TEMPERATURE, temperature=20), area_id="kitchen"
    )
    assert found.problem == "There are no thermostats in the Kitchen"
    found = resolve_targets(HOME, intent(intents.CLIMATE_GET_TEMPERATURE, area="Hall"), area_id="kitchen")
    assert found.problem == "There are no thermostats in the Hall"


def test_a_kind_asked_for_where_it_was_heard_falls_back_to_the_homes_only_one() -> None:
    asked = intent(intents.TURN_OFF, area="Kitchen", domain="cover", device_class="garage_door")
    found = resolve_targets(HOME, asked, area_id="kitchen")  # "close the garage door" heard in the kitchen
    assert (_ids(found), found.problem, found.area_id) == (["garage_door"], None, "garage")
    second = dataclasses.replace(GARAGE_DOOR, id="second_garage_door", name="Carport Door")
    both = dataclasses.replace(HOME, devices=(*HOME.devices, second))
    two = resolve_targets(both, asked, area_id="kitchen")
    assert two.problem == "There are no garage doors in the Kitchen"
    said_elsewhere = resolve_targets(HOME, asked, area_id="bedroom")  # the Kitchen was said, not heard
    assert said_elsewhere.problem == "There are no garage doors in the Kitchen"
    blinds = intent(intents.TURN_OFF, area="Kitchen", domain="cover", device_class="curtain")
    assert resolve_targets(HOME, blinds, area_id="kitchen").problem == "There are no curtains in the Kitchen"


def test_temperature_question_falls_back_to_a_temperature_sensor_in_the_area() -> None:
    sensor = z2m("hall_temp", "Hall Temperature", "sensor", "hall", "HT", device_class="temperature")
    config = dataclasses.replace(HOME, devices=(*HOME.devices, sensor))
    found = resolve_targets(config, intent(intents.CLIMATE_GET_TEMPERATURE, area="Hall"), area_id="kitchen")
    assert _ids(found) == ["hall_temp"]


def test_intents_without_devices_resolve_to_nothing() -> None:
    for name in (intents.NONE, intents.NEVERMIND, intents.CONFIRM, "HassUnknown"):
        found = resolve_targets(HOME, intent(name), area_id="kitchen")
        assert (found.devices, found.problem) == ((), None)


def test_turning_everything_off_never_touches_locks_or_covers() -> None:
    assert intent_domains(intent(intents.TURN_OFF, name="all")) == ("light", "switch", "fan")
    assert "lock" in intent_domains(intent(intents.TURN_OFF, name="Front Door"))


def test_kind_words() -> None:
    assert kinds_word(("light",)) == "lights"
    assert kinds_word(("switch",)) == "switches"
    assert kinds_word(("media_player",)) == "media players"
    assert kinds_word(("cover",), "garage_door") == "garage doors"
    assert kinds_word(("binary_sensor",), "battery") == "battery sensors"
    assert kinds_word(("cover",), "gateway") == "gateways"
    assert kinds_word(("light", "switch", "fan")) == "devices"


def test_everywhere_reaches_the_whole_home_though_no_slot_names_a_place() -> None:
    """Home Assistant writes "all the lights in the house" as {domain: light}; the words' "everywhere"
    keeps it from meaning the lights of the room it was heard in."""
    asked = dataclasses.replace(intent(intents.TURN_OFF, domain="light"), everywhere=True)
    lights = sorted(device.id for device in HOME.devices if device.domain == "light")
    assert sorted(_ids(resolve_targets(HOME, asked, area_id="kitchen"))) == lights
    here = intent(intents.TURN_OFF, domain="light")
    assert _ids(resolve_targets(HOME, here, area_id="kitchen")) == ["kitchen_light", "kitchen_strip"]


def test_the_grammar_marks_the_whole_home() -> None:
    from assistantd.grammar.recognizer import GrammarRecognizer

    grammar = GrammarRecognizer(HOME)
    house = grammar.recognize("turn off all the lights in the house", area_id="kitchen")
    assert (house.slots.as_dict(), house.everywhere) == ({"domain": "light"}, True)
    here = grammar.recognize("turn off the lights", area_id="kitchen")
    assert (here.slots.as_dict(), here.everywhere) == ({"domain": "light", "area": "Kitchen"}, False)
