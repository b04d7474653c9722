"""How people new to a voice assistant talk to it: trying things out ("that didn't work, try switching the
garage light off again"), careful full sentences ("please activate the scene called Movie Mode"), devices
described instead of named ("the fan that hangs from the bedroom ceiling"), a remark about a thing and then a
wish about "it", and a place the home has not got, which no model reading may act on."""

from __future__ import annotations

import pytest

from assistantd import intents
from assistantd.config import load_config
from assistantd.fusion.combined import CombinedRecognizer
from assistantd.fusion.coreference import from_remark
from assistantd.fusion.described import described
from assistantd.fusion.ellipsis import follow_up
from assistantd.fusion.remarks import after_a_try
from assistantd.fusion.turns import Previous
from assistantd.grammar.phrasing import plainly
from assistantd.grammar.recognizer import GrammarRecognizer
from assistantd.intents import Intent, Slots
from assistantd.text import normalize, strip_fillers
from tests.support.configs import EXAMPLE
from tests.support.fakes import TableModel

CONFIG = load_config(EXAMPLE)
NAMES = frozenset("bedside lamp ceiling fan lights telly rover".split())


@pytest.fixture(scope="module")
def grammar() -> GrammarRecognizer:
    return GrammarRecognizer(CONFIG)


@pytest.mark.parametrize(
    ("said", "plain"),
    [
        ("try switching the garage light off again", "switch the garage light off"),
        ("let us try the lights in here at 10", "the lights in here at 10"),
        ("alright now try turning every light off", "turn every light off"),
        ("let us see pause the tv", "pause the tv"),
        ("activate the scene called movie mode", "activate movie mode"),
        ("lower the blinds all the way down", "close the blinds"),
    ],
)
def test_a_try_put_as_the_command_it_tries(said: str, plain: str) -> None:
    assert plainly(said) == plain


def test_what_follows_a_try_that_did_nothing() -> None:
    assert after_a_try("that didn't work, try switching the garage light off again") == (
        "try switching the garage light off again"
    )
    assert after_a_try("huh, that didn't do anything. lamp off in here?") == "lamp off in here"
    assert after_a_try("hmm, lamp off") is None  # no try said
    assert after_a_try("that didn't work") is None  # nothing after it


def test_a_remark_about_a_thing_gives_the_pronoun_of_the_wish_after_it() -> None:
    assert from_remark(["The bedside lamp's a little harsh", " I'd rather it was at 25"], NAMES) == (
        "i would rather the bedside lamp was at 25"
    )
    assert from_remark(["I can barely hear the telly", "I'd like it at 40"], NAMES) == (
        "i would like the telly at 40"
    )
    assert from_remark(["the lights in here are a bit much", "could they be at 35"], NAMES) == (
        "could the lights in here be at 35"
    )
    assert (
        from_remark(["my sister's coming", "I'd rather it was at 25"], NAMES) is None
    )  # no thing of the home
    assert from_remark(["the ceiling fan", "I'd rather it was off"], NAMES) is None  # says nothing of it
    assert from_remark(["the bedside lamp is on", "I think it was off"], NAMES) is None  # no request


@pytest.mark.parametrize(
    ("text", "area", "intent", "slots"),
    [
        ("that didn't work, try switching the garage light off again", None, intents.TURN_OFF,
         {"name": "Garage Light"}),
        ("okay, let's try the lights in here at 10", "kitchen", intents.LIGHT_SET,
         {"area": "Kitchen", "brightness": 10}),
        ("Please activate the scene called Movie Mode.", None, intents.TURN_ON, {"name": "Movie Scene"}),
        ("Please lower the blinds all the way down.", None, intents.TURN_OFF, {"name": "Bedroom Blinds"}),
        ("The bedside lamp's a little harsh, I'd rather it was at 25.", None, intents.LIGHT_SET,
         {"name": "Bedroom Lamp", "brightness": 25}),
        ("The ceiling fan's making me chilly, I'd rather it was off.", None, intents.TURN_OFF,
         {"name": "Ceiling Fan"}),
        ("Rover keeps bumping into my feet, I'd rather he went back to his dock.", None,
         intents.VACUUM_RETURN, {"name": "Rover"}),
        ("I can barely hear the telly, I'd like it at 40", None, intents.SET_VOLUME,
         {"name": "TV", "volume_level": 40}),
        ("set the telly to 15", None, intents.SET_VOLUME, {"name": "TV", "volume_level": 15}),
        ("make the desk lamp 80 percent", None, intents.LIGHT_SET, {"name": "Desk Lamp", "brightness": 80}),
        ("open the blinds about a third", None, intents.SET_POSITION,
         {"name": "Bedroom Blinds", "domain": "cover", "position": 33}),
        ("please tell me the temperature in the hallway", None, intents.CLIMATE_GET_TEMPERATURE,
         {"area": "Hallway"}),
        ("are any lights on in this room", "kitchen", intents.GET_STATE,
         {"area": "Kitchen", "domain": "light", "state": "on"}),
        ("I would like all of the lights upstairs switched off, please.", None, intents.TURN_OFF,
         {"floor": "Upstairs", "domain": "light"}),
        ("it's way too dark in here to work", "office", intents.TURN_ON,
         {"area": "Office", "domain": "light"}),
        ("we're nearly out of milk, pop it on the shopping list", None, intents.SHOPPING_LIST_ADD,
         {"item": "milk"}),
        ("and is the garage door closed too", None, intents.GET_STATE,
         {"name": "Garage Door", "domain": "cover", "state": "closed"}),
    ],
)  # fmt: skip
def test_first_week_commands_are_understood(
    grammar: GrammarRecognizer, text: str, area: str | None, intent: str, slots: dict[str, object]
) -> None:
    heard = CombinedRecognizer(CONFIG, grammar=grammar).recognize(text, area_id=area)
    assert (heard.name, heard.slots.as_dict()) == (intent, slots)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("switch on the fan that hangs from the bedroom ceiling", "Ceiling Fan"),
        ("the lamp next to my bed, turn it red please", "Bedroom Lamp"),
        ("the light above the kitchen counter, switch it on", "Counter Lights"),
    ],
)
def test_a_device_described_is_asked_about_by_its_name(
    grammar: GrammarRecognizer, text: str, name: str
) -> None:
    combined = CombinedRecognizer(CONFIG, grammar=grammar)
    heard = combined.recognize(text)
    assert heard.slots.name == name
    assert combined.asks_first(heard)  # a guess from a description is never carried out at once


def test_a_place_the_home_has_not_got_is_no_command(grammar: GrammarRecognizer) -> None:
    texts = {
        "please turn on the light in the conservatory": Slots(domain="light"),
        "is the porch light on": Slots(domain="light", state="on"),
        "turn on the light in the kitchen": Slots(area="Kitchen", domain="light"),
    }
    read = {
        text: Intent(intents.GET_STATE if "porch" in text else intents.TURN_ON, slots, 0.99, text=text,
                     recognizer="model")
        for text, slots in texts.items()
    }  # fmt: skip
    combined = CombinedRecognizer(CONFIG, grammar=grammar, model=TableModel(read))  # type: ignore[arg-type]
    assert combined.recognize("please turn on the light in the conservatory").name == intents.NONE
    assert combined.recognize("is the porch light on").name == intents.NONE
    assert CombinedRecognizer(CONFIG, grammar=grammar).recognize("is the porch light on").name == intents.NONE
    assert combined.recognize("turn on the light in the kitchen").slots.area == "Kitchen"  # the home's own


def test_a_yes_with_the_command_said_again_confirms(grammar: GrammarRecognizer) -> None:
    for text in ("yeah sure close it", "yes please turn it off", "yep sure, lock it"):
        assert grammar.recognize(text).name == intents.CONFIRM, text


def test_a_follow_up_may_describe_its_device() -> None:
    previous = Previous(intents.TURN_OFF, ("bedroom_lamp",), (("name", "Bedroom Lamp"),))
    again = follow_up(CONFIG, "And the lamp on the desk in the office too, please.", previous, "living_room")
    assert again is not None and (again.name, again.slots.as_dict()) == (
        intents.TURN_OFF,
        {"name": "Desk Lamp"},
    )
    thanks = follow_up(CONFIG, "Thank you. Now please do the same in the kitchen.", previous, "living_room")
    assert thanks is not None and thanks.slots.area == "Kitchen"
    assert follow_up(CONFIG, "and the fan by the window too", previous, "living_room") is None  # none there


def test_what_a_description_says_and_what_it_does_not() -> None:
    assert described(CONFIG, "switch the lamp by the sofa on", "living_room") == "switch the floor lamp on"
    assert described(CONFIG, "is the porch light on", "living_room") is None  # a light the home has not got
    assert described(CONFIG, "turn on the light in the conservatory", "living_room") is None  # nor a room
    assert described(CONFIG, "lock front door please", None) == "lock the front door please"  # "lock" kept
    assert described(CONFIG, "give more light in the kitchen", None) is None  # asked for, not described


def test_too_after_a_command_adds_nothing_but_after_a_number_may_be_one() -> None:
    assert strip_fillers(normalize("turn on the kitchen light too please")) == "turn on the kitchen light"
    assert strip_fillers(normalize("turn the heat up to seventy too")) == "turn the heat up to seventy too"


def test_again_after_a_question_asks_it_and_after_a_remark_does_nothing(grammar: GrammarRecognizer) -> None:
    combined = CombinedRecognizer(CONFIG, grammar=grammar)
    asked = combined.recognize("has someone left the garage light on again")
    assert (asked.name, asked.slots.as_dict()) == (intents.GET_STATE, {"name": "Garage Light", "state": "on"})
    said = "the kids put the heating up to twenty six again can you believe that"
    assert combined.recognize(said).name == intents.NONE  # what the kids did, not a command
