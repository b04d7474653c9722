"""The pure endpointer on synthetic frame streams: bursts of speech with pauses of varying lengths."""

from __future__ import annotations

import numpy as np
import pytest

from assistantd.audio.endpointer import (
    Endpointer,
    PauseStarted,
    SpeechResumed,
    SpeechStarted,
    UtteranceDropped,
    UtteranceEnded,
)
from assistantd.config.speech import EndpointingConfig

FRAME_MS = 10
FRAME = 160
SETTINGS = EndpointingConfig(pre_roll_ms=300, min_speech_ms=200, pause_ms=250, trailing_silence_ms=700,
                             max_utterance_seconds=5.0)  # fmt: skip


def run(
    pattern: list[tuple[float, int]], settings: EndpointingConfig = SETTINGS, *, flush: bool = True
) -> list:
    """Feed (probability, milliseconds) runs as 10 ms frames whose samples count the frame number."""
    endpointer = Endpointer(settings)
    events, frame_number = [], 0
    for probability, duration_ms in pattern:
        for _ in range(duration_ms // FRAME_MS):
            frame = np.full(FRAME, frame_number, dtype=np.float32)
            events += endpointer.push(frame, frame_number * FRAME_MS, probability)
            frame_number += 1
    if flush:
        events += endpointer.flush(frame_number * FRAME_MS)
    return events


def ended(events: list) -> list[UtteranceEnded]:
    return [event for event in events if isinstance(event, UtteranceEnded)]


@pytest.mark.parametrize(
    ("pause_ms", "utterances", "resumed"),
    [(100, 1, 0), (240, 1, 0), (400, 1, 1), (690, 1, 1), (710, 2, 0), (1500, 2, 0)],
)
def test_a_pause_splits_an_utterance_only_when_longer_than_the_trailing_silence(
    pause_ms: int, utterances: int, resumed: int
) -> None:
    events = run([(0.0, 500), (0.9, 600), (0.0, pause_ms), (0.9, 600), (0.0, 1000)])
    assert len(ended(events)) == utterances
    assert all(event.reason == "silence" for event in ended(events))
    assert sum(isinstance(event, SpeechResumed) for event in events) == resumed
    assert sum(isinstance(event, SpeechStarted) for event in events) == utterances


def test_cut_points_pre_roll_and_the_audio_kept() -> None:
    events = run([(0.0, 1000), (0.9, 800), (0.0, 1000)])
    (utterance,) = ended(events)
    segment = utterance.segment
    assert segment.speech_start_ms == 1000
    assert segment.start_ms == 700, "300 ms of pre-roll before the first voiced frame"
    assert segment.speech_end_ms == 1800
    assert segment.samples[0] == 70, "the first sample is the first pre-roll frame's"
    assert len(segment.samples) == (300 + 800 + 250) * 16, "pre-roll + speech + pause_ms of tail"
    assert utterance.at_ms == 1800 + 700, "ended after the trailing silence"


def test_pre_roll_is_shorter_when_speech_starts_at_once() -> None:
    (utterance,) = ended(run([(0.0, 100), (0.9, 500), (0.0, 1000)]))
    assert utterance.segment.start_ms == 0
    assert utterance.segment.samples[0] == 0


def test_the_pause_hands_out_exactly_the_audio_of_the_ended_utterance() -> None:
    events = run([(0.0, 400), (0.9, 700), (0.0, 900)])
    (pause,) = [event for event in events if isinstance(event, PauseStarted)]
    (utterance,) = ended(events)
    assert pause.at_ms == 400 + 700 + 250
    np.testing.assert_array_equal(pause.segment.samples, utterance.segment.samples)


def test_speech_after_a_pause_makes_the_paused_audio_stale() -> None:
    events = run([(0.0, 400), (0.9, 500), (0.0, 400), (0.9, 500), (0.0, 900)])
    kinds = [type(event).__name__ for event in events]
    assert kinds == ["SpeechStarted", "PauseStarted", "SpeechResumed", "PauseStarted", "UtteranceEnded"]
    first_pause, second_pause = (event for event in events if isinstance(event, PauseStarted))
    assert len(first_pause.segment.samples) < len(second_pause.segment.samples)
    assert len(ended(events)[0].segment.samples) == len(second_pause.segment.samples)


def test_maximum_length_is_enforced_and_speech_goes_on_in_a_new_utterance() -> None:
    settings = EndpointingConfig(pre_roll_ms=0, max_utterance_seconds=2.0)
    events = run([(0.9, 4500), (0.0, 1000)], settings)
    cuts = ended(events)
    assert [event.reason for event in cuts] == ["max_length", "max_length", "silence"]
    assert [event.segment.speech_start_ms for event in cuts] == [0, 2000, 4000]
    assert all(len(event.segment.samples) <= 2000 * 16 + FRAME for event in cuts)


@pytest.mark.parametrize(("speech_ms", "kept"), [(50, False), (190, False), (200, True), (600, True)])
def test_short_blips_are_dropped(speech_ms: int, kept: bool) -> None:
    events = run([(0.0, 300), (0.9, speech_ms), (0.0, 1000)])
    assert bool(ended(events)) is kept
    assert any(isinstance(event, UtteranceDropped) for event in events) is not kept
    assert not kept or any(isinstance(event, PauseStarted) for event in events)


def test_hysteresis_keeps_speech_going_below_the_start_threshold() -> None:
    events = run([(0.0, 300), (0.9, 300), (0.4, 900), (0.0, 1000)])
    (utterance,) = ended(events)
    assert utterance.segment.speech_end_ms == 1500, "0.4 is above 0.5 - 0.15: still speech"
    assert ended(run([(0.0, 300), (0.4, 900), (0.0, 1000)])) == [], "but 0.4 does not start speech"


def test_end_of_stream_ends_the_utterance_in_progress() -> None:
    events = run([(0.0, 300), (0.9, 600), (0.0, 100)])
    (utterance,) = ended(events)
    assert utterance.reason == "end_of_stream"
    assert utterance.segment.speech_end_ms == 900
    assert run([(0.0, 300), (0.9, 600), (0.0, 100)], flush=False)[-1].__class__ is SpeechStarted


def test_silence_and_noise_below_threshold_produce_nothing() -> None:
    assert run([(0.0, 5000)]) == []
    assert run([(0.3, 5000)]) == []


def test_the_silence_after_an_utterance_is_the_next_one_s_pre_roll() -> None:
    cuts = ended(run([(0.0, 200), (0.9, 400), (0.0, 800), (0.9, 400), (0.0, 900)]))
    assert len(cuts) == 2
    first_end = cuts[0].segment.start_ms + len(cuts[0].segment.samples) / 16
    assert cuts[1].segment.start_ms == cuts[1].segment.speech_start_ms - 300
    assert cuts[1].segment.start_ms >= first_end


def run_completing(
    pattern: list[tuple[float, int]], complete_at_ms: int, settings: EndpointingConfig = SETTINGS
) -> list:
    """Like run, but utterance 0 is marked complete (its transcript was a whole command) at complete_at_ms."""
    endpointer = Endpointer(settings)
    events, frame_number = [], 0
    for probability, duration_ms in pattern:
        for _ in range(duration_ms // FRAME_MS):
            if frame_number * FRAME_MS == complete_at_ms:
                events += endpointer.complete(0)
            frame = np.full(FRAME, frame_number, dtype=np.float32)
            events += endpointer.push(frame, frame_number * FRAME_MS, probability)
            frame_number += 1
    return events + endpointer.flush(frame_number * FRAME_MS)


COMPLETING = EndpointingConfig(pre_roll_ms=300, min_speech_ms=200, pause_ms=100, trailing_silence_ms=700,
                               complete_silence_ms=300, max_utterance_seconds=5.0)  # fmt: skip


@pytest.mark.parametrize(("complete_at_ms", "ended_at_ms"), [(1150, 1300), (1250, 1300), (1450, 1450)])
def test_a_complete_command_ends_after_the_shorter_silence_or_at_once(
    complete_at_ms: int, ended_at_ms: int
) -> None:
    events = run_completing([(0.0, 500), (0.9, 500), (0.0, 1500)], complete_at_ms, COMPLETING)
    (pause,) = [event for event in events if isinstance(event, PauseStarted)]
    (utterance,) = ended(events)
    assert utterance.reason == "early"
    assert utterance.at_ms == ended_at_ms, "300 ms after the speech, or when it was known complete if later"
    assert np.array_equal(utterance.segment.samples, pause.segment.samples), "the audio the pause handed out"
    assert len(utterance.segment.samples) == (300 + 500 + 100) * 16


def test_the_silence_after_an_early_end_is_the_next_utterance_s_pre_roll() -> None:
    events = run_completing([(0.0, 500), (0.9, 500), (0.0, 500), (0.9, 400), (0.0, 1000)], 1150, COMPLETING)
    first, second = ended(events)
    assert (first.reason, second.reason) == ("early", "silence")
    assert second.segment.start_ms == 1500 - 300, "the pre-roll reaches into the silence after the first"
    assert second.segment.samples[0] == 120, "its first sample is a frame of that silence's"


@pytest.mark.parametrize("complete_at_ms", [1050, 1210, 2500])
def test_completing_is_ignored_outside_the_pause_that_handed_out_the_audio(complete_at_ms: int) -> None:
    """Before the pause, after speech resumed (at 1200 ms), or after the utterance ended: no early end."""
    events = run_completing([(0.0, 500), (0.9, 500), (0.0, 200), (0.9, 300), (0.0, 1500)], complete_at_ms,
                            COMPLETING)  # fmt: skip
    (utterance,) = ended(events)
    assert utterance.reason == "silence"
    assert utterance.at_ms == 1500 + 700


def test_the_segment_carries_the_voice_trace_from_the_first_voiced_frame_to_its_cut() -> None:
    (utterance,) = ended(run([(0.0, 1000), (0.9, 300), (0.3, 100), (0.8, 400), (0.0, 1000)]))
    voice = utterance.segment.voice
    assert voice[0] == (1000, 0.9), "the first voiced frame opens the trace (none of the pre-roll)"
    assert [at for at, _ in voice] == list(range(1000, 1000 + len(voice) * FRAME_MS, FRAME_MS))
    assert voice[-1][0] < 1800 + 250, "it ends where the audio is cut: pause_ms past the last voiced frame"
    assert [p for at, p in voice if 1300 <= at < 1400] == [0.3] * 10
    assert {p for at, p in voice if at >= 1800} == {0.0}
