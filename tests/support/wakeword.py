"""Wake word test audio and scoring: espeak-ng wake phrases in a stream, non-wake speech, noise.

Used by tests/test_wakeword.py and benchmarks/wakeword.py; nothing is written into the repository.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from assistantd.audio.pcm import SAMPLE_RATE_HZ, resample, to_mono
from assistantd.audio.source import AudioChunk
from assistantd.audio.wakeword import WakeWordDetection, WakeWordDetector
from tests.support.audio import SPEECH_DATA, espeak, mix_at_snr, pad, recordings, white_noise
from tests.support.configs import SHARED_DATA

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


def detections(detector: WakeWordDetector, samples: np.ndarray) -> list[WakeWordDetection]:
    """Feed a signal in 30 ms chunks stamped from 0 ms; every detection."""
    size = CHUNK_MS * SAMPLE_RATE_HZ // 1000
    found: list[WakeWordDetection] = []
    for offset in range(0, len(samples), size):
        found += detector.push(AudioChunk(samples[offset : offset + size], offset * 1000 / SAMPLE_RATE_HZ))
    return found


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
