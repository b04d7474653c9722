"""Test audio made here: espeak-ng speech, white noise, silence, mixes at a given SNR, recorded clips.

Used by the speech tests and benchmarks/speech.py; nothing is written into the repository.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistantd.audio.pcm import SAMPLE_RATE_HZ, resample, to_mono
from tests.support.configs import SHARED_DATA

SPEECH_DATA = SHARED_DATA / "speech"


@dataclass(frozen=True, slots=True)
class Recording:
    """One recorded command with its reference transcript (empty: out of vocabulary)."""

    path: Path
    transcript: str


def recordings() -> list[Recording]:
    """The recorded commands listed in transcripts.csv."""
    with (SPEECH_DATA / "transcripts.csv").open(newline="", encoding="utf-8") as handle:
        return [Recording(SPEECH_DATA / row["file"], row["transcript"]) for row in csv.DictReader(handle)]


def have_espeak() -> bool:
    """Whether espeak-ng is installed."""
    return shutil.which("espeak-ng") is not None


def espeak(text: str, *, voice: str = "en-us", words_per_minute: int = 160) -> np.ndarray:
    """Text spoken by espeak-ng, as 16 kHz mono float32."""
    import soundfile

    wav = subprocess.run(
        ["espeak-ng", "-v", voice, "-s", str(words_per_minute), "--stdout", text],
        check=True, capture_output=True, timeout=30,
    ).stdout  # fmt: skip
    data, rate = soundfile.read(io.BytesIO(wav), dtype="float32", always_2d=True)
    return resample(to_mono(data), rate)


def silence(seconds: float) -> np.ndarray:
    """Digital silence."""
    return np.zeros(int(seconds * SAMPLE_RATE_HZ), dtype=np.float32)


def burst(seconds: float, amplitude: float) -> np.ndarray:
    """A 220 Hz tone burst: speech enough for a loudness VAD."""
    n = int(seconds * SAMPLE_RATE_HZ)
    return (amplitude * np.sin(2 * np.pi * 220 * np.arange(n) / SAMPLE_RATE_HZ)).astype(np.float32)


def white_noise(seconds: float, rms: float, seed: int = 0) -> np.ndarray:
    """Gaussian white noise of a given RMS level."""
    rng = np.random.default_rng(seed)
    return (rng.standard_normal(round(seconds * SAMPLE_RATE_HZ)) * rms).astype(np.float32)


def pad(samples: np.ndarray, before_seconds: float, after_seconds: float) -> np.ndarray:
    """Silence before and after."""
    return np.concatenate([silence(before_seconds), samples, silence(after_seconds)])


def mix_at_snr(speech: np.ndarray, snr_db: float, seed: int = 0) -> np.ndarray:
    """Speech plus white noise over its whole length, the SNR measured on the speech's active part."""
    active = speech[np.abs(speech) > 0.02 * np.abs(speech).max()] if len(speech) else speech
    power = float(np.mean(active**2)) if len(active) else 0.0
    noise = white_noise(len(speech) / SAMPLE_RATE_HZ, np.sqrt(power / 10 ** (snr_db / 10)), seed)
    return np.clip(speech + noise[: len(speech)], -1.0, 1.0).astype(np.float32)


def write_wav(path: Path, samples: np.ndarray, rate_hz: int = SAMPLE_RATE_HZ, channels: int = 1) -> Path:
    """A 16-bit WAV file (samples copied to every channel)."""
    import soundfile

    data = np.repeat(samples[:, None], channels, axis=1) if channels > 1 else samples
    soundfile.write(str(path), data, rate_hz, subtype="PCM_16")
    return path


EXAMPLE_COMMANDS: tuple[tuple[str, str, dict[str, object]], ...] = (
    ("turn on the floor lamp", "HassTurnOn", {"name": "Floor Lamp"}),
    ("turn off the kitchen light", "HassTurnOff", {"name": "Kitchen Ceiling Light"}),
    ("turn on the coffee maker", "HassTurnOn", {"name": "Coffee Maker"}),
    ("open the bedroom blinds", "HassTurnOn", {"name": "Bedroom Blinds"}),
    ("set the desk lamp brightness to 40 percent", "HassLightSet", {"name": "Desk Lamp", "brightness": 40}),
    ("turn off the ceiling fan", "HassTurnOff", {"name": "Ceiling Fan"}),
)
"""Commands for the example home (config/assistantd.yaml) with the intent and slots each must give."""


_NUMBER_WORDS = {"zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
                 "seven": "7", "eight": "8", "nine": "9", "ten": "10", "twenty": "20", "thirty": "30",
                 "forty": "40", "fifty": "50"}  # fmt: skip


def wer_words(text: str) -> list[str]:
    """Words as compared for WER: the recognizer's normalisation, number words as digits."""
    from assistantd.text import normalize

    return [_NUMBER_WORDS.get(word, word) for word in normalize(text).split()]


def edit_distance(reference: list[str], hypothesis: list[str]) -> int:
    """Word-level Levenshtein distance."""
    row = list(range(len(hypothesis) + 1))
    for i, ref_word in enumerate(reference, 1):
        previous, row[0] = row[:], i
        for j, hyp_word in enumerate(hypothesis, 1):
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (ref_word != hyp_word))
    return row[-1]


def word_error_rate(pairs: list[tuple[str, str]]) -> float:
    """Corpus WER of (reference, hypothesis) pairs."""
    errors = sum(edit_distance(wer_words(ref), wer_words(hyp)) for ref, hyp in pairs)
    return errors / max(1, sum(len(wer_words(ref)) for ref, _ in pairs))
