"""Wake word test audio and scoring: espeak-ng wake phrases in a stream, non-wake speech, noise.

Used by tests/test_wakeword.py and benchmarks/wakeword.py; nothing is written into the repository.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from assistantd.audio.pcm import SAMPLE_RATE_HZ, resample, to_mono
from assistantd.audio.source import AudioChunk
from assistantd.audio.wakeword import WakeWordDetection, WakeWordDetector
from tests.support.audio import SPEECH_DATA, espeak, mix_at_snr, pad, recordings, white_noise
from tests.support.configs import SHARED_DATA

if TYPE_CHECKING:
    from assistantd.speech.transcriber import WhisperTranscriber

VOICES: tuple[str, ...] = (
    "en-us", "en-us+m3", "en-us+f3", "en-gb", "en-gb-x-rp", "en-gb-scotland", "en-029", "en-us-nyc",
)  # fmt: skip
"""espeak-ng voices, chosen before measuring: its main English accents, one female variant."""
SPEEDS_WPM: tuple[int, ...] = (140, 175)
GAP_SECONDS = 2.5
"""Silence (or noise) between clips in a stream: longer than the refractory period."""
CHUNK_MS = 30


@dataclass(frozen=True, slots=True)
class Scored:
    """Clips with a wake inside their span, and wakes outside every span."""

    clips: int
    detected: int
    false_wakes: int

    @property
    def rate(self) -> float:
        """Detection rate, 0-1."""
        return self.detected / self.clips if self.clips else 0.0


def wake_clips(
    phrase: str, voices: Iterable[str] = VOICES, speeds: Iterable[int] = SPEEDS_WPM
) -> list[np.ndarray]:
    """The phrase spoken by each voice at each speed."""
    return [espeak(phrase, voice=voice, words_per_minute=wpm) for voice in voices for wpm in speeds]


def stream(
    clips: list[np.ndarray], snr_db: float | None, seed: int = 0
) -> tuple[np.ndarray, list[tuple[float, float]]]:
    """The clips one after another with gaps, each mixed with white noise at the SNR (None: clean);
    and each clip's span in ms (its speech, and 0.5 s after it for the detector's latency)."""
    parts: list[np.ndarray] = []
    spans: list[tuple[float, float]] = []
    at = 0
    for index, clip in enumerate(clips):
        padded = pad(clip, GAP_SECONDS / 2, GAP_SECONDS / 2)
        mixed = padded if snr_db is None else mix_at_snr(padded, snr_db, seed + index)
        start_ms = (at + GAP_SECONDS / 2 * SAMPLE_RATE_HZ) * 1000 / SAMPLE_RATE_HZ
        spans.append((start_ms, start_ms + len(clip) * 1000 / SAMPLE_RATE_HZ + 500))
        parts.append(mixed)
        at += len(mixed)
    return np.concatenate(parts), spans


def detections(
    detector: WakeWordDetector, samples: np.ndarray, *, unsure: bool = False
) -> list[WakeWordDetection]:
    """Feed a signal in 30 ms chunks stamped from 0 ms; every sure detection (and the unsure ones)."""
    size = CHUNK_MS * SAMPLE_RATE_HZ // 1000
    found: list[WakeWordDetection] = []
    for offset in range(0, len(samples), size):
        found += detector.push(AudioChunk(samples[offset : offset + size], offset * 1000 / SAMPLE_RATE_HZ))
    return [detection for detection in found if detection.sure or unsure]


def score(detector: WakeWordDetector, clips: list[np.ndarray], snr_db: float | None, seed: int = 0) -> Scored:
    """Wake clips in one stream through one detector (not reset between them)."""
    samples, spans = stream(clips, snr_db, seed)
    times = [d.at_ms for d in detections(detector, samples)]
    hit = sum(any(start <= t <= end for t in times) for start, end in spans)
    outside = sum(not any(start <= t <= end for start, end in spans) for t in times)
    return Scored(len(clips), hit, outside)


def slurp_sentences(limit: int) -> list[str]:
    """SLURP's smart-home and music test sentences (no wake words in them), first `limit`."""
    sentences: list[str] = []
    for name in ("iot_test.jsonl", "audio_music_test.jsonl"):
        with (SHARED_DATA / "slurp" / name).open(encoding="utf-8") as handle:
            sentences += [json.loads(line)["sentence"] for line in handle if line.strip()]
    return sentences[:limit]


def non_wake_speech(sentences: int, voices: Iterable[str]) -> np.ndarray:
    """The recorded commands, then SLURP sentences read by each voice (one espeak call per voice)."""
    import soundfile

    parts = []
    for recording in recordings():
        data, rate = soundfile.read(str(recording.path), dtype="float32", always_2d=True)
        parts.append(pad(resample(to_mono(data), rate), 0.5, 0.5))
    text = ". ".join(slurp_sentences(sentences)) + "."
    parts += [espeak(text, voice=voice) for voice in voices]
    return np.concatenate(parts)


def noise(seconds: float) -> np.ndarray:
    """White noise at three levels, then silence."""
    third = seconds / 3
    return np.concatenate([white_noise(third, rms, seed) for seed, rms in enumerate((0.003, 0.03, 0.1))])


def have_speech_data() -> bool:
    """Whether the recorded commands and SLURP are there."""
    return (SPEECH_DATA / "transcripts.csv").is_file() and (
        SHARED_DATA / "slurp" / "iot_test.jsonl"
    ).is_file()


def heard_through_pipeline(
    model: str, clips: list[np.ndarray], snr_db: float | None, transcriber: object, seed: int = 0
) -> tuple[Scored, int]:
    """Wake clips through the speech pipeline in listening mode wake_word: the real engine (unsure wakes
    checked by Whisper), the Silero VAD and the given transcriber, with no follow-up window, so every clip
    must wake by itself; four clips to a stream, so that the audio, read as fast as it goes, never
    outruns speech-to-text. (clips heard, wakes outside them; wakes Whisper confirmed)."""
    totals = [0, 0, 0]
    for first in range(0, len(clips), PIPELINE_CLIPS):
        scored, checked = _through_pipeline(model, clips[first : first + PIPELINE_CLIPS], snr_db, transcriber,
                                            seed + first)  # fmt: skip
        totals = [totals[0] + scored.detected, totals[1] + scored.false_wakes, totals[2] + checked]
    return Scored(len(clips), totals[0], totals[1]), totals[2]


PIPELINE_CLIPS = 4


def _through_pipeline(
    model: str, clips: list[np.ndarray], snr_db: float | None, transcriber: object, seed: int
) -> tuple[Scored, int]:
    samples, spans = stream(clips, snr_db, seed)
    woke, checked = pipeline_wakes(model, samples, transcriber)
    times = [detection.at_ms for detection in woke if detection.sure]
    hit = sum(any(start <= t <= end for t in times) for start, end in spans)
    outside = sum(not any(start <= t <= end for start, end in spans) for t in times)
    return Scored(len(clips), hit, outside), checked


def pipeline_wakes(
    model: str, samples: np.ndarray, transcriber: object
) -> tuple[list[WakeWordDetection], int]:
    """Every wake word the speech pipeline hears in a signal read as fast as it goes (listening mode
    wake_word, the real engine, the Silero VAD, no follow-up window): sure ones, unsure ones and the unsure
    ones Whisper confirmed (as sure, at the unsure one's time), in ms from the start of the signal; and how
    many Whisper confirmed."""
    import asyncio
    import dataclasses

    from assistantd.audio.file_source import ClipSource
    from assistantd.config.schema import parse_config
    from assistantd.config.speech import ListenConfig, SpeechConfig, WakeWordConfig
    from assistantd.speech.pipeline import SpeechPipeline
    from tests.support.configs import BASE

    listen = ListenConfig(mode="wake_word", wake_phrases=(), follow_up_seconds=0)
    speech = SpeechConfig(listen=listen, wake_word=WakeWordConfig(model=model))
    config = dataclasses.replace(parse_config(BASE, file="home.yaml"), speech=speech)
    source = ClipSource(samples, name="wake words", realtime=False)
    pipeline = SpeechPipeline(config, source=source, transcriber=transcriber,  # type: ignore[arg-type]
                              on_utterance=lambda _: None)  # fmt: skip
    woke: list[WakeWordDetection] = []
    hear = pipeline._woke  # every wake word the pipeline hears, sure or (to be) checked, goes through it

    def heard(detection: WakeWordDetection, *, chime: bool = True) -> None:
        woke.append(detection)
        hear(detection, chime=chime)

    pipeline._woke = heard  # type: ignore[method-assign]
    asyncio.run(asyncio.wait_for(pipeline.run(), 3600))
    origin = source.started_ms or 0.0
    return [dataclasses.replace(d, at_ms=d.at_ms - origin) for d in woke], pipeline.stats.checked_wakes


def whisper_for_wakes(model: str) -> WhisperTranscriber:
    """tiny.en, loaded, with the prompt listening mode wake_word gives it (the wake word first)."""
    from assistantd.config.schema import parse_config
    from assistantd.config.speech import ListenConfig, SpeechConfig, WakeWordConfig
    from assistantd.speech.bias import build_prompt
    from assistantd.speech.transcriber import WhisperTranscriber
    from tests.support.configs import BASE

    speech = SpeechConfig(listen=ListenConfig(mode="wake_word", wake_phrases=()),
                          wake_word=WakeWordConfig(model=model))  # fmt: skip
    prompt = build_prompt(parse_config(BASE, file="h.yaml"), speech)
    transcriber = WhisperTranscriber(speech.model, prompt=prompt)
    transcriber.load()
    return transcriber
