"""Commands as people who learned English later put them, with a remark of their own after them ("close
the light, we finish the dinner", "unlock the front door please, my son has no key"), the hour for the time,
timers "of" minutes, comparatives said with "more" ("more loud, I don't hear nothing"), a place and a kind as
a follow-up ("now the living room lights too"), what is pointed at opened or closed beside a remark, and
commands quoted, not given ("is it 'turn on the light' or 'open the light'?")."""

from __future__ import annotations

import pytest

from assistantd import intents
from assistantd.config import load_config
from assistantd.fusion.combined import CombinedRecognizer
from assistantd.fusion.remarks import before_remarks_said
from assistantd.fusion.turns import Observation, Previous, Turn, TurnContext
from assistantd.fusion.understand import TurnRecognizer
from assistantd.grammar.learners import comparatives
from assistantd.grammar.phrasing import plainly
from assistantd.grammar.recognizer import GrammarRecognizer
from assistantd.intents import Intent, Slots
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
    ("said", "plain"),
    [
        ("please can you to lock the front door", "lock the front door"),
        ("to lock the front door", "lock the front door"),
        ("make close the garage door", "close the garage door"),
        ("which hour is it", "what time is it"),
        ("how much degrees have we in this room", "how warm is it in this room"),
        ("start a timer of fifteen minutes", "set a timer for fifteen minutes"),
        ("timer 4 minutes", "set a timer for 4 minutes"),
        ("how many minutes stay on the timer", "how many minutes are left on the timer"),
        ("the lamp 20 percent more bright", "the lamp 20 percent brighter"),
        ("temperature in this room put to 19", "set temperature in this room to 19"),
        ("living room heating 20", "set living room heating to 20"),
        ("open the blinds on the half", "open the blinds to half"),
        ("some motion here", "is there any motion in here"),
        ("ok google kitchen lights off", "kitchen lights off"),
    ],
)
def test_a_learners_words_put_plainly(said: str, plain: str) -> None:
    assert plainly(said) == plain


def test_comparatives_said_with_more_or_less() -> None:
    assert comparatives("more loud") == "louder"
    assert comparatives("a bit less bright") == "a bit dimmer"
    assert comparatives("more than that") == "more than that"


@pytest.mark.parametrize(
    ("text", "area", "intent", "slots", "asked"),
    [
        ("close the light, we finish the dinner", "kitchen", intents.TURN_OFF,
         {"area": "Kitchen", "domain": "light"}, True),
        ("open the coffee maker, I need a coffee very strong", None, intents.TURN_ON,
         {"name": "Coffee Maker"}, True),
        ("unlock the front door please, my son has no key", None, intents.TURN_OFF,
         {"name": "Front Door"}, False),
        ("what hour is it now?", None, intents.GET_CURRENT_TIME, {}, False),
        ("please to start a timer of fifteen minutes", None, intents.START_TIMER, {"minutes": 15}, False),
        ("timer 4 minutes please, the water is boiling already", "kitchen", intents.START_TIMER,
         {"minutes": 4}, False),
        ("weather today, umbrella yes or no", None, intents.GET_WEATHER, {}, False),
        ("the garage door, close it please, sun is too much in my eyes", None, intents.TURN_OFF,
         {"name": "Garage Door"}, False),
    ],
)  # fmt: skip
def test_a_command_with_a_remark_of_its_own_after_it(
    combined: CombinedRecognizer,
    text: str,
    area: str | None,
    intent: str,
    slots: dict[str, object],
    asked: bool,
) -> None:
    heard = combined.recognize(text, area_id=area)
    assert (heard.name, heard.slots.as_dict()) == (intent, slots)
    assert combined.asks_first(heard) == asked  # a learner's "close the light" is asked about, as alone


def test_what_a_remark_says_of_someone_else_or_of_what_the_speaker_cannot_do_takes_nothing_back(
    combined: CombinedRecognizer,
) -> None:
    for remark in ("my son has no key", "my son doesn't have a key"):
        heard = combined.recognize(f"unlock the front door please, {remark}")
        assert (heard.name, heard.slots.name) == (intents.TURN_OFF, "Front Door"), remark
    assert before_remarks_said("turn it up, I can't hear a thing") == "turn it up"
    assert combined.recognize("unlock the front door please, no, not now").name == intents.NONE


def read(reader: TurnRecognizer, turn: Turn) -> tuple[str, tuple[str, ...], bool]:
    result = reader.understand_turn(turn)
    return result.intent.name, tuple(device.id for device in result.targets.devices), result.ask


TV_AT_30 = Previous(intents.SET_VOLUME, ("tv",), (("name", "TV"), ("volume_level", 30)))
LAMP_AT_60 = Previous(intents.LIGHT_SET, ("office_desk_lamp",), (("name", "Desk Lamp"), ("brightness", 60)))
BEDROOM_LAMP_ON = Previous(intents.TURN_ON, ("bedroom_lamp",), (("name", "Bedroom Lamp"),))


@pytest.mark.parametrize(
    ("text", "previous", "expected", "slots"),
    [
        ("more loud, I don't hear nothing", TV_AT_30, (intents.SET_VOLUME, ("tv",)), {"volume_level": 40}),
        ("louder", TV_AT_30, (intents.SET_VOLUME, ("tv",)), {"volume_level": 40}),
        ("little bit less, is too strong", LAMP_AT_60, (intents.LIGHT_SET, ("office_desk_lamp",)),
         {"brightness": 50}),
        ("now the living room lights too, please", BEDROOM_LAMP_ON,
         (intents.TURN_ON, ("floor_lamp", "living_room_ceiling_light")),
         {"area": "Living Room", "domain": "light"}),
    ],
)  # fmt: skip
def test_follow_ups_as_learners_say_them(
    grammar: GrammarRecognizer,
    text: str,
    previous: Previous,
    expected: tuple[str, tuple[str, ...]],
    slots: dict[str, object],
) -> None:
    reader = TurnRecognizer(CONFIG, CombinedRecognizer(CONFIG, grammar=grammar))
    turn = Turn(text, context=TurnContext(area="living_room", previous=previous))
    result = reader.understand_turn(turn)
    assert (result.intent.name, tuple(device.id for device in result.targets.devices)) == expected
    assert {key: value for key, value in result.intent.slots.as_dict().items() if key in slots} == slots


def test_a_comparative_alone_changes_only_what_it_is_said_of(grammar: GrammarRecognizer) -> None:
    reader = TurnRecognizer(CONFIG, CombinedRecognizer(CONFIG, grammar=grammar))
    turn = Turn("warmer", context=TurnContext(area="living_room", previous=LAMP_AT_60))
    assert reader.understand_turn(turn).intent.slots.brightness != 70  # a warmer light is a colour


def test_what_is_pointed_at_opened_or_closed_beside_a_remark(grammar: GrammarRecognizer) -> None:
    reader = TurnRecognizer(CONFIG, CombinedRecognizer(CONFIG, grammar=grammar))
    pointing = (Observation("pointing", 700, candidates=(("tv", 0.91), ("floor_lamp", 0.18))),)
    turn = Turn(
        "open that, the news is starting", observations=pointing, context=TurnContext(area="living_room")
    )
    assert read(reader, turn) == (intents.TURN_ON, ("tv",), False)
    turn = Turn("open it, it's your present", observations=pointing, context=TurnContext(area="living_room"))
    assert read(reader, turn)[0] == intents.NONE  # "it" may be the present


def test_commands_quoted_are_talk_about_commands_whatever_the_model_reads(grammar: GrammarRecognizer) -> None:
    text = "is it 'turn on the light' or 'open the light'? my teacher says different things"
    model = TableModel(
        {text: Intent(intents.GET_STATE, Slots(domain="cover", state="open"), 0.97, text=text)}
    )
    combined = CombinedRecognizer(CONFIG, grammar=grammar, model=model)  # type: ignore[arg-type]
    assert combined.recognize(text).name == intents.NONE


@pytest.mark.parametrize(
    ("heard", "plain"),
    [
        ("lights off lights off in here", "lights off in here"),
        ("how long is left on the timer on the timer", "how long is left on the timer"),
        ("close the main valve close it", "close the main valve"),
        ("timer fifteen minutes please fifteen", "set a timer for fifteen minutes please"),
        ("put it up to twenty to", "put it up to twenty two"),
        ("set the heating to twenty for degrees", "set the heating to twenty four degrees"),
        ("set a timer for for minutes", "set a timer for four minutes"),
        ("reading lamp for tea percent", "reading lamp forty percent"),
        ("make the lights in here blew", "make the lights in here blue"),
        ("switch off the sealing fan", "switch off the ceiling fan"),
        ("set the tee vee volume to twenty five", "set the tv volume to twenty five"),
        ("can you do a forty minute timer", "set a forty minute timer"),
        ("cancel all my timers all of them", "cancel all my timers"),
        ("start at forty minute timer", "start a forty minute timer"),
        ("shot the blinds in here", "shut the blinds in here"),
        ("shot down the phone", "shot down the phone"),
    ],
)
def test_what_a_transcriber_writes_put_as_it_was_meant(heard: str, plain: str) -> None:
    assert plainly(heard) == plain


@pytest.mark.parametrize(
    ("text", "area", "intent", "name"),
    [
        ("switch on the the lamp mummy wants to read", "bedroom", intents.TURN_ON, "Bedroom Lamp"),
        ("start the coffee maker the kids dropped cereal everywhere", None, intents.TURN_ON, "Coffee Maker"),
        ("turn off the floor lamp please your dads asleep on the sofa", None, intents.TURN_OFF, "Floor Lamp"),
        ("close the garage door the neighbours can see right in", None, intents.TURN_OFF, "Garage Door"),
        (
            "set the thermostat to eighteen nobodys even in there",
            None,
            intents.CLIMATE_SET_TEMPERATURE,
            "Thermostat",
        ),
    ],
)
def test_a_remark_run_on_after_a_command(
    combined: CombinedRecognizer, text: str, area: str | None, intent: str, name: str
) -> None:
    heard = combined.recognize(text, area_id=area)
    assert (heard.name, heard.slots.name) == (intent, name)


def test_an_answer_run_on_into_a_remark(grammar: GrammarRecognizer) -> None:
    reader = TurnRecognizer(CONFIG, CombinedRecognizer(CONFIG, grammar=grammar))
    unlocking = Previous(intents.TURN_OFF, ("front_door",), (("name", "Front Door"),))
    context = TurnContext(area="living_room", awaiting_confirmation=True, previous=unlocking)
    assert reader.understand_turn(Turn("yeah yeah go on its just grandma", context=context)).intent.name == (
        intents.CONFIRM
    )
    assert (
        reader.understand_turn(Turn("no dont its a stranger", context=context)).intent.name == intents.DECLINE
    )
