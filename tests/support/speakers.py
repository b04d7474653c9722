"""Generated two-person scenes: one person speaks a command while another is in view, with the face
blendshapes MediaPipe would give of both (30 or 15 frames a second, up to a fifth of them lost, landmark
noise) and the
voice activity detector's speech probability (a 32 ms frame, as Silero's). For tests/test_vision_people.py
and benchmarks/vision.py.

The voice trace runs, as the endpointer's does, from the first voiced frame to the end of the utterance.
The speaker's jaw opens and closes with the syllables (4-6 a second) while the words are voiced and rests
between words, up to 80 ms before or after the voice; how wide depends on the person (from barely moving
to wide open). The other person does one
of: nothing (a resting mouth with noise), a smile that opens the mouth slowly, chewing or mumbling all the
time, talking just before or just after the command, laughing in bursts. Either may face the camera.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from assistantd.vision.landmarks import FaceLandmarks

FRAME_MS = 33
"""30 frames a second (some scenes have 15)."""
VOICE_FRAME_MS = 32
LISTENERS = ("still", "smile", "chewing", "talks_before", "talks_after", "laughing")
FACING = (1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1)
"""A 4x4 row-major transform of a face looking straight at the camera."""
TURNED = (
    math.cos(0.6), 0, math.sin(0.6), 0.2, 0, 1, 0, 0, -math.sin(0.6), 0, math.cos(0.6), -0.6, 0, 0, 0, 1,
)  # fmt: skip
"""One turned 34 degrees away."""


@dataclass(frozen=True, slots=True)
class Scene:
    """Frames of two faces and the voice of one utterance."""

    frames: tuple[tuple[int, tuple[FaceLandmarks, ...]], ...]
    """(time, faces in view) for each frame that reached the landmarker."""
    voice: tuple[tuple[int, float], ...]
    start_ms: int
    end_ms: int
    speaker: int
    """Which face (0 or 1) spoke."""
    listener: str
    """What the other one did (one of LISTENERS)."""


def _words(rng: np.random.Generator, start: int) -> list[tuple[int, int]]:
    """The voiced stretches of a command of 2-6 words with short pauses."""
    words, at = [], start
    for _ in range(int(rng.integers(2, 7))):
        length = int(rng.integers(180, 520))
        words.append((at, at + length))
        at += length + int(rng.integers(0, 260))
    return words


def _voiced(t: float, words: list[tuple[int, int]]) -> bool:
    return any(a <= t < b for a, b in words)


def _talking(
    t: np.ndarray, words: list[tuple[int, int]], width: float, rate: float, phase: float
) -> np.ndarray:
    """A jaw that opens with each syllable while voiced."""
    syllables = width * (0.5 - 0.5 * np.cos(2 * math.pi * rate * t / 1000 + phase))
    return np.where([_voiced(x, words) for x in t], syllables, 0.0)


def _listener(kind: str, t: np.ndarray, words: list[tuple[int, int]], rng: np.random.Generator) -> np.ndarray:
    start, end = words[0][0], words[-1][1]
    if kind == "still":
        return np.zeros_like(t)
    if kind == "smile":
        begin = rng.uniform(start - 500, end)
        return np.clip((t - begin) / 800, 0, 1) * rng.uniform(0.05, 0.2)
    if kind == "chewing":
        return rng.uniform(0.05, 0.25) * (0.5 - 0.5 * np.cos(2 * math.pi * rng.uniform(1.0, 4.0) * t / 1000))
    if kind in ("talks_before", "talks_after"):
        if kind == "talks_before":
            stop = start - int(rng.integers(500, 900))  # a separate utterance, ended before this one began
            own = _words(rng, stop - int(rng.integers(800, 1500)))
            own = [(a, min(b, stop)) for a, b in own if a < stop]
        else:
            own = _words(rng, end + int(rng.integers(60, 300)))
        return _talking(t, own, rng.uniform(0.15, 0.45), rng.uniform(4, 6), rng.uniform(0, 6.3))
    bursts = [
        (b, b + rng.uniform(200, 600))
        for b in rng.uniform(start - 800, end + 400, size=int(rng.integers(1, 4)))
    ]
    return rng.uniform(0.2, 0.5) * np.array([any(a <= x < b for a, b in bursts) for x in t], dtype=float)


def _face(jaw: float, center: float, facing: bool) -> FaceLandmarks:
    shapes = (
        ("jawOpen", round(jaw, 4)),
        ("mouthLowerDownLeft", round(jaw * 0.6, 4)),
        ("mouthLowerDownRight", round(jaw * 0.6, 4)),
    )
    return FaceLandmarks(shapes, FACING if facing else TURNED, (center, 0.35), 0.22)


def scene(rng: np.random.Generator, listener: str | None = None) -> Scene:
    """One generated scene (the listener's behaviour chosen at random unless given)."""
    kind = listener or LISTENERS[int(rng.integers(len(LISTENERS)))]
    start = 2000 + int(rng.integers(0, 400))
    words = _words(rng, start)
    end = words[-1][1]
    times = np.arange(0, end + 1500, FRAME_MS if rng.random() < 0.7 else 2 * FRAME_MS, dtype=float)
    lag = rng.uniform(-80, 80)
    jaw_rest = rng.uniform(0.0, 0.08, size=2)
    speaking = jaw_rest[0] + _talking(
        times - lag, words, rng.uniform(0.12, 0.45), rng.uniform(4, 6), rng.uniform(0, 6.3)
    )
    other = jaw_rest[1] + _listener(kind, times, words, rng)
    noise = rng.uniform(0.01, 0.06)
    jaws = [np.clip(series + rng.normal(0, noise, size=len(times)), 0, 1) for series in (speaking, other)]
    speaker = int(rng.integers(2))
    centres = (0.3, 0.7) if speaker == 0 else (0.7, 0.3)
    facing = (rng.random() < 0.7, rng.random() < 0.5)
    lost = rng.uniform(0.0, 0.2)
    frames = []
    for index, t in enumerate(times):
        if rng.random() < lost:
            continue
        pair = [_face(float(jaws[k][index]), centres[k], facing[k]) for k in (0, 1)]
        frames.append((int(t), tuple(pair) if speaker == 0 else (pair[1], pair[0])))
    voice = []
    for t in range(start, end + 300, VOICE_FRAME_MS):  # the endpointer's trace: first voiced frame to the cut
        level = rng.uniform(0.85, 0.99) if _voiced(t, words) else rng.uniform(0.0, 0.3)
        voice.append((t, round(float(level), 3)))
    return Scene(tuple(frames), tuple(voice), start, end, speaker, kind)
