"""Static hand gestures from the 21 landmarks, derived geometrically. Pure numpy, no model file.

Two steps. The *handshape* (which fingers are extended) uses only distances and joint angles, so it
does not change with the hand's size, its rotation in the image plane or the hand being left or
right. The *gesture* then adds the one thing that needs the image's up: a thumb-only hand is
thumb_up or thumb_down by where the thumb points, an index-only hand is pointing_up or pointing.

A long finger is judged by its reach and curl, with anatomical thresholds (a straight finger reaches
about 1.8 palm lengths from the wrist, a curled one about 1). The thumb is judged by where a folded
thumb lies (on the middle phalanges of the index and middle finger) and by the bend of its own MCP and
IP joints, with weights fitted on generated hands (assistantd.vision.synthetic: anatomical joint
ranges, the thumb's own axis of flexion, perspective, MediaPipe-like noise, both hands), never on
real ones. benchmarks/vision_classifier.py scores it on real landmarks it was not fitted to, beside a
small network trained on the same generated hands.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from assistantd.gestures import STATIC_GESTURES
from assistantd.vision.landmarks import INDEX, MIDDLE, PINKY, RING, THUMB, WRIST

GESTURES: tuple[str, ...] = (*STATIC_GESTURES, "none")
"""Every static gesture the classifier names."""

SHAPES: dict[str, tuple[int | None, ...]] = {
    "open": (1, 1, 1, 1, 1),
    "fist": (0, 0, 0, 0, 0),
    "thumb": (1, 0, 0, 0, 0),
    "index": (None, 1, 0, 0, 0),
    "victory": (None, 1, 1, 0, 0),
    "ily": (1, 1, 0, 0, 1),
}
"""Handshape -> extended (1), folded (0) or either (None), thumb to pinky."""

UP_CONE_DEGREES = 55.0
"""A thumb or index within this angle of the image's up (or down) counts as pointing that way."""
MIN_SHAPE_SCORE = 0.5
"""Below this the best handshape is "none"."""


@dataclass(frozen=True, slots=True)
class StaticGesture:
    """A hand's gesture in one frame, with its handshape and each finger's extension."""

    gesture: str
    score: float
    """0-1: how well the landmarks fit the gesture."""
    shape: str
    """open, fist, thumb, index, victory, ily or none."""
    extended: tuple[float, ...]
    """Probability that each finger (thumb to pinky) is extended."""
    direction_degrees: float = 0.0
    """Where the thumb (thumb shape) or index (other shapes) points: 0 up, 90 right, 180 down."""


def _sigmoid(value: float) -> float:
    """The logistic function."""
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, value))))


def _bend_degrees(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> float:
    """How far the chain a-b-c turns at b: 0 straight, 180 folded back."""
    u, v = b - a, c - b
    norm = float(np.linalg.norm(u) * np.linalg.norm(v))
    if norm == 0.0:
        return 0.0
    return math.degrees(math.acos(max(-1.0, min(1.0, float(np.dot(u, v)) / norm))))


def finger_extension(points: np.ndarray, finger: tuple[int, int, int, int]) -> float:
    """Probability that a long finger is extended: its reach from the wrist and its curl."""
    wrist = points[WRIST]
    mcp, pip, dip, tip = (points[i] for i in finger)
    base = float(np.linalg.norm(mcp - wrist)) or 1e-9
    reach = float(np.linalg.norm(tip - wrist)) / base
    curl = _bend_degrees(mcp, pip, dip) + _bend_degrees(pip, dip, tip)
    return _sigmoid((reach - 1.35) / 0.12 + (90.0 - curl) / 30.0)


def palm_scale(points: np.ndarray) -> float:
    """The hand's size: its palm length, or its knuckle width when the palm is seen edge-on."""
    length = float(np.linalg.norm(points[MIDDLE[0]] - points[WRIST]))
    width = float(np.linalg.norm(points[INDEX[0]] - points[PINKY[0]]))
    return max(length, 1.3 * width, 1e-9)


THUMB_WEIGHTS = (4.9, -4.2, 0.3)
"""Logistic weights of thumb_features: per palm size of the tip's distance from the index's and middle
finger's middle joints, per 90 degrees of bend at the MCP and IP joints, and a constant. Fitted on
generated hands only (tests/support/handshape_fit.py; benchmarks/handshape_fit.py prints them)."""


def thumb_features(points: np.ndarray) -> tuple[float, float]:
    """How far the thumb's tip is from where a folded thumb rests (the PIP and DIP joints of the index
    and middle finger, in palm sizes), and how much its MCP and IP joints bend (in 90 degrees)."""
    scale = palm_scale(points)
    cmc, mcp, ip, tip = (points[i] for i in THUMB)
    rest = min(float(np.linalg.norm(tip - points[i])) for i in (INDEX[1], INDEX[2], MIDDLE[1], MIDDLE[2]))
    return rest / scale, (_bend_degrees(cmc, mcp, ip) + _bend_degrees(mcp, ip, tip)) / 90.0


def thumb_extension(points: np.ndarray) -> float:
    """Probability that the thumb is extended: its tip away from the folded fingers, its joints straight.

    A folded thumb rests across the middle phalanges of the index and middle finger, or along the
    index's side, with its MCP and IP joints bent; a thumb held out does neither. How far the tip
    reaches says little: seen from most sides, a folded thumb's tip lies as far from the wrist or the
    index knuckle as an extended one's.
    """
    rest, bend = thumb_features(points)
    touch_weight, bend_weight, constant = THUMB_WEIGHTS
    return _sigmoid(touch_weight * rest + bend_weight * bend + constant)


def extensions(points: np.ndarray) -> tuple[float, ...]:
    """Each finger's extension probability, thumb to pinky."""
    long_fingers = (finger_extension(points, finger) for finger in (INDEX, MIDDLE, RING, PINKY))
    return (thumb_extension(points), *long_fingers)


def shape_scores(extended: tuple[float, ...]) -> dict[str, float]:
    """How well each handshape fits the fingers' extension probabilities."""
    scores: dict[str, float] = {}
    for shape, template in SHAPES.items():
        score = 1.0
        for probability, wanted in zip(extended, template, strict=True):
            if wanted is not None:
                score *= probability if wanted else 1.0 - probability
        scores[shape] = score
    return scores


def direction_degrees(start: np.ndarray, end: np.ndarray) -> float:
    """The image direction from start to end: 0 up, 90 right, 180 down, -90 left."""
    return math.degrees(math.atan2(float(end[0] - start[0]), float(start[1] - end[1])))


def classify(points: np.ndarray) -> StaticGesture:
    """The static gesture of 21 points (isotropic image units; y grows downwards; z optional)."""
    extended = extensions(points)
    scores = shape_scores(extended)
    shape = max(scores, key=scores.__getitem__)
    score = scores[shape]
    if score < MIN_SHAPE_SCORE:
        return StaticGesture("none", 1.0 - score, "none", extended)
    if shape == "thumb":
        angle = direction_degrees(points[THUMB[1]], points[THUMB[3]])
        return StaticGesture(_thumb_gesture(angle), score, shape, extended, angle)
    angle = direction_degrees(points[INDEX[0]], points[INDEX[3]])
    if shape == "index":
        gesture = "pointing_up" if abs(angle) <= UP_CONE_DEGREES else "pointing"
        return StaticGesture(gesture, score, shape, extended, angle)
    names = {"open": "open_palm", "fist": "closed_fist", "victory": "victory", "ily": "i_love_you"}
    return StaticGesture(names[shape], score, shape, extended, angle)


def _thumb_gesture(angle: float) -> str:
    """thumb_up, thumb_down, or none for a thumb held sideways."""
    if abs(angle) <= UP_CONE_DEGREES:
        return "thumb_up"
    if abs(angle) >= 180.0 - UP_CONE_DEGREES:
        return "thumb_down"
    return "none"


def hand_points(
    points: tuple[tuple[float, float, float], ...], aspect: float, *, depth: bool = True
) -> np.ndarray:
    """Image-normalised landmarks as isotropic coordinates (x and z scaled by width/height)."""
    array = np.asarray(points, dtype=np.float64)
    scale = np.array([aspect, 1.0, aspect])
    array = array * scale
    return array if depth else array[:, :2]
