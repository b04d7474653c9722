"""Commands from people who speak English as a second language or who put things the long way round, and
commands corrected while they are said ("close the garage light, no, the desk lamp", "to fifty, hmm, make it
twenty five", "switch off that, no no, the other one there" while pointing at one and then another): what was
meant last is what is carried out, and a correction never lets the first thing said be acted on."""

from __future__ import annotations

import pytest

from assistantd import intents
from assistantd.config import load_config
from assistantd.fusion.combined import CombinedRecognizer
from assistantd.fusion.corrections import said_last, takes_back
from assistantd.fusion.doubts import on_a_condition
from assistantd.fusion.remarks import before_a_remark_on_it, before_remarks_said
from assistantd.fusion.turns import Observation, Previous, Turn, TurnContext
from assistantd.fusion.understand import TurnRecognizer
from assistantd.fusion.valued import valued
from assistantd.grammar.phrasing import plainly
from assistantd.grammar.recognizer import GrammarRecognizer
from assistantd.intents import Intent, Slots
from assistantd.text import asked_in_order
from tests.support.configs import EXAMPLE
from tests.support.fakes import TableModel

CONFIG = load_config(EXAMPLE)


@pytest.fixture(scope="module")
def grammar() -> GrammarRecognizer:
    return GrammarRecognizer(CONFIG)


@pytest.fixture(scope="module")
def combined(grammar: GrammarRecognizer) -> CombinedRecognizer:
    return CombinedRecognizer(CONFIG, grammar=grammar)


@pytest.mark.parametrize(
    ("text", "area", "intent", "slots"),
    [
        ("bedroom lights to fifty, hmm, make it twenty five", None, intents.LIGHT_SET,
         {"area": "Bedroom", "brightness": 25}),
        ("floor lamp green— no, yellow", None, intents.LIGHT_SET, {"name": "Floor Lamp", "color": "yellow"}),
        ("turn on the lights in the garage, no, the kitchen, sorry", None, intents.TURN_ON,
         {"area": "Kitchen", "domain": "light"}),
        ("switch the light on, sorry, off, I'm done in here", "garage", intents.TURN_OFF,
         {"area": "Garage", "domain": "light"}),
        ("heating in here to 20, no, make it 19, gas is too expensive", "living_room",
         intents.CLIMATE_SET_TEMPERATURE, {"area": "Living Room", "temperature": 19.0}),
        ("dim the bedroom lamp, I mean the office one, to 30", None, intents.LIGHT_SET,
         {"name": "Desk Lamp", "brightness": 30}),
        ("pause the... no, turn off the TV altogether", None, intents.TURN_OFF, {"name": "TV"}),
        ("close the blinds in the bedroom, no wait, open them", None, intents.TURN_ON,
         {"name": "Bedroom Blinds"}),
        ("switch off the living room lights... no, the kitchen ones, sorry", None, intents.TURN_OFF,
         {"area": "Kitchen", "domain": "light"}),
        ("make the floor lamp green, ah no, yellow, she wants yellow", None, intents.LIGHT_SET,
         {"name": "Floor Lamp", "color": "yellow"}),
        ("volume to fifty, uh no that's loud, thirty five", "living_room", intents.SET_VOLUME,
         {"area": "Living Room", "volume_level": 35}),
    ],
)  # fmt: skip
def test_what_was_meant_last_is_read(
    combined: CombinedRecognizer, text: str, area: str | None, intent: str, slots: dict[str, object]
) -> None:
    heard = combined.recognize(text, area_id=area)
    assert (heard.name, heard.slots.as_dict()) == (intent, slots)
    assert takes_back(text)


def test_a_correction_in_a_learners_words_is_asked_about_never_the_first_thing_said(
    combined: CombinedRecognizer,
) -> None:
    heard = combined.recognize("close the garage light, no, the desk lamp")
    assert (heard.name, heard.slots.name) == (intents.TURN_OFF, "Desk Lamp")
    assert combined.asks_first(heard)  # "close" for a light is a learner's word: asked
    fan = combined.recognize("bathroom fan off, uh, no, the ceiling fan")
    assert (fan.name, fan.slots.as_dict()) == (intents.TURN_OFF, {"name": "Ceiling Fan"})
    assert combined.asks_first(fan)  # never the bathroom's fans, read loosely from the words replaced


def test_of_before_a_place_is_a_learners_in_never_off(grammar: GrammarRecognizer) -> None:
    assert grammar.recognize("the light of garage").name != intents.TURN_OFF
    assert grammar.recognize("lights of the upstairs").name != intents.TURN_OFF
    off = grammar.recognize("kitchen lights of")  # a slip for "off" where no place follows
    assert (off.name, off.slots.area) == (intents.TURN_OFF, "Kitchen")


def test_what_says_a_correction_and_what_does_not() -> None:
    assert takes_back("switch off that, no no, the other one there")
    assert takes_back("floor lamp green— no, yellow")
    assert not takes_back("no, turn off the kitchen lights")  # nothing before it to take back
    assert not takes_back("the washing-up is done, turn off the kitchen lights")


@pytest.mark.parametrize(
    ("said", "plain"),
    [
        ("how much degree is here", "how warm is it here"),
        ("make 18 degree in bedroom for the night", "set the temperature in bedroom to 18 degrees"),
        ("stop the film one moment", "stop the film"),
        ("put the film inception", "play the film inception"),
        ("tv quieter to 10", "turn tv down to 10"),
        ("the blinds make them down", "close the blinds"),
        ("the robot cleaner send him to clean", "start the robot cleaner"),
        ("how much time still have the pizza", "how much time is left on the pizza timer"),
        ("washer still working or is finish", "is washer still running"),
        ("please you lock the front door", "lock the front door"),
        ("set me a timer for twenty minutes", "set a timer for twenty minutes"),
        ("add milk in the shopping list", "add milk to the shopping list"),
        ("stop the film little bit", "stop the film"),
        ("put the lamp out", "turn off the lamp"),
        ("continue to play", "continue playing"),
        ("in here the lights at thirty", "the lights at thirty in here"),
        ("tell me whether ada has come home yet", "is ada home"),
        ("turn the lights down in here to a quarter", "turn the lights down to a quarter in here"),
        ("the bedroom blinds put up", "open the bedroom blinds"),
    ],
)
def test_a_learners_words_put_plainly(said: str, plain: str) -> None:
    assert plainly(said) == plain


@pytest.mark.parametrize(
    ("text", "area", "intent", "slots"),
    [
        ("how much degree is here now?", "office", intents.CLIMATE_GET_TEMPERATURE, {"area": "Office"}),
        ("stop the film one moment, telephone is ringing", "living_room", intents.MEDIA_PAUSE,
         {"area": "Living Room"}),
        ("TV more quiet please, to 10", None, intents.SET_VOLUME, {"name": "TV", "volume_level": 10}),
        ("the blinds, make them down", None, intents.TURN_OFF, {"name": "Bedroom Blinds"}),
        ("please you lock the front door, I go out now", None, intents.TURN_ON, {"name": "Front Door"}),
        ("heating, put it on twenty, is enough", "hallway", intents.CLIMATE_SET_TEMPERATURE,
         {"name": "Thermostat", "temperature": 20.0}),
        ("Would you set me a timer for twenty minutes, please, dear.", None, intents.START_TIMER,
         {"minutes": 20}),
        ("Would you pause the programme a moment, dear, the kettle has boiled.", "living_room",
         intents.MEDIA_PAUSE, {"area": "Living Room"}),
        ("Would you be so good as to put the lamp in the bedroom on? Only a little, mind, about twenty per"
         " cent.", None, intents.LIGHT_SET, {"name": "Bedroom Lamp", "brightness": 20}),
        ("turn on the kitchen lights, maybe 40 percent", None, intents.LIGHT_SET,
         {"area": "Kitchen", "brightness": 40}),
        ("can you make it a bit dimmer in here, maybe 30", "kitchen", intents.LIGHT_SET,
         {"area": "Kitchen", "brightness": 30}),
        ("Turn the volume down to 20, on the phone", "living_room", intents.SET_VOLUME,
         {"area": "Living Room", "volume_level": 20}),
        ("But movie mode on, people are here", None, intents.TURN_ON, {"name": "Movie Scene"}),
        ("I should be most grateful if you would lock the front door, dear.", None, intents.TURN_ON,
         {"name": "Front Door"}),
        ("Would you be so kind as to switch the standard lamp on, please.", None, intents.TURN_ON,
         {"name": "Floor Lamp"}),
        ("Would you be so kind as to turn the fire down to nineteen, it's rather stuffy.", None,
         intents.CLIMATE_SET_TEMPERATURE, {"name": "Thermostat", "temperature": 19.0}),
        ("Now then, would you kindly put the lamp out, I'm ready for my bed.", "bedroom", intents.TURN_OFF,
         {"name": "Bedroom Lamp"}),
        ("continue to play please, i am back", "living_room", intents.MEDIA_UNPAUSE, {"area": "Living Room"}),
        ("put movie mode on, the popcorn's ready", None, intents.TURN_ON, {"name": "Movie Scene"}),
    ],
)  # fmt: skip
def test_second_language_and_long_way_round_commands(
    combined: CombinedRecognizer, text: str, area: str | None, intent: str, slots: dict[str, object]
) -> None:
    heard = combined.recognize(text, area_id=area)
    assert (heard.name, heard.slots.as_dict()) == (intent, slots)


def test_remarks_after_the_command_are_left_out() -> None:
    assert before_remarks_said("heating, put it on twenty, is enough") == "heating, put it on twenty"
    assert before_remarks_said("volume down to 20, on the phone") == "volume down to 20"
    assert before_a_remark_on_it("put the film Inception, I want see it again") == "put the film Inception"
    assert before_a_remark_on_it("play Hello, I Love You") is None  # a title, not a remark on it
    assert valued(["make it a bit dimmer in here", "maybe 30"]) == "set the lights in here to 30"


def test_a_correction_while_pointing_takes_the_last_thing_pointed_at(grammar: GrammarRecognizer) -> None:
    text = "switch off that, no no, the other one there"
    model = TableModel({text: Intent(intents.TURN_OFF, Slots(), 0.99, text=text, recognizer="model")})
    reader = TurnRecognizer(CONFIG, CombinedRecognizer(CONFIG, grammar=grammar, model=model))  # type: ignore[arg-type]
    pointing = (
        Observation("pointing", 500, candidates=(("floor_lamp", 0.85), ("tv", 0.2))),
        Observation("pointing", 1500, candidates=(("living_room_ceiling_light", 0.83), ("floor_lamp", 0.25))),
    )
    context = TurnContext(
        area="living_room", states=(("floor_lamp", "on"), ("living_room_ceiling_light", "on"))
    )
    turn = Turn(text, observations=pointing, context=context)
    assert [device for device, _ in turn.pointed()] == ["living_room_ceiling_light", "floor_lamp"]
    assert tuple(device.id for device in reader.understand_turn(turn).targets.devices) == (
        "living_room_ceiling_light",
    )
    plain = Turn("switch off that", observations=pointing, context=context)
    assert [device for device, _ in plain.pointed()][0] == "floor_lamp"  # no correction: the best of both


def test_a_follow_up_after_no_wait_and_answers_that_change_their_mind(grammar: GrammarRecognizer) -> None:
    reader = TurnRecognizer(CONFIG, CombinedRecognizer(CONFIG, grammar=grammar))
    closed = Previous(intents.TURN_OFF, ("bedroom_blinds",), (("name", "Bedroom Blinds"),))
    again = reader.understand_turn(Turn("no wait, open them again", context=TurnContext(previous=closed)))
    assert (again.intent.name, tuple(d.id for d in again.targets.devices)) == (
        intents.TURN_ON,
        ("bedroom_blinds",),
    )
    unlocking = Previous(intents.TURN_OFF, ("front_door",), (("name", "Front Door"),))
    waiting = TurnContext(area="living_room", awaiting_confirmation=True, previous=unlocking)
    for text, answer in (
        ("si si, you can open", intents.CONFIRM),
        ("no... actually yes, go ahead", intents.CONFIRM),
        ("no... yes. Yes, go ahead", intents.CONFIRM),
        ("no, go ahead", intents.DECLINE),  # a first "no" taken back only where the words say so
        ("no", intents.DECLINE),
    ):
        assert reader.understand_turn(Turn(text, context=waiting)).intent.name == answer, text


def test_follow_ups_said_instead_and_by_how_much(grammar: GrammarRecognizer) -> None:
    reader = TurnRecognizer(CONFIG, CombinedRecognizer(CONFIG, grammar=grammar))

    def read(text: str, previous: Previous) -> tuple[str, tuple[str, ...]]:
        result = reader.understand_turn(
            Turn(text, context=TurnContext(area="living_room", previous=previous))
        )
        return result.intent.name, tuple(device.id for device in result.targets.devices)

    desk = Previous(intents.TURN_ON, ("office_desk_lamp",), (("name", "Desk Lamp"),))
    assert read("no, the bedroom lamp", desk) == (intents.TURN_ON, ("bedroom_lamp",))
    assert read("no sorry, I meant the bedroom lamp, not that one", desk) == (
        intents.TURN_ON,
        ("bedroom_lamp",),
    )
    heating = Previous(
        intents.CLIMATE_SET_TEMPERATURE, ("thermostat",), (("name", "Thermostat"), ("temperature", 20))
    )
    warmer = reader.understand_turn(Turn("one more degree, please", context=TurnContext(previous=heating)))
    assert (warmer.intent.name, warmer.intent.slots.temperature) == (intents.CLIMATE_SET_TEMPERATURE, 21)
    corrected = reader.understand_turn(Turn("a bit more, 21, no, 22", context=TurnContext(previous=heating)))
    assert (corrected.intent.name, corrected.intent.slots.temperature) == (
        intents.CLIMATE_SET_TEMPERATURE,
        22.0,
    )
    blue = Previous(intents.LIGHT_SET, ("floor_lamp",), (("name", "Floor Lamp"), ("color", "blue")))
    assert read("the bedside one too, same colour", blue) == (intents.LIGHT_SET, ("bedroom_lamp",))


def test_a_question_said_as_a_statement_before_a_remark() -> None:
    assert (
        asked_in_order("there is smoke in the kitchen? i smell something") == "is there smoke in the kitchen"
    )
    assert asked_in_order("there is smoke in the kitchen") is None  # no question mark: a statement


def test_a_condition_said_first_is_no_command_for_now() -> None:
    assert on_a_condition("if it is raining, close the shade in the guest room")
    assert on_a_condition("when my son arrives, unlock the front door")
    assert not on_a_condition("if you would, close the shade in the guest room")  # a way of asking
    assert not on_a_condition("when you get a chance, turn off the kitchen lights")
    assert not on_a_condition("if it is raining")  # nothing after it


def test_what_was_said_last_after_a_correction() -> None:
    assert said_last("a bit more, 21, no, 22") == "22"
    assert said_last("heating to 20, no wait, make it 19") == "19"
    assert said_last("lamp on, actually, off") is None  # "actually" may be a way of speaking
    assert said_last("turn on the lamp") is None
