"""Rejection of silence, noise and Whisper's hallucinations, and the transcript's confidence (pure, on values)."""

from __future__ import annotations

import math

import pytest

from assistantd.config.speech import RejectionConfig
from assistantd.speech.rejection import collapse_repeats, confidence_of, judge, repeats
from assistantd.speech.transcriber import Transcript

SETTINGS = RejectionConfig()


def transcript(text: str, logprob: float = -0.2, no_speech: float = 0.05, ratio: float = 0.8) -> Transcript:
    return Transcript(text, logprob, no_speech, ratio)


@pytest.mark.parametrize(("heard", "reason"), [
    (transcript("Turn on the floor lamp."), "speech"),
    (transcript("Pause."), "speech"),
    (transcript("Yes."), "speech"),
    (transcript(""), "empty"),
    (transcript("   "), "empty"),
    (transcript("[Music]"), "non_speech"),
    (transcript("(upbeat music) ♪"), "non_speech"),
    (transcript("Thank you.", logprob=-0.4), "hallucination"),
    (transcript("Thanks for watching!"), "hallucination"),
    (transcript("you"), "hallucination"),
    (transcript("Turn on the lamp.", logprob=-1.4), "unsure"),
    (transcript("Turn on the lamp.", logprob=-0.8, no_speech=0.9), "no_speech"),
    (transcript("Turn on the lamp.", logprob=-0.1, no_speech=0.9), "speech"),
    (transcript("7.5. 7.5. 7.5. 7.5.", ratio=1.9), "repetitive"),
    (transcript("the the the the the the the the the", ratio=3.1), "repetitive"),
    (transcript("okay google", logprob=-0.1), "speech"),
])  # fmt: skip
def test_verdicts(heard: Transcript, reason: str) -> None:
    verdict = judge(heard, SETTINGS)
    assert verdict.reason == reason
    assert verdict.accepted is (reason == "speech")


def test_configured_phrases_are_rejected_too() -> None:
    verdict = judge(transcript("Okay Google."), RejectionConfig(phrases=("okay google",)))
    assert (verdict.accepted, verdict.reason) == (False, "hallucination")


def test_a_phrase_said_twice_is_collapsed_not_rejected() -> None:
    verdict = judge(transcript("pause, pause."), SETTINGS)
    assert (verdict.accepted, verdict.text) == (True, "pause")
    assert collapse_repeats("Turn on the lamp. Turn on the lamp.") == "Turn on the lamp"
    assert collapse_repeats("on, off") == "on, off"


def test_repeats_counts_back_to_back_fragments() -> None:
    assert repeats(["turn", "on", "the", "lamp"]) == 1
    assert repeats(["on", "on"]) == 2
    assert repeats(["a", "b", "c", "a", "b", "c", "a", "b", "c"]) == 3


def test_confidence() -> None:
    assert confidence_of(transcript("x", logprob=0.0, no_speech=0.0)) == 1.0
    assert confidence_of(transcript("x", logprob=math.log(0.8), no_speech=0.5)) == 0.4
    assert confidence_of(Transcript("", -math.inf, 1.0, 0.0)) == 0.0


@pytest.mark.parametrize(("said", "kept"), [
    ("Turn on the floor lamp. Thanks for watching!", "Turn on the floor lamp"),
    ("Turn on the lamp, thank you.", "Turn on the lamp"),
    ("Set it to 50%. Bye bye. Thank you.", "Set it to 50%"),
    ("Thank you. Turn on the lamp.", "Thank you. Turn on the lamp"),
    ("Turn on the lamp and thank you", "Turn on the lamp and thank you"),
])  # fmt: skip
def test_an_invented_phrase_after_a_command_is_cut_off(said: str, kept: str) -> None:
    verdict = judge(transcript(said), SETTINGS)
    assert (verdict.accepted, verdict.text) == (True, kept)
