"""Typing slips: corrected towards the home's words where a word is no word, never where it is one; and
the model's on/off reading of words that name nothing of the home is no command."""

from __future__ import annotations

import pytest

from assistantd import intents
from assistantd.config import load_config
from assistantd.config.settings import Config
from assistantd.fusion.combined import CombinedRecognizer
from assistantd.fusion.spelling import Speller, english_words
from assistantd.grammar.recognizer import GrammarRecognizer
from assistantd.intents import Intent, Slots
from tests.support.configs import EXAMPLE
from tests.support.fakes import TableModel


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(EXAMPLE)


@pytest.fixture(scope="module")
def combined(config: Config) -> CombinedRecognizer:
    return CombinedRecognizer(config, grammar=GrammarRecognizer(config))


def test_the_english_list_is_installed() -> None:
    words = english_words()
    assert {"lamb", "gutters", "hummus", "telly"} <= words
    assert not {"swtich", "kithcen", "trun"} & words


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("swtich off the kithcen light", "switch off the kitchen light"),
        ("trun on the livingroom lights plz", "turn on the living room lights please"),
        ("set the thermastat to 21", "set the thermostat to 21"),
        ("Turn on the Kithcen lights, thx", "Turn on the kitchen lights, thanks"),
        ("toggel the floor lamp", "toggle the floor lamp"),
        # spelt as said, and letters held for effect
        ("make the kichen lite brite plees", "make the kitchen light bright please"),
        ("lites on lites on lites ONNN", "lights on lights on lights on"),
        ("timer for five minits pleeeease", "timer for five minutes please"),
        ("turn off all the lites in the hole house", "turn off all the lights in the whole house"),
    ],
)
def test_slips_are_put_right(combined: CombinedRecognizer, typed: str, meant: str) -> None:
    assert combined.spelled(typed) == meant


@pytest.mark.parametrize(
    "text",
    [
        "add hummus and gutter cleaner to the list",
        "set the telly to 20",
        "turn on the Floor Lamp at 7:30, 50%",
        "xqzv",  # nothing near: left as typed
        "brrrr the heating is off",  # held letters of no word: left as typed
        "a hole in the wall",
    ],
)
def test_words_and_unknowns_are_left_alone(combined: CombinedRecognizer, text: str) -> None:
    assert combined.spelled(text) == text


def test_only_one_near_word_with_the_same_first_letter_is_taken() -> None:
    speller = Speller(["lamp", "damp", "switch", "swatch"], known=())
    assert speller.correct("lammp") == "lamp"
    assert speller.correct("xamp") == "xamp"  # lamp and damp are near, but neither starts with x
    assert speller.correct("kamp") == "kamp"  # nor with k ("kamp fm" is a name)
    assert speller.correct("swetch") == "swetch"  # switch and swatch: equally near
    assert speller.correct("lmap") == "lamp"  # four letters: two swapped
    assert speller.correct("lamq") == "lamq"  # four letters, one changed: too many words are that near
    assert speller.correct("doesn't u. s. d.") == "doesn't u. s. d."  # apostrophes and abbreviations


def test_a_slip_is_read_as_the_command_meant(combined: CombinedRecognizer) -> None:
    meant = combined.recognize("switch off the kitchen ceiling light")
    typed = combined.recognize("swtich off the kithcen ceiling light")
    assert meant.name == intents.TURN_OFF
    assert (typed.name, typed.slots) == (meant.name, meant.slots)
    assert typed.confidence == meant.confidence


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("switch on the electric blanket", False),  # nothing of the home: an appliance it lacks
        ("turn the hob on", False),
        ("switch it on", True),  # "it": the dialogue or the camera says which
        ("pop that on would you", True),
    ],
)
def test_a_model_reading_that_names_nothing_here_is_no_command(config: Config, text: str, kept: bool) -> None:
    reading = Intent(intents.TURN_ON, confidence=0.97, text=text, recognizer="model")
    combined = CombinedRecognizer(
        config, grammar=GrammarRecognizer(config), model=TableModel({text: reading})
    )
    assert combined.recognize(text).is_command is kept


def test_a_correction_is_taken_only_where_the_grammar_then_reads_a_command(config: Config) -> None:
    """The model reads what was typed: a word made a home word by the correction ("celing" -> "ceiling") never
    makes the model's guess."""
    typed, corrected = "read me the celing price of gold", "read me the ceiling price of gold"
    lamp = Slots(name="Kitchen Ceiling Light")
    guess = Intent(intents.TURN_ON, lamp, confidence=0.99, text=corrected, recognizer="model")
    model = TableModel({corrected: guess})
    combined = CombinedRecognizer(config, grammar=GrammarRecognizer(config), model=model)
    assert combined.spelled(typed) == corrected
    assert combined.recognize(typed).name == intents.NONE
    assert combined.recognize(corrected).name == intents.TURN_ON  # the table's guess, to show it would act


def test_a_level_with_a_fraction_read_by_the_model_is_asked_about(config: Config) -> None:
    """ "turn it up to 21.5 in here" is a temperature: a brightness of 21 read from it is not done at once."""
    text = "turn it up to 21.5 in here"
    guess = Intent(intents.LIGHT_SET, Slots(brightness=21), confidence=0.995, text=text, recognizer="model")
    combined = CombinedRecognizer(config, grammar=GrammarRecognizer(config), model=TableModel({text: guess}))
    assert combined.recognize(text).name == intents.LIGHT_SET
    assert combined.asks_first(combined.recognize(text))
    whole = Intent(
        intents.LIGHT_SET, Slots(brightness=21), confidence=0.995, text="turn it up to 21", recognizer="model"
    )
    assert not combined.asks_first(whole)


@pytest.mark.parametrize(
    ("heard", "meant"),
    [
        ("un lock the front door", "unlock the front door"),
        ("set the floor lamb two 50 percent", "set the floor lamp to 50 percent"),
        ("set the thermostat to twenty for degrees", "set the thermostat to twenty four degrees"),
        ("turn the heat up to seventy too", "turn the heat up to seventy two"),
        ("pours the tv", "pause the tv"),
        ("turn off the bed room lamp", "turn off the bedroom lamp"),
        ("at milk to the shopping list", "add milk to the shopping list"),
        ("make the floor lamp read", "make the floor lamp red"),
    ],
)
def test_what_a_speech_recognizer_writes_for_the_homes_words_is_put_right(
    combined: CombinedRecognizer, heard: str, meant: str
) -> None:
    assert combined.spelled(heard) == meant


def test_a_misheard_word_is_read_as_the_command_meant_and_changes_nothing_else(
    combined: CombinedRecognizer,
) -> None:
    meant = combined.recognize("set the floor lamb two 50 percent")
    assert (meant.name, meant.slots.name, meant.slots.brightness) == (intents.LIGHT_SET, "Floor Lamp", 50)
    assert combined.recognize("pours the tv").name == intents.MEDIA_PAUSE
    for text in ("the lamb is in the oven", "mary had a little lamb", "have you seen my keys"):
        assert not combined.recognize(text).is_command, text  # heard words that make no command stay words
