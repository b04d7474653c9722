"""One frame's landmarks in; what the pipeline sees and the events it completes out. Pure."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np

from assistantd.config.settings import Config
from assistantd.config.vision import VisionConfig
from assistantd.events import Event
from assistantd.vision.faces import FaceReading, read_face
from assistantd.vision.facetrack import FaceTracker
from assistantd.vision.handshape import StaticGesture, classify, hand_points, palm_scale
from assistantd.vision.landmarks import FrameLandmarks, HandLandmarks
from assistantd.vision.motion import MotionTracker, PalmSample
from assistantd.vision.pointing_events import PointingTracker
from assistantd.vision.temporal import GestureTracker, HandReading

_LOGGER = logging.getLogger(__name__)

POINTING_GESTURES = frozenset({"pointing", "pointing_up"})
_PALM = (0, 5, 9, 13, 17)


@dataclass(frozen=True, slots=True)
class HandView:
    """One hand as seen in one frame."""

    slot: str
    gesture: StaticGesture
    handedness: str
    detection_score: float
    landmarks: HandLandmarks
    """What MediaPipe gave of it (`assistantd calibrate` takes the pointing rays from these)."""


@dataclass(frozen=True, slots=True)
class FrameView:
    """Everything seen in one frame (what `assistantd perceive` prints)."""

    timestamp_ms: int
    hands: tuple[HandView, ...]
    faces: tuple[FaceReading, ...]


def hold_marks_of(config: Config) -> tuple[int, ...]:
    """The hold durations (ms) that the configured gesture rules wait for."""
    marks = {round(rule.trigger.held_seconds * 1000) for rule in config.rules if rule.trigger.held_seconds}
    return tuple(sorted(marks))


class Observer:
    """Keeps the trackers of hands, motion, pointing and faces for one camera."""

    def __init__(self, config: Config, vision: VisionConfig | None = None) -> None:
        self._vision = vision or config.vision or VisionConfig()
        self._gestures = GestureTracker(self._vision.gestures, hold_marks_of(config))
        self._motion = MotionTracker(self._vision.gestures, mirrored=self._vision.mirrored)
        self._pointing = PointingTracker(
            config.devices, self._vision.pointing, mirrored=self._vision.mirrored, pose=self._vision.pose
        )
        self._faces = FaceTracker(self._vision.faces)

    def attending(self, now_ms: int) -> bool:
        """Whether someone faced the camera recently (the speech listening gate)."""
        return self._faces.attending(now_ms)

    def observe(self, observation: FrameLandmarks) -> tuple[FrameView, list[Event]]:
        """Analyse one frame's landmarks; returns the view and the events completed by it."""
        now = observation.timestamp_ms
        hands = tuple(_hand_view(hand, slot, observation.aspect) for slot, hand in _slots(observation.hands))
        faces_settings = self._vision.faces
        faces = tuple(
            read_face(
                face,
                min_score=faces_settings.expression_min_score,
                attention_degrees=faces_settings.attention_degrees,
            )
            for face in observation.faces
        )
        events: list[Event] = []
        readings = tuple(HandReading(view.slot, view.gesture.gesture, view.gesture.score) for view in hands)
        events.extend(self._gestures.update(now, readings))
        samples = tuple(
            _palm(hand, slot, observation.aspect, view.gesture)
            for (slot, hand), view in zip(_slots(observation.hands), hands)
        )
        events.extend(self._motion.update(now, samples))
        events.extend(self._pointing_events(now, observation, hands))
        if self._vision.faces.enabled:
            events.extend(self._faces.update(now, faces))
        return FrameView(now, hands, faces), events

    def _pointing_events(
        self, now: int, observation: FrameLandmarks, hands: tuple[HandView, ...]
    ) -> list[Event]:
        """A pointing event for each hand that holds a pointing gesture."""
        events: list[Event] = []
        by_slot = dict(_slots(observation.hands))
        for view in hands:
            held = self._gestures.holding(view.slot)
            hand = by_slot[view.slot] if held in POINTING_GESTURES else None
            event = self._pointing.update(now, view.slot, hand, observation.aspect)
            if event is not None:
                events.append(event)
        return events


def _slots(hands: tuple[HandLandmarks, ...]) -> list[tuple[str, HandLandmarks]]:
    """Stable keys for the hands of a frame: their handedness, or their order left to right."""
    names = [hand.handedness for hand in hands]
    if all(names) and len(set(names)) == len(names):
        return list(zip(names, hands, strict=True))
    ordered = sorted(hands, key=lambda hand: hand.points[0][0])
    return [(f"hand{index}", hand) for index, hand in enumerate(ordered)]


def _hand_view(hand: HandLandmarks, slot: str, aspect: float) -> HandView:
    """Classify one hand (in the image plane: depth is too noisy to help, see benchmarks/vision.py)."""
    gesture = classify(hand_points(hand.points, aspect, depth=False))
    return HandView(slot, gesture, hand.handedness, hand.score, hand)


def _palm(hand: HandLandmarks, slot: str, aspect: float, gesture: StaticGesture) -> PalmSample:
    """The palm's centre and size for motion tracking."""
    points = hand_points(hand.points, aspect, depth=False)
    center = np.mean(points[list(_PALM)], axis=0)
    return PalmSample(slot, float(center[0]), float(center[1]), palm_scale(points), gesture.shape == "open")
