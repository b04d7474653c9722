"""What is said after a command in a clause of its own, and how a transcriber writes some commands: a word of
address or a "please" between clauses ("..., love, ..."), a remark that names another device or a thing the
home has not got ("..., it's reflecting on the telly", "..., the mirror's cleared"), a wish said as a reason
("..., I want some fresh air in"), a step from a level not known ("a little dimmer than that"), the previous
setting given to another device ("do the desk lamp that colour too"), curtains pulled across, a timer "put on"
with its length after a comma, a state asked as "open or still shut", and a transcriber's "tally", "teleon",
"interior" and "time for an hour"."""

from __future__ import annotations

import pytest

from assistantd import intents
from assistantd.config import load_config
from assistantd.config.settings import Config
from assistantd.fusion.combined import CombinedRecognizer
from assistantd.fusion.doubts import unfounded
from assistantd.fusion.ellipsis import relative_follow_up
from assistantd.fusion.negation import negated
from assistantd.fusion.turns import Previous, Turn, TurnContext
from assistantd.fusion.understand import TurnRecognizer
from assistantd.intents import Intent, Slots
from assistantd.text import without_hesitation
from tests.support.configs import EXAMPLE
from tests.support.fakes import TableModel
from tests.support.readers import heard_in, pointing, understood

CONFIG = load_config(EXAMPLE)


@pytest.mark.parametrize(
    ("text", "area", "intent", "slots"),
    [
        ("pull the curtain across, I need a nap before my shift", "Bedroom", intents.TURN_OFF,
         {"name": "Bedroom Curtain"}),
        ("stick a timer on, ten minutes, love, the pasta's boiling", "Kitchen", intents.START_TIMER,
         {"minutes": 10}),
        ("what time is it? the delivery's meant to come at ten past", None, intents.GET_CURRENT_TIME, {}),
        ("Pause the tally, the kettle's boiling", None, intents.MEDIA_PAUSE, {"name": "TV"}),
        ("Turn the teleon, the match is starting", None, intents.TURN_ON, {"name": "TV"}),
        ("Time for an hour and a half, the bread needs proving", None, intents.START_TIMER,
         {"hours": 1, "minutes": 30}),
        ("The heating interior, 21 please, I'm frozen", "Living Room", intents.CLIMATE_SET_TEMPERATURE,
         {"area": "Living Room", "temperature": 21.0}),
        ("put the bedroom curtain water open", None, intents.SET_POSITION,
         {"name": "Bedroom Curtain", "domain": "cover", "position": 25}),
        ("what time's it got to, I've lost my phone", None, intents.GET_CURRENT_TIME, {}),
        ("is any smoke being picked up in here", "Kitchen", intents.GET_STATE,
         {"area": "Kitchen", "domain": "binary_sensor", "device_class": "smoke", "state": "on"}),
        ("bedroom lamp on but dim, like 10 percent", None, intents.LIGHT_SET,
         {"name": "Bedroom Lamp", "brightness": 10}),
        ("put the lamp on low for him, about 25 percent", "Bedroom", intents.LIGHT_SET,
         {"name": "Bedroom Lamp", "brightness": 25}),
    ],
)  # fmt: skip
def test_the_fixture_home_reads(
    ha_home: CombinedRecognizer, ha_config: Config, text: str, area: str | None, intent: str, slots: dict
) -> None:
    assert heard_in(ha_home, ha_config, text, area) == (intent, slots), text


def test_a_device_described_before_a_command_and_a_word_of_address(
    ha_home: CombinedRecognizer, ha_config: Config
) -> None:
    said = "the lamp by the sofa, could you turn it down to about twenty, love"
    assert heard_in(ha_home, ha_config, said, "Living Room") == (
        intents.LIGHT_SET,
        {"name": "Living Room Lamp", "brightness": 20},
    )


@pytest.mark.parametrize(
    ("text", "area", "slots"),
    [
        ("lights back on in here please, that storm knocked them off", "office",
         {"area": "Office", "domain": "light"}),
        ("turn the lights back on in the kitchen", None, {"area": "Kitchen", "domain": "light"}),
    ],
)  # fmt: skip
def test_lights_back_on(example_reader: CombinedRecognizer, text: str, area: str | None, slots: dict) -> None:
    heard = example_reader.recognize(text, area_id=area)
    assert (heard.name, heard.slots.as_dict()) == (intents.TURN_ON, slots), text


def test_what_will_not_make_itself_negates_no_command() -> None:
    assert not negated("switch on the kitchen lights, the dinner won't make itself")
    assert not negated("that doesn't make sense")
    assert negated("don't make it red"), "a command not to"


def test_a_sensor_asked_whether_it_picked_up_movement(example_reader: CombinedRecognizer) -> None:
    heard = example_reader.recognize("has the office sensor picked up any motion, the dog's gone quiet")
    assert (heard.name, heard.slots.as_dict()) == (
        intents.GET_STATE,
        {"area": "Office", "domain": "binary_sensor", "device_class": "motion", "state": "on"},
    )


def test_a_room_like_midnight_is_dark(example_reader: CombinedRecognizer) -> None:
    heard = example_reader.recognize(
        "it's like midnight in here with this fog, I can't see the bread", area_id="kitchen"
    )
    assert (heard.name, heard.slots.as_dict()) == (intents.TURN_ON, {"area": "Kitchen", "domain": "light"})
    assert example_reader.asks_first(heard), "said, not asked for: asked about"


def test_warm_in_there_is_no_place_to_ask_the_weather_of(ha_home: CombinedRecognizer) -> None:
    heard = ha_home.recognize("is it warm in there")
    assert heard.name != intents.GET_WEATHER, "'there' is no town"
    assert ha_home.recognize("is it warm in paris").slots.as_dict() == {"name": "paris"}


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("is the garage door open yet or still shut", "open"),
        ("is the front door locked or unlocked", "locked"),
    ],
)
def test_a_state_asked_either_way_is_the_first_said(
    example_reader: CombinedRecognizer, text: str, state: str
) -> None:
    heard = example_reader.recognize(text)
    assert (heard.name, heard.slots.state) == (intents.GET_STATE, state), text


def test_words_of_address_and_please_between_clauses_are_dropped() -> None:
    assert without_hesitation("lamp down to twenty, dear, I'm reading") == "lamp down to twenty, I'm reading"
    assert without_hesitation("um, pause it, love") == "pause it"
    assert without_hesitation("a timer, six minutes, there, the eggs are on") == (
        "a timer, six minutes, the eggs are on"
    ), "a transcriber's 'there' for 'dear'"
    assert without_hesitation("dear me, the lamp's off") == "dear me, the lamp's off", "not a clause alone"


def test_a_step_from_a_level_not_known() -> None:
    lamp = Previous(intents.LIGHT_SET, ("bedroom_lamp",))
    step = relative_follow_up("a little dimmer than that, still too bright", lamp)
    assert step is not None and step.slots.as_dict() == {"brightness_step": -20}
    heating = Previous(intents.CLIMATE_SET_TEMPERATURE, ("thermostat",), (("name", "Thermostat"),))
    step = relative_follow_up("a touch warmer than that", heating)
    assert step is not None and step.slots.as_dict() == {"name": "Thermostat", "temperature_step": 1}
    assert relative_follow_up("half that", lamp) is None, "half of a level not known"
    set_at = Previous(intents.LIGHT_SET, ("bedroom_lamp",), (("brightness", 50),))
    assert relative_follow_up("a bit warmer", set_at) is None, "warmer after a brightness: a colour"
    assert relative_follow_up("a bit brighter", set_at).slots.as_dict() == {"brightness": 60}  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def reader(example_reader: CombinedRecognizer) -> TurnRecognizer:
    """The example home's turns read with a model that knows a few sentences (at the model's seam)."""
    said = {
        "dim that one down, it's reflecting on the telly": Intent(
            intents.TURN_ON, Slots(name="TV"), 0.7, recognizer="model"
        ),
        "dim that one down": Intent(intents.LIGHT_SET, Slots(), 0.9, recognizer="model"),
        "quieter on that one, grandad's nodding off in his chair": Intent(
            intents.TURN_ON, Slots(), 0.8, recognizer="model"
        ),
        "quieter on that one": Intent(intents.SET_VOLUME, Slots(), 0.92, recognizer="model"),
    }
    return TurnRecognizer(
        CONFIG, CombinedRecognizer(CONFIG, grammar=example_reader.grammar, model=TableModel(said))
    )  # type: ignore[arg-type]


LIGHT = pointing(("living_room_ceiling_light", 0.88), ("tv", 0.25))


def test_a_device_named_only_in_the_remark_is_not_the_one_meant(reader: TurnRecognizer) -> None:
    said = understood(reader, "dim that one down, it's reflecting on the telly", LIGHT,
                      TurnContext(area="living_room"))  # fmt: skip
    assert said == (intents.LIGHT_SET, ("living_room_ceiling_light",), False)


def test_a_thing_the_home_lacks_said_only_in_a_remark_leaves_the_command() -> None:
    def foreign(words: str) -> set[str]:
        return {word for word in words.split() if word in {"steam", "blanket"}}

    off = Intent(
        intents.TURN_OFF, Slots(), 0.9, text="and off again now, the steam's all gone", recognizer="model"
    )
    assert not unfounded(off, CONFIG, foreign, anchored=True), (
        "said after the fan: the steam is what it was for"
    )
    assert unfounded(off, CONFIG, foreign), "said of nothing before: the words name only the steam"
    on = Intent(intents.TURN_ON, Slots(), 0.9, text="switch on the blanket please", recognizer="model")
    assert unfounded(on, CONFIG, foreign), "a blanket the home has not got"


@pytest.mark.parametrize(
    ("text", "previous", "intent", "targets"),
    [
        ("a little dimmer than that, love, it's still too bright",
         Previous(intents.LIGHT_SET, ("bedroom_lamp",)), intents.LIGHT_SET, ("bedroom_lamp",)),
        ("oh, a touch warmer than that, I'm still freezing",
         Previous(intents.CLIMATE_SET_TEMPERATURE, ("thermostat",)), intents.CLIMATE_SET_TEMPERATURE,
         ("thermostat",)),
        ("make the bedside one that colour as well",
         Previous(intents.LIGHT_SET, ("floor_lamp",), (("color", "red"),)),
         intents.LIGHT_SET, ("bedroom_lamp",)),
        (
            "och, a wee bit dimmer than that",
            Previous(intents.LIGHT_SET, ("floor_lamp",), (("brightness", 60),)),
            intents.LIGHT_SET,
            ("floor_lamp",),
        ),
        (
            "go blue with it",
            Previous(intents.LIGHT_SET, ("floor_lamp",), (("color", "red"),)),
            intents.LIGHT_SET,
            ("floor_lamp",),
        ),
    ],
)  # fmt: skip
def test_follow_ups_with_remarks_and_settings_carried(
    reader: TurnRecognizer, text: str, previous: Previous, intent: str, targets: tuple[str, ...]
) -> None:
    said = understood(reader, text, context=TurnContext(area="living_room", previous=previous))
    assert said[:2] == (intent, targets), text


def test_the_colour_is_carried_to_the_next_device(reader: TurnRecognizer) -> None:
    red = Previous(intents.LIGHT_SET, ("floor_lamp",), (("color", "red"),))
    turn = reader.understand_turn(
        Turn(
            "make the bedside one that colour as well", context=TurnContext(area="living_room", previous=red)
        )
    )
    assert turn.intent.slots.as_dict() == {"name": "Bedroom Lamp", "color": "red"}


def test_the_words_before_a_remark_read_otherwise_are_the_likelier(reader: TurnRecognizer) -> None:
    tv = pointing(("tv", 0.9), ("floor_lamp", 0.2))
    said = understood(reader, "quieter on that one, grandad's nodding off in his chair", tv,
                      TurnContext(area="living_room"))  # fmt: skip
    assert said[:2] == (intents.SET_VOLUME, ("tv",)), "not the TV turned on"


def test_dim_that_for_me_a_bit_asks_which(reader: TurnRecognizer) -> None:
    said = understood(reader, "could you dim that for me a bit", context=TurnContext(area="living_room"))
    assert said == (intents.LIGHT_SET, (), True), "nothing pointed at: which one?"


def test_a_wish_said_as_a_reason_leaves_the_command_to_ask_about(reader: TurnRecognizer) -> None:
    said = understood(reader, "open it, I want some fresh air in", context=TurnContext(area="living_room"))
    assert said == (intents.TURN_ON, (), True), "nothing pointed at or said before: which one?"


def test_a_paused_show_started_going_again(reader: TurnRecognizer) -> None:
    tv = pointing(("tv", 0.9), ("floor_lamp", 0.2))
    said = understood(reader, "start that going again, we want to see the end", tv,
                      TurnContext(area="living_room", states=(("tv", "paused"),)))  # fmt: skip
    assert said[:2] == (intents.MEDIA_UNPAUSE, ("tv",))
