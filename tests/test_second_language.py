"""Commands as people say them in a second language, in an older polite register, or typed on a phone: lights
"opened", "closed" or "put" (asked about, never certain), the thing or the value first ("party mode
activate", "bedroom blinds halfway down"), a question in the order of a statement with its question mark,
"how much degrees", "would you mind making ...", "if you please", a step of so many percent, and a thing the
home does not have named first and "them" after, which no reading may turn into another device."""

from __future__ import annotations

import pytest

from assistantd import intents
from assistantd.config import load_config
from assistantd.fusion.clauses import unknown_topic
from assistantd.fusion.combined import CombinedRecognizer
from assistantd.fusion.ellipsis import as_position, value_follow_up
from assistantd.fusion.turns import Previous
from assistantd.grammar.numbers import parse_number
from assistantd.grammar.recognizer import GrammarRecognizer
from assistantd.intents import Intent, Slots
from assistantd.text import asked_in_order
from tests.support.configs import EXAMPLE
from tests.support.fakes import TableModel

CONFIG = load_config(EXAMPLE)


@pytest.mark.parametrize(
    ("text", "area", "intent", "slots"),
    [
        ("bedroom blinds halfway down", None, intents.SET_POSITION,
         {"name": "Bedroom Blinds", "domain": "cover", "position": 50}),
        ("the blinds in the bedroom half way up", None, intents.SET_POSITION,
         {"area": "Bedroom", "domain": "cover", "device_class": "blind", "position": 50}),
        ("blinds halfway down", "bedroom", intents.SET_POSITION,
         {"name": "Bedroom Blinds", "domain": "cover", "position": 50}),  # the home's only blinds
        ("movie scene activate please", None, intents.TURN_ON, {"name": "Movie Scene"}),
        ("Would you mind making the kitchen lights orange, dear?", None, intents.LIGHT_SET,
         {"area": "Kitchen", "color": "orange"}),
        ("Would you be so good as to switch off the floor lamp", None, intents.TURN_OFF,
         {"name": "Floor Lamp"}),
        ("Good evening. I should like the floor lamp on, if you please.", None, intents.TURN_ON,
         {"name": "Floor Lamp"}),
        ("yes, that's correct, thank you", None, intents.CONFIRM, {}),
        ("garage door is closed?", None, intents.GET_STATE, {"name": "Garage Door", "domain": "cover",
                                                             "state": "closed"}),
        ("how much degrees is here", "office", intents.CLIMATE_GET_TEMPERATURE, {"area": "Office"}),
        ("how many degrees is it in the kitchen", None, intents.CLIMATE_GET_TEMPERATURE, {"area": "Kitchen"}),
        ("set the thermostat to twenty two and half", None, intents.CLIMATE_SET_TEMPERATURE,
         {"name": "Thermostat", "temperature": 22.5}),
        ("desk lamp 20 percent brighter", None, intents.LIGHT_SET,
         {"name": "Desk Lamp", "brightness_step": 20}),
        ("turn down the floor lamp by 10 percent", None, intents.LIGHT_SET,
         {"name": "Floor Lamp", "brightness_step": -10}),
        ("make the kitchen lights 30% dimmer", None, intents.LIGHT_SET,
         {"area": "Kitchen", "domain": "light", "brightness_step": -30}),
        ("brightness of the kitchen lights 75 %", None, intents.LIGHT_SET,
         {"area": "Kitchen", "brightness": 75}),
        ("timer, how much time is still left", None, intents.TIMER_STATUS, {}),
        ("add to shopping list oat milk", None, intents.SHOPPING_LIST_ADD, {"item": "oat milk"}),
        ("weather how is it", None, intents.GET_WEATHER, {}),
        ("put the movie Inception on the tv please", None, intents.MEDIA_SEARCH,
         {"name": "TV", "search_query": "inception", "media_class": "movie"}),
        ("please stop that one for a moment", None, intents.MEDIA_PAUSE, {"area": "Living Room"}),
    ],
)  # fmt: skip
def test_said_as_learners_and_older_people_say_it(
    example_reader: CombinedRecognizer, text: str, area: str | None, intent: str, slots: dict[str, object]
) -> None:
    heard = example_reader.recognize(text, area_id=area)
    assert (heard.name, heard.slots.as_dict()) == (intent, slots)
    assert not example_reader.asks_first(heard)


@pytest.mark.parametrize(
    ("text", "intent", "slots"),
    [
        ("open light in kitchen please", intents.TURN_ON, {"area": "Kitchen", "domain": "light"}),
        (
            "please close all the light downstairs",
            intents.TURN_OFF,
            {"floor": "Ground Floor", "domain": "light"},
        ),
        ("put the floor lamp", intents.TURN_ON, {"name": "Floor Lamp"}),
    ],
)
def test_lights_opened_closed_or_put_are_understood_and_asked_about(
    example_reader: CombinedRecognizer, text: str, intent: str, slots: dict[str, object]
) -> None:
    heard = example_reader.recognize(text)
    assert (heard.name, heard.slots.as_dict()) == (intent, slots)
    assert example_reader.asks_first(heard)  # "Did you mean ...?": a learner's word is never certain


def test_a_thing_the_home_lacks_named_first_is_no_device_of_the_home(
    example_reader: CombinedRecognizer,
) -> None:
    assert example_reader.recognize("the christmas tree lights, switch them on").name == intents.NONE
    heard = example_reader.recognize("the floor lamp, switch it off")
    assert (heard.name, heard.slots.name) == (intents.TURN_OFF, "Floor Lamp")
    names = frozenset({"floor", "lamp", "kitchen", "lights"})
    assert unknown_topic(["the christmas tree lights", "switch them on"], names)
    assert not unknown_topic(["the floor lamp", "switch it off"], names)
    assert not unknown_topic(["it is dark", "switch them on"], names)  # no thing named: a remark


def test_an_item_said_to_be_done_is_not_added(example_reader: CombinedRecognizer) -> None:
    assert example_reader.recognize("shopping list, the bread is finished, tick it").name == intents.NONE
    assert example_reader.recognize("shopping list, add bread").name == intents.SHOPPING_LIST_ADD


def test_a_question_in_the_order_of_a_statement_needs_its_question_mark() -> None:
    assert asked_in_order("somebody is in the garage?") == "is somebody in the garage"
    assert asked_in_order("Bedroom curtain is closed?") == "is bedroom curtain closed"
    assert asked_in_order("the lamp is on") is None
    assert asked_in_order("is the lamp on?") is None  # already a question
    assert asked_in_order("the lights are too bright, can you dim them?") is None  # a request


READINGS = {
    text: Intent(intent, Slots(**slots), confidence=confidence, text=text, recognizer="model")  # type: ignore[arg-type]
    for text, intent, slots, confidence in [
        ("make the floor lamp blink three times", intents.LIGHT_SET,
         {"name": "Floor Lamp", "brightness": 3}, 0.9),
        ("the kids want the lights purple for the party", intents.LIGHT_SET, {"color": "purple"}, 0.9),
        ("no mama, i said the red one", intents.LIGHT_SET, {"color": "red"}, 0.9),
        ("somebody is napping in the office?", intents.TURN_ON, {"area": "Office"}, 0.5),
        ("is somebody napping in the office", intents.GET_STATE,
         {"area": "Office", "domain": "binary_sensor", "device_class": "motion", "state": "on"}, 0.99),
    ]
}  # fmt: skip


@pytest.mark.parametrize("text", list(READINGS)[:3])
def test_effects_and_what_others_want_are_no_command_whatever_the_model_reads(
    example_grammar: GrammarRecognizer, text: str
) -> None:
    modelled = CombinedRecognizer(CONFIG, grammar=example_grammar, model=TableModel(READINGS))  # type: ignore[arg-type]
    assert modelled.recognize(text).name == intents.NONE


def test_the_model_reads_a_question_said_as_a_statement_as_asked(example_grammar: GrammarRecognizer) -> None:
    modelled = CombinedRecognizer(CONFIG, grammar=example_grammar, model=TableModel(READINGS))  # type: ignore[arg-type]
    heard = modelled.recognize("somebody is napping in the office?")
    assert (heard.name, heard.slots.device_class, heard.text) == (
        intents.GET_STATE,
        "motion",
        "somebody is napping in the office?",
    )


def test_halfway_after_covers_were_opened_sets_their_position() -> None:
    opened = Previous(intents.TURN_ON, ("bedroom_blinds",), (("name", "Bedroom Blinds"),))
    heard = value_follow_up("no, only halfway", as_position(CONFIG, opened))
    assert heard is not None
    assert (heard.name, heard.slots.as_dict()) == (
        intents.SET_POSITION,
        {"name": "Bedroom Blinds", "position": 50},
    )
    lamp = Previous(intents.TURN_ON, ("floor_lamp",), (("name", "Floor Lamp"),))
    assert as_position(CONFIG, lamp) == lamp  # a lamp switched on has no position
    assert value_follow_up("no, only halfway", as_position(CONFIG, lamp)) is None


@pytest.mark.parametrize(
    ("words", "value"),
    [("twenty two and half", 22.5), ("22 and a half", 22.5), ("21 and half", 21.5), ("and half", None)],
)
def test_a_half_said_without_its_a(words: str, value: float | None) -> None:
    assert parse_number(words) == value


@pytest.mark.parametrize(
    ("text", "area", "intent", "slots"),
    [
        ("Please switch off all the lights on the 1st floor", None, intents.TURN_OFF,
         {"floor": "Upstairs", "domain": "light"}),
        ("What do you mind making the kitchen lights orange?", None, intents.LIGHT_SET,
         {"area": "Kitchen", "color": "orange"}),
        ("What do you be so kind as to lock the front door?", None, intents.TURN_ON, {"name": "Front Door"}),
        ("But milk on the shopping list", None, intents.SHOPPING_LIST_ADD, {"item": "milk"}),
        ("Our lights in the kitchen still on", None, intents.GET_STATE,
         {"area": "Kitchen", "domain": "light", "state": "on"}),
        ("And five more minutes to the timer", None, intents.INCREASE_TIMER, {"minutes": 5}),
        ("And Rover back to the dock", None, intents.VACUUM_RETURN, {"name": "Rover"}),
    ],
)  # fmt: skip
def test_words_a_transcriber_hears_alike_are_read_as_said(
    example_reader: CombinedRecognizer, text: str, area: str | None, intent: str, slots: dict[str, object]
) -> None:
    """Transcripts of the same commands: "1st" for "first", "what do you" for a quick "would you", "but"
    for "put", "our" for "are", "and" for "add" or "send"."""
    heard = example_reader.recognize(text, area_id=area)
    assert (heard.name, heard.slots.as_dict()) == (intent, slots)
    assert not example_reader.recognize("but the lamp is broken").is_command
    assert not example_reader.recognize("and the milk").is_command
