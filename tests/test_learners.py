"""Commands as learners of English and users of other assistants say them ("please to open the garage door",
"the desk lamp, you close it", "hey house, fire up movie mode", "I'd like the floor lamp turned off"), the
thing named first and "it" after ("the garage door, is it open still"), and words about devices that ask
for nothing ("apparently you can tell siri to dim the lights"), which no model reading may turn into an
action."""

from __future__ import annotations

import pytest

from assistantd import intents
from assistantd.config import load_config
from assistantd.fusion.clauses import with_topic
from assistantd.fusion.combined import CombinedRecognizer
from assistantd.fusion.turns import Turn, TurnContext
from assistantd.fusion.understand import TurnRecognizer
from assistantd.grammar.recognizer import GrammarRecognizer
from assistantd.intents import Intent, Slots
from tests.support.configs import EXAMPLE
from tests.support.fakes import TableModel

CONFIG = load_config(EXAMPLE)


@pytest.fixture(scope="module")
def grammar() -> GrammarRecognizer:
    return GrammarRecognizer(CONFIG)


def read(combined: CombinedRecognizer, text: str) -> tuple[str, tuple[str, ...]]:
    reader = TurnRecognizer(CONFIG, combined)
    result = reader.understand_turn(Turn(text, context=TurnContext(area="living_room")))
    return result.intent.name, tuple(device.id for device in result.targets.devices)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("please to open the garage door", (intents.TURN_ON, ("garage_door",))),
        ("douse the floor lamp", (intents.TURN_OFF, ("floor_lamp",))),
        ("cut the floor lamp", (intents.TURN_OFF, ("floor_lamp",))),
        ("bump the volume to 40", (intents.SET_VOLUME, ("tv",))),
        ("hey house, fire up movie mode", (intents.TURN_ON, ("movie_scene",))),
        ("floor lamp needs switching on", (intents.TURN_ON, ("floor_lamp",))),
        ("I'd like the floor lamp turned off", (intents.TURN_OFF, ("floor_lamp",))),
        ("i would love the floor lamp to come on", (intents.TURN_ON, ("floor_lamp",))),
        ("make the floor lamp to be off", (intents.TURN_OFF, ("floor_lamp",))),
        ("the garage door, is it open still", (intents.GET_STATE, ("garage_door",))),
        ("the garage door is it open or not", (intents.GET_STATE, ("garage_door",))),
        ("the floor lamp, switch off it", (intents.TURN_OFF, ("floor_lamp",))),
        ("the kitchen lights, are they on", (intents.GET_STATE, ("kitchen_ceiling", "counter_lights"))),
        ("the kitchen, the floor lamp, is it on", (intents.NONE, ())),  # two things named: whose "it"?
        ("pull back the bedroom blinds", (intents.TURN_ON, ("bedroom_blinds",))),
        ("turn the lights out in the kitchen", (intents.TURN_OFF, ("kitchen_ceiling", "counter_lights"))),
        ("volume at thirty five", (intents.SET_VOLUME, ("tv",))),
        ("has the desk lamp been left on", (intents.GET_STATE, ("office_desk_lamp",))),
        ("can you tell me if the front door is locked", (intents.GET_STATE, ("front_door",))),
        ("three quarters on the desk lamp", (intents.LIGHT_SET, ("office_desk_lamp",))),
        ("twenty one on the heating", (intents.CLIMATE_SET_TEMPERATURE, ("thermostat",))),
        ("hallway temperature?", (intents.GET_STATE, ("hallway_temperature",))),
        ("the front door's locked, isn't it?", (intents.GET_STATE, ("front_door",))),
        ("has anyone left the garage door open", (intents.GET_STATE, ("garage_door",))),
        ("blinds down please", (intents.TURN_OFF, ("bedroom_blinds",))),
        ("nah, ignore what i just said", (intents.NEVERMIND, ())),
        ("kitchen at eight, dinner at half eight, bed by ten", (intents.NONE, ())),  # times, not brightness
        ("kitchen 40 percent", (intents.LIGHT_SET, ("kitchen_ceiling", "counter_lights"))),
        ("fire up the ceiling fan its stuffy", (intents.TURN_ON, ("bedroom_fan",))),
        ("could you set the thermostat at nineteen and a half", (intents.CLIMATE_SET_TEMPERATURE, ("thermostat",))),
        ("pull the bedroom blinds down", (intents.TURN_OFF, ("bedroom_blinds",))),
    ],
)  # fmt: skip
def test_learners_and_other_assistants_users(
    grammar: GrammarRecognizer, text: str, expected: tuple[str, tuple[str, ...]]
) -> None:
    assert read(CombinedRecognizer(CONFIG, grammar=grammar), text) == expected


def test_a_light_opened_or_closed_is_understood_and_asked_about(grammar: GrammarRecognizer) -> None:
    combined = CombinedRecognizer(CONFIG, grammar=grammar)
    for text, intent in [
        ("open the floor lamp please", intents.TURN_ON),
        ("the desk lamp, you close it", intents.TURN_OFF),
    ]:
        heard = combined.recognize(text)
        assert (heard.name, heard.slots.name) == (intent, "Floor Lamp" if "floor" in text else "Desk Lamp")
        assert combined.asks_first(heard), text  # never certain: "Did you mean ...?"
    assert combined.recognize("open the garage door").confidence > 0.9  # a door is opened: no question


def test_a_scene_reads_as_the_homes_own_sentences_name_it(grammar: GrammarRecognizer) -> None:
    combined = CombinedRecognizer(CONFIG, grammar=grammar)
    for text in ("movie time", "activate movie mode", "run the movie scene"):
        heard = combined.recognize(text)
        assert (heard.name, heard.slots.as_dict()) == (intents.TURN_ON, {"name": "Movie Scene"}), text


def test_the_thing_named_takes_the_place_of_it() -> None:
    names = frozenset({"garage", "door", "light", "kitchen"})
    assert with_topic(["the garage door", "is it open"], names) == "is the garage door open"
    assert with_topic(["switch them off", "kitchen lights"], names) == "switch kitchen lights off"
    assert with_topic(["that one", "is it on"], names) == "is that one on"
    assert with_topic(["my phone", "turn it off"], names) is None  # no thing of the home
    assert with_topic(["the garage door", "open the garage"], names) is None  # no "it"


READ_AS_COMMANDS = {
    text: Intent(intent, Slots(**slots), confidence=0.97, text=text, recognizer="model")  # type: ignore[arg-type]
    for text, intent, slots in [
        ("apparently you can tell siri to dim the lights", intents.LIGHT_SET, {"brightness_step": -20}),
        ("is it bad to leave the tv on standby overnight", intents.GET_STATE, {"name": "TV", "state": "on"}),
        ("dad the tellys been on all day did you know", intents.GET_STATE, {"name": "TV", "state": "on"}),
        ("should i leave the garage door open for the cat", intents.TURN_ON, {"name": "Garage Door"}),
        ("how do you turn the fan off in here", intents.TURN_OFF, {"domain": "fan"}),
        ("could you tell everyone that dinner is ready", intents.GET_STATE, {}),
        ("switch off the printer in the office", intents.TURN_OFF, {"area": "Office"}),
        ("i'm going to switch energy suppliers next month", intents.MEDIA_NEXT, {}),  # plans
        ("mark soap as done on my pharmacy list", intents.LIST_ADD, {"name": "Pharmacy", "item": "soap"}),
        ("the hummus on the pharmacy list, you can tick it", intents.LIST_ADD, {"name": "Pharmacy"}),
        ("start the robot mower", intents.VACUUM_START, {}),  # an appliance the home lacks
        ("the curtains in the new flat are hideous", intents.GET_STATE, {}),  # the state of nothing
        ("floor lamp please get going", intents.TURN_ON, {"name": "Floor Lamp"}),
    ]
}  # fmt: skip


@pytest.mark.parametrize("text", [text for text in READ_AS_COMMANDS if "floor lamp" not in text])
def test_talk_about_devices_is_no_command_whatever_the_model_reads(
    grammar: GrammarRecognizer, text: str
) -> None:
    combined = CombinedRecognizer(CONFIG, grammar=grammar, model=TableModel(READ_AS_COMMANDS))  # type: ignore[arg-type]
    assert combined.recognize(text).name == intents.NONE


def test_a_request_the_model_reads_still_stands_and_a_negated_one_does_not(
    grammar: GrammarRecognizer,
) -> None:
    combined = CombinedRecognizer(CONFIG, grammar=grammar, model=TableModel(READ_AS_COMMANDS))  # type: ignore[arg-type]
    assert combined.recognize("floor lamp please get going").name == intents.TURN_ON
    assert combined.recognize("don't turn on the floor lamp").name == intents.NONE
    assert combined.recognize("my wife told me to turn off the floor lamp").name == intents.NONE


@pytest.mark.parametrize(
    ("text", "slots"),
    [
        ("shopping list: oat milk", {"item": "oat milk"}),
        ("shopping list, add toothpaste", {"item": "toothpaste"}),
        ("add butter to the shopping list, we're right out", {"item": "butter"}),
    ],
)
def test_the_list_said_first_or_a_remark_after(
    grammar: GrammarRecognizer, text: str, slots: dict[str, str]
) -> None:
    heard = CombinedRecognizer(CONFIG, grammar=grammar).recognize(text)
    assert (heard.name, heard.slots.as_dict()) == (intents.SHOPPING_LIST_ADD, slots)
    ticked = CombinedRecognizer(CONFIG, grammar=grammar).recognize("shopping list, cross off milk")
    assert ticked.name == intents.NONE  # ticking off is not served; never an item "cross off milk"
