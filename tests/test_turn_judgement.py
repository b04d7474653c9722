"""Turns people say as they would to a person: the words choose among close pointing candidates, a level
verb keeps its kind, "that" with nothing to go by asks, reported speech is no command, answers said
loosely, and follow-ups that say only a new place or a new value. The grammar alone reads them all."""

from __future__ import annotations

import pytest

from assistantd import intents
from assistantd.config import load_config
from assistantd.fusion.combined import CombinedRecognizer
from assistantd.fusion.ellipsis import value_follow_up
from assistantd.fusion.negation import reported
from assistantd.fusion.turns import Previous, Turn, TurnContext
from assistantd.fusion.understand import TurnRecognizer
from assistantd.grammar.recognizer import GrammarRecognizer
from assistantd.intents import Intent, Slots
from tests.support.configs import EXAMPLE
from tests.support.fakes import TableModel
from tests.support.readers import pointing, understood

LIVING_ROOM = TurnContext(area="living_room")


@pytest.fixture(scope="module")
def reader() -> TurnRecognizer:
    config = load_config(EXAMPLE)
    return TurnRecognizer(config, CombinedRecognizer(config, grammar=GrammarRecognizer(config)))


def read(reader: TurnRecognizer, text: str, observations=(), context: TurnContext = LIVING_ROOM):  # noqa: ANN001, ANN201
    return understood(reader, text, observations, context)


@pytest.mark.parametrize(
    ("text", "candidates", "expected"),
    [
        ("dim that one to 20", (("tv", 0.57), ("living_room_ceiling_light", 0.55)),
         (intents.LIGHT_SET, ("living_room_ceiling_light",), False)),
        ("make that one purple", (("living_room_ceiling_light", 0.61), ("floor_lamp", 0.58)),
         (intents.LIGHT_SET, ("floor_lamp",), False)),
        ("turn that lamp on", (("living_room_ceiling_light", 0.58), ("floor_lamp", 0.55)),
         (intents.TURN_ON, ("floor_lamp",), False)),
        ("make that one purple", (("living_room_ceiling_light", 0.9), ("floor_lamp", 0.5)),
         (intents.LIGHT_SET, ("living_room_ceiling_light",), False)),
        ("turn that down to 15", (("tv", 0.88),), (intents.SET_VOLUME, ("tv",), False)),
        ("turn that light on", (("tv", 0.9), ("living_room_ceiling_light", 0.6)),
         (intents.TURN_ON, ("living_room_ceiling_light",), False)),
        ("switch that lamp off", (("tv", 0.85), ("floor_lamp", 0.45)), (intents.TURN_OFF, ("floor_lamp",), False)),
        ("turn that light off", (("tv", 0.56), ("floor_lamp", 0.53)), (intents.TURN_OFF, ("floor_lamp",), False)),
    ],
)  # fmt: skip
def test_the_words_choose_among_devices_pointed_at_about_as_well(
    reader: TurnRecognizer, text: str, candidates: tuple, expected: tuple
) -> None:
    """Close candidates: the one that can do it, or that the words name; a clear point stands (the ceiling
    light then says it cannot do colours), unless the words name the kind of a device pointed at less
    ("that light" while the hand is nearer the TV), and a level said of the TV alone is its volume."""
    assert read(reader, text, pointing(*candidates)) == expected


def test_that_with_nothing_to_go_by_asks_even_when_something_is_on(reader: TurnRecognizer) -> None:
    assert read(reader, "is that one on or not") == (intents.GET_STATE, (), True)
    assert read(reader, "wait, is that thing even on?", pointing(("floor_lamp", 0.8))) == (
        intents.GET_STATE, ("floor_lamp",), False,
    )  # fmt: skip


@pytest.mark.parametrize(
    "text",
    ["mum always said switch the telly off before bed", "she told me to turn off the lights",
     "my dad used to say turn the lights off when you leave"],
)  # fmt: skip
def test_someone_else_s_words_are_no_command(reader: TurnRecognizer, text: str) -> None:
    assert read(reader, text)[0] == intents.NONE


def test_a_command_said_again_is_not_reported_speech() -> None:
    assert not reported("I said turn off the floor lamp")
    assert not reported("turn off the lights, she said")  # the command comes first: it stands


@pytest.mark.parametrize(
    ("text", "answer"),
    [("aye, go on then", intents.CONFIRM), ("yeah that's the one", intents.CONFIRM),
     ("um yes please", intents.CONFIRM), ("nah, leave it", intents.DECLINE), ("no, wrong one", intents.DECLINE)],
)  # fmt: skip
def test_answers_said_loosely(reader: TurnRecognizer, text: str, answer: str) -> None:
    waiting = TurnContext(area="living_room", awaiting_confirmation=True,
                          previous=Previous(intents.TURN_OFF, ("garage_door",), (("name", "Garage Door"),)))  # fmt: skip
    assert read(reader, text, context=waiting)[0] == answer


@pytest.mark.parametrize(
    ("previous", "text", "expected"),
    [
        (Previous(intents.TURN_ON, ("bedroom_fan",), (("name", "Ceiling Fan"),)), "what about the bathroom?",
         (intents.TURN_ON, ("bathroom_fan",), False)),
        (Previous(intents.LIGHT_SET, ("floor_lamp",), (("name", "Floor Lamp"), ("color", "red"))),
         "hmm, try blue instead", (intents.LIGHT_SET, ("floor_lamp",), False)),
        (Previous(intents.TURN_OFF, ("tv",)), "put it back on", (intents.TURN_ON, ("tv",), False)),
        (Previous(intents.TURN_ON, ("kitchen_ceiling", "counter_lights"), (("area", "Kitchen"), ("domain", "light"))),
         "and the upstairs ones while you're at it", (intents.TURN_ON, ("bedroom_lamp", "office_desk_lamp"), False)),
        (Previous(intents.TURN_OFF, ("tv",)), "on with that one", (intents.TURN_ON, ("tv",), False)),
        (Previous(intents.TURN_ON, ("kitchen_ceiling",), (("name", "Kitchen Ceiling Light"),)),
         "the counter ones too", (intents.TURN_ON, ("counter_lights",), False)),  # "ones": that kind
        (Previous(intents.MEDIA_PAUSE, ("tv",)), "ok carry on, sorry about that",
         (intents.MEDIA_UNPAUSE, ("tv",), False)),  # an apology takes nothing back
        (Previous(intents.TURN_ON, ("floor_lamp",), (("name", "Floor Lamp"),)),
         "and the same for the bedroom, if you'd be so kind", (intents.TURN_ON, ("bedroom_lamp",), False)),
        (Previous(intents.TURN_OFF, ("floor_lamp",), (("name", "Floor Lamp"),)),
         "lovely, now the kitchen too, please",
         (intents.TURN_OFF, ("kitchen_ceiling", "counter_lights"), False)),
        (Previous(intents.TURN_OFF, ("kitchen_ceiling", "counter_lights"),
                  (("area", "Kitchen"), ("domain", "light"))),
         "And the same in the front room, if you would.",
         (intents.TURN_OFF, ("floor_lamp", "living_room_ceiling_light"), False)),  # what people call the room
    ],
)  # fmt: skip
def test_follow_ups_that_say_only_what_changed(
    reader: TurnRecognizer, previous: Previous, text: str, expected: tuple
) -> None:
    assert read(reader, text, context=TurnContext(area="living_room", previous=previous)) == expected


@pytest.mark.parametrize(
    ("previous", "text", "slot", "value"),
    [
        (Previous(intents.LIGHT_SET, ("floor_lamp",), (("name", "Floor Lamp"), ("color", "red"))),
         "hmm, try blue instead", "color", "blue"),
        (Previous(intents.SET_POSITION, ("bedroom_blinds",), (("name", "Bedroom Blinds"), ("position", 50))),
         "a bit more, like 80", "position", 80),
        (Previous(intents.CLIMATE_SET_TEMPERATURE, ("thermostat",), (("name", "Thermostat"), ("temperature", 21))),
         "no make it 19 and a half", "temperature", 19.5),
        (Previous(intents.CLIMATE_SET_TEMPERATURE, ("thermostat",), (("name", "Thermostat"), ("temperature", 21))),
         "twenty two", "temperature", 22),
        (Previous(intents.CLIMATE_SET_TEMPERATURE, ("thermostat",),
                  (("name", "Thermostat"), ("temperature", 20))),
         "A touch warmer than that, twenty-one if you please.", "temperature", 21),
        (Previous(intents.SET_POSITION, ("bedroom_blinds",), (("name", "Bedroom Blinds"), ("position", 50))),
         "All the way up now, please.", "position", 100),
        (Previous(intents.LIGHT_SET, ("floor_lamp",), (("name", "Floor Lamp"), ("brightness", 40))),
         "no, right down", "brightness", 0),
        (Previous(intents.LIGHT_SET, ("floor_lamp",), (("name", "Floor Lamp"), ("brightness", 40))),
         "a bit lower than that", "brightness", 30),
        (Previous(intents.CLIMATE_SET_TEMPERATURE, ("thermostat",),
                  (("name", "Thermostat"), ("temperature", 20))),
         "make it a degree warmer than that", "temperature", 21),
        (Previous(intents.SET_VOLUME, ("tv",), (("name", "TV"), ("volume_level", 30))),
         "a touch louder, I can't hear it over the dishwasher", "volume_level", 40),
    ],
)  # fmt: skip
def test_a_new_value_sets_the_last_setting_again(
    reader: TurnRecognizer, previous: Previous, text: str, slot: str, value: object
) -> None:
    result = reader.understand_turn(Turn(text, context=TurnContext(area="living_room", previous=previous)))
    assert result.intent.name == previous.intent
    assert getattr(result.intent.slots, slot) == value
    assert tuple(device.id for device in result.targets.devices) == previous.targets


@pytest.mark.parametrize(
    "text",
    ["try the kitchen light blue", "what is 20 plus 22", "blue is my favourite colour", "blue or green"],
)
def test_more_than_a_value_is_not_read_as_one(text: str) -> None:
    previous = Previous(intents.LIGHT_SET, ("floor_lamp",), (("name", "Floor Lamp"), ("color", "red")))
    assert value_follow_up(text, previous) is None
    assert value_follow_up("blue", previous) is not None
    assert value_follow_up("blue", Previous(intents.TURN_ON, ("floor_lamp",))) is None, "nothing to set again"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("fan on, it's stuffy", ("bedroom_fan",)), ("cheers mate now switch it off", ())],
)
def test_the_kind_the_words_say_wins_over_the_model_s_guess(text: str, expected: tuple[str, ...]) -> None:
    """The model guessed lights; "fan" says fans. "switch" before "it" is a verb, not a kind of device, so
    "now switch it off" keeps the model's reading (a clause with "it" and nothing named around it is the
    grammar's: "cheers, now switch it off" is read without the model)."""
    config = load_config(EXAMPLE)
    guess = Intent(
        intents.TURN_ON, Slots(area="Bedroom", domain="light"), 0.95, text=text, recognizer="model"
    )
    model = TableModel({text: guess})
    reader = TurnRecognizer(
        config, CombinedRecognizer(config, grammar=GrammarRecognizer(config), model=model)
    )  # type: ignore[arg-type]
    result = reader.understand_turn(Turn(text, context=TurnContext(area="bedroom")))
    assert result.intent.slots.domain == ("fan" if expected else "light")
    if expected:
        assert tuple(device.id for device in result.targets.devices) == expected


def test_a_mishearing_that_says_both_on_and_off_is_asked_about_not_done() -> None:
    """Whisper heard "switch the lights on, ta" as "... on, turn off": the model's reading is not sure."""
    config = load_config(EXAMPLE)
    text = "Switch the lights on, turn off"
    guess = Intent(
        intents.TURN_OFF, Slots(area="Kitchen", domain="light"), 0.99, text=text, recognizer="model"
    )
    reader = TurnRecognizer(config, CombinedRecognizer(config, grammar=GrammarRecognizer(config),
                                                       model=TableModel({text: guess})))  # type: ignore[arg-type]  # fmt: skip
    result = reader.understand_turn(Turn(text, context=LIVING_ROOM))
    assert result.intent.name == intents.TURN_OFF and not result.sure


@pytest.mark.parametrize(
    "text", ["cancel, not clean", "please do not vacuum today", "why did you not turn on the light"]
)
def test_not_before_a_verb_asks_for_nothing(reader: TurnRecognizer, text: str) -> None:
    assert read(reader, text)[0] == intents.NONE


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("right, everyone's here, turn on the floor lamp", (intents.TURN_ON, ("floor_lamp",), False)),
        ("desk lamp off, it's too bright in here", (intents.TURN_OFF, ("office_desk_lamp",), False)),
        ("go on, turn off the floor lamp because it's late", (intents.TURN_OFF, ("floor_lamp",), False)),
        ("turn off the floor lamp, i'm off to bed", (intents.TURN_OFF, ("floor_lamp",), False)),  # "off" to bed
        ("in 5 minutes, turn off the floor lamp", (intents.START_TIMER, (), False)),  # not now: a timer
        ("if it gets dark, turn on the floor lamp", (intents.NONE, (), False)),
        ("turn on the floor lamp, no wait", (intents.NONE, (), False)),  # taken back
        ("turn on the floor lamp, actually, just kidding", (intents.NONE, (), False)),
        ("turn on the floor lamp, turn off the desk lamp", (intents.NONE, (), False)),  # two commands
        ("she's really switched on, that one", (intents.NONE, (), False)),  # "that one" is no brightness
        ("floor lamp off please, i'm reading on my phone", (intents.TURN_OFF, ("floor_lamp",), False)),
        ("coffee maker off, it's been on all morning", (intents.TURN_OFF, ("coffee_maker",), False)),
        ("floor lamp off, the kids left it on again", (intents.TURN_OFF, ("floor_lamp",), False)),
        ("everything upstairs, lights off", (intents.TURN_OFF, ("bedroom_lamp", "office_desk_lamp"), False)),
        ("lights, camera, action", (intents.NONE, (), False)),  # a figure of speech
        ("open it, it's your present", (intents.NONE, (), False)),  # "it" among remarks: no lock or cover
        ('"turn off the floor lamp," she said, "or else"', (intents.NONE, (), False)),  # a quotation
        ("five minute timer, the eggs are on", (intents.START_TIMER, (), False)),  # "are on": how things are
        ("lock the front door, the dog keeps nosing it open", (intents.TURN_ON, ("front_door",), False)),
        ("lock the front door, it's fine actually", (intents.NONE, (), False)),  # a remark taking it back
        ("bedroom blinds, open them halfway so the plants get some sun",
         (intents.SET_POSITION, ("bedroom_blinds",), False)),  # the remark cut from the last clause
        ("how warm is it in the hallway right now, the post's just come",
         (intents.CLIMATE_GET_TEMPERATURE, ("thermostat",), False)),  # "it" of a question naming its place
        ("i'm going to switch energy suppliers next month", (intents.NONE, (), False)),  # plans: no track
    ],
)  # fmt: skip
def test_a_command_said_with_more_around_it_is_the_clause_that_is_one(
    reader: TurnRecognizer, text: str, expected: tuple[str, tuple[str, ...], bool]
) -> None:
    assert read(reader, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Desk lamp, off, it's too bright in here", (intents.TURN_OFF, ("office_desk_lamp",), False)),
        ("Floor lamp, on, everyone's arrived", (intents.TURN_ON, ("floor_lamp",), False)),
        ("Right, the floor lamp, on", (intents.TURN_ON, ("floor_lamp",), False)),
        ("Floor lamp, off, no wait", (intents.NONE, (), False)),  # taken back
        ("Floor lamp, on, in 5 minutes", (intents.START_TIMER, (), False)),  # not now: a timer
        ("Floor lamp, on, desk lamp, off", (intents.NONE, (), False)),  # two commands
        ("Floor lamp, on, it's dark, desk lamp, on", (intents.NONE, (), False)),
    ],
)  # fmt: skip
def test_a_command_a_transcriber_cut_with_commas_is_read_whole(
    reader: TurnRecognizer, text: str, expected: tuple[str, tuple[str, ...], bool]
) -> None:
    """Speech transcribers put commas where people pause: a run of clauses that is one command is taken as
    a clause alone would be, under the same conditions."""
    assert read(reader, text) == expected


@pytest.mark.parametrize(
    ("text", "previous", "intent", "targets"),
    [
        (
            "hmm, put it back on, it's still steamy in there",
            Previous(intents.TURN_OFF, ("bathroom_fan",), (("name", "Extractor Fan"),)),
            intents.TURN_ON,
            ("bathroom_fan",),
        ),
        (
            "oh and the ceiling light too",
            Previous(intents.TURN_OFF, ("tv",), (("name", "TV"),)),
            intents.TURN_OFF,
            ("living_room_ceiling_light",),
        ),
        (
            "ok lock it then",
            Previous(intents.GET_STATE, ("front_door",), (("name", "Front Door"), ("state", "locked"))),
            intents.TURN_ON,
            ("front_door",),
        ),
    ],
)
def test_it_said_among_remarks_is_the_device_spoken_of(
    reader: TurnRecognizer, text: str, previous: Previous, intent: str, targets: tuple[str, ...]
) -> None:
    result = reader.understand_turn(Turn(text, context=TurnContext(area="living_room", previous=previous)))
    assert result.intent.name == intent
    assert tuple(device.id for device in result.targets.devices) == targets
