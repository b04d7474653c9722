"""A command said beside a remark that hides it from a reading of the whole ("telly a bit quieter, grandad's
dozing"): the one clause that is a command is asked about, never carried out at once, and never where
another clause may take it back or two clauses are commands. Also what such turns say in words the grammar
now reads: the music's or a named player's volume, a named player started again, a blind pulled down in
here, who locked a door and when, and a room's one switch said without a place (its fans stay the room's
fans, as Home Assistant reads "the fan")."""

from __future__ import annotations

import re

import pytest

from assistantd import intents
from assistantd.config import load_config
from assistantd.config.settings import Config
from assistantd.fusion.combined import CombinedRecognizer
from assistantd.fusion.one_clause import asked_clauses, not_for_the_model, the_one_command
from assistantd.fusion.turns import Previous
from assistantd.fusion.understand import TurnRecognizer
from assistantd.grammar.names import everyday_names
from assistantd.grammar.recognizer import GrammarRecognizer
from assistantd.intents import Intent, Slots
from tests.support.configs import EXAMPLE
from tests.support.fakes import TableModel
from tests.support.readers import heard_in, in_here

CONFIG = load_config(EXAMPLE)
_BREAK = re.compile(r"\s*[,;!?]\s*")
_QUIETER = Intent(intents.SET_VOLUME, Slots(name="TV", volume_step=-10), 0.93, recognizer="model")


def _table(readings: dict[str, Intent]):  # type: ignore[no-untyped-def]
    def read(clause: str) -> Intent:
        return readings.get(clause.strip(), Intent(intents.NONE, text=clause))

    return read


def _bar(reading: Intent) -> float:
    return 0.85 if reading.recognizer == "model" else 0.8


def test_the_one_command_among_remarks_is_asked_about() -> None:
    text = "the telly a bit quieter, grandad's dozing, bless him"
    found = the_one_command(text, _BREAK.split(text), _table({"the telly a bit quieter": _QUIETER}), _bar)
    assert found is not None
    assert (found.name, found.slots.name, found.text) == (intents.SET_VOLUME, "TV", text)
    assert found.confidence < 0.85  # under the bar for acting at once: asked first


def test_two_commands_a_taking_back_or_a_lone_clause_give_nothing() -> None:
    lamp = Intent(intents.TURN_ON, Slots(name="Floor Lamp"), 0.97, recognizer="grammar")
    read = _table({"the telly a bit quieter": _QUIETER, "lamp on": lamp})
    for text in ("the telly a bit quieter, lamp on", "the telly a bit quieter, no wait",
                 "the telly a bit quieter", "the telly a bit quieter, actually, the radio",
                 "the telly a bit quieter, love"):  # fmt: skip
        assert the_one_command(text, _BREAK.split(text), read, _bar) is None, text


def test_a_remark_with_a_word_of_taking_back_inside_takes_nothing_back() -> None:
    text = "the telly a bit quieter, the washing up can wait"
    found = the_one_command(text, _BREAK.split(text), _table({"the telly a bit quieter": _QUIETER}), _bar)
    assert found is not None and found.name == intents.SET_VOLUME


def test_a_yes_beside_a_remark_is_no_command() -> None:
    yes = Intent(intents.CONFIRM, Slots(), 0.97, recognizer="grammar")
    text = "right, we should get going"
    assert the_one_command(text, _BREAK.split(text), _table({"right": yes}), _bar) is None


def test_a_question_keeps_its_mark() -> None:
    assert asked_clauses("curtain still shut? I can't face the day", _BREAK) == [
        "curtain still shut?",
        "I can't face the day",
    ]
    assert asked_clauses("fan on, it's stuffy", _BREAK) == ["fan on", "it's stuffy"]


@pytest.mark.parametrize(
    ("clause", "doubted"),
    [
        ("we don't need the play corner light on now", True),
        ("leave the telly alone", True),
        ("let it be", True),
        ("the telly a bit quieter", False),
    ],
)
def test_what_the_model_is_not_asked_alone(clause: str, doubted: bool) -> None:
    assert not_for_the_model(clause, {"telly", "lamp", "play", "corner"}) is doubted
    assert not_for_the_model("keep stirring", {"telly", "lamp"}), "names nothing of the home"


def test_the_model_reads_the_clause_and_the_assistant_asks() -> None:
    alone = Intent(intents.TURN_OFF, Slots(name="TV"), 0.9, recognizer="model")
    model = TableModel({"the telly a bit quieter": _QUIETER, "leave the telly alone": alone})
    reader = CombinedRecognizer(CONFIG, grammar=GrammarRecognizer(CONFIG), model=model)  # type: ignore[arg-type]
    read = reader.recognize("the telly a bit quieter, grandad's dozing, bless him")
    assert (read.name, read.slots.name) == (intents.SET_VOLUME, "TV")
    assert reader.asks_first(read)
    assert not reader.recognize("leave the telly alone, grandad's dozing").is_command
    assert not reader.recognize("the telly a bit quieter, no, leave it").is_command
    assert not reader.recognize("if it's too loud, the telly a bit quieter").is_command


@pytest.mark.parametrize(
    ("text", "area", "intent", "slots"),
    [
        ("music down to 20 in here, I'm on the phone", "Living Room", intents.SET_VOLUME,
         {"area": "Living Room", "volume_level": 20}),
        ("turn the music up to 60", "Kitchen", intents.SET_VOLUME, {"area": "Kitchen", "volume_level": 60}),
        ("tv volume down to 12", None, intents.SET_VOLUME, {"name": "TV", "volume_level": 12}),
        ("start the tv again from where we left off", None, intents.MEDIA_UNPAUSE, {"name": "TV"}),
        ("pull the blind down in here please", "Guest Room", intents.TURN_OFF, {"name": "Shade Left"}),
        ("did the children lock the side door", None, intents.GET_STATE,
         {"name": "Side Door", "domain": "lock", "state": "locked"}),
        ("did we shut the bedroom curtain when we got up", None, intents.GET_STATE,
         {"name": "Bedroom Curtain", "domain": "cover", "state": "closed"}),
        ("back door, lock it, the dog's in now", None, intents.TURN_ON, {"name": "Back Door"}),
        ("pop the fan on, it's close in here", "Living Room", intents.TURN_ON,
         {"area": "Living Room", "domain": "fan"}),
        ("flick the switch off in here, it's been on all day", "Kitchen", intents.TURN_OFF,
         {"name": "Kitchen Switch"}),
        ("is the switch on in here", "Bedroom", intents.GET_STATE, {"name": "Bedroom Switch", "state": "on"}),
        ("switch the lamp off in here", "Bedroom", intents.TURN_OFF, {"name": "Bedroom Lamp"}),
        ("turn off the fan in the living room", "Living Room", intents.TURN_OFF,
         {"area": "Living Room", "domain": "fan", "name": "all"}),
        ("turn off the fans", "Living Room", intents.TURN_OFF, {"area": "Living Room", "domain": "fan"}),
    ],
)  # fmt: skip
def test_what_the_grammar_reads_beside_a_remark(
    ha_home: CombinedRecognizer, ha_config: Config, text: str, area: str | None, intent: str, slots: dict
) -> None:
    assert heard_in(ha_home, ha_config, text, area) == (intent, slots), text


@pytest.mark.parametrize(
    ("text", "slots"),
    [
        ("could the floor lamp be a little dimmer please", {"name": "Floor Lamp", "brightness_step": -20}),
        ("can the desk lamp go a bit brighter", {"name": "Desk Lamp", "brightness_step": 20}),
        ("could the desk lamp be a bit softer, say 30 percent", {"name": "Desk Lamp", "brightness": 30}),
    ],
)
def test_could_it_be_softer_is_a_setting(example_reader: CombinedRecognizer, text: str, slots: dict) -> None:
    heard = example_reader.recognize(text)
    assert (heard.name, heard.slots.as_dict()) == (intents.LIGHT_SET, slots)


def test_could_it_be_warmer_tomorrow_is_no_setting(example_reader: CombinedRecognizer) -> None:
    assert not example_reader.recognize("could it be warmer tomorrow").is_command


@pytest.mark.parametrize(
    ("text", "previous", "value"),
    [
        ("still too noisy, lower than that", (intents.SET_VOLUME, "volume_level", 30), 20),
        ("nah, way quieter tho", (intents.SET_VOLUME, "volume_level", 50), 40),
        ("too quiet still, more please", (intents.SET_VOLUME, "volume_level", 30), 40),
        ("could it go lower, it's still a bit much for me", (intents.LIGHT_SET, "brightness", 60), 50),
        ("bit higher than that", (intents.CLIMATE_SET_TEMPERATURE, "temperature", 19), 20),
        ("lower the blinds in the kitchen", (intents.SET_POSITION, "position", 50), None),
    ],
)
def test_a_nudge_after_a_setting_changes_it(
    text: str, previous: tuple[str, str, float], value: float | None
) -> None:
    from assistantd.fusion.ellipsis import relative_follow_up
    from assistantd.fusion.remarks import before_remarks_said
    from assistantd.fusion.turns import Previous

    intent, key, before = previous
    said = Previous(intent, ("device",), (("name", "Device"), (key, before)))
    found = relative_follow_up(text, said) or relative_follow_up(before_remarks_said(text), said)
    assert (found.slots.as_dict()[key] if found is not None else None) == value
    assert found is None or found.name == intent


def test_what_it_is_meant_to_be_is_a_remark() -> None:
    from assistantd.fusion.remarks import before_remarks_said

    assert before_remarks_said("bit dimmer, it's meant to be cosy") == "bit dimmer"
    said = "the kitchen light, no, I meant the hall"
    assert before_remarks_said(said) == said


def test_lights_named_by_where_they_are_said_the_other_way_round(
    example_reader: CombinedRecognizer, example_turns: TurnRecognizer
) -> None:
    assert "lights under the cupboards" in everyday_names("under cabinet lights")
    assert everyday_names("Kitchen cabinets") == ["kitchen cupboards"]
    heard = example_reader.recognize("switch the lights under the cupboards off", area_id="kitchen")
    assert (heard.name, heard.slots.as_dict()) == (intents.TURN_OFF, {"name": "Counter Lights"})
    ceiling = Previous(intents.TURN_OFF, ("kitchen_ceiling",), (("name", "Kitchen Ceiling Light"),))
    text = "cheers, and the small ones under the cupboard"
    said = in_here(example_turns, text, area="kitchen", previous=ceiling)
    assert said == (intents.TURN_OFF, ("counter_lights",), False)


@pytest.mark.parametrize(
    ("text", "reading", "answer"),
    [
        ("go on, let her in, she's got her hands full", intents.NONE, intents.CONFIRM),
        ("that's quite all right, you may go ahead", intents.DECLINE, intents.CONFIRM),
        ("yep that's me at the door", intents.GET_STATE, intents.CONFIRM),
        ("hang on, I'm not dressed yet", intents.NONE, intents.DECLINE),
        ("no... actually yes, go ahead", intents.CONFIRM, intents.CONFIRM),
        ("er, what was the question", intents.NONE, intents.NONE),
        ("yes, and the kitchen light off", intents.TURN_OFF, intents.TURN_OFF),
    ],
)
def test_an_answer_is_told_by_its_words_of_yes_and_no(text: str, reading: str, answer: str) -> None:
    from assistantd.fusion.answers import answered

    assert answered(text, Intent(reading, Slots(), 0.7, text=text, recognizer="model")).name == answer


def test_the_floor_of_a_floor_s_name_is_no_water() -> None:
    from assistantd.intent_model.conventions import Reading, slots_for
    from assistantd.intent_model.values import Named

    floor = Named("floor", "First Floor")
    for words, slots in [
        ("are any lights on anywhere on the first floor",
         {"floor": "First Floor", "domain": "light", "state": "on"}),
        ("is there a leak on the first floor",
         {"floor": "First Floor", "domain": "binary_sensor", "device_class": "moisture", "state": "on"}),
    ]:  # fmt: skip
        reading = Reading(intents.GET_STATE, tuple(words.split()), None, floor, {}, None)
        assert slots_for(reading) == slots, words


@pytest.mark.parametrize(
    ("text", "area", "intent", "slots"),
    [
        ("blinds halfway please", "living_room", intents.SET_POSITION,
         {"name": "Bedroom Blinds", "domain": "cover", "position": 50}),
        ("shut the garage, I'm in", "kitchen", intents.TURN_OFF, {"name": "Garage Door"}),
        ("close the blinds in here", "bedroom", intents.TURN_OFF,
         {"area": "Bedroom", "domain": "cover", "device_class": "blind"}),
    ],
)  # fmt: skip
def test_covers_of_a_kind_the_room_lacks_are_the_home_s_one(
    example_reader: CombinedRecognizer, text: str, area: str, intent: str, slots: dict
) -> None:
    heard = example_reader.recognize(text, area_id=area)
    assert (heard.name, heard.slots.as_dict()) == (intent, slots), text


@pytest.mark.parametrize(
    ("text", "area", "slots"),
    [
        ("it's proper dark in here", "office", {"area": "Office", "domain": "light"}),
        ("ugh its like a cave in here", "kitchen", {"area": "Kitchen", "domain": "light"}),
    ],
)
def test_a_room_said_to_be_dark_is_asked_about_its_lights(
    example_reader: CombinedRecognizer, text: str, area: str, slots: dict
) -> None:
    heard = example_reader.recognize(text, area_id=area)
    assert (heard.name, heard.slots.as_dict()) == (intents.TURN_ON, slots), text
    assert example_reader.asks_first(heard), "said, not asked for: asked about"


@pytest.mark.parametrize("text", ["it's dark by four o'clock", "it's boiling in here", "it's so dark"])
def test_dark_or_hot_elsewhere_or_later_is_no_wish(example_reader: CombinedRecognizer, text: str) -> None:
    assert not example_reader.recognize(text, area_id="living_room").is_command


def test_a_light_not_needed_on_is_turned_off(ha_home: CombinedRecognizer, ha_config: Config) -> None:
    said = heard_in(ha_home, ha_config, "the baby's asleep, we don't need the play corner light on now", None)
    assert said == (intents.TURN_OFF, {"name": "Play Corner"})
    assert heard_in(ha_home, ha_config, "we don't need the lights on in here now", "Kitchen") == (
        intents.TURN_OFF,
        {"area": "Kitchen", "domain": "light"},
    )
    assert heard_in(ha_home, ha_config, "we don't need a new lamp", None)[0] != intents.TURN_OFF


@pytest.mark.parametrize(
    ("text", "intent", "slots"),
    [
        ("front door locked, yeah?", intents.GET_STATE,
         {"name": "Front Door", "domain": "lock", "state": "locked"}),
        ("can the side door be locked now", intents.TURN_ON, {"name": "Side Door"}),
        ("the patio doors, lock them please", intents.TURN_ON, {"name": "Sliding Doors"}),
        ("back door unlocked", intents.NONE, {}),
        ("the back door locked?", intents.GET_STATE,
         {"name": "Back Door", "domain": "lock", "state": "locked"}),
    ],
)  # fmt: skip
def test_a_door_asked_to_be_locked_is_locked_never_unlocked(
    ha_home: CombinedRecognizer, ha_config: Config, text: str, intent: str, slots: dict
) -> None:
    assert heard_in(ha_home, ha_config, text, None) == (intent, slots), text


def test_a_switch_beside_a_value_is_no_one_command() -> None:
    lamp_on = Intent(intents.TURN_ON, Slots(name="Bedroom Lamp"), 0.9, recognizer="model")
    text = "a tad brighter on the bedroom lamp, like 60"
    read = _table({"a tad brighter on the bedroom lamp": lamp_on})
    assert the_one_command(text, _BREAK.split(text), read, _bar) is None
