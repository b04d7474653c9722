"""Commands said with why, when or by whom beside them, and talk that is no command: "no point warming an
empty house", "I don't want to come home to cat hair", "she's meant to be packing", "taxi's here", a delayed
command after "okay so", after a remark or around "if you wouldn't mind", "every" of things rather than of a
time, an exclamation before a question ("oh god what time is it"), a switch described by what it stands
beside, "anywhere" as the whole home, a room warmed "up to" a temperature, "it" as the thing a question or
remark began with ("why is the fan even going ..., switch it off"), a model's setting with no value giving
way to the command said, "every single one" as the lot; and what was said on the telly, what the speaker
would do if things were otherwise."""

from __future__ import annotations

import pytest

from assistantd import intents
from assistantd.config import load_config
from assistantd.config.settings import Config
from assistantd.fusion.clauses import SAYS_WHEN
from assistantd.fusion.combined import CombinedRecognizer
from assistantd.fusion.negation import talk
from assistantd.fusion.turns import Previous, TurnContext
from assistantd.fusion.understand import TurnRecognizer
from assistantd.intents import Intent, Slots
from assistantd.text import normalize, strip_fillers
from tests.support.configs import EXAMPLE
from tests.support.fakes import TableModel
from tests.support.readers import heard_in, pointing, understood

CONFIG = load_config(EXAMPLE)


@pytest.mark.parametrize(
    ("text", "intent", "slots"),
    [
        ("oh god what time is it, my body thinks it's 4am", intents.GET_CURRENT_TIME, {}),
        ("turn the heating off, no point warming an empty house for two weeks", intents.TURN_OFF,
         {"name": "Thermostat"}),
        ("start the robot vacuum, I don't want to come home to cat hair everywhere", intents.VACUUM_START,
         {"name": "Rover"}),
    ],
)  # fmt: skip
def test_the_example_home_reads(
    example_reader: CombinedRecognizer, text: str, intent: str, slots: dict
) -> None:
    assert heard_in(example_reader, CONFIG, text, None) == (intent, slots), text


@pytest.mark.parametrize(
    "text",
    [
        "turn on the floor lamp, I don't want to turn it on after all",
        "turn the heating off, no",
    ],
)
def test_a_remark_that_takes_it_back_still_does(example_reader: CombinedRecognizer, text: str) -> None:
    assert example_reader.recognize(text).name == intents.NONE, text


@pytest.mark.parametrize(
    ("text", "area", "intent", "slots"),
    [
        ("okay so in half an hour, switch off the living room lamp", None, intents.START_TIMER,
         {"minutes": 30, "conversation_command": "switch off the living room lamp"}),
        ("any lights on anywhere? I don't want to come home to a massive bill", None, intents.GET_STATE,
         {"domain": "light", "state": "on"}),
        ("where's Ada, she's meant to be packing", None, intents.GET_STATE,
         {"name": "Ada", "domain": "person"}),
        ("play corner off, every toy's either packed or under the bed", None, intents.TURN_OFF,
         {"name": "Play Corner"}),
        ("warm the living room up to 20.5 before we carry the kids in from the car", None,
         intents.CLIMATE_SET_TEMPERATURE, {"area": "Living Room", "temperature": 20.5}),
        ("the switch by the toaster, off please, no point it being live for a fortnight", "Kitchen",
         intents.TURN_OFF, {"name": "Kitchen Switch"}),
    ],
)  # fmt: skip
def test_the_fixture_home_reads(
    ha_home: CombinedRecognizer, ha_config: Config, text: str, area: str | None, intent: str, slots: dict
) -> None:
    assert heard_in(ha_home, ha_config, text, area) == (intent, slots), text


def test_a_switch_described_is_asked_about(ha_home: CombinedRecognizer, ha_config: Config) -> None:
    kitchen = next(area.id for area in ha_config.areas if area.name == "Kitchen")
    read = ha_home.recognize("the switch by the toaster off", area_id=kitchen)
    assert read.slots.as_dict() == {"name": "Kitchen Switch"}
    assert not ha_home.sure(read), "a guess from a description is asked about"


@pytest.mark.parametrize(
    ("said", "when"),
    [
        ("okay so in half an hour", True),
        ("so in 10 minutes", True),
        ("every night at ten", True),
        ("every weekday", True),
        ("every toy's either packed or under the bed", False),
        ("each one of them", False),
    ],
)
def test_when_a_clause_says_when(said: str, when: bool) -> None:
    assert (SAYS_WHEN.match(normalize(said)) is not None) is when, said


def test_what_was_said_on_the_telly_is_no_command(ha_home: CombinedRecognizer) -> None:
    assert ha_home.recognize(
        "on the telly they said the Gatwick queues are four hours, four hours!"
    ).name == (intents.NONE)
    assert ha_home.recognize("telly on, they said the match starts at eight").name == intents.TURN_ON


def test_what_the_speaker_would_do_otherwise_is_no_command(example_reader: CombinedRecognizer) -> None:
    said = "I'd dim the lights and light a candle if I had the energy, but honestly, bed"
    assert talk(said)
    assert not talk("I'd like the lights dimmed if that's ok")
    model = TableModel({said: Intent(intents.LIGHT_SET, Slots(domain="light", brightness_step=-20), 0.97,
                                     recognizer="model")})  # fmt: skip
    reader = CombinedRecognizer(CONFIG, grammar=example_reader.grammar, model=model)  # type: ignore[arg-type]
    assert reader.recognize(said).name == intents.NONE


def test_someone_in_a_purpose_names_no_kind_of_device(example_reader: CombinedRecognizer) -> None:
    reader = TurnRecognizer(CONFIG, example_reader)
    context = TurnContext(area="living_room", states=(("floor_lamp", "off"), ("tv", "off")))
    said = "switch that on so it looks like someone's in"
    assert understood(reader, said, pointing(("floor_lamp", 0.83), ("tv", 0.24)), context) == (
        intents.TURN_ON,
        ("floor_lamp",),
        False,
    )


def test_a_follow_up_with_who_has_arrived(example_reader: CombinedRecognizer) -> None:
    reader = TurnRecognizer(CONFIG, example_reader)
    upstairs = Previous(
        intents.TURN_OFF, ("bedroom_lamp", "office_desk_lamp"), (("floor", "Upstairs"), ("domain", "light"))
    )
    context = TurnContext(area="living_room", previous=upstairs)
    intent, targets, _ = understood(reader, "and the downstairs ones, taxi's here", (), context)
    assert (intent, set(targets)) == (
        intents.TURN_OFF,
        {"floor_lamp", "living_room_ceiling_light", "kitchen_ceiling", "counter_lights"},
    )


def test_a_model_setting_with_no_value_gives_way_to_the_command_said(
    ha_home: CombinedRecognizer, ha_config: Config
) -> None:
    said = "open the bedroom curtain, time to get the kids up"
    model = TableModel({said: Intent(intents.SET_POSITION, Slots(name="Bedroom Curtain", domain="cover"), 0.9,
                                     text=said, recognizer="model")})  # fmt: skip
    reader = CombinedRecognizer(ha_config, grammar=ha_home.grammar, model=model)  # type: ignore[arg-type]
    read = reader.recognize(said)
    assert (read.name, read.slots.as_dict()) == (intents.TURN_ON, {"name": "Bedroom Curtain"})


@pytest.mark.parametrize(
    "text",
    [
        "hey why is the fan even going in this weather, switch it off",
        "that fan's giving me a chill round the neck, switch it off",
    ],
)
def test_it_is_the_thing_asked_or_told_of_first(
    ha_home: CombinedRecognizer, ha_config: Config, text: str
) -> None:
    assert heard_in(ha_home, ha_config, text, "Living Room") == (
        intents.TURN_OFF,
        {"area": "Living Room", "domain": "fan"},
    ), text


@pytest.mark.parametrize(
    ("text", "slots"),
    [
        ("I always fall asleep reading, so in 20 minutes turn off the bedroom lamp",
         {"minutes": 20, "conversation_command": "turn off the bedroom lamp"}),
        ("in half an hour, if you wouldn't mind, close the living room curtains",
         {"minutes": 30, "conversation_command": "close the living room curtains"}),
    ],
)  # fmt: skip
def test_a_command_put_off_around_a_remark(ha_home: CombinedRecognizer, text: str, slots: dict) -> None:
    heard = ha_home.recognize(text)
    assert (heard.name, heard.slots.as_dict()) == (intents.START_TIMER, slots), text


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("kitchen lights off when you when you get a sec", "kitchen lights off when you get a sec"),
        ("turn the um the lamp off", "turn the lamp off"),
        ("turn off turn off the lamp", "turn off the lamp"),
        ("set it to 20 20", "set it to 20 20"),
    ],
)
def test_words_said_twice_over_a_hesitation_are_said_once(said: str, meant: str) -> None:
    assert strip_fillers(normalize(said)) == meant


def test_a_remark_goes_on_after_and(ha_home: CombinedRecognizer) -> None:
    heard = ha_home.recognize("bedroom curtain open, please, it's gone noon, and Mia's still out cold")
    assert (heard.name, heard.slots.as_dict()) == (intents.TURN_ON, {"name": "Bedroom Curtain"})
    assert ha_home.recognize("turn on the bedroom lamp, and turn off the kitchen light").name == intents.NONE


def test_every_single_one_is_the_lot(example_reader: CombinedRecognizer) -> None:
    said = "switch off all the lights, every single one, we're off"
    model = TableModel({said: Intent(intents.TURN_OFF, Slots(name="all", domain="light"), 0.99, text=said,
                                     recognizer="model")})  # fmt: skip
    reader = CombinedRecognizer(CONFIG, grammar=example_reader.grammar, model=model)  # type: ignore[arg-type]
    assert reader.recognize(said).slots.as_dict() == {"name": "all", "domain": "light"}


def test_one_question_or_command_is_not_split(example_reader: CombinedRecognizer) -> None:
    assert example_reader.recognize("the light of garage, is still on?").name not in intents.ACTING
    assert heard_in(example_reader, CONFIG, "lights upstairs, uh, off, yeah, all of them", None) == (
        intents.TURN_OFF,
        {"floor": "Upstairs", "domain": "light"},
    )
