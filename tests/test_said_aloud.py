"""Commands as a transcriber writes down what people say: hesitations and stammers, a correction with a bare
"no", hedges ("could you maybe"), a thing named and then asked of ("curtain right can you close it"), tags
("yeah"), and a gesture alone that fires one of the home's gesture rules, read as what the rule does."""

from __future__ import annotations

import pytest

from assistantd import intents
from assistantd.assistant.core import Assistant
from assistantd.config import load_config
from assistantd.fusion.combined import CombinedRecognizer
from assistantd.fusion.turns import Observation, Previous, Turn, TurnContext
from assistantd.grammar.recognizer import GrammarRecognizer
from assistantd.text import normalize, strip_fillers
from tests.support.configs import EXAMPLE


@pytest.fixture(scope="module")
def combined() -> CombinedRecognizer:
    config = load_config(EXAMPLE)
    return CombinedRecognizer(config, grammar=GrammarRecognizer(config))


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("turn the um the floor lamp off", "turn the floor lamp off"),
        ("could you maybe switch off the floor lamp", "switch off the floor lamp"),
        ("can you lock the front door and um yeah that's it", "lock the front door"),
        ("what's the humidity like in the kitchen", "what is the humidity in the kitchen"),
        ("what's the weather like", "what is the weather"),
        ("go on then", "go on"),
        ("ok then", "ok"),
        ("ok then, turn off the lights", "turn off the lights"),
        ("go on turn the lights off then", "turn the lights off"),
    ],
)
def test_hesitations_and_asides_are_left_out(said: str, meant: str) -> None:
    assert strip_fillers(normalize(said), asides=True) == meant


@pytest.mark.parametrize(
    ("text", "area", "intent", "slots"),
    [
        ("okay so turn on the kitchen no the office lights", None, intents.TURN_ON,
         {"area": "Office", "domain": "light"}),
        ("set the floor lamp to 40 no 60", None, intents.LIGHT_SET, {"name": "Floor Lamp", "brightness": 60}),
        ("garage door can you close it", None, intents.TURN_OFF, {"name": "Garage Door"}),
        ("kitchen lights up to eighty", None, intents.LIGHT_SET, {"area": "Kitchen", "brightness": 80}),
        ("is the garage door shut yeah", None, intents.GET_STATE,
         {"name": "Garage Door", "domain": "cover", "state": "closed"}),
        ("are the lights still on up here", "bedroom", intents.GET_STATE,
         {"area": "Bedroom", "domain": "light", "state": "on"}),
        ("how hot is it in the house right now", None, intents.CLIMATE_GET_TEMPERATURE, {}),
        ("um play some queen", "kitchen", intents.MEDIA_SEARCH, {"area": "Kitchen", "search_query": "queen"}),
        ("um yeah sure", None, intents.CONFIRM, {}),
        ("go on then", None, intents.CONFIRM, {}),
        ("alright then", None, intents.CONFIRM, {}),
        ("absolutely, open it up", None, intents.CONFIRM, {}),
        ("i think the garage light's still on can you get that", None, intents.TURN_OFF,
         {"name": "Garage Light"}),
        ("lights on yeah", "bedroom", intents.TURN_ON, {"area": "Bedroom", "domain": "light"}),
        ("no, turn off the kitchen lights", None, intents.TURN_OFF, {"area": "Kitchen", "domain": "light"}),
        ("nope set the floor lamp to forty percent", None, intents.LIGHT_SET,
         {"name": "Floor Lamp", "brightness": 40}),
        ("no, forget it", None, intents.NEVERMIND, {}),
        ("kitchen lights off yep", None, intents.TURN_OFF, {"area": "Kitchen", "domain": "light"}),
        ("the front door is locked yeah", None, intents.GET_STATE,
         {"name": "Front Door", "domain": "lock", "state": "locked"}),
    ],
)  # fmt: skip
def test_commands_said_aloud_are_read(
    combined: CombinedRecognizer, text: str, area: str | None, intent: str, slots: dict[str, object]
) -> None:
    heard = combined.recognize(text, area_id=area)
    assert (heard.name, heard.slots.as_dict()) == (intent, slots)


@pytest.mark.parametrize(
    "text",
    [
        "the shopping list is on the fridge by the way",
        "uh no i'm just talking to my mum",
        "the kitchen has no lights on",
        "no yeah",
        "let's not put the heating on until november yeah",
    ],
)
def test_talk_that_names_a_list_or_another_person_is_no_command(
    combined: CombinedRecognizer, text: str
) -> None:
    assert not combined.recognize(text).is_command


def gesture_turn(*seen: tuple[str, int], states: dict[str, str], awaiting: bool = False) -> Turn:
    observations = tuple(Observation("gesture", t_ms, gesture, 0.9) for gesture, t_ms in seen)
    previous = Previous(intents.TURN_OFF, ("front_door",)) if awaiting else None
    context = TurnContext(area="living_room", time="19:30", states=tuple(states.items()),
                          awaiting_confirmation=awaiting, previous=previous)  # fmt: skip
    return Turn("", 0.0, observations, context)


def test_a_gesture_alone_that_fires_a_rule_means_what_the_rule_does() -> None:
    """The example home's swipe up brightens the lights of the room it is seen in; an open palm held a second
    while the TV plays pauses it (held less, or with the TV off, no rule fires and the fusion reads it)."""
    assistant = Assistant(load_config(EXAMPLE))
    lights = {"floor_lamp": "on", "living_room_ceiling_light": "on"}
    swipe = assistant.understand_turn(gesture_turn(("swipe_up", 400), states=lights))
    assert (swipe.intent.name, {device.id for device in swipe.targets.devices}) == (
        intents.LIGHT_SET,
        {"floor_lamp", "living_room_ceiling_light"},
    )
    held = [("open_palm", 200), ("open_palm", 700), ("open_palm", 1300)]
    paused = assistant.understand_turn(gesture_turn(*held, states={"tv": "playing"}))
    assert (paused.intent.name, [device.id for device in paused.targets.devices]) == (
        intents.MEDIA_PAUSE,
        ["tv"],
    )
    brief = assistant.understand_turn(gesture_turn(*held[:2], states={"tv": "playing"}))
    off = assistant.understand_turn(gesture_turn(*held, states={"tv": "off"}))
    assert intents.MEDIA_PAUSE not in (brief.intent.name, off.intent.name)
    answer = assistant.understand_turn(gesture_turn(("swipe_up", 400), states=lights, awaiting=True))
    assert answer.intent.name != intents.LIGHT_SET  # a question waits: the gesture is no rule's
