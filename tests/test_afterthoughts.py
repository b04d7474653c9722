"""Commands said as people say them aloud, with no commas: a remark after the command ("lock the front door
we're off out"), a correction on the fly ("turn the floor lamp red no wait blue"), a device whose name starts
with "play", and the hesitations and asides around them. The grammar alone reads them all."""

from __future__ import annotations

import dataclasses

import pytest

from assistantd import intents
from assistantd.config import load_config
from assistantd.config.home import Site
from assistantd.config.settings import Config
from assistantd.fusion.clauses import given_up
from assistantd.fusion.combined import CombinedRecognizer
from assistantd.fusion.corrections import corrections
from assistantd.fusion.remarks import before_remarks_said, remark_splits
from assistantd.fusion.turns import Observation, Previous, Turn, TurnContext
from assistantd.fusion.understand import TurnRecognizer
from assistantd.grammar.recognizer import GrammarRecognizer
from assistantd.intents import Intent
from tests.support.configs import EXAMPLE
from tests.support.home import z2m

ALL_LIGHTS = ("floor_lamp", "living_room_ceiling_light", "kitchen_ceiling", "counter_lights", "bedroom_lamp",
              "office_desk_lamp")  # fmt: skip


@pytest.fixture(scope="module")
def reader() -> TurnRecognizer:
    config = load_config(EXAMPLE)
    return TurnRecognizer(config, CombinedRecognizer(config, grammar=GrammarRecognizer(config)))


def read(reader: TurnRecognizer, text: str) -> tuple[str, tuple[str, ...]]:
    result = reader.understand_turn(Turn(text, context=TurnContext(area="living_room")))
    return result.intent.name, tuple(device.id for device in result.targets.devices)


def test_where_a_remark_may_begin_and_what_a_correction_may_mean() -> None:
    assert remark_splits("lock the front door were off out so hurry") == [
        ("lock the front door", "were off out so hurry")
    ]
    assert remark_splits("open the garage door so i can get the car out its late") == [
        ("open the garage door", "so i can get the car out its late"),
        ("open the garage door so i can get the car out", "its late"),
    ]
    assert remark_splits("turn on the floor lamp") == []
    assert remark_splits("the lamp on the desk here is it possible") == []  # "on the desk" places the lamp
    assert remark_splits("put the tv on the match is starting") == [
        ("put the tv on", "the match is starting")
    ]
    assert before_remarks_said("same for upstairs, everyone's in bed now") == "same for upstairs"
    assert before_remarks_said("volume down on that, I'm on the phone") == "volume down on that"
    assert before_remarks_said("turn it on, I don't want it") == "turn it on, I don't want it"  # taken back
    assert before_remarks_said("turn on the lamp") == "turn on the lamp"
    assert remark_splits("put the play corner light on i want to play lego") == [
        ("put the play corner light on", "i want to play lego")
    ]
    shut = corrections("shut the garage i mean the garage door")
    assert shut[:2] == ["the garage door", "shut the garage door"]  # "shut the the garage door" said once
    assert len(shut) == len(set(shut)) and "shut the garage door garage" in shut  # inner spans come after
    assert corrections("set it to twenty no wait 21")[:2] == ["21", "set it to 21"]
    assert corrections("turn on the lamp no wait") == []  # taken back, not corrected
    assert corrections("no wait turn on the lamp") == []
    assert corrections("turn on the lamp no wait the fan sorry the tv") == []  # two: not guessed at
    assert corrections("lights at thirty actually no make it sixty")[:2] == ["sixty", "lights at sixty"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("lock the front door were off out", (intents.TURN_ON, ("front_door",))),
        ("could you lock up the front door im off out", (intents.TURN_ON, ("front_door",))),
        ("open the garage door so i can get the car out", (intents.TURN_ON, ("garage_door",))),
        ("desk lamp off its too bright in here", (intents.TURN_OFF, ("office_desk_lamp",))),
        ("floor lamp on theres hardly any light in here", (intents.TURN_ON, ("floor_lamp",))),
        ("floor lamp on theres no light in here", (intents.TURN_ON, ("floor_lamp",))),  # a state, not a no
        ("floor lamp on theres no need", (intents.NONE, ())),  # "no need" may take it back: read whole
        ("coffee maker on im knackered", (intents.TURN_ON, ("coffee_maker",))),
        ("turn off the floor lamp the kids are asleep", (intents.TURN_OFF, ("floor_lamp",))),
        ("turn off the floor lamp, i'm off to bed", (intents.TURN_OFF, ("floor_lamp",))),
        ("upstairs lights off im coming down", (intents.TURN_OFF, ("bedroom_lamp", "office_desk_lamp"))),
        ("erm can you turn on the floor lamp", (intents.TURN_ON, ("floor_lamp",))),
        ("pause the tv a sec", (intents.MEDIA_PAUSE, ("tv",))),
        ("on the TV na, match is starting", (intents.TURN_ON, ("tv",))),  # "on the ...": no day, a command
        ("on monday, turn on the floor lamp", (intents.NONE, ())),  # a day: not for now
        ("switch the coffee maker on while youre at it", (intents.TURN_ON, ("coffee_maker",))),
        ("pause the tv while i grab the door", (intents.MEDIA_PAUSE, ("tv",))),
        ("lock the front door now that everyone's home", (intents.TURN_ON, ("front_door",))),
        ("turn the tv on the match starts soon", (intents.TURN_ON, ("tv",))),
        ("Would you kindly lock the front door for the night, dear? Thank you ever so much.",
         (intents.TURN_ON, ("front_door",))),
        ("Good evening. Would you be so kind as to close the bedroom blinds, please?",
         (intents.TURN_OFF, ("bedroom_blinds",))),
        ("I would be most grateful if you could turn the floor lamp on, it's getting rather gloomy.",
         (intents.TURN_ON, ("floor_lamp",))),
        ("kick off movie mode would ya", (intents.TURN_ON, ("movie_scene",))),
        ("desk lamp off x", (intents.TURN_OFF, ("office_desk_lamp",))),
        ("put every light on, someone's at the front door", (intents.TURN_ON, ALL_LIGHTS)),
        ("what's the time, my phone's dead", (intents.GET_CURRENT_TIME, ())),
        ("floor lamp off, i mean the desk lamp, leave the floor lamp", (intents.NONE, ())),
        # what the remark says may change the command: the whole is read, and it is none
        ("turn on the floor lamp its the desk lamp i want off", (intents.NONE, ())),
        ("turn on the floor lamp so turn off the desk lamp", (intents.NONE, ())),
        ("turn on the floor lamp were not done", (intents.NONE, ())),
        ('"turn off the floor lamp" im quoting the film', (intents.NONE, ())),
    ],
)  # fmt: skip
def test_a_command_with_a_remark_after_it_and_no_comma(
    reader: TurnRecognizer, text: str, expected: tuple[str, tuple[str, ...]]
) -> None:
    assert read(reader, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("turn the floor lamp red, no wait, blue", (intents.LIGHT_SET, ("floor_lamp",))),
        ("set the thermostat to twenty no wait 21", (intents.CLIMATE_SET_TEMPERATURE, ("thermostat",))),
        ("turn on the desk lamp i mean the floor lamp", (intents.TURN_ON, ("floor_lamp",))),
        ("turn on the desk lamp sorry turn off the floor lamp", (intents.TURN_OFF, ("floor_lamp",))),
        ("turn the desk lamp on, no wait, the floor lamp", (intents.TURN_ON, ("floor_lamp",))),
        ("turn on the floor lamp no wait never mind", (intents.NEVERMIND, ())),
        ("turn on the floor lamp no wait", (intents.NONE, ())),
        ("turn on the floor lamp, actually, just kidding", (intents.NONE, ())),
        # ways of saying it run together are one correction: never "make it sixty" alone (a temperature)
        ("counter lights at thirty, hmm, actually no, make it 60", (intents.LIGHT_SET, ("counter_lights",))),
        ("make the floor lamp green, sorry, I mean blue", (intents.LIGHT_SET, ("floor_lamp",))),
        # a command given up: "never mind" with only a reason after it
        ("oh, hang on, never mind, I found the switch", (intents.NEVERMIND, ())),
        # "it" after the correction is the device named before it, not the room's lights
        ("switch off the desk lamp— actually just dim it to 10", (intents.LIGHT_SET, ("office_desk_lamp",))),
    ],
)  # fmt: skip
def test_a_correction_on_the_fly_is_what_was_meant(
    reader: TurnRecognizer, text: str, expected: tuple[str, tuple[str, ...]]
) -> None:
    assert read(reader, text) == expected


def test_a_timer_keeps_its_length_and_a_name_that_starts_with_play_is_no_search() -> None:
    corner = z2m("play_corner", "Play Corner", "light", "lab", "play_corner")
    config = Config(site=Site("lab", "lab"), areas=(), devices=(corner,))
    grammar = CombinedRecognizer(config, grammar=GrammarRecognizer(config))
    off = grammar.recognize("play corner off the kids are finally asleep")
    assert (off.name, off.slots.name) == (intents.TURN_OFF, "Play Corner")
    search = grammar.recognize("play the corner shop song")
    assert (search.name, search.slots.search_query) == (intents.MEDIA_SEARCH, "the corner shop song")
    for text, length in (
        ("set a timer for a minute", {"minutes": 1}),
        ("set a timer for a second", {"seconds": 1}),
    ):
        timer = grammar.recognize(text)
        assert timer.name == intents.START_TIMER and timer.slots.as_dict() == length


def test_a_correction_no_reading_makes_sense_of_is_asked_about_not_guessed() -> None:
    """Where no reading of a correction is certain, the model's reading of the whole is asked about first,
    however confident ("the lamp, I mean the play corner, leave the lamp" is not "turn off the lamp")."""
    config = load_config(EXAMPLE)
    combined = CombinedRecognizer(config, grammar=GrammarRecognizer(config))
    read = intents.Intent(intents.TURN_OFF, intents.Slots(name="Floor Lamp"), 0.99, recognizer="model",
                          text="switch off the floor lamp, I mean the desk lamp, leave the lamp")  # fmt: skip
    assert combined.asks_first(read)
    assert not combined.asks_first(dataclasses.replace(read, text="switch off the floor lamp"))


def test_a_follow_up_with_an_aside_after_it(reader: TurnRecognizer) -> None:
    previous = Previous(intents.TURN_ON, ("bedroom_lamp",), (("name", "Bedroom Lamp"),))
    turn = Turn("oh and the desk lamp as well while youre at it", context=TurnContext(previous=previous))
    result = reader.understand_turn(turn)
    assert (result.intent.name, tuple(device.id for device in result.targets.devices)) == (
        intents.TURN_ON,
        ("office_desk_lamp",),
    )


def test_next_to_is_no_next_track() -> None:
    """A model reading "the lamp next to the bed, on please" as the next track is asked about, never done."""
    config = load_config(EXAMPLE)
    combined = CombinedRecognizer(config, grammar=GrammarRecognizer(config))
    read = intents.Intent(intents.MEDIA_NEXT, intents.Slots(area="Living Room"), 0.99, recognizer="model",
                          text="the lamp next to the bed, on please")  # fmt: skip
    assert combined.asks_first(read)
    assert not combined.asks_first(dataclasses.replace(read, text="next track please"))


THERMOSTAT_ASKED = Previous(intents.CLIMATE_GET_TEMPERATURE, ("thermostat",), (("name", "Thermostat"),))
LAMP_SET = Previous(intents.LIGHT_SET, ("floor_lamp",), (("name", "Floor Lamp"), ("brightness", 40)))


@pytest.mark.parametrize(
    ("text", "previous", "pointed", "expected"),
    [
        ("set it to twenty", THERMOSTAT_ASKED, (), (intents.CLIMATE_SET_TEMPERATURE, ("thermostat",), False)),
        ("set it to 20", LAMP_SET, (), (intents.LIGHT_SET, ("floor_lamp",), False)),  # a light's stays one
        ("is that thing even on", None, (("tv", 0.9),), (intents.GET_STATE, ("tv",), False)),
        ("put that on will ya", None, (), (intents.TURN_ON, (), True)),  # "that" with nothing to go by: ask
    ],
)  # fmt: skip
def test_a_level_or_a_state_said_of_it_is_what_it_can_have(
    reader: TurnRecognizer, text: str, previous: Previous | None, pointed: tuple, expected: tuple
) -> None:
    observations = (Observation("pointing", 800, candidates=pointed),) if pointed else ()
    context = TurnContext(area="living_room", previous=previous)
    result = reader.understand_turn(Turn(text, observations=observations, context=context))
    assert (result.intent.name, tuple(d.id for d in result.targets.devices), result.ask) == expected


def test_never_mind_gives_up_a_command_only_with_nothing_asked_after_it() -> None:
    dropped = Intent(intents.NEVERMIND, confidence=0.97, recognizer="grammar")
    nothing, lamp = intents.no_intent("i found the switch"), Intent(intents.TURN_ON, confidence=0.97)
    assert given_up([nothing, dropped, nothing]) == dropped
    assert given_up([dropped, lamp]) is None  # "never mind, turn on the lamp": a command after it
    assert given_up([dataclasses.replace(dropped, confidence=0.6), nothing]) is None  # not said exactly
