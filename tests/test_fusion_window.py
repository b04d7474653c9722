"""The fusion window: order, overlap, pruning and its bound."""

from __future__ import annotations

import logging

import pytest

from assistantd.events import FaceEvent, GestureEvent, PointingEvent, TranscriptEvent
from assistantd.fusion.window import FusionWindow


def test_events_are_kept_in_time_order_and_late_ones_slot_in() -> None:
    window = FusionWindow()
    window.add(GestureEvent("thumb_up", 0.9, timestamp_ms=300))
    window.add(FaceEvent(timestamp_ms=100, expression="smile"))
    window.add(PointingEvent(timestamp_ms=200, bearing_degrees=10, elevation_degrees=0))
    assert [type(e).__name__ for e in window] == ["FaceEvent", "PointingEvent", "GestureEvent"]


def test_between_returns_what_overlaps_a_turn() -> None:
    window = FusionWindow()
    utterance = TranscriptEvent("turn that on", 0.9, start_ms=1_000, end_ms=2_000)
    point = PointingEvent(timestamp_ms=1_500, bearing_degrees=0, elevation_degrees=0)
    early = GestureEvent("wave", 0.8, timestamp_ms=200)
    late = GestureEvent("thumb_up", 0.8, timestamp_ms=5_000)
    for event in (utterance, point, early, late):
        window.add(event)
    assert window.between(900, 2_100) == [point, utterance]
    assert window.between(1_900, 2_100) == [utterance]  # the utterance still overlaps the turn's end
    assert window.between(3_000, 4_000) == []


def test_prune_forgets_events_older_than_the_span() -> None:
    window = FusionWindow(span_ms=1_000)
    window.add(GestureEvent("wave", 0.8, timestamp_ms=100))
    window.add(GestureEvent("wave", 0.8, timestamp_ms=1_500))
    window.prune(now_ms=2_000)
    assert [e.timestamp_ms for e in window] == [1_500]


def test_the_bound_drops_the_oldest_with_one_warning(caplog: pytest.LogCaptureFixture) -> None:
    window = FusionWindow(max_events=3)
    with caplog.at_level(logging.WARNING):
        for at in range(6):
            window.add(GestureEvent("wave", 0.5, timestamp_ms=at))
    assert [e.timestamp_ms for e in window] == [3, 4, 5]
    assert len([r for r in caplog.records if "fusion window" in r.getMessage()]) == 1


def test_a_long_utterance_overlaps_a_turn_inside_it() -> None:
    window = FusionWindow()
    utterance = TranscriptEvent("turn on the lamp by the window", 0.9, start_ms=1_000, end_ms=3_000)
    window.add(utterance)
    assert window.between(1_500, 2_000) == [utterance]
    assert window.between(3_001, 4_000) == []
