"""Vision events as JSON for <base>/<site>/vision, and the rate limit on them. Pure (times passed in).

No image ever leaves the daemon; hand landmarks only when the config asks (publish.landmarks).
"""

from __future__ import annotations

import json
import logging

from assistantd.events import Event, FaceEvent, GestureEvent, PointingEvent, TranscriptEvent

_LOGGER = logging.getLogger(__name__)

TOPIC_SUFFIX = "vision"
"""Published on <base>/<site>/vision."""


def event_document(event: Event, site_id: str) -> dict[str, object] | None:
    """The JSON document of a vision event; None for events of other modalities. With several people in
    view it names the person track the hand or face is of ("person": "person2"), never who it is."""
    document = _document(event, site_id)
    if document is not None and not isinstance(event, TranscriptEvent) and event.person:
        document["person"] = event.person
    return document


def _document(event: Event, site_id: str) -> dict[str, object] | None:
    if isinstance(event, GestureEvent):
        return {
            "type": "gesture", "site": site_id, "timestamp_ms": event.timestamp_ms,
            "gesture": event.gesture, "score": event.score, "hand": event.hand,
            "phase": event.phase, "held_ms": event.held_ms,
        }  # fmt: skip
    if isinstance(event, PointingEvent):
        return {
            "type": "pointing", "site": site_id, "timestamp_ms": event.timestamp_ms,
            "bearing_degrees": event.bearing_degrees, "elevation_degrees": event.elevation_degrees,
            "origin": [round(event.origin[0], 3), round(event.origin[1], 3)], "hand": event.hand,
            "candidates": [{"device": device, "score": score} for device, score in event.candidates],
        }  # fmt: skip
    if isinstance(event, FaceEvent):
        return {
            "type": "face", "site": site_id, "timestamp_ms": event.timestamp_ms,
            "expression": event.expression, "expression_score": event.expression_score,
            "attending": event.attending, "head_gesture": event.head_gesture, "faces": event.faces,
            "yaw_degrees": event.yaw_degrees, "pitch_degrees": event.pitch_degrees,
        }  # fmt: skip
    return None


def vision_message(
    event: Event, site_id: str, *, landmarks: tuple[tuple[float, float, float], ...] | None = None
) -> tuple[str, str] | None:
    """(topic suffix, JSON) to publish for a vision event; None for other events."""
    document = event_document(event, site_id)
    if document is None:
        return None
    if landmarks is not None:
        document["landmarks"] = [[round(v, 4) for v in point] for point in landmarks]
    return TOPIC_SUFFIX, json.dumps(document, separators=(",", ":"))


def salient(event: Event) -> bool:
    """Events a listener must not miss: gestures (and holds), nods and shakes."""
    return isinstance(event, GestureEvent) or (isinstance(event, FaceEvent) and bool(event.head_gesture))


class RateLimiter:
    """A token bucket: max_rate_hz messages a second; salient events may borrow one second ahead.

    So a storm is cut to at most twice the rate, and gestures are the last to be dropped.
    """

    def __init__(self, max_rate_hz: float) -> None:
        self._rate = max_rate_hz
        self._capacity = max(1.0, max_rate_hz)
        self._tokens = self._capacity
        self._last_ms: int | None = None
        self.dropped = 0

    def allow(self, event: Event, now_ms: int) -> bool:
        """Whether to publish this event now (False: dropped, counted, logged once per burst)."""
        if self._last_ms is not None:
            elapsed = max(0, now_ms - self._last_ms) / 1000
            self._tokens = min(self._capacity, self._tokens + elapsed * self._rate)
        self._last_ms = now_ms
        floor = -self._capacity if salient(event) else 0.0
        if self._tokens - 1.0 >= floor:
            self._tokens -= 1.0
            if self.dropped:
                _LOGGER.info(
                    "Vision messages: %d dropped by the rate limit (%.1f/s)", self.dropped, self._rate
                )
                self.dropped = 0
            return True
        if not self.dropped:
            _LOGGER.warning("Vision messages over %.1f/s: dropping the excess", self._rate)
        self.dropped += 1
        return False
