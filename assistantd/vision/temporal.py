"""Static gestures over time: stability before an event, a cooldown, and hold marks. Pure."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from assistantd.config.vision import GestureSettings
from assistantd.events import GestureEvent
from assistantd.vision.landmarks import hand_of, person_of

_LOGGER = logging.getLogger(__name__)

GRACE_MS = 200
"""A gesture survives this long without being seen (a missed frame, one misread frame)."""
FRAME_GAP_MS = 1000
"""A hold ends when no frame at all came for this long (a slow machine's frames come closer)."""


@dataclass(frozen=True, slots=True)
class HandReading:
    """One hand's static gesture in one frame."""

    slot: str
    """Which tracked hand ("left", "right", or a position key)."""
    gesture: str
    score: float


@dataclass(slots=True)
class _Hold:
    """A gesture being held by one hand."""

    gesture: str
    since_ms: int
    last_ms: int
    scores: list[float] = field(default_factory=list)
    started: bool = False
    marks_done: set[int] = field(default_factory=set)


class GestureTracker:
    """Turns per-frame gestures into events: start (once stable), hold marks, with a per-gesture cooldown."""

    def __init__(self, settings: GestureSettings, hold_marks_ms: tuple[int, ...] = ()) -> None:
        self._stable_ms = round(settings.stable_seconds * 1000)
        self._cooldown_ms = round(settings.cooldown_seconds * 1000)
        self._min_score = settings.min_score
        marks = {round(s * 1000) for s in settings.hold_seconds} | set(hold_marks_ms)
        self.hold_marks_ms = tuple(sorted(mark for mark in marks if mark > 0))
        self._holds: dict[str, _Hold] = {}
        self._last_fired: dict[str, int] = {}

    def update(self, now_ms: int, readings: tuple[HandReading, ...]) -> list[GestureEvent]:
        """Feed one frame's readings; returns the events it completes."""
        events: list[GestureEvent] = []
        seen = set()
        for reading in readings:
            if reading.gesture == "none" or reading.score < self._min_score:
                continue
            seen.add(reading.slot)
            events.extend(self._observe(now_ms, reading))
        for slot in list(self._holds):
            if slot not in seen and now_ms - self._holds[slot].last_ms > GRACE_MS:
                del self._holds[slot]
        return events

    def holding(self, slot: str) -> str | None:
        """The gesture a hand is holding (started), if any."""
        hold = self._holds.get(slot)
        return hold.gesture if hold is not None and hold.started else None

    def _observe(self, now_ms: int, reading: HandReading) -> list[GestureEvent]:
        """Extend or replace a hand's hold, and fire what is due."""
        hold = self._holds.get(reading.slot)
        if hold is not None and now_ms - hold.last_ms > FRAME_GAP_MS:
            hold = None  # no frames for a while (a lost camera): the hold did not go on
        if hold is None or hold.gesture != reading.gesture:
            if hold is not None and now_ms - hold.last_ms <= GRACE_MS and hold.started:
                return []  # one odd frame inside a held gesture: ignore it
            hold = _Hold(reading.gesture, now_ms, now_ms)
            self._holds[reading.slot] = hold
        hold.last_ms = now_ms
        hold.scores.append(reading.score)
        del hold.scores[:-30]
        return self._due(now_ms, reading.slot, hold)

    def _due(self, now_ms: int, slot: str, hold: _Hold) -> list[GestureEvent]:
        """The start event once stable (outside the cooldown) and every hold mark reached."""
        held = now_ms - hold.since_ms
        score = round(sum(hold.scores) / len(hold.scores), 3)
        hand, person = hand_of(slot), person_of(slot)
        events = []
        if not hold.started and held >= self._stable_ms:
            hold.started = True
            last = self._last_fired.get(hold.gesture)
            if last is None or now_ms - last >= self._cooldown_ms:
                self._last_fired[hold.gesture] = now_ms
                events.append(GestureEvent(hold.gesture, score, now_ms, hand, held_ms=held, person=person))
            else:
                _LOGGER.debug("%s within its cooldown: no event", hold.gesture)
        if hold.started:
            for mark in self.hold_marks_ms:
                if held >= mark and mark not in hold.marks_done:
                    hold.marks_done.add(mark)
                    events.append(
                        GestureEvent(
                            hold.gesture, score, now_ms, hand, held_ms=mark, phase="hold", person=person
                        )
                    )
        return events
