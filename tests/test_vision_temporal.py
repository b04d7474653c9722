"""Gestures over time on synthetic landmark sequences: stability, cooldown, holds, swipes, waves, nods."""

from __future__ import annotations

import dataclasses

import numpy as np

from assistantd.config.home import Site
from assistantd.config.rule_actions import RuleAction
from assistantd.config.rules import Rule, RuleTrigger
from assistantd.config.settings import Config
from assistantd.config.vision import FaceSettings, GestureSettings, VisionConfig
from assistantd.events import FaceEvent, GestureEvent
from assistantd.vision.faces import FaceReading, HeadPose
from assistantd.vision.facetrack import FaceTracker
from assistantd.vision.headmotion import HeadGestures
from assistantd.vision.landmarks import FrameLandmarks, HandLandmarks
from assistantd.vision.motion import count_swings
from assistantd.vision.observer import Observer
from assistantd.vision.temporal import GestureTracker, HandReading
from tests.support.vision import FRAME_MS, hand

SETTINGS = GestureSettings(min_score=0.6, stable_seconds=0.3, cooldown_seconds=1.5, hold_seconds=(1.0,))


def config_with(*rules: Rule, vision: VisionConfig | None = None) -> Config:
    return Config(
        site=Site("lab", "lab"),
        areas=(),
        devices=(),
        rules=rules,
        vision=vision or VisionConfig(gestures=SETTINGS),
    )


def run(observer: Observer, frames: list[tuple[HandLandmarks, ...]], start_ms: int = 0) -> list:
    """Feed frames 33 ms apart; all events."""
    events = []
    for index, hands in enumerate(frames):
        _view, found = observer.observe(FrameLandmarks(start_ms + index * FRAME_MS, 640, 480, hands))
        events.extend(found)
    return events


def gestures(events: list) -> list[tuple[str, str, int]]:
    return [(e.gesture, e.phase, e.held_ms) for e in events if isinstance(e, GestureEvent)]


def test_a_gesture_fires_once_stable_and_not_before() -> None:
    observer = Observer(config_with())
    assert gestures(run(observer, [(hand("thumb"),)] * 8)) == []  # 231 ms: not yet stable
    observer = Observer(config_with())
    found = gestures(run(observer, [(hand("thumb"),)] * 11))  # 330 ms
    assert found == [("thumb_up", "start", 330)]


def test_a_flicker_does_not_fire_and_a_single_odd_frame_does_not_break_a_gesture() -> None:
    observer = Observer(config_with())
    flicker = [(hand("thumb"),), (hand("open_palm"),)] * 10
    assert gestures(run(observer, flicker)) == []
    observer = Observer(config_with())
    frames = [(hand("open_palm"),)] * 12 + [(hand("closed_fist"),)] + [(hand("open_palm"),)] * 25
    assert gestures(run(observer, frames)) == [("open_palm", "start", 330), ("open_palm", "hold", 1000)]


def test_hold_marks_fire_once_per_hold_including_the_rules_marks() -> None:
    rule = Rule(
        "palm",
        RuleTrigger("", gesture="open_palm", held_seconds=1.5),
        actions=(RuleAction(device="x", service="pause"),),
    )
    observer = Observer(config_with(rule))
    found = gestures(run(observer, [(hand("open_palm"),)] * 80))  # 2.6 s
    assert found == [("open_palm", "start", 330), ("open_palm", "hold", 1000), ("open_palm", "hold", 1500)]


def test_cooldown_suppresses_a_repeat_and_lets_it_through_later() -> None:
    observer = Observer(config_with())
    palm, nothing = (hand("open_palm"),), ()
    frames = [palm] * 12 + [nothing] * 10 + [palm] * 12  # again after ~0.7 s: within the 1.5 s cooldown
    assert [g for g in gestures(run(observer, frames)) if g[1] == "start"] == [("open_palm", "start", 330)]
    frames = [nothing] * 40 + [palm] * 12  # 1.3 s later still: the cooldown has passed
    later = gestures(run(observer, frames, start_ms=34 * FRAME_MS))
    assert [g for g in later if g[1] == "start"] == [("open_palm", "start", 330)]


def test_a_gap_in_the_frames_ends_a_hold() -> None:
    observer = Observer(config_with())
    palm = (hand("open_palm"),)
    before = gestures(run(observer, [palm] * 15))  # 0.5 s
    after = gestures(run(observer, [palm] * 15, start_ms=3000))  # no frames for 2.5 s (a lost camera)
    assert before == [("open_palm", "start", 330)]
    assert after == [("open_palm", "start", 330)]  # a new hold: no hold marks counted across the gap


def test_no_swipe_across_a_gap_in_the_frames() -> None:
    observer = Observer(config_with())
    left, right = (
        (hand("open_palm", roll=0, center=(0.2, 0.5)),),
        (hand("open_palm", roll=0, center=(0.8, 0.5)),),
    )
    run(observer, [left] * 5)
    later = gestures(run(observer, [right] * 5, start_ms=5 * FRAME_MS + 600))  # unseen for 0.6 s
    assert not [g for g in later if g[0].startswith("swipe")]


def test_gesture_tracker_ignores_low_scores() -> None:
    tracker = GestureTracker(SETTINGS)
    events = [tracker.update(t, (HandReading("right", "victory", 0.4),)) for t in range(0, 1000, 33)]
    assert not any(events)


def moving(
    pose: str, start: tuple[float, float], end: tuple[float, float], frames: int
) -> list[tuple[HandLandmarks, ...]]:
    path = np.linspace(start, end, frames)
    return [(hand(pose, roll=0, center=(float(x), float(y))),) for x, y in path]


def test_swipes_in_four_directions_as_the_person_sees_them() -> None:
    cases = {
        "swipe_up": ((0.5, 0.8), (0.5, 0.3)),
        "swipe_down": ((0.5, 0.3), (0.5, 0.8)),
        "swipe_left": ((0.3, 0.5), (0.8, 0.5)),  # the person's left is the image's right (unmirrored camera)
        "swipe_right": ((0.8, 0.5), (0.3, 0.5)),
    }
    for name, (start, end) in cases.items():
        observer = Observer(config_with())
        found = [
            g
            for g in gestures(run(observer, moving("open_palm", start, end, 12)))
            if g[0].startswith("swipe")
        ]
        assert found == [(name, "start", 0)], name


def test_mirrored_frames_swap_left_and_right() -> None:
    observer = Observer(config_with(vision=VisionConfig(gestures=SETTINGS, mirrored=True)))
    found = [g[0] for g in gestures(run(observer, moving("open_palm", (0.3, 0.5), (0.8, 0.5), 12)))]
    assert "swipe_right" in found


def test_slow_drift_is_no_swipe() -> None:
    observer = Observer(config_with())
    found = gestures(run(observer, moving("open_palm", (0.5, 0.8), (0.5, 0.3), 90)))  # 3 s
    assert not [g for g in found if g[0].startswith("swipe")]


def test_wave_is_found_and_a_single_swipe_is_not_a_wave() -> None:
    xs = [0.5 + 0.08 * np.sin(2 * np.pi * 2.5 * t / 1000) for t in range(0, 1500, FRAME_MS)]
    frames = [(hand("open_palm", roll=0, center=(float(x), 0.5)),) for x in xs]
    observer = Observer(config_with())
    assert "wave" in [g[0] for g in gestures(run(observer, frames))]
    observer = Observer(config_with())
    assert "wave" not in [
        g[0] for g in gestures(run(observer, moving("open_palm", (0.3, 0.5), (0.8, 0.5), 12)))
    ]


def test_count_swings_ignores_jitter() -> None:
    assert count_swings([0, 0.01, -0.01, 0.02, 0.0], 0.1) == 0
    assert count_swings([0, 0.2, 0.0, 0.2, 0.0], 0.1) == 4


def test_nod_and_shake_from_pose_sequences() -> None:
    settings = FaceSettings()
    nod = HeadGestures(settings)
    found = [
        nod.update(t, 0.5 * np.sin(t / 90), 10 * np.sin(2 * np.pi * t / 600))
        for t in range(0, 1200, FRAME_MS)
    ]
    assert "nod" in found and "shake" not in found
    shake = HeadGestures(settings)
    found = [
        shake.update(t, 15 * np.sin(2 * np.pi * t / 600), 0.5 * np.sin(t / 90))
        for t in range(0, 1200, FRAME_MS)
    ]
    assert "shake" in found and "nod" not in found
    still = HeadGestures(settings)
    assert not any(still.update(t, 2 * np.sin(t / 50), 2 * np.cos(t / 50)) for t in range(0, 3000, FRAME_MS))


def reading(
    *, attending: bool = True, expression: str = "neutral", yaw: float = 0.0, pitch: float = 0.0
) -> FaceReading:
    return FaceReading(expression, 0.8, HeadPose(yaw, pitch, abs(yaw)), attending, 0.3)


def test_face_tracker_reports_changes_only_and_holds_attention() -> None:
    tracker = FaceTracker(dataclasses.replace(FaceSettings(), attention_hold_seconds=1.0))
    events = [e for t in range(0, 1000, FRAME_MS) for e in tracker.update(t, (reading(expression="smile"),))]
    assert [(e.faces, e.attending, e.expression) for e in events] == [
        (1, True, "neutral"),
        (1, True, "smile"),
    ]
    assert tracker.attending(1000)
    gone = tracker.update(1100, ())
    assert [(e.faces, e.attending) for e in gone] == [(0, False)]
    assert tracker.attending(1900) and not tracker.attending(2100)


def test_attention_at_the_edge_of_the_cone_does_not_flicker() -> None:
    tracker = FaceTracker(FaceSettings(attention_degrees=20.0))

    def at(off_axis: float) -> FaceReading:
        return FaceReading("neutral", 0.8, HeadPose(off_axis, 0.0, off_axis), off_axis <= 20.0, 0.3)

    jitter = [19.0, 21.5, 20.5, 22.0] * 15  # 2 s around the edge
    events = [e for i, off in enumerate(jitter) for e in tracker.update(i * FRAME_MS, (at(off),))]
    assert [e.attending for e in events] == [True]
    turned = tracker.update(len(jitter) * FRAME_MS, (at(30.0),))
    assert [e.attending for e in turned] == [False]
    assert tracker.update((len(jitter) + 1) * FRAME_MS, (at(22.0),)) == []  # must come back inside the cone


def test_face_tracker_reports_a_nod() -> None:
    tracker = FaceTracker(FaceSettings())
    heads = [
        e.head_gesture
        for t in range(0, 1200, FRAME_MS)
        for e in tracker.update(t, (reading(pitch=10 * float(np.sin(2 * np.pi * t / 600))),))
        if isinstance(e, FaceEvent)
    ]
    assert "nod" in heads
