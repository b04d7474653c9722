"""A kinematic hand: joint angles in, 21 MediaPipe-ordered landmarks out. For synthetic data and tests.

A right hand: the palm lies in the x-y plane with the fingers along -y (up in the image), the palm
facing the camera (-z) and the thumb on the image's left (-x). Each long finger flexes at MCP, PIP and
DIP about the palm's x axis and spreads about its normal. The thumb's metacarpal swings away from the
index in the palm's plane and lifts out of it at the CMC joint; its MCP and IP joints bend about the
thumb's own axis, which is pronated against the fingers' (assistantd.vision.synthetic draws random
poses). Lengths are in palm lengths (wrist to middle MCP = 1), from typical adult hand proportions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

_MCP = {
    "index": (0.32, -0.93),
    "middle": (0.08, -1.0),
    "ring": (-0.14, -0.95),
    "pinky": (-0.34, -0.84),
}
"""Base of each long finger, palm lengths from the wrist, before the hand is mirrored into a right hand."""
_PHALANGES = {
    "index": (0.44, 0.26, 0.21),
    "middle": (0.49, 0.30, 0.23),
    "ring": (0.45, 0.28, 0.22),
    "pinky": (0.35, 0.21, 0.19),
}
_THUMB_CMC = np.array([0.22, -0.22, 0.0])
_THUMB_BONES = (0.42, 0.32, 0.28)
LONG_FINGERS = ("index", "middle", "ring", "pinky")


@dataclass(frozen=True, slots=True)
class FingerPose:
    """Flexion (degrees, positive towards the palm) and spread (degrees, positive towards the thumb)."""

    mcp: float = 0.0
    pip: float = 0.0
    dip: float = 0.0
    spread: float = 0.0


@dataclass(frozen=True, slots=True)
class ThumbPose:
    """Thumb, in degrees: its metacarpal's swing away from the index in the palm's plane and lift out of
    it towards the palm's side, the pronation of its nail, and the flexion of its MCP and IP joints.

    The thumb's joints do not bend like a finger's: with no pronation they fold the thumb across the
    palm in the palm's plane (its pad faces the fingers); pronated by 90 degrees they fold it towards
    the palm like a finger. A relaxed thumb is pronated by some 30-60 degrees.
    """

    swing: float = 45.0
    lift: float = 20.0
    mcp: float = 0.0
    ip: float = 0.0
    pronation: float = 45.0


@dataclass(frozen=True, slots=True)
class HandPose:
    """A whole hand's joint angles."""

    thumb: ThumbPose = ThumbPose()
    fingers: tuple[FingerPose, FingerPose, FingerPose, FingerPose] = (FingerPose(),) * 4


def _rotation(axis: np.ndarray, degrees: float) -> np.ndarray:
    """Rotation matrix about a unit axis (Rodrigues)."""
    x, y, z = axis / np.linalg.norm(axis)
    t = math.radians(degrees)
    c, s, k = math.cos(t), math.sin(t), 1 - math.cos(t)
    return np.array(
        [
            [c + x * x * k, x * y * k - z * s, x * z * k + y * s],
            [y * x * k + z * s, c + y * y * k, y * z * k - x * s],
            [z * x * k - y * s, z * y * k + x * s, c + z * z * k],
        ]
    )


_X, _Z = np.array([1.0, 0.0, 0.0]), np.array([0.0, 0.0, 1.0])


def _chain(
    base: np.ndarray, direction: np.ndarray, axis: np.ndarray, bends: tuple[float, ...], bones
) -> list:
    """Joint positions of a chain that turns by each bend (degrees about axis) before each bone."""
    points, point = [], base
    for bend, length in zip(bends, bones, strict=True):
        direction = _rotation(axis, bend) @ direction
        point = point + direction * length
        points.append(point)
    return points


def _thumb_chain(pose: ThumbPose) -> list:
    """The thumb's CMC, MCP, IP and tip."""
    swing, lift = math.radians(pose.swing), math.radians(pose.lift)
    direction = np.array(
        [math.sin(swing) * math.cos(lift), -math.cos(swing) * math.cos(lift), -math.sin(lift)]
    )
    across = -_Z - np.dot(-_Z, direction) * direction  # folds the thumb across the palm, in its plane
    axis = _rotation(direction, pose.pronation) @ (across / np.linalg.norm(across))
    return [_THUMB_CMC.copy(), *_chain(_THUMB_CMC, direction, axis, (0.0, pose.mcp, pose.ip), _THUMB_BONES)]


def landmarks(pose: HandPose) -> np.ndarray:
    """The 21 landmarks (palm lengths; y down, z towards the camera negative) of a pose."""
    points = [np.zeros(3), *_thumb_chain(pose.thumb)]
    for name, finger in zip(LONG_FINGERS, pose.fingers, strict=True):
        base = np.array([*_MCP[name], 0.0])
        straight = _rotation(_Z, -finger.spread) @ np.array([0.0, -1.0, 0.0])
        points.append(base)
        points += _chain(
            base, straight, -np.cross(straight, _Z), (finger.mcp, finger.pip, finger.dip), _PHALANGES[name]
        )
    right = np.array(points)
    right[:, 0] *= -1  # built with the thumb on +x: a left hand's palm, a right hand's back
    return right


def place(
    points: np.ndarray,
    *,
    roll: float = 0.0,
    yaw: float = 0.0,
    pitch: float = 0.0,
    mirror: bool = False,
    center: tuple[float, float] = (0.5, 0.5),
    size: float = 0.2,
) -> np.ndarray:
    """Landmarks posed in the image: rotated (degrees), mirrored (a left hand), scaled and moved (0-1)."""
    rotated = points.copy()
    if mirror:
        rotated[:, 0] *= -1
    rotated = (
        rotated @ (_rotation(_Z, roll) @ _rotation(np.array([0.0, 1.0, 0.0]), yaw) @ _rotation(_X, pitch)).T
    )
    rotated -= rotated.mean(axis=0)
    rotated *= size
    rotated[:, 0] += center[0]
    rotated[:, 1] += center[1]
    return rotated


EXTENDED = FingerPose(5.0, 5.0, 3.0)
FOLDED = FingerPose(80.0, 100.0, 60.0)
THUMB_OUT = ThumbPose(swing=60.0, lift=15.0, mcp=5.0, ip=5.0, pronation=40.0)
THUMB_UP = ThumbPose(swing=85.0, lift=10.0, mcp=0.0, ip=5.0, pronation=30.0)
THUMB_IN = ThumbPose(swing=15.0, lift=30.0, mcp=40.0, ip=45.0, pronation=45.0)
"""Folded: its tip rests on the index's and middle finger's middle phalanges in a fist."""

POSES: dict[str, HandPose] = {
    "open_palm": HandPose(THUMB_OUT, (EXTENDED, EXTENDED, EXTENDED, EXTENDED)),
    "closed_fist": HandPose(THUMB_IN, (FOLDED, FOLDED, FOLDED, FOLDED)),
    "thumb": HandPose(THUMB_UP, (FOLDED, FOLDED, FOLDED, FOLDED)),
    "index": HandPose(THUMB_IN, (EXTENDED, FOLDED, FOLDED, FOLDED)),
    "victory": HandPose(THUMB_IN, (FingerPose(5, 5, 3, 8), FingerPose(5, 5, 3, -8), FOLDED, FOLDED)),
    "i_love_you": HandPose(THUMB_OUT, (EXTENDED, FOLDED, FOLDED, EXTENDED)),
}
"""Canonical poses of the handshapes (the thumb shape points up at roll 90 with the palm sideways)."""

SHAPE_FINGERS: dict[str, tuple[int, ...]] = {
    "open": (1, 1, 1, 1, 1),
    "fist": (0, 0, 0, 0, 0),
    "thumb": (1, 0, 0, 0, 0),
    "index": (0, 1, 0, 0, 0),
    "victory": (0, 1, 1, 0, 0),
    "ily": (1, 1, 0, 0, 1),
}
"""Extended (1) or folded (0) fingers of each handshape, thumb to pinky (for assistantd.vision.synthetic)."""
