"""Faces over time: presence, a stable expression, attention and head gestures as events. Pure."""

from __future__ import annotations

from dataclasses import dataclass

from assistantd.config.vision import FaceSettings
from assistantd.events import FaceEvent
from assistantd.vision.faces import FaceReading
from assistantd.vision.headmotion import HeadGestures

EXPRESSION_STABLE_MS = 300
"""A new expression is reported once it has lasted this long."""
ATTENTION_HYSTERESIS_DEGREES = 5.0
"""An attending face stays attending until it turns this far beyond the cone: no flicker at its edge."""


@dataclass(frozen=True, slots=True)
class _Reported:
    expression: str = "neutral"
    attending: bool = False
    faces: int = 0


class FaceTracker:
    """Reports what changes: how many faces, the main face's expression and attention, nods and shakes."""

    def __init__(self, settings: FaceSettings) -> None:
        self._settings = settings
        self._head = HeadGestures(settings)
        self._reported = _Reported()
        self._candidate = ("neutral", 0)
        self._attended_ms: int | None = None
        self._hold_ms = round(settings.attention_hold_seconds * 1000)

    def attending(self, now_ms: int) -> bool:
        """Whether someone faced the camera within the attention hold time."""
        return self._attended_ms is not None and now_ms - self._attended_ms <= self._hold_ms

    def update(self, now_ms: int, faces: tuple[FaceReading, ...]) -> list[FaceEvent]:
        """Feed one frame's faces; returns a FaceEvent when something changed."""
        main = max(faces, key=lambda face: face.size) if faces else None
        attending = self._attending_now(main)
        if attending:
            self._attended_ms = now_ms
        if main is None:
            head = self._head.update(now_ms, None, None)
        else:
            head = self._head.update(now_ms, main.pose.yaw_degrees, main.pose.pitch_degrees)
        expression = self._stable_expression(now_ms, main)
        now = _Reported(expression, attending, len(faces))
        if now == self._reported and not head:
            return []
        self._reported = now
        score = main.expression_score if main is not None and main.expression == expression else 0.0
        pose = main.pose if main is not None else None
        return [
            FaceEvent(
                now_ms,
                expression,
                score,
                now.attending,
                head,
                len(faces),
                yaw_degrees=round(pose.yaw_degrees, 1) if pose else 0.0,
                pitch_degrees=round(pose.pitch_degrees, 1) if pose else 0.0,
            )
        ]

    def _attending_now(self, main: FaceReading | None) -> bool:
        """Whether the main face attends: inside the cone, or still near it when it was attending."""
        if main is None:
            return False
        if main.attending:
            return True
        limit = self._settings.attention_degrees + ATTENTION_HYSTERESIS_DEGREES
        return self._reported.attending and main.pose.off_axis_degrees <= limit

    def _stable_expression(self, now_ms: int, main: FaceReading | None) -> str:
        """The expression to report: a new one only after it has lasted EXPRESSION_STABLE_MS."""
        if main is None:
            self._candidate = ("neutral", now_ms)
            return "neutral"
        if main.expression != self._candidate[0]:
            self._candidate = (main.expression, now_ms)
        if now_ms - self._candidate[1] >= EXPRESSION_STABLE_MS:
            return self._candidate[0]
        return self._reported.expression
