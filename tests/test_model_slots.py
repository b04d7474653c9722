"""The intent model's slots: spoken names to configured ones, values in words, and the grammar's conventions
(no torch needed)."""

from __future__ import annotations

import pytest

from assistantd import intents
from assistantd.config.schema import load_config
from assistantd.evaluation.ha_fixtures import config_from_fixtures, load_fixtures
from assistantd.intent_model.conventions import Reading, slots_for
from assistantd.intent_model.values import NameIndex, number_value, spoken_values
from tests.support.configs import EXAMPLE, SHARED_DATA

FIXTURES = SHARED_DATA / "ha-intents" / "en_fixtures.yaml"


@pytest.fixture(scope="module")
def example():
    return load_config(EXAMPLE)


@pytest.fixture(scope="module")
def names(example):
    return NameIndex(example)


@pytest.mark.parametrize(
    ("words", "tag", "slot", "value"),
    [
        ("living room lamp", "name", "name", "Floor Lamp"),  # an alias, said in lower case
        ("reading lamp", "area", "name", "Floor Lamp"),  # a device whatever the tag
        ("kitchen", "name", "area", "Kitchen"),  # a place, not the Kitchen Ceiling Light it begins
        ("kitchen lights", "name", "area", "Kitchen"),  # plural: the room's lights
        ("kitchen light", "name", "name", "Kitchen Ceiling Light"),  # singular: the alias
        ("study", "area", "area", "Office"),
        ("first floor", "area", "floor", "Upstairs"),  # a floor's alias
        ("flor lamp", "name", "name", "Floor Lamp"),  # a slip
        ("the telly", "name", "name", "TV"),
    ],
)
def test_names_are_found_by_name_or_alias_as_words(names, words, tag, slot, value) -> None:
    found = names.find(words, tag)
    assert found is not None and (found.slot, found.value) == (slot, value)


def test_a_part_of_a_name_is_no_name(names) -> None:
    assert names.find("room", "name") is None
    assert names.find("toaster", "name") is None
    assert [n.value for n in names.scan(tuple("the coffee maker switch it off".split()))] == ["Coffee Maker"]


@pytest.mark.skipif(not FIXTURES.is_file(), reason=f"no Home Assistant fixtures at {FIXTURES}")
def test_case_does_not_decide_between_similar_names() -> None:
    names = NameIndex(config_from_fixtures(load_fixtures(FIXTURES)))
    found = names.find("living room lamp", "name")
    assert found is not None and found.value == "Living Room Lamp"
    found = names.find("play corner switch", "name")
    assert found is not None and found.value == "Play Corner"


@pytest.mark.parametrize(
    ("words", "value"),
    [("half", 50), ("a quarter", 25), ("three quarters", 75), ("full", 100), ("max", 100),
     ("twenty two", 22), ("seventeen point five", 17.5), ("21.5", 21.5), ("sixty", 60)],
)  # fmt: skip
def test_numbers_and_shares_in_words(words, value) -> None:
    assert number_value(words) == value


def test_values_belong_to_the_intent() -> None:
    light = spoken_values(intents.LIGHT_SET, [("brightness", "full")], "lamp to full".split())
    assert light == {"brightness": 100}
    kelvin = "kitchen light colour temperature 5000 kelvin".split()
    assert spoken_values(intents.LIGHT_SET, [], kelvin) == {"color_temp_kelvin": 5000}
    blinds = spoken_values(intents.SET_POSITION, [("brightness", "eighty")], "blinds to eighty".split())
    assert blinds == {"position": 80}
    assert spoken_values(intents.SET_POSITION, [], "curtain three quarters open".split()) == {"position": 75}
    assert spoken_values(intents.TOGGLE, [], "toggle this one".split()) == {}
    assert spoken_values(intents.LIGHT_SET, [], "make it crimson".split()) == {"color": "crimson"}


def _slots(names, intent, text, heard=None, **values):
    words = tuple(text.split())
    found = names.scan(words)
    device = next((n for n in found if n.slot == "name"), None)
    place = next((n for n in found if n.slot != "name"), None)
    return slots_for(Reading(intent, words, device, place, values, heard))


def test_switching_conventions(names) -> None:
    on = intents.TURN_ON
    assert _slots(names, on, "switch the lights on", "Kitchen") == {"area": "Kitchen", "domain": "light"}
    assert _slots(names, on, "turn on the lights") == {"domain": "light"}
    assert _slots(names, on, "put on every light") == {"domain": "light", "name": "all"}
    assert _slots(names, on, "lights on upstairs") == {"floor": "Upstairs", "domain": "light"}
    assert _slots(names, on, "switch it on", "Kitchen") == {}  # the device pointed at or spoken of before
    assert _slots(names, on, "turn on the floor lamp", "Kitchen") == {"name": "Floor Lamp"}
    assert _slots(names, on, "activate movie mode") == {"name": "Movie Scene", "domain": "scene"}
    assert _slots(names, intents.TURN_OFF, "close the bedroom curtains") == {
        "area": "Bedroom", "domain": "cover", "device_class": "curtain"}  # fmt: skip


def test_impersonal_it_and_nouns_before_on_and_off(names) -> None:
    """ "it is so dark" names no device (the lights where it was heard); "the fan on" is a fan, not a verb;
    "switch it on" still refers to what was pointed at or spoken of."""
    on = intents.TURN_ON
    assert _slots(names, on, "it is so dark in here", "Bedroom") == {"area": "Bedroom", "domain": "light"}
    assert _slots(names, on, "could you get the fan on", "Bathroom") == {"area": "Bathroom", "domain": "fan"}
    assert _slots(names, on, "while you are at it the lights on", "Office") == {
        "area": "Office",
        "domain": "light",
    }
    assert _slots(names, on, "switch it on", "Kitchen") == {}
    assert _slots(names, on, "light up the hall") == {"area": "Hallway", "domain": "light"}
    # "them" beside the kind said is that kind where it was heard; "that light" is one pointed at
    assert _slots(names, on, "the curtains make them open", "Bedroom") == {
        "area": "Bedroom", "domain": "cover", "device_class": "curtain"}  # fmt: skip
    assert _slots(names, on, "turn that light on", "Kitchen") == {"domain": "light"}


def test_value_and_question_conventions(names) -> None:
    assert _slots(names, intents.LIGHT_SET, "lights to half", "Bedroom", brightness=50) == {
        "area": "Bedroom", "brightness": 50}  # fmt: skip
    assert _slots(names, intents.LIGHT_SET, "make the lamp brighter") == {
        "domain": "light",
        "brightness_step": 20,
    }
    assert _slots(names, intents.SET_POSITION, "blinds halfway", position=50) == {
        "name": "Bedroom Blinds", "domain": "cover", "position": 50}  # fmt: skip
    assert _slots(names, intents.CLIMATE_SET_TEMPERATURE, "set it to 22", "Office", temperature=22) == {
        "area": "Office", "temperature": 22}  # fmt: skip
    assert _slots(names, intents.MEDIA_PAUSE, "pause it", "Living Room") == {"area": "Living Room"}
    assert _slots(names, intents.GET_STATE, "is the garage door closed") == {
        "name": "Garage Door", "domain": "cover", "state": "closed"}  # fmt: skip
    assert _slots(names, intents.GET_STATE, "are the bedroom lights on") == {
        "area": "Bedroom", "domain": "light", "state": "on"}  # fmt: skip
    # a state the device has, though a state of another kind of device is said after it
    assert _slots(names, intents.GET_STATE, "is the telly still on or can i go up") == {
        "name": "TV", "state": "on"}  # fmt: skip
