"""Nods and head shakes from a short sequence of head poses. Pure (times passed in)."""

from __future__ import annotations

from collections import deque

from assistantd.config.vision import FaceSettings
from assistantd.vision.motion import count_swings

MIN_SWINGS = 2
"""Down and up (a nod), or one way and back (a shake)."""
DOMINANCE = 0.6
"""The other axis moves at most this share as much."""
QUIET_MS = 1000
"""After a nod or shake, the next is looked for only this much later."""


class HeadGestures:
    """Watches the main face's yaw and pitch for a nod or a shake."""

    def __init__(self, settings: FaceSettings) -> None:
        self._window_ms = round(settings.head_window_seconds * 1000)
        self._nod = settings.nod_min_degrees
        self._shake = settings.shake_min_degrees
        self._poses: deque[tuple[int, float, float]] = deque()
        self._quiet_until = -1

    def update(self, now_ms: int, yaw: float | None, pitch: float | None) -> str:
        """Feed the main face's pose (None: no face); returns "nod", "shake" or ""."""
        if yaw is None or pitch is None:
            self._poses.clear()
            return ""
        self._poses.append((now_ms, yaw, pitch))
        while now_ms - self._poses[0][0] > self._window_ms:
            self._poses.popleft()
        if now_ms < self._quiet_until or len(self._poses) < 4:
            return ""
        yaws = [pose[1] for pose in self._poses]
        pitches = [pose[2] for pose in self._poses]
        yaw_range, pitch_range = max(yaws) - min(yaws), max(pitches) - min(pitches)
        found = ""
        if count_swings(pitches, self._nod) >= MIN_SWINGS and yaw_range <= DOMINANCE * pitch_range:
            found = "nod"
        elif count_swings(yaws, self._shake) >= MIN_SWINGS and pitch_range <= DOMINANCE * yaw_range:
            found = "shake"
        if found:
            self._poses.clear()
            self._quiet_until = now_ms + QUIET_MS
        return found
