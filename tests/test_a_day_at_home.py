"""A whole household on an ordinary day: children's and teenagers' short forms ("r the curtains shut",
"ugh forget it"), a busy parent's commands squeezed between words to others ("kitchen countertop at fifty,
sorry, carry on", "set a timer for twelve minutes, Jake, get your shoes on"), guests who describe things,
and what a speech recognizer writes for what was said ("Heading in here to 24" for the heating, "When you
switch the lights off, please" for "Would you ..."). What was meant is read; what was said to someone else
never becomes an action."""

from __future__ import annotations

import dataclasses

import pytest

from assistantd import intents
from assistantd.config import load_config
from assistantd.config.settings import Config
from assistantd.fusion.combined import CombinedRecognizer
from assistantd.fusion.doubts import unfounded
from assistantd.fusion.ellipsis import follow_up
from assistantd.fusion.spelling import Speller
from assistantd.fusion.turns import Previous
from assistantd.grammar.recognizer import GrammarRecognizer
from assistantd.intent_model.features import Evidence
from assistantd.intents import Intent, Slots
from tests.support.configs import EXAMPLE
from tests.support.fakes import TableModel
from tests.support.readers import heard_in

CONFIG = load_config(EXAMPLE)


@pytest.fixture(scope="module")
def combined() -> CombinedRecognizer:
    return CombinedRecognizer(CONFIG, grammar=GrammarRecognizer(CONFIG))


@pytest.mark.parametrize(
    ("text", "area", "intent", "slots"),
    [
        ("r the curtains in the lounge shut", None, intents.GET_STATE,
         {"area": "Living Room", "domain": "cover", "device_class": "curtain", "state": "closed"}),
        ("ugh forget it, doesnt even matter", None, intents.NEVERMIND, {}),
        ("lights off in here lol", "Kitchen", intents.TURN_OFF, {"area": "Kitchen", "domain": "light"}),
        ("can u make the telly louder like 40", None, intents.SET_VOLUME, {"name": "TV", "volume_level": 40}),
        ("has joseph got back yet or what", None, intents.GET_STATE,
         {"name": "Joseph", "domain": "person", "state": "home"}),
        ("set a 3 minute timer my noodles are in", "Kitchen", intents.START_TIMER, {"minutes": 3}),
        ("set a timer for twelve minutes, and Jake, get your shoes on", None, intents.START_TIMER,
         {"minutes": 12}),
        ("two more minutes on that timer, the pasta's still hard", None, intents.INCREASE_TIMER,
         {"minutes": 2}),
        ("Please timer on 15 minutes", None, intents.START_TIMER, {"minutes": 15}),
        ("is anyone in the kitchen at the moment? I don't want to barge in", None, intents.GET_STATE,
         {"area": "Kitchen", "domain": "binary_sensor", "device_class": "occupancy", "state": "on"}),
        ("sorry, no idea what anything's called, could you just turn every light off?", None,
         intents.TURN_OFF, {"domain": "light"}),
        ("the shades upstairs, is it possible to close them?", None, intents.TURN_OFF,
         {"floor": "Upstairs", "domain": "cover", "device_class": "shade"}),
        ("make the lights in here a bit dimmer, maybe forty percent", "Living Room", intents.LIGHT_SET,
         {"area": "Living Room", "brightness": 40}),
        ("Turn the water back on at the main valve, the plumber's done.", None, intents.TURN_ON,
         {"name": "Main Valve", "domain": "valve"}),
        ("Has the kitchen smoke alarm picked anything up?", None, intents.GET_STATE,
         {"name": "Kitchen Smoke", "domain": "binary_sensor", "device_class": "smoke", "state": "on"}),
        # what a speech recognizer writes
        ("Heading in here to 24, no, not too much, 22", "Office", intents.CLIMATE_SET_TEMPERATURE,
         {"area": "Office", "temperature": 22.0}),
        ("I should be ever so grateful if you can turn the bed side lamp down to about 30", None,
         intents.LIGHT_SET, {"name": "Bedroom Lamp", "brightness": 30}),
        ("It's rather nippy in here tonight, when you put the heating up to 20, please", "Bedroom",
         intents.CLIMATE_SET_TEMPERATURE, {"area": "Bedroom", "temperature": 20.0}),
        ("When you turn the television set off, please, there's nothing worth watching", None,
         intents.TURN_OFF, {"name": "TV"}),
        ("What do you be so kind as turn on the lamp in the sitting room", None, intents.TURN_ON,
         {"name": "Living Room Lamp"}),
        ("Would you be so kindness to set a timer for 40 minutes?", "Kitchen", intents.START_TIMER,
         {"minutes": 40}),
        ("Lock the front door with you, we're off to school", None, intents.TURN_ON, {"name": "Front Door"}),
        ("Heaving in here to 20, no, make it 19, gas is too expensive", "Living Room",
         intents.CLIMATE_SET_TEMPERATURE, {"area": "Living Room", "temperature": 19.0}),
        ("Make lights in the first floor to have", None, intents.LIGHT_SET,
         {"floor": "First Floor", "brightness": 50}),
    ],
)  # fmt: skip
def test_what_was_meant_is_read(
    ha_config: Config, ha_home: CombinedRecognizer, text: str, area: str | None, intent: str, slots: dict
) -> None:
    assert heard_in(ha_home, ha_config, text, area) == (intent, slots), text


@pytest.mark.parametrize(
    "text",
    [
        "kitchen countertop at fifty, sorry, carry on",  # "carry on" is said to the person interrupted
        "mm-hm, yeah, one sec Sarah, kitchen countertop at fifty, sorry, carry on",
        "turn on the kitchen lights, I don't want them",  # after a command (not a question) it takes it back
        "I'd like to have",  # "to have" is no "to half" where nothing reads certainly
        "what do you mean",
        "I agree with you",
        "heading up now, tuck the house in for the night",  # "heading" is the heating only before a setting
    ],
)
def test_nothing_said_to_someone_else_is_carried_out(ha_home: CombinedRecognizer, text: str) -> None:
    read = ha_home.recognize(text)
    assert read.name not in (
        intents.MEDIA_UNPAUSE,
        intents.LIGHT_SET,
        intents.TURN_ON,
        intents.CLIMATE_SET_TEMPERATURE,
    ), text


@pytest.mark.parametrize(
    ("text", "intent", "slots"),
    [
        ("could you bring the blinds in here down", intents.TURN_OFF,
         {"area": "Bedroom", "domain": "cover", "device_class": "blind"}),
        ("put the blinds up", intents.TURN_ON, {"name": "Bedroom Blinds"}),
        ("Put the kitchen ceiling light on at full brightness.", intents.LIGHT_SET,
         {"name": "Kitchen Ceiling Light", "brightness": 100}),
    ],
)  # fmt: skip
def test_the_example_home(combined: CombinedRecognizer, text: str, intent: str, slots: dict) -> None:
    read = combined.recognize(text, area_id="bedroom")
    assert (read.name, read.slots.as_dict()) == (intent, slots), text


@pytest.mark.parametrize(
    ("text", "reading", "doubted"),
    [
        ("put the kettle on, would you?", Intent(intents.MEDIA_SEARCH, Slots()), True),
        ("put some music on", Intent(intents.MEDIA_SEARCH, Slots()), False),
        ("turn the bathroom fan on", Intent(intents.TURN_ON, Slots(name="all", domain="fan")), True),
        ("turn all the fans on", Intent(intents.TURN_ON, Slots(name="all", domain="fan")), False),
        ("dim all interior lights", Intent(intents.LIGHT_SET, Slots(name="all", domain="light")), False),
        (
            "the bathroom fan on, the mirror's all steamed up",
            Intent(intents.TURN_ON, Slots(name="all", domain="fan")),
            True,
        ),
    ],
)
def test_a_model_reading_with_nothing_to_stand_on(
    ha_config: Config, text: str, reading: Intent, doubted: bool
) -> None:
    read = Intent(reading.name, reading.slots, 0.9, text=text, recognizer="model")
    speller = Speller(GrammarRecognizer(ha_config).words())
    assert unfounded(read, ha_config, speller.foreign) is doubted


def test_a_remark_is_cut_off_for_the_model_only_where_the_command_is_anchored(
    combined: CombinedRecognizer,
) -> None:
    """Where the model reads nothing in the whole, it reads the words before a remark after them, but only
    where something was pointed at or said before: a remark cut off alone leaves words that look like a
    command more often than they are one ("leave the tv alone, grandad's watching the snooker")."""
    texts = {
        "turn that up a bit, please": Intent(intents.SET_VOLUME, Slots(volume_step=10), 0.95),
        "leave the tv alone": Intent(intents.TURN_OFF, Slots(name="TV"), 0.9),
    }
    model = TableModel({text: dataclasses.replace(read, text=text, recognizer="model")
                        for text, read in texts.items()})  # fmt: skip
    reader = CombinedRecognizer(CONFIG, grammar=combined.grammar, model=model)  # type: ignore[arg-type]
    pointed = Evidence(pointing_score=0.9)
    heard = reader.recognize("turn that up a bit, please, I can't hear the news", evidence=pointed)
    assert heard.name == intents.SET_VOLUME
    assert not reader.recognize("turn that up a bit, please, I can't hear the news").is_command
    assert not reader.recognize("leave the tv alone, grandad's watching the snooker").is_command
    assert not reader.recognize("turn that up a bit, no, I can't hear anything", evidence=pointed).is_command


def test_a_follow_up_about_my_room() -> None:
    previous = Previous(intents.TURN_ON, ("floor_lamp",), (("name", "Floor Lamp"),))
    again = follow_up(CONFIG, "do the same in my bedroom", previous, "living_room")
    assert again is not None and (again.name, again.slots.area) == (intents.TURN_ON, "Bedroom")
