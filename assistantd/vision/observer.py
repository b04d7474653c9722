"""One frame's landmarks in; what the pipeline sees and the events it completes out. Pure."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assistantd.config.settings import Config
from assistantd.config.vision import VisionConfig
from assistantd.events import Event, FaceEvent
from assistantd.vision.faces import FaceReading, read_face
from assistantd.vision.facetrack import FaceTracker
from assistantd.vision.handshape import StaticGesture, classify, hand_points, palm_scale
from assistantd.vision.landmarks import FrameLandmarks, HandLandmarks, hand_slot
from assistantd.vision.motion import MotionTracker, PalmSample
from assistantd.vision.people import People, Speaker
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
        self._people = People()
        self._others: dict[str, FaceTracker] = {}
        """The faces of the other people in view, when there are several (the main one is self._faces)."""

    def attending(self, now_ms: int) -> bool:
        """Whether someone faced the camera recently (the speech listening gate)."""
        return self._faces.attending(now_ms) or any(
            other.attending(now_ms) for other in self._others.values()
        )

    def speaker(self, voice: Sequence[tuple[int, float]], start_ms: int, end_ms: int) -> Speaker | None:
        """Who of the people in view spoke between start_ms and end_ms (None: fewer than two were seen)."""
        return self._people.speaker(voice, start_ms, end_ms)

    def observe(self, observation: FrameLandmarks) -> tuple[FrameView, list[Event]]:
        """Analyse one frame's landmarks; returns the view and the events completed by it."""
        now = observation.timestamp_ms
        faces = self._read_faces(observation)
        names = self._people.update(now, observation.faces, [face.attending for face in faces])
        several = len(names) >= 2
        owners = [self._people.owner(hand) if several else "" for hand in observation.hands]
        slots = _slots(observation.hands, owners)
        hands = tuple(_hand_view(hand, slot, observation.aspect) for slot, hand in slots)
        events: list[Event] = []
        readings = tuple(HandReading(view.slot, view.gesture.gesture, view.gesture.score) for view in hands)
        events.extend(self._gestures.update(now, readings))
        samples = tuple(
            _palm(hand, slot, observation.aspect, view.gesture) for (slot, hand), view in zip(slots, hands)
        )
        events.extend(self._motion.update(now, samples))
        events.extend(self._pointing_events(now, dict(slots), hands, observation.aspect))
        if self._vision.faces.enabled:
            events.extend(self._face_events(now, faces, names if several else ()))
        return FrameView(now, hands, faces), events

    def _read_faces(self, observation: FrameLandmarks) -> tuple[FaceReading, ...]:
        """Expression, pose and attention of each face of a frame."""
        settings = self._vision.faces
        return tuple(
            read_face(
                face, min_score=settings.expression_min_score, attention_degrees=settings.attention_degrees
            )
            for face in observation.faces
        )

    def _face_events(self, now: int, faces: tuple[FaceReading, ...], names: tuple[str, ...]) -> list[Event]:
        """The main face's events; with several people in view (names), every face's, each naming its person."""
        events: list[Event] = list(self._faces.update(now, faces))
        if not names:
            self._others.clear()
            return events
        main = max(range(len(faces)), key=lambda index: faces[index].size)
        stamped: list[Event] = [
            dataclasses.replace(event, person=names[main]) for event in events if isinstance(event, FaceEvent)
        ]
        for index, (name, face) in enumerate(zip(names, faces, strict=True)):
            if index == main:
                continue
            tracker = self._others.setdefault(name, FaceTracker(self._vision.faces))
            for event in tracker.update(now, (face,)):
                stamped.append(dataclasses.replace(event, faces=len(faces), person=name))
        for gone in set(self._others) - set(names):
            del self._others[gone]
        return stamped

    def _pointing_events(
        self, now: int, by_slot: dict[str, HandLandmarks], hands: tuple[HandView, ...], aspect: float
    ) -> list[Event]:
        """A pointing event for each hand that holds a pointing gesture."""
        events: list[Event] = []
        for view in hands:
            held = self._gestures.holding(view.slot)
            hand = by_slot[view.slot] if held in POINTING_GESTURES else None
            event = self._pointing.update(now, view.slot, hand, aspect)
            if event is not None:
                events.append(event)
        return events


def _slots(hands: tuple[HandLandmarks, ...], owners: Sequence[str]) -> list[tuple[str, HandLandmarks]]:
    """Stable keys for the hands of a frame: each owner's hands by their handedness, or by their order left
    to right; prefixed by the owner when several people are in view."""
    slots: list[tuple[str, HandLandmarks]] = []
    for person in dict.fromkeys(owners):
        own = [hand for hand, owner in zip(hands, owners, strict=True) if owner == person]
        names = [hand.handedness for hand in own]
        if all(names) and len(set(names)) == len(names):
            slots += [(hand_slot(person, name), hand) for name, hand in zip(names, own, strict=True)]
        else:
            ordered = sorted(own, key=lambda hand: hand.points[0][0])
            slots += [(hand_slot(person, f"hand{index}"), hand) for index, hand in enumerate(ordered)]
    return slots


def _hand_view(hand: HandLandmarks, slot: str, aspect: float) -> HandView:
    """Classify one hand (in the image plane: depth is too noisy to help, see benchmarks/vision.py)."""
    gesture = classify(hand_points(hand.points, aspect, depth=False))
    return HandView(slot, gesture, hand.handedness, hand.score, hand)


def _palm(hand: HandLandmarks, slot: str, aspect: float, gesture: StaticGesture) -> PalmSample:
    """The palm's centre and size for motion tracking."""
    points = hand_points(hand.points, aspect, depth=False)
    center = np.mean(points[list(_PALM)], axis=0)
    return PalmSample(slot, float(center[0]), float(center[1]), palm_scale(points), gesture.shape == "open")
