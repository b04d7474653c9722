"""Commands said with what they are for or what is thought of them, and requests that are no command for now:
a purpose after a timer ("... for 45 minutes so the washing doesn't sit"), a remark that says "not", "never"
or "actually" of something else ("..., the soup won't make itself", "..., can never tell if it's on",
"..., that was actually a good one"), a skip asked for once more ("another one"), a place away from home with
a remark after it, the home's own rooms as no such place, a command for a time that comes again ("every
weeknight at 11 ..."), the speaker placed by the context as "the person talking", a gas leak asked about,
and lights brightened "to 80 in here"."""

from __future__ import annotations

import pytest

from assistantd import intents
from assistantd.config import load_config
from assistantd.config.settings import Config
from assistantd.fusion.combined import CombinedRecognizer
from assistantd.fusion.context import ContextReader
from assistantd.fusion.doubts import on_a_condition
from assistantd.fusion.home_forms import HomeForms
from assistantd.fusion.turns import Previous, TurnContext
from assistantd.fusion.understand import TurnRecognizer
from assistantd.intents import Intent, Slots
from tests.support.configs import EXAMPLE
from tests.support.fakes import TableModel
from tests.support.readers import heard_in, understood

CONFIG = load_config(EXAMPLE)


@pytest.mark.parametrize(
    ("text", "area", "intent", "slots"),
    [
        ("start a timer called laundry for 45 minutes so the wet stuff doesn't sit in the machine", None,
         intents.START_TIMER, {"name": "laundry", "minutes": 45}),
        ("turn on the kitchen lights, the soup won't make itself", None, intents.TURN_ON,
         {"area": "Kitchen", "domain": "light"}),
        ("turn on the kitchen lights so the kids don't trip on the step", None, intents.TURN_ON,
         {"area": "Kitchen", "domain": "light"}),
        ("toggle the garage light, can never tell if it's on from here", None, intents.TOGGLE,
         {"name": "Garage Light"}),
        ("go back one song, that was actually a banger", None, intents.MEDIA_PREVIOUS,
         {"area": "Living Room"}),
        ("skip forward one track", None, intents.MEDIA_NEXT, {"area": "Living Room"}),
        ("brighten it up to 80 in here, I'm doing flashcards at the table", "Kitchen", intents.LIGHT_SET,
         {"area": "Kitchen", "brightness": 80}),
        ("dim it down to 30 in here", "Bedroom", intents.LIGHT_SET, {"area": "Bedroom", "brightness": 30}),
        ("how long's left on that timer is my washing nearly done", None, intents.TIMER_STATUS, {}),
    ],
)  # fmt: skip
def test_the_example_home_reads(
    example_reader: CombinedRecognizer, text: str, area: str | None, intent: str, slots: dict
) -> None:
    assert heard_in(example_reader, CONFIG, text, area) == (intent, slots), text


def test_a_remark_that_takes_the_command_back_still_does(example_reader: CombinedRecognizer) -> None:
    assert heard_in(example_reader, CONFIG, "turn on the kitchen lights, no don't", None)[0] == intents.NONE


@pytest.mark.parametrize(
    ("text", "area", "intent", "slots"),
    [
        ("is there a gas leak in here? smells weird", "Kitchen", intents.GET_STATE,
         {"area": "Kitchen", "domain": "binary_sensor", "device_class": "gas", "state": "on"}),
        ("is there a leak in the kitchen", None, intents.GET_STATE,
         {"area": "Kitchen", "domain": "binary_sensor", "device_class": "moisture", "state": "on"}),
        ("what's the weather like in london, my flight's tomorrow", None, intents.GET_WEATHER,
         {"name": "London"}),
        ("is it raining in new york because we land there tonight", None, intents.GET_WEATHER,
         {"name": "new york"}),
    ],
)  # fmt: skip
def test_the_fixture_home_reads(
    ha_home: CombinedRecognizer, ha_config: Config, text: str, area: str | None, intent: str, slots: dict
) -> None:
    assert heard_in(ha_home, ha_config, text, area) == (intent, slots), text


def test_a_room_of_the_home_is_no_place_to_ask_the_weather_of(ha_home: CombinedRecognizer) -> None:
    assert ha_home.recognize("is it sunny in the office").name != intents.GET_WEATHER
    assert ha_home.recognize("what's the weather like in the kitchen").name != intents.GET_WEATHER
    assert ha_home.recognize("is it sunny in paris").slots.as_dict() == {"name": "paris"}


@pytest.mark.parametrize(
    ("text", "scheduled"),
    [
        ("every weeknight at 11 turn off the living room lights", True),
        ("turn off the living room lights every weekday at 11", True),
        ("close the blinds on weekdays at seven", True),
        ("each morning at 7 open the bedroom blinds", True),
        ("turn on the lights, I do this every night", False),
        ("turn off the living room lights", False),
    ],
)
def test_a_command_for_a_time_that_comes_again_is_a_schedule(text: str, scheduled: bool) -> None:
    assert on_a_condition(text) is scheduled, text


def test_a_schedule_is_not_done_now_whatever_the_model_reads(example_reader: CombinedRecognizer) -> None:
    said = "every weeknight at 11 turn off the living room lights"
    model = TableModel({said: Intent(intents.TURN_OFF, Slots(area="Living Room", domain="light"), 0.9,
                                     recognizer="model")})  # fmt: skip
    reader = CombinedRecognizer(CONFIG, grammar=example_reader.grammar, model=model)  # type: ignore[arg-type]
    assert reader.recognize(said).name == intents.NONE


def test_the_person_talking_is_the_user() -> None:
    read = ContextReader(CONFIG).read(
        TurnContext(text="the person talking is upstairs in the bathroom, getting ready after a night shift")
    )
    assert read.here == "bathroom"
    assert ContextReader(CONFIG).read(TurnContext(text="the cat is upstairs in the bathroom")).here is None


NEXT = Previous(intents.MEDIA_NEXT, ("tv",), (("area", "Living Room"),))


@pytest.mark.parametrize(
    ("text", "previous", "intent", "targets"),
    [
        ("another one, this song's rubbish too", NEXT, intents.MEDIA_NEXT, ("tv",)),
        ("and again", NEXT, intents.MEDIA_NEXT, ("tv",)),
        ("another one", Previous(intents.TURN_ON, ("floor_lamp",)), intents.NONE, ()),
    ],
)  # fmt: skip
def test_a_skip_asked_for_once_more(
    example_reader: CombinedRecognizer, text: str, previous: Previous, intent: str, targets: tuple
) -> None:
    reader = TurnRecognizer(CONFIG, example_reader)
    context = TurnContext(area="living_room", states=(("tv", "playing"),), previous=previous)
    assert understood(reader, text, (), context)[:2] == (intent, targets), text


def test_a_gate_the_home_has_not_got_is_not_opened(ha_home: CombinedRecognizer, ha_config: Config) -> None:
    assert heard_in(ha_home, ha_config, "open the gate for the postman", None)[0] == intents.NONE
    assert heard_in(ha_home, ha_config, "open the kitchen windows", None) == (
        intents.TURN_ON,
        {"area": "Kitchen", "domain": "cover", "device_class": "window"},
    ), "windows as Home Assistant reads them"


@pytest.mark.parametrize(
    ("text", "slots"),
    [
        ("turn on the desk lamp in the study", {"name": "Desk Lamp"}),
        ("close the blinds upstairs, the sun's right on the bed", {"name": "Bedroom Blinds"}),
        ("ceiling fan off in the bedroom, it's freezing up there", {"name": "Ceiling Fan"}),
        ("turn the desk lamp on in the kitchen", {"name": "Desk Lamp", "area": "Kitchen"}),
        ("the ceiling fan in the bedroom, switch it on", {"name": "Ceiling Fan"}),
        ("turn on the bedroom ceiling fan", {"name": "Ceiling Fan"}),
    ],
)
def test_a_device_named_with_its_own_place_is_the_device(
    example_reader: CombinedRecognizer, text: str, slots: dict
) -> None:
    assert example_reader.recognize(text).slots.as_dict() == slots, text


def test_a_question_about_someones_own_light_is_said_to_them(ha_home: CombinedRecognizer) -> None:
    assert (
        ha_home.recognize("is your bedroom light still on, young man? it's gone eleven").name == intents.NONE
    )
    assert ha_home.recognize("is the bedroom light still on").name == intents.GET_STATE


def test_the_valve_of_a_home_with_one(ha_config: Config) -> None:
    shut = Intent(intents.TURN_OFF, Slots(domain="valve"), 0.98, text="valve shut", recognizer="model")
    assert HomeForms(ha_config).one_of_a_kind(shut).slots.as_dict() == {
        "name": "Main Valve",
        "domain": "valve",
    }
    assert HomeForms(CONFIG).one_of_a_kind(shut).slots.as_dict() == {"domain": "valve"}, (
        "no valve: none named"
    )


@pytest.mark.parametrize(
    ("text", "intent", "slots"),
    [
        ("the timer of pizza, cancel it please", intents.CANCEL_TIMER, {"name": "pizza"}),
        ("pizza timer, cancel it, it's out already", intents.CANCEL_TIMER, {"name": "pizza"}),
        ("timer rice 18 minutes", intents.START_TIMER, {"name": "rice", "minutes": 18}),
    ],
)
def test_a_timer_named_first(ha_home: CombinedRecognizer, text: str, intent: str, slots: dict) -> None:
    heard = ha_home.recognize(text)
    assert (heard.name, heard.slots.as_dict()) == (intent, slots), text
