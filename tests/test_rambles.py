"""One command among the sentences of a voice-typed ramble with no marks between them, read by the example
home's grammar and fusion (no model): taken where it starts as a request does, asked about unless a request
marker comes before it, and never found in quotations, words said to someone by name, things put off or taken
back, or two different commands; and timers and scenes barked in a few words."""

from __future__ import annotations

import pytest

from assistantd import intents
from assistantd.fusion.combined import CombinedRecognizer


@pytest.mark.parametrize(
    ("text", "intent", "slots", "asked"),
    [
        ("ok so the kids are finally down and honestly i could sleep for a week can you turn the "
         "garage light off i left it on when i put the bins out", intents.TURN_OFF,
         {"name": "Garage Light"}, False),
        ("my sister is staying tonight and she likes it dim so desk lamp to fifteen percent please "
         "and then ill make up the sofa bed", intents.LIGHT_SET, {"name": "Desk Lamp", "brightness": 15},
         False),
        ("the kids are watching the same cartoon for the hundredth time and i cannot take it anymore "
         "skip to the next episode on the tv", intents.MEDIA_NEXT, {"name": "TV"}, True),
        ("dinner was lovely by the way thank you for asking oh and set a timer for twenty minutes "
         "the crumble has just gone in", intents.START_TIMER, {"minutes": 20}, False),
    ],
)  # fmt: skip
def test_the_one_command_of_a_ramble_is_read(
    example_reader: CombinedRecognizer, text: str, intent: str, slots: dict[str, object], asked: bool
) -> None:
    heard = example_reader.recognize(text)
    assert (heard.name, heard.slots.as_dict()) == (intent, slots)
    assert example_reader.asks_first(heard) == asked


@pytest.mark.parametrize(
    "text",
    [
        "Noah, open the blinds in your room, it's like a cave in there and you need to get up",
        "'set the thermostat to eighteen degrees to save money' is what the leaflet says, rubbish",
        "I might dim the lights later when the film starts and everyone is sat down, not yet though",
        "so we have just sat down to eat and the music is too loud to talk over can you bring it down to 20",
        "i am off to bed now so turn off the desk lamp and please turn on the garage light for the cat",
        "i always forget to turn off the garage light when i come in from the car and it is on all night",
        "Mum can you close the blinds in the bedroom, I can't reach and my arm hurts",
        "on the telly he just shouted lock the doors and turn off every light, they're coming",
        "when the kids get home from school later turn on the garage light for them",
        "that film was a total switch off for me, so boring I nearly fell asleep",
        "in ten, uh, in fifteen minutes switch off the garage light and the desk lamp",
        "did anyone lock the front door or do I have to do everything myself round here",
    ],
)
def test_a_ramble_with_no_one_command_for_now_is_never_acted_on_at_once(
    example_reader: CombinedRecognizer, text: str
) -> None:
    heard = example_reader.recognize(text)
    assert not (heard.name in intents.ACTING and not example_reader.asks_first(heard)), (
        f"acted at once: {heard}"
    )
    assert heard.name not in (intents.LIGHT_SET,) or heard.slots.name is not None  # never "it" as the lights


@pytest.mark.parametrize(
    ("text", "intent", "slots"),
    [
        ("timer, cancel", intents.CANCEL_TIMER, {}),
        ("timer pause", intents.PAUSE_TIMER, {}),
        ("timer resume", intents.UNPAUSE_TIMER, {}),
        ("5 more minutes on the timer", intents.INCREASE_TIMER, {"minutes": 5}),
        ("pasta timer stop", intents.CANCEL_TIMER, {"name": "pasta"}),
        ("do the good night routine", intents.TURN_ON, {"name": "Good Night"}),
        ("movie mode now", intents.TURN_ON, {"name": "Movie Scene"}),
    ],
)
def test_timers_and_scenes_barked_in_a_few_words(
    example_reader: CombinedRecognizer, text: str, intent: str, slots: dict[str, object]
) -> None:
    heard = example_reader.recognize(text)
    assert (heard.name, heard.slots.as_dict()) == (intent, slots)
