"""Short sounds, generated (no files to ship): done (a soft rising pair of tones), error (a falling pair),
wake (a quick high pair), alarm (three beeps, for a timer), at the voice's own sample rate so they share its output stream. Pure."""

from __future__ import annotations

import numpy as np

SOUNDS: dict[str, tuple[tuple[float, float], ...]] = {
    "wake": ((880.0, 0.07), (1175.0, 0.09)),
    "done": ((660.0, 0.08), (880.0, 0.12)),
    "error": ((440.0, 0.12), (330.0, 0.18)),
    "alarm": ((988.0, 0.12), (0.0, 0.06), (988.0, 0.12), (0.0, 0.06), (988.0, 0.12)),
}
"""Each sound's tones: (frequency in Hz, seconds; 0 Hz is a rest)."""
LEVEL = 0.25
"""Peak amplitude (full scale 1.0): quieter than speech."""
FADE_SECONDS = 0.01


def sound(name: str, sample_rate: int) -> np.ndarray:
    """The named sound as float32 mono audio; KeyError for a name that is not one of SOUNDS."""
    parts = [_tone(frequency, seconds, sample_rate) for frequency, seconds in SOUNDS[name]]
    return np.concatenate([*parts, np.zeros(int(0.05 * sample_rate), np.float32)])


def _tone(frequency: float, seconds: float, sample_rate: int) -> np.ndarray:
    """A sine with short fades (no click)."""
    n = int(seconds * sample_rate)
    wave = np.sin(2 * np.pi * frequency * np.arange(n) / sample_rate)
    fade = min(n // 2, int(FADE_SECONDS * sample_rate))
    envelope = np.ones(n)
    if fade:
        ramp = np.linspace(0.0, 1.0, fade)
        envelope[:fade], envelope[n - fade :] = ramp, ramp[::-1]
    return (LEVEL * wave * envelope).astype(np.float32)
