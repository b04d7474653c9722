"""Who is who in view, and who spoke: person tracks, the hands they own, and the active speaker. Pure.

Each face is followed from frame to frame by where it is (the nearest face of the last frame within
TRACK_REACH face heights keeps its track); a track no face has continued for LOST_MS ends. A track is
named "person1", "person2", ... in the order it appeared: the name says which face in this camera's view,
never who it is.

A hand belongs to the person whose face is nearest to its wrist across the image (distance in face
heights): people stand beside each other far more often than behind each other.

The active speaker is the person whose mouth moves with the voice. Over the utterance (and a margin of
quiet around it) the speech probability of the voice activity detector and each person's mouth activity
(how much jawOpen changed in the last 80 ms, smoothed over 200 ms) are put on one 40 ms grid; the person
whose activity correlates best with the voice, plus a small weight for facing the camera (the device),
spoke. A person the camera saw for less than half of that time cannot be the one.
"""

from __future__ import annotations

import collections
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assistantd.vision.landmarks import FaceLandmarks, HandLandmarks

TRACK_REACH = 1.5
"""A face continues a track when its centre is within this many face heights of the track's last one."""
LOST_MS = 1500
"""A track ends when no face continued it for this long."""
HISTORY_MS = 20_000
"""How much of each person's mouth is remembered."""
STEP_MS = 40
"""The grid the voice and the mouths are compared on."""
LAG_MS = 80
"""Mouth activity: the change of jawOpen over this long."""
SMOOTH_STEPS = 5
"""Mouth activity is averaged over this many grid steps (200 ms)."""
BEFORE_MS, AFTER_MS = 800, 400
"""The quiet around an utterance that is compared too: a mouth that moves all the time is no speaker."""
ATTENTION_WEIGHT = 0.15
"""What facing the camera throughout the utterance adds to a correlation (-1 to 1)."""
MIN_COVERAGE = 0.5
"""A person seen for less than this share of the compared time is not considered."""


def mouth_openness(face: FaceLandmarks) -> float:
    """How open the mouth is, 0-1 (MediaPipe's jawOpen, with the lower lip's own movement)."""
    lower = (face.blendshape("mouthLowerDownLeft") + face.blendshape("mouthLowerDownRight")) / 2
    return face.blendshape("jawOpen") + 0.5 * lower


@dataclass(slots=True)
class _Track:
    name: str
    center: tuple[float, float]
    size: float
    seen_ms: int
    mouth: collections.deque[tuple[int, float, bool]]
    """(time, mouth openness, attending)."""


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who spoke an utterance, with each candidate's score (correlation plus attention)."""

    person: str
    score: float
    scores: tuple[tuple[str, float], ...]


class People:
    """Person tracks of one camera: names for the faces of each frame, owners of hands, the speaker."""

    def __init__(self) -> None:
        self._tracks: dict[str, _Track] = {}
        self._count = 0
        self._names: tuple[str, ...] = ()

    @property
    def in_view(self) -> tuple[str, ...]:
        """The people of the last frame, in the order of its faces."""
        return self._names

    def update(
        self, now_ms: int, faces: Sequence[FaceLandmarks], attending: Sequence[bool]
    ) -> tuple[str, ...]:
        """Name the faces of a frame (in their order) and remember their mouths."""
        free = {name for name, track in self._tracks.items() if now_ms - track.seen_ms <= LOST_MS}
        names: list[str] = [""] * len(faces)
        pairs = sorted(
            (_distance(face, self._tracks[name]), index, name)
            for index, face in enumerate(faces)
            for name in free
        )
        for distance, index, name in pairs:
            if names[index] or name not in free or distance > TRACK_REACH:
                continue
            names[index] = name
            free.discard(name)
        for index, face in enumerate(faces):
            track = self._tracks.get(names[index]) if names[index] else None
            if track is None:
                self._count += 1
                track = _Track(f"person{self._count}", face.center, face.size, now_ms, collections.deque())
                names[index] = track.name
                self._tracks[track.name] = track
            track.center, track.size, track.seen_ms = face.center, max(face.size, 1e-3), now_ms
            track.mouth.append((now_ms, mouth_openness(face), bool(attending[index])))
            while track.mouth and now_ms - track.mouth[0][0] > HISTORY_MS:
                track.mouth.popleft()
        for name in [name for name, track in self._tracks.items() if now_ms - track.seen_ms > HISTORY_MS]:
            del self._tracks[name]
        self._names = tuple(names)
        return self._names

    def owner(self, hand: HandLandmarks) -> str:
        """The person in view whose face is nearest the hand's wrist ("" with no face in view)."""
        best, nearest = "", math.inf
        for name in self._names:
            track = self._tracks[name]
            distance = abs(hand.points[0][0] - track.center[0]) / track.size
            if distance < nearest:
                best, nearest = name, distance
        return best

    def speaker(self, voice: Sequence[tuple[int, float]], start_ms: int, end_ms: int) -> Speaker | None:
        """Who spoke between start_ms and end_ms, with the voice's speech probability over that time
        ((time, probability), in time order); None when fewer than two people were in view then (nobody
        to tell apart)."""
        begin, end = start_ms - BEFORE_MS, end_ms + AFTER_MS
        grid = np.arange(begin, end + 1, STEP_MS, dtype=float)
        voiced = _voice_on(grid, voice, start_ms, end_ms)
        scores: list[tuple[str, float]] = []
        for name, track in self._tracks.items():
            seen = [item for item in track.mouth if begin - LAG_MS <= item[0] <= end]
            if len(seen) < 2 or (seen[-1][0] - seen[0][0]) < MIN_COVERAGE * (end - begin):
                continue
            times = np.array([item[0] for item in seen], dtype=float)
            activity = _activity(grid, times, np.array([item[1] for item in seen]))
            during = [item[2] for item in seen if start_ms <= item[0] <= end_ms]
            facing = sum(during) / len(during) if during else 0.0
            scores.append((name, round(_correlation(activity, voiced) + ATTENTION_WEIGHT * facing, 3)))
        if len(scores) < 2:
            return None
        scores.sort(key=lambda item: -item[1])
        return Speaker(scores[0][0], scores[0][1], tuple(scores))


def _distance(face: FaceLandmarks, track: _Track) -> float:
    """How far a face is from a track's last place, in face heights."""
    dx, dy = face.center[0] - track.center[0], face.center[1] - track.center[1]
    return math.hypot(dx, dy) / max(track.size, face.size, 1e-3)


def _voice_on(grid: np.ndarray, voice: Sequence[tuple[int, float]], start_ms: int, end_ms: int) -> np.ndarray:
    """The speech probability on the grid (each value holds until the next); without a trace, 1 inside
    the utterance and 0 outside."""
    if not voice:
        return ((grid >= start_ms) & (grid <= end_ms)).astype(float)
    times = np.array([t for t, _ in voice], dtype=float)
    values = np.array([p for _, p in voice], dtype=float)
    index = np.searchsorted(times, grid, side="right") - 1
    return np.where(index >= 0, values[np.clip(index, 0, None)], 0.0)


def _activity(grid: np.ndarray, times: np.ndarray, openness: np.ndarray) -> np.ndarray:
    """How much the mouth moves at each grid time: |openness(t) - openness(t - LAG_MS)|, smoothed."""
    now = np.interp(grid, times, openness)
    before = np.interp(grid - LAG_MS, times, openness)
    change = np.abs(now - before)
    kernel = np.ones(SMOOTH_STEPS) / SMOOTH_STEPS
    return np.convolve(change, kernel, mode="same")


def _correlation(a: np.ndarray, b: np.ndarray) -> float:
    """Pearson's correlation; 0 when either does not vary."""
    a, b = a - a.mean(), b - b.mean()
    scale = math.sqrt(float(a @ a) * float(b @ b))
    return float(a @ b) / scale if scale > 1e-12 else 0.0
