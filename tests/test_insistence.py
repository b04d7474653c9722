"""Commands said in anger, typed in a hurry, or said again beside what they are not: oaths and insistence,
things ruled out or left alone, a complaint a pronoun points back to, and a phone's slips, read by the example
home's grammar and fusion (no model)."""

from __future__ import annotations

import pytest

from assistantd import intents
from assistantd.fusion.combined import CombinedRecognizer
from assistantd.fusion.contrast import contrasted
from assistantd.fusion.spelling import _short_slip
from assistantd.grammar.phrasing import plainly


@pytest.mark.parametrize(
    ("text", "intent", "slots"),
    [
        ("turn the flipping desk lamp off for pete's sake", intents.TURN_OFF, {"name": "Desk Lamp"}),
        ("for crying out loud pause the telly", intents.MEDIA_PAUSE, {"name": "TV"}),
        ("garage light off. right now. I mean it", intents.TURN_OFF, {"name": "Garage Light"}),
        ("no, I said the desk lamp on", intents.TURN_ON, {"name": "Desk Lamp"}),
        ("not the desk lamp, the floor lamp, switch it on", intents.TURN_ON, {"name": "Floor Lamp"}),
        ("leave the floor lamp alone, just the desk lamp off", intents.TURN_OFF, {"name": "Desk Lamp"}),
        ("why is the coffee maker still on, turn it off", intents.TURN_OFF, {"name": "Coffee Maker"}),
        ("ugh, how come the garage door is open again, close it", intents.TURN_OFF, {"name": "Garage Door"}),
        ("cancel the damn timer", intents.CANCEL_TIMER, {}),
        ("the pasta needs longer, add two minutes", intents.INCREASE_TIMER, {"minutes": 2}),
        ("the desk lamp back to 30", intents.LIGHT_SET, {"name": "Desk Lamp", "brightness": 30}),
        ("tirn the desk lamp on", intents.TURN_ON, {"name": "Desk Lamp"}),
        ("set a timr for ten minutes", intents.START_TIMER, {"minutes": 10}),
        ("pls lick the front door", intents.TURN_ON, {"name": "Front Door"}),
        ("switch of the desk lamp", intents.TURN_OFF, {"name": "Desk Lamp"}),
        ("add aspirin to the chemsit list", intents.LIST_ADD, {"name": "Pharmacy", "item": "aspirin"}),
        ("pause. pause. PAUSE the telly", intents.MEDIA_PAUSE, {"name": "TV"}),
        ("the desk lamp is fine, it's the floor lamp that's still on, off with it", intents.TURN_OFF,
         {"name": "Floor Lamp"}),
        ("CLOSE the garage door. just close it!", intents.TURN_OFF, {"name": "Garage Door"}),
    ],
)  # fmt: skip
def test_what_is_meant_is_read_through_anger_haste_and_contrast(
    example_reader: CombinedRecognizer, text: str, intent: str, slots: dict[str, object]
) -> None:
    heard = example_reader.recognize(text)
    assert (heard.name, heard.slots.as_dict()) == (intent, slots)


def test_too_loud_sets_the_volume_of_the_room() -> None:
    assert plainly("way too loud in here back down to 15") == "set the volume to 15"
    assert plainly("much too quiet up to 40 percent") == "set the volume to 40"


@pytest.mark.parametrize(
    "text",
    [
        "why is the coffee maker still on",  # a question, not the command to turn it off
        "not the desk lamp",
        "don't turn the desk lamp off, the other one",
        "leave the desk lamp alone",
        "for god's sake",
        "turn on the desk lamp, no",  # taken back
        "turn on the desk lamp, turn off the desk lamp",  # two different commands: not guessed at once
        "switch the desk lamp off, no, not the desk lamp",
    ],
)
def test_what_is_ruled_out_taken_back_or_only_complained_about_is_never_done_at_once(
    example_reader: CombinedRecognizer, text: str
) -> None:
    heard = example_reader.recognize(text)
    switched = heard.name in (intents.TURN_OFF, intents.TURN_ON)
    assert not (switched and not example_reader.asks_first(heard)), f"switched at once: {heard}"


def test_contrast_keeps_the_command_and_fills_in_what_a_complaint_names() -> None:
    assert contrasted("not the kitchen, the living room lights, turn those on") == [
        "the living room lights, turn those on"
    ]
    assert contrasted("why are the blinds still open, close them") == ["close the blinds"]
    assert contrasted("turn on the desk lamp") == []
    assert contrasted("oh wait, no, don't worry about it") == [], "a never mind, nothing left to read"
    assert contrasted("why is it so cold, turn the heating up") == [], "no thing named for a pronoun"


def test_oaths_and_insistence_come_off_and_nothing_else_changes() -> None:
    assert plainly("turn the bloody fan off for god sake") == "turn the fan off"
    assert plainly("open the blinds only a quarter") == "open the blinds a quarter"
    assert plainly("the kids are only small") == "the kids are only small"
    assert plainly("turn of the lamp") == "turn off the lamp"


def test_four_letter_slips_are_swaps_drops_and_vowels_only() -> None:
    assert _short_slip("trun", "turn") and _short_slip("timr", "timer") and _short_slip("tirn", "turn")
    assert not _short_slip("lamb", "lamp"), "a consonant for another is too often another word"
    assert not _short_slip("tnrn", "turn"), "a consonant for a vowel"


def test_a_model_reading_of_a_list_addition_without_an_item_is_asked_about() -> None:
    from assistantd.fusion.doubts import doubtful
    from assistantd.intents import Intent, Slots

    said = "put plasters on the chemsit list"
    assert doubtful(Intent(intents.SHOPPING_LIST_ADD, Slots(), 0.97, text=said, recognizer="model"))
    assert not doubtful(
        Intent(intents.SHOPPING_LIST_ADD, Slots(item="plasters"), 0.97, text=said, recognizer="model")
    )


def test_a_lock_typed_apart_is_unlocked() -> None:
    assert plainly("un lock the frnt door") == "unlock the frnt door"


@pytest.mark.parametrize(
    ("text", "previous", "value"),
    [
        ("way too loud, half that", (intents.SET_VOLUME, "volume_level", 40), 20),
        ("warmer by two degrees", (intents.CLIMATE_SET_TEMPERATURE, "temperature", 19), 21),
        ("three degrees colder", (intents.CLIMATE_SET_TEMPERATURE, "temperature", 21.5), 18.5),
        ("double it", (intents.SET_POSITION, "position", 70), 100),
        ("ten percent brighter", (intents.LIGHT_SET, "brightness", 50), 60),
        ("turn on the lamp", (intents.SET_VOLUME, "volume_level", 40), None),
        ("half that in the kitchen", (intents.SET_VOLUME, "volume_level", 40), None),
        ("double that", (intents.TURN_ON, "brightness", 40), None),
    ],
)
def test_a_value_changed_by_so_much_is_the_last_value_changed(
    text: str, previous: tuple[str, str, float], value: float | None
) -> None:
    from assistantd.fusion.ellipsis import relative_follow_up
    from assistantd.fusion.turns import Previous

    intent, key, before = previous
    found = relative_follow_up(text, Previous(intent, ("device",), (("name", "Device"), (key, before))))
    assert (found.slots.as_dict()[key] if found is not None else None) == value
    assert found is None or found.name == intent
