"""Requests put as wishes or hints with one plain meaning ("I'd rather the blinds were down", "it'd be nice to
have the floor lamp on"), and a command taken back by what follows it ("turn off the kitchen light, no, leave
it"), which no model reading may carry out."""

from __future__ import annotations

import pytest

from assistantd import intents
from assistantd.config import load_config
from assistantd.fusion.combined import CombinedRecognizer
from assistantd.fusion.negation import left_be
from assistantd.grammar.phrasing import plainly
from assistantd.grammar.recognizer import GrammarRecognizer
from assistantd.intents import Intent, Slots
from tests.support.configs import EXAMPLE
from tests.support.fakes import TableModel

CONFIG = load_config(EXAMPLE)


@pytest.fixture(scope="module")
def grammar() -> GrammarRecognizer:
    return GrammarRecognizer(CONFIG)


@pytest.mark.parametrize(
    ("wish", "plain"),
    [
        ("i would rather the blinds were down", "close the blinds"),
        ("itd be nice to have the floor lamp on", "turn on the floor lamp"),
        ("i would feel much better with the front door locked", "lock the front door"),
        ("i would sleep better with the heating down at 18", "set the heating to 18"),
        (
            "could do with the heating a couple of degrees higher in here say 22",
            "set the heating in here to 22",
        ),
        ("the desk lamp at 40 percent would be better for reading", "set the desk lamp to 40 percent"),
        ("the bedroom lamp in blue would look so nice", "make the bedroom lamp blue"),
        ("there is no need for the lights in here", "turn off the lights in here"),
        ("i would like a four minute timer", "set a four minute timer"),
        ("i would love to know the time", "what time is it"),
        ("no idea how long is left on the pizza timer", "how long is left on the pizza timer"),
        ("i would like to know whether the garage door is open", "is the garage door open"),
    ],
)
def test_a_wish_put_as_the_command_it_wishes_for(wish: str, plain: str) -> None:
    assert plainly(wish) == plain


@pytest.mark.parametrize(
    ("text", "area", "intent", "slots"),
    [
        ("I'd rather the blinds were down, the neighbours can see straight in", None, intents.TURN_OFF,
         {"name": "Bedroom Blinds"}),
        ("it'd be nice to have the floor lamp on while I read", None, intents.TURN_ON,
         {"name": "Floor Lamp"}),
        ("I'd feel much better with the front door locked", None, intents.TURN_ON, {"name": "Front Door"}),
        ("honestly, I can't see a thing in here", "kitchen", intents.TURN_ON,
         {"area": "Kitchen", "domain": "light"}),
        ("set a timer for 15 minutes, I'll never remember otherwise", None, intents.START_TIMER,
         {"minutes": 15}),
    ],
)  # fmt: skip
def test_wishes_and_hints_with_one_meaning_are_understood(
    grammar: GrammarRecognizer, text: str, area: str | None, intent: str, slots: dict[str, object]
) -> None:
    heard = CombinedRecognizer(CONFIG, grammar=grammar).recognize(text, area_id=area)
    assert (heard.name, heard.slots.as_dict()) == (intent, slots)


def test_complaints_alone_ask_for_nothing(grammar: GrammarRecognizer) -> None:
    combined = CombinedRecognizer(CONFIG, grammar=grammar)
    for text in ("it's too bright", "I'm cold", "I wish this house had better lighting"):
        assert combined.recognize(text).name == intents.NONE, text


def test_a_command_taken_back_by_what_follows_it() -> None:
    assert left_be("turn off the kitchen light, no, leave it")
    assert left_be("turn off the kitchen lights, no wait, leave them on")
    assert left_be("turn on the floor lamp - actually, don't bother")
    assert not left_be("turn on the kitchen light, leave it on all night")  # the same wish, said again
    assert not left_be("turn off the kitchen light, no, the hallway one")  # a correction
    assert not left_be("leave it")


def test_no_model_reading_carries_out_a_command_taken_back(grammar: GrammarRecognizer) -> None:
    text = "turn off the kitchen light, no, leave it"
    read = {text: Intent(intents.TURN_OFF, Slots(area="Kitchen", domain="light"), 1.0, text=text)}
    combined = CombinedRecognizer(CONFIG, grammar=grammar, model=TableModel(read))  # type: ignore[arg-type]
    assert combined.recognize(text).name == intents.NONE
