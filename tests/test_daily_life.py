"""Commands said in the middle of daily life: a reason or a remark before or after the command ("what time is
it, am I late for the bus", "add oat milk to the shopping list before I forget"), a device described rather
than named among remarks, a yes among remarks, and talk to someone else in the room, which is no command."""

from __future__ import annotations

import pytest

from assistantd import intents
from assistantd.config import load_config
from assistantd.fusion.clauses import the_answer
from assistantd.fusion.combined import CombinedRecognizer
from assistantd.fusion.corrections import corrections
from assistantd.fusion.turns import Previous, Turn, TurnContext
from assistantd.fusion.understand import TurnRecognizer
from assistantd.grammar.recognizer import GrammarRecognizer
from assistantd.intents import Intent, Slots
from tests.support.configs import EXAMPLE
from tests.support.fakes import TableModel

CONFIG = load_config(EXAMPLE)


@pytest.mark.parametrize(
    ("text", "area", "intent", "slots"),
    [
        ("what time is it, am I late for the bus", None, intents.GET_CURRENT_TIME, {}),
        ("what time is it now, we've got the school run", None, intents.GET_CURRENT_TIME, {}),
        ("how cold is it in here, I can see my breath", "office", intents.CLIMATE_GET_TEMPERATURE,
         {"area": "Office"}),
        ("what temperature is it inside, shall I take my jumper off", None, intents.CLIMATE_GET_TEMPERATURE,
         {}),
        ("add oat milk to the shopping list before I forget", None, intents.SHOPPING_LIST_ADD,
         {"item": "oat milk"}),
        ("play the podcast Serial while I fold the washing", "living_room", intents.MEDIA_SEARCH,
         {"area": "Living Room", "search_query": "serial", "media_class": "podcast"}),
        ("desk lamp all the way up, I dropped a screw", None, intents.LIGHT_SET,
         {"name": "Desk Lamp", "brightness": 100}),
        ("full brightness in here please, I'm cleaning the oven", "kitchen", intents.LIGHT_SET,
         {"area": "Kitchen", "brightness": 100}),
        ("thermostat up to 22.5, it's bitter tonight", None, intents.CLIMATE_SET_TEMPERATURE,
         {"name": "Thermostat", "temperature": 22.5}),
        ("what's the heating on at, it feels like an igloo", None, intents.CLIMATE_GET_TEMPERATURE,
         {"name": "Thermostat"}),
        ("bedroom blinds to thirty percent, the sun's on the bed", None, intents.SET_POSITION,
         {"name": "Bedroom Blinds", "domain": "cover", "position": 30}),
        ("lock the front door pls", None, intents.TURN_ON, {"name": "Front Door"}),
        ("did I actually lock the front door when I came in", None, intents.GET_STATE,
         {"name": "Front Door", "domain": "lock", "state": "locked"}),
        ("is the garage door still open from this morning", None, intents.GET_STATE,
         {"name": "Garage Door", "domain": "cover", "state": "open"}),
        ("How long is left on the timer man?", None, intents.TIMER_STATUS, {}),
        ("what's today's date again, I have to write it on this form", None, intents.GET_CURRENT_DATE, {}),
        ("ok you can carry on playing the tv now", None, intents.MEDIA_UNPAUSE, {"name": "TV"}),
        ("the kids are finally in bed so turn off the floor lamp", None, intents.TURN_OFF,
         {"name": "Floor Lamp"}),
        ("kitchen: lights off", None, intents.TURN_OFF, {"area": "Kitchen", "domain": "light"}),
        ("the kids are meant to be in bed, is anyone in the office", None, intents.GET_STATE,
         {"area": "Office", "domain": "binary_sensor", "device_class": "motion", "state": "on"}),
        ("anyone moving about in the study?", None, intents.GET_STATE,
         {"area": "Office", "domain": "binary_sensor", "device_class": "motion", "state": "on"}),
        ("is anybody in here", "office", intents.GET_STATE,
         {"area": "Office", "domain": "binary_sensor", "device_class": "motion", "state": "on"}),
        ("could you dim the kitchen lights to about 20 percent, the little one's asleep", None,
         intents.LIGHT_SET, {"area": "Kitchen", "brightness": 20}),
        ("close the blinds in the bedroom its too sunny on the screen", None, intents.TURN_OFF,
         {"name": "Bedroom Blinds"}),  # a named device needs no place beside it
        ("upstairs: every light off", None, intents.TURN_OFF, {"floor": "Upstairs", "domain": "light"}),
        ("front door lock status", None, intents.GET_STATE, {"name": "Front Door", "domain": "lock"}),
        ("front door locked y/n", None, intents.GET_STATE, {"name": "Front Door", "domain": "lock",
                                                             "state": "locked"}),
        ("living room light 2700K", None, intents.LIGHT_SET,
         {"name": "Living Room Ceiling Light", "color_temp_kelvin": 2700}),
        ("counter lights +20%", None, intents.LIGHT_SET, {"name": "Counter Lights", "brightness_step": 20}),
        ("bedroom blinds position 70", None, intents.SET_POSITION,
         {"name": "Bedroom Blinds", "domain": "cover", "position": 70}),
        ("scene movie mode", None, intents.TURN_ON, {"name": "Movie Scene"}),
        ("can u turn the tv off pls", None, intents.TURN_OFF, {"name": "TV"}),
        ("go back a song pls i wasnt ready", "living_room", intents.MEDIA_PREVIOUS, {"area": "Living Room"}),
        ("cancel my timer i finished already", None, intents.CANCEL_TIMER, {}),
        ("kill the timer i dont need it", None, intents.CANCEL_TIMER, {}),
        ("add 2 minutes to the timer my slime isnt ready", None, intents.INCREASE_TIMER, {"minutes": 2}),
        ("ok unpause it now im back", "living_room", intents.MEDIA_UNPAUSE, {"area": "Living Room"}),
        ("could you just lock the front door for me, I'm not sure which key it is", None, intents.TURN_ON,
         {"name": "Front Door"}),
        ("can you put the show back on, I paused it to answer the door", "living_room", intents.MEDIA_UNPAUSE,
         {"area": "Living Room"}),
    ],
)  # fmt: skip
def test_a_command_with_a_remark_is_the_command(
    example_reader: CombinedRecognizer, text: str, area: str | None, intent: str, slots: dict[str, object]
) -> None:
    heard = example_reader.recognize(text, area_id=area)
    assert (heard.name, heard.slots.as_dict()) == (intent, slots)


def test_a_cover_and_its_way_alone_is_a_command_but_not_among_a_dashboard_read_aloud(
    example_reader: CombinedRecognizer,
) -> None:
    heard = example_reader.recognize("garage door open")
    assert (heard.name, heard.slots.name) == (intents.TURN_ON, "Garage Door")
    assert not example_reader.recognize("right, so garage door open, front door locked, all green").is_command
    assert not example_reader.recognize(
        "see, the dashboard says floor lamp 40 percent, thermostat 21"
    ).is_command


def test_someone_at_a_door_is_no_room_of_the_home(example_reader: CombinedRecognizer) -> None:
    assert not example_reader.recognize("someone's at the front door").is_command


def test_names_listed_with_a_place_are_no_command(example_reader: CombinedRecognizer) -> None:
    assert not example_reader.recognize(
        "Floor Lamp, Office"
    ).is_command  # names heard, not "... in the office"


def test_a_thing_and_a_state_with_a_question_mark_is_asked(example_reader: CombinedRecognizer) -> None:
    asked = example_reader.recognize("front door locked?")
    assert (asked.name, asked.slots.state) == (intents.GET_STATE, "locked")
    lights = example_reader.recognize("kitchen lights on?")
    assert (lights.name, lights.slots.state) == (intents.GET_STATE, "on")
    assert (
        example_reader.recognize("turn the kitchen lights on?").name == intents.TURN_ON
    )  # a verb asks for it


def test_actually_after_a_subject_corrects_nothing() -> None:
    assert corrections("did i actually lock the front door") == []
    assert corrections("turn on the floor lamp actually the desk lamp")[0] == "the desk lamp"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("switch the lamp by the sofa on, I want to read", "Floor Lamp"),
        ("kitchen's main light off, my hands are wet", "Kitchen Ceiling Light"),
    ],
)
def test_a_device_described_among_remarks_is_asked_about(
    example_reader: CombinedRecognizer, text: str, name: str
) -> None:
    heard = example_reader.recognize(text)
    assert heard.slots.name == name
    assert example_reader.asks_first(heard)


def test_the_big_light_in_here_among_remarks_is_asked_about(example_reader: CombinedRecognizer) -> None:
    heard = example_reader.recognize(
        "the big light in here, off please, we've finished the washing up", area_id="kitchen"
    )
    assert (heard.name, heard.slots.name) == (intents.TURN_OFF, "Kitchen Ceiling Light")
    assert example_reader.asks_first(heard)


def test_the_big_light_is_the_ceiling_light_of_the_room(example_reader: CombinedRecognizer) -> None:
    heard = example_reader.recognize("switch the big light on", area_id="kitchen")
    assert (heard.name, heard.slots.name) == (intents.TURN_ON, "Kitchen Ceiling Light")
    assert (
        example_reader.recognize("switch the big light on", area_id="garage").name == intents.NONE
    )  # none there


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("guests are here, movie mode!", "Movie Scene"),
        ("movie mode please, the popcorn's done and everyone's sat down", "Movie Scene"),
    ],
)
def test_a_scene_named_among_remarks_is_asked_about(
    example_reader: CombinedRecognizer, text: str, name: str
) -> None:
    heard = example_reader.recognize(text)
    assert (heard.name, heard.slots.name) == (intents.TURN_ON, name)
    assert example_reader.asks_first(heard)


def test_a_yes_among_remarks_answers_the_question() -> None:
    yes = Intent(intents.CONFIRM, confidence=0.97)
    remark = intents.no_intent("it's my mum at the door")
    assert the_answer(["sure", "it's my mum at the door"], [yes, remark]) is yes
    assert the_answer(["sure", "the back door"], [yes, intents.no_intent("the back door")]) is None
    assert the_answer(["yes", "it's fine, no wait"], [yes, intents.no_intent("it's fine, no wait")]) is None


def turn(text: str, *, awaiting: bool = False, previous: Previous | None = None) -> Turn:
    context = TurnContext(area="living_room", awaiting_confirmation=awaiting, previous=previous)
    return Turn(text, context=context)


_OPEN_THEM = "the blinds in the main bedroom upstairs, is there a way to open them?"
READINGS = {
    text: Intent(intent, Slots(**slots), confidence=0.9, text=text, recognizer="model")  # type: ignore[arg-type]
    for text, intent, slots in [
        ("Jamie, did you leave the garage light on again?", intents.GET_STATE, {"name": "Garage Light"}),
        ("don't swing on the curtains sweetheart", intents.GET_STATE, {"domain": "light", "state": "on"}),
        ("Garage Light, Entrance, clean my mountaineer", intents.VACUUM_START, {"name": "Garage Light"}),
        ("mm the the lamp uh", intents.LIGHT_SET, {}),
        ("and make it more dim", intents.LIGHT_SET, {}),
        ("lava floor! lights off means you're out, Noah", intents.TURN_OFF, {"domain": "light"}),
        ("don't forget to switch off the garage light", intents.TURN_OFF, {"name": "Garage Light"}),
        (_OPEN_THEM, intents.SET_POSITION,
         {"name": "Bedroom Blinds"}),
        ("what a lovely view, the blinds upstairs", intents.GET_STATE,
         {"name": "Bedroom Blinds", "state": "open"}),
        ("the main bedroom blinds upstairs, is there a way to close them", intents.GET_STATE,
         {"name": "Bedroom Blinds", "state": "closed"}),
    ]
}  # fmt: skip


@pytest.mark.parametrize("text", [*list(READINGS)[:3], "lava floor! lights off means you're out, Noah"])
def test_talk_to_others_and_devices_of_another_kind_are_no_command(
    example_grammar: GrammarRecognizer, text: str
) -> None:
    modelled = CombinedRecognizer(CONFIG, grammar=example_grammar, model=TableModel(READINGS))  # type: ignore[arg-type]
    assert modelled.recognize(text).name == intents.NONE


def test_a_model_setting_with_no_value_or_state_asked_to_be_changed_is_no_command(
    example_grammar: GrammarRecognizer,
) -> None:
    modelled = CombinedRecognizer(CONFIG, grammar=example_grammar, model=TableModel(READINGS))  # type: ignore[arg-type]
    reader = TurnRecognizer(CONFIG, modelled)
    assert reader.understand_turn(turn("mm the the lamp uh")).intent.name == intents.NONE
    kept = reader.understand_turn(turn("don't forget to switch off the garage light"))
    assert kept.intent.name == intents.TURN_OFF
    blinds = reader.understand_turn(turn(_OPEN_THEM))
    assert blinds.intent.name == intents.NONE, "no position said: no setting"
    closing = reader.understand_turn(turn("the main bedroom blinds upstairs, is there a way to close them"))
    assert closing.intent.name == intents.NONE, "a state question read from a request to change it"
    view = reader.understand_turn(turn("what a lovely view, the blinds upstairs"))
    assert view.intent.name == intents.GET_STATE
    lamp = Previous(intents.TURN_ON, ("bedroom_lamp",), (("name", "Bedroom Lamp"),))
    dimmer = reader.understand_turn(turn("and make it more dim", previous=lamp))
    assert (dimmer.intent.name, dimmer.intent.slots.brightness_step) == (intents.LIGHT_SET, -20)
