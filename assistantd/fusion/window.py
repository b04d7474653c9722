"""The fusion window: recent events of every modality, bounded in time and count. Pure (times passed in)."""

from __future__ import annotations

import bisect
import logging
from collections.abc import Iterator

from assistantd.events import Event, TranscriptEvent, event_time_ms

_LOGGER = logging.getLogger(__name__)


class FusionWindow:
    """Keeps events for `span_ms`; at most `max_events` (the oldest go first, with one warning)."""

    def __init__(self, span_ms: int = 10_000, max_events: int = 2_000) -> None:
        self.span_ms = span_ms
        self.max_events = max_events
        self._times: list[int] = []
        self._events: list[Event] = []
        self._warned = False

    def __len__(self) -> int:
        return len(self._events)

    def __iter__(self) -> Iterator[Event]:
        return iter(self._events)

    def add(self, event: Event) -> None:
        """File an event in time order (late arrivals are inserted where they belong)."""
        at = event_time_ms(event)
        index = bisect.bisect_right(self._times, at)
        self._times.insert(index, at)
        self._events.insert(index, event)
        if len(self._events) > self.max_events:
            if not self._warned:
                _LOGGER.warning("fusion window over %d events: dropping the oldest", self.max_events)
                self._warned = True
            del self._times[0], self._events[0]

    def prune(self, now_ms: int) -> None:
        """Forget events older than the span."""
        cut = bisect.bisect_left(self._times, now_ms - self.span_ms)
        if cut:
            del self._times[:cut], self._events[:cut]

    def between(self, start_ms: int, end_ms: int) -> list[Event]:
        """Events that overlap [start_ms, end_ms] (an utterance by any part of its span)."""
        found: list[Event] = []
        for event in self._events[bisect.bisect_left(self._times, start_ms) :]:
            begin = event.start_ms if isinstance(event, TranscriptEvent) else event_time_ms(event)
            if begin <= end_ms:
                found.append(event)
        return found

    def seen(self, start_ms: int, end_ms: int) -> list[Event]:
        """What the hand and face did in [start_ms, end_ms]: the events there but the utterances."""
        return [event for event in self.between(start_ms, end_ms) if not isinstance(event, TranscriptEvent)]
