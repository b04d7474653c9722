"""The listening gate: always, wake phrase (found in the transcript, stripped), attention, follow-up window."""

from __future__ import annotations

import pytest

from assistantd.config.speech import ListenConfig
from assistantd.speech.gate import ListeningGate, strip_wake_phrase

WAKE = ("hey house",)


@pytest.mark.parametrize(("text", "found", "rest"), [
    ("Hey House, turn on the lamp.", True, "turn on the lamp."),
    ("Hey, house! Turn on the lamp", True, "Turn on the lamp"),
    ("hey house", True, ""),
    ("Hey House.", True, ""),
    ("Heyhouse turn off the fan", True, "turn off the fan"),
    ("Hay house, pause", True, "pause"),
    ("Okay, hey house, pause the TV", True, "pause the TV"),
    ("Turn on the lamp", False, "Turn on the lamp"),
    ("Hey, how is the weather?", False, "Hey, how is the weather?"),
    ("The house is cold", False, "The house is cold"),
])  # fmt: skip
def test_wake_phrase_is_found_fuzzily_and_stripped(text: str, found: bool, rest: str) -> None:
    assert strip_wake_phrase(text, WAKE) == (found, rest)


def test_several_wake_phrases() -> None:
    assert strip_wake_phrase("Computer, lights off", ("hey house", "computer")) == (True, "lights off")


def test_always_accepts_everything_and_still_strips_the_wake_phrase() -> None:
    gate = ListeningGate(ListenConfig(mode="always"))
    assert gate.admit("turn on the lamp", start_ms=0, end_ms=1000).accepted
    decision = gate.admit("Hey house, pause", start_ms=5000, end_ms=6000)
    assert (decision.accepted, decision.text, decision.reason) == (True, "pause", "always")
    assert not gate.admit("Hey house!", start_ms=7000, end_ms=7500).accepted, "nothing to understand"


def test_wake_phrase_mode_and_its_follow_up_window() -> None:
    gate = ListeningGate(ListenConfig(mode="wake_phrase", follow_up_seconds=8))
    assert gate.admit("turn on the lamp", start_ms=0, end_ms=1000).reason == "not_addressed"
    decision = gate.admit("Hey house, turn on the lamp", start_ms=10_000, end_ms=12_000)
    assert (decision.accepted, decision.text, decision.reason) == (True, "turn on the lamp", "wake_phrase")
    follow = gate.admit("and the fan", start_ms=19_000, end_ms=20_000)
    assert (follow.accepted, follow.reason) == (True, "follow_up")
    assert gate.admit("and the TV", start_ms=27_500, end_ms=28_000).accepted, (
        "each command extends the window"
    )
    assert not gate.admit("what a day", start_ms=40_000, end_ms=41_000).accepted
    alone = gate.admit("Hey house.", start_ms=50_000, end_ms=50_800)
    assert (alone.accepted, alone.text, alone.reason) == (False, "", "wake_phrase_only"), "no empty command"
    assert gate.admit("turn off the lamp", start_ms=52_000, end_ms=53_000).reason == "follow_up", (
        "wake alone opens it"
    )
    gate.close_follow_up()
    assert not gate.admit("turn on the lamp", start_ms=54_000, end_ms=55_000).accepted


def test_attention_mode_accepts_while_attending_or_after_the_wake_phrase() -> None:
    gate = ListeningGate(ListenConfig(mode="attention", follow_up_seconds=0))
    assert gate.admit("turn on the lamp", start_ms=0, end_ms=1000, attending=True).reason == "attention"
    assert not gate.admit("turn on the lamp", start_ms=5000, end_ms=6000, attending=False).accepted
    assert gate.admit("hey house pause", start_ms=9000, end_ms=9500, attending=False).reason == "wake_phrase"
