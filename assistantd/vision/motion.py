"""Dynamic hand gestures from the palm's trajectory: swipes (left, right, up, down) and a wave. Pure.

Directions are the person's own, facing the camera: with an unmirrored camera a swipe to their
right moves the hand to the image's left.
"""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass

from assistantd.config.vision import GestureSettings
from assistantd.events import GestureEvent
from assistantd.vision.landmarks import hand_of, person_of

_LOGGER = logging.getLogger(__name__)

WAVE_WINDOW_MS = 1500
WAVE_SWINGS = 3
"""Side-to-side strokes (between turning points) that make a wave."""
WAVE_MIN_SWING = 0.6
"""A stroke of a wave covers at least this many palm lengths."""
MOTION_COOLDOWN_MS = 700
"""After a swipe or wave, that hand's motion is ignored this long."""
TRACK_GAP_MS = 500
"""A hand unseen this long starts a new trajectory."""
STRAIGHTNESS = 0.75
"""A swipe's displacement is at least this share of the path it travelled."""


@dataclass(frozen=True, slots=True)
class PalmSample:
    """Where a palm is in one frame (isotropic image units: x scaled by the aspect, y in image heights)."""

    slot: str
    x: float
    y: float
    scale: float
    """The palm's length, same units."""
    open_hand: bool = False


@dataclass(frozen=True, slots=True)
class _Point:
    t: int
    x: float
    y: float
    scale: float
    open_hand: bool


class MotionTracker:
    """Finds swipes and waves in each hand's recent trajectory."""

    def __init__(self, settings: GestureSettings, *, mirrored: bool = False) -> None:
        self._min_distance = settings.swipe_min_distance
        self._max_ms = round(settings.swipe_max_seconds * 1000)
        self._mirrored = mirrored
        self._tracks: dict[str, deque[_Point]] = {}
        self._quiet_until: dict[str, int] = {}

    def update(self, now_ms: int, samples: tuple[PalmSample, ...]) -> list[GestureEvent]:
        """Feed one frame's palms; returns completed swipes and waves."""
        events = []
        for sample in samples:
            if now_ms < self._quiet_until.get(sample.slot, -1):
                continue
            track = self._tracks.setdefault(sample.slot, deque())
            if track and now_ms - track[-1].t > TRACK_GAP_MS:
                track.clear()  # the hand was not seen for a while: no movement across the gap
            track.append(_Point(now_ms, sample.x, sample.y, sample.scale, sample.open_hand))
            while track and now_ms - track[0].t > max(WAVE_WINDOW_MS, self._max_ms):
                track.popleft()
            event = self._wave(now_ms, sample.slot, track) or self._swipe(now_ms, sample.slot, track)
            if event is not None:
                events.append(event)
                track.clear()
                self._quiet_until[sample.slot] = now_ms + MOTION_COOLDOWN_MS
        for slot in [
            slot for slot, track in self._tracks.items() if not track or now_ms - track[-1].t > TRACK_GAP_MS
        ]:
            del self._tracks[slot]
        return events

    def _swipe(self, now_ms: int, slot: str, track: deque[_Point]) -> GestureEvent | None:
        """A fast, straight, long enough movement along one axis, ending now."""
        end = track[-1]
        path = 0.0
        previous = end
        for point in reversed(track):
            if now_ms - point.t > self._max_ms:
                break
            path += abs(previous.x - point.x) + abs(previous.y - point.y)
            previous = point
            dx, dy = end.x - point.x, end.y - point.y
            along, across = (abs(dx), abs(dy)) if abs(dx) >= abs(dy) else (abs(dy), abs(dx))
            if along >= self._min_distance and across <= 0.5 * along and along >= STRAIGHTNESS * path:
                name = self._direction(dx, dy)
                score = round(min(1.0, along / (2 * self._min_distance) + 0.5), 3)
                return GestureEvent(name, score, now_ms, hand_of(slot), person=person_of(slot))
        return None

    def _direction(self, dx: float, dy: float) -> str:
        """swipe_left/right/up/down, as the person sees it."""
        if abs(dy) > abs(dx):
            return "swipe_down" if dy > 0 else "swipe_up"
        person_right = dx > 0 if self._mirrored else dx < 0
        return "swipe_right" if person_right else "swipe_left"

    def _wave(self, now_ms: int, slot: str, track: deque[_Point]) -> GestureEvent | None:
        """An open hand going side to side: enough strokes between turning points."""
        recent = [point for point in track if now_ms - point.t <= WAVE_WINDOW_MS]
        if len(recent) < 6 or sum(point.open_hand for point in recent) * 2 < len(recent):
            return None
        scale = sorted(point.scale for point in recent)[len(recent) // 2]
        swings = count_swings([point.x for point in recent], WAVE_MIN_SWING * scale)
        if swings < WAVE_SWINGS:
            return None
        score = round(min(1.0, swings / (WAVE_SWINGS + 1)), 3)
        return GestureEvent("wave", score, now_ms, hand_of(slot), person=person_of(slot))


def count_swings(values: list[float], min_swing: float) -> int:
    """Strokes of at least min_swing between turning points (hysteresis: jitter is no stroke)."""
    swings, direction = 0, 0
    low = high = extreme = values[0]
    for value in values[1:]:
        if direction == 0:
            low, high = min(low, value), max(high, value)
            if value - low >= min_swing or high - value >= min_swing:
                direction, extreme, swings = (1 if value - low >= min_swing else -1), value, 1
        elif (value - extreme) * direction > 0:
            extreme = value
        elif abs(value - extreme) >= min_swing:
            direction, extreme, swings = -direction, value, swings + 1
    return swings
