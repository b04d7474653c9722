"""Exceptions and negations: "all the lights except the kitchen" never acts on the kitchen, "don't turn on
the lights" on nothing."""

from __future__ import annotations

import pytest

from assistantd import intents
from assistantd.assistant.command import Situation, TextCommand
from assistantd.assistant.core import Assistant
from assistantd.config import load_config
from assistantd.config.settings import Config
from assistantd.fusion.combined import CombinedRecognizer
from assistantd.fusion.ellipsis import follow_up
from assistantd.fusion.exclusion import split_exclusion
from assistantd.fusion.negation import negated
from assistantd.fusion.turns import Previous, Turn, TurnContext
from assistantd.fusion.understand import TurnRecognizer
from assistantd.grammar.recognizer import GrammarRecognizer
from tests.support.configs import EXAMPLE


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(EXAMPLE)


@pytest.fixture(scope="module")
def grammar(config: Config) -> GrammarRecognizer:
    return GrammarRecognizer(config)


@pytest.fixture
def turns(config: Config, grammar: GrammarRecognizer) -> TurnRecognizer:
    return TurnRecognizer(config, CombinedRecognizer(config, grammar=grammar))


def lights(config: Config, *, outside: str = "") -> set[str]:
    return {d.id for d in config.devices if d.domain == "light" and d.area != outside}


@pytest.mark.parametrize(
    ("text", "command", "areas", "devices"),
    [
        ("turn off all the lights except the kitchen", "turn off all the lights", {"kitchen"}, set()),
        ("Lights off, but not in the bedroom!", "lights off", {"bedroom"}, set()),
        ("everything off apart from the TV", "everything off", set(), {"tv"}),
        ("turn off the lights except the bedroom lamp", "turn off the lights", set(), {"bedroom_lamp"}),
        ("switch it all off other than the kitchen and the floor lamp", "switch it all off", {"kitchen"},
         {"floor_lamp"}),
        ("except for the office", "", {"office"}, set()),
    ],
)  # fmt: skip
def test_the_exception_names_areas_and_devices_the_longest_first(
    config: Config, text: str, command: str, areas: set[str], devices: set[str]
) -> None:
    found = split_exclusion(config, text)
    assert found is not None
    assert (found.command, set(found.areas), set(found.devices)) == (command, areas, devices)
    assert found.alone == (command == "")


@pytest.mark.parametrize("text", ["turn off the lights", "everything except what I said", "turn on the light except"])
def test_no_exception_without_a_place_or_device_the_home_has(config: Config, text: str) -> None:
    assert split_exclusion(config, text) is None


def test_an_area_left_out_makes_the_command_home_wide(config: Config, turns: TurnRecognizer) -> None:
    result = turns.understand_turn(Turn("turn off all the lights except the kitchen", context=TurnContext("living_room")))
    assert result.intent.name == intents.TURN_OFF
    assert set(result.targets.ids) == lights(config, outside="kitchen")
    assert not {"kitchen_ceiling", "counter_lights"} & set(result.targets.ids)


def test_a_device_left_out_keeps_the_place_said(turns: TurnRecognizer) -> None:
    result = turns.understand_turn(
        Turn("turn off the lights in the living room except the floor lamp", context=TurnContext("kitchen"))
    )
    assert result.targets.ids == ("living_room_ceiling_light",)


def test_leaving_out_everything_acts_on_nothing(turns: TurnRecognizer) -> None:
    result = turns.understand_turn(Turn("turn on the floor lamp except the floor lamp"))
    assert result.targets.ids == ()
    assert result.targets.problem == "That leaves nothing once the floor lamp is left out."


def test_an_exception_after_a_command_undoes_it_there_asked_first(turns: TurnRecognizer) -> None:
    previous = Previous(intents.TURN_OFF, ("floor_lamp", "kitchen_ceiling", "counter_lights"))
    result = turns.understand_turn(Turn("except the kitchen", context=TurnContext("living_room", previous=previous)))
    assert (result.intent.name, set(result.targets.ids), result.sure) == (
        intents.TURN_ON,
        {"kitchen_ceiling", "counter_lights"},
        False,
    )
    unrelated = Previous(intents.TURN_ON, ("floor_lamp",))
    result = turns.understand_turn(Turn("except the kitchen", context=TurnContext("living_room", previous=unrelated)))
    assert result.intent.name == intents.NONE
    assert turns.understand_turn(Turn("except the kitchen")).intent.name == intents.NONE


def test_the_assistant_never_touches_what_was_left_out(config: Config, grammar: GrammarRecognizer) -> None:
    assistant = Assistant(config, grammar)
    report = assistant.handle(TextCommand("turn off all the lights except the kitchen"),
                              Situation(now_ms=1_000, local_minute=600), source="control")  # fmt: skip
    topics = {action.topic for action in report.decision.actions}
    assert report.decision.outcome.value == "executed"
    assert len(topics) == len(lights(config, outside="kitchen"))
    assert not any("kitchen" in topic for topic in topics), topics


@pytest.mark.parametrize(
    ("text", "said_not_to"),
    [
        ("don't turn on the lights", True),
        ("Do not turn off the TV!", True),
        ("stop turning off the lights", True),
        ("never open the garage door", True),
        ("I don't want to turn it off", True),
        ("please don't switch the tv off", True),
        ("no no don't off that one, I am reading", True),  # "on" and "off" as verbs
        ("don't on the fan now, I am feeling cold", True),
        ("the lamp is not off yet", False),
        ("don't forget to turn off the lights", False),
        ("stop playing music", False),
        ("stop the fan", False),
        ("turn on the lights", False),
    ],
)
def test_a_negated_command_asks_for_nothing(turns: TurnRecognizer, text: str, said_not_to: bool) -> None:
    assert negated(text) == said_not_to
    if said_not_to:
        result = turns.understand_turn(Turn(text, context=TurnContext("living_room")))
        assert (result.intent.name, result.targets.ids) == (intents.NONE, ())


def test_a_negated_command_while_a_question_waits_is_a_no(config: Config, grammar: GrammarRecognizer) -> None:
    assistant = Assistant(config, grammar)
    situation = Situation(now_ms=1_000, local_minute=600)
    asked = assistant.handle(TextCommand("unlock the front door"), situation, source="control")
    assert asked.decision.outcome.value == "awaiting_confirmation"
    no = assistant.handle(TextCommand("no, don't unlock it"), situation, source="control")
    assert no.decision.outcome.value == "declined"
    assert assistant.handle(TextCommand("yes"), situation, source="control").decision.actions == ()


@pytest.mark.parametrize(
    ("previous", "text", "intent", "slots"),
    [
        (Previous(intents.CLIMATE_GET_TEMPERATURE, (), (("area", "Living Room"),)), "and in the bedroom?",
         intents.CLIMATE_GET_TEMPERATURE, {"area": "Bedroom"}),
        (Previous(intents.TURN_OFF, ("kitchen_ceiling",), (("area", "Kitchen"), ("domain", "light"))),
         "what about the office", intents.TURN_OFF, {"area": "Office", "domain": "light"}),
        (Previous(intents.LIGHT_SET, ("kitchen_ceiling",), (("area", "Kitchen"), ("brightness", 40))),
         "and the bedroom too", intents.LIGHT_SET, {"area": "Bedroom", "brightness": 40}),
        (Previous(intents.GET_STATE, ("front_door",), (("domain", "lock"), ("state", "locked"))),
         "and the garage door?", intents.GET_STATE, {"name": "Garage Door"}),
        (Previous(intents.TURN_ON, ("floor_lamp",), (("name", "Floor Lamp"),)), "same for the desk lamp",
         intents.TURN_ON, {"name": "Desk Lamp"}),
        (Previous(intents.TURN_OFF, ("floor_lamp",), (("name", "Floor Lamp"),)), "and the kitchen lights",
         intents.TURN_OFF, {"area": "Kitchen", "domain": "light"}),  # a place and a kind of it
    ],
)  # fmt: skip
def test_a_place_or_device_alone_repeats_the_previous_turn_there(
    turns: TurnRecognizer, previous: Previous, text: str, intent: str, slots: dict[str, object]
) -> None:
    result = turns.understand_turn(Turn(text, context=TurnContext("living_room", previous=previous)))
    assert (result.intent.name, result.intent.slots.as_dict(), result.sure) == (intent, slots, True)


@pytest.mark.parametrize("text", ["and the bedroom and the kitchen", "and the kitchen lamp", "the office"])
def test_what_is_no_bare_follow_up_is_left_to_the_recognizers(config: Config, text: str) -> None:
    previous = Previous(intents.TURN_OFF, ("floor_lamp",), (("name", "Floor Lamp"),))
    assert follow_up(config, text, previous) is None
    assert follow_up(config, "and the bedroom", None) is None
