"""A kinematic hand: joint angles in, 21 MediaPipe-ordered landmarks out. For synthetic data and tests.

The palm lies in the x-y plane with the fingers along -y (up in the image) and the palm facing the
camera (-z). Each long finger flexes at MCP, PIP and DIP about the palm's x axis and spreads about
its normal; the thumb swings at its CMC joint and flexes at MCP and IP. Lengths are in palm lengths
(wrist to middle MCP = 1), from typical adult hand proportions.
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
"""Base of each long finger, palm lengths from the wrist (the thumb is on +x)."""
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
    """Thumb: swing away from the index (degrees), lift off the palm plane, and flexion of MCP and IP."""

    swing: float = 45.0
    lift: float = 20.0
    mcp: float = 0.0
    ip: float = 0.0


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


def landmarks(pose: HandPose) -> np.ndarray:
    """The 21 landmarks (palm lengths; y down, z towards the camera negative) of a pose."""
    points = [np.zeros(3)]
    thumb = pose.thumb
    swing = _rotation(_Z, -thumb.swing) @ np.array([0.0, -1.0, 0.0])
    lift_axis = np.cross(swing, _Z)
    direction = _rotation(lift_axis, thumb.lift) @ swing
    flex_axis = np.cross(direction, np.array([0.0, 0.0, -1.0]))
    points.append(_THUMB_CMC.copy())
    points += _chain(_THUMB_CMC, direction, flex_axis, (0.0, thumb.mcp, thumb.ip), _THUMB_BONES)
    for name, finger in zip(LONG_FINGERS, pose.fingers, strict=True):
        base = np.array([*_MCP[name], 0.0])
        straight = _rotation(_Z, -finger.spread) @ np.array([0.0, -1.0, 0.0])
        points.append(base)
        points += _chain(
            base, straight, -np.cross(straight, _Z), (finger.mcp, finger.pip, finger.dip), _PHALANGES[name]
        )
    return np.array(points)


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
THUMB_OUT = ThumbPose(swing=55.0, lift=20.0, mcp=5.0, ip=5.0)
THUMB_IN = ThumbPose(swing=20.0, lift=55.0, mcp=50.0, ip=50.0)

POSES: dict[str, HandPose] = {
    "open_palm": HandPose(THUMB_OUT, (EXTENDED, EXTENDED, EXTENDED, EXTENDED)),
    "closed_fist": HandPose(THUMB_IN, (FOLDED, FOLDED, FOLDED, FOLDED)),
    "thumb": HandPose(THUMB_OUT, (FOLDED, FOLDED, FOLDED, FOLDED)),
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
"""Extended (1) or folded (0) fingers of each handshape the sampler draws, thumb to pinky."""


def _finger(rng: np.random.Generator, extended: bool) -> FingerPose:
    """A long finger's random pose, extended or curled."""
    if extended:
        return FingerPose(rng.uniform(-10, 25), rng.uniform(0, 25), rng.uniform(0, 20), rng.uniform(-12, 12))
    pip = rng.uniform(70, 110)
    return FingerPose(rng.uniform(55, 95), pip, pip * rng.uniform(0.4, 0.8), rng.uniform(-5, 5))


def _thumb(rng: np.random.Generator, extended: bool) -> ThumbPose:
    """The thumb's random pose: out from the hand, or across the palm or along the index."""
    if extended:
        return ThumbPose(rng.uniform(35, 75), rng.uniform(0, 45), rng.uniform(-5, 20), rng.uniform(-5, 25))
    if rng.random() < 0.5:
        return ThumbPose(rng.uniform(5, 25), rng.uniform(40, 70), rng.uniform(35, 65), rng.uniform(30, 70))
    return ThumbPose(rng.uniform(0, 12), rng.uniform(0, 25), rng.uniform(0, 25), rng.uniform(0, 40))


def sample_pose(rng: np.random.Generator, fingers: tuple[int, ...]) -> HandPose:
    """A random pose with the given fingers extended."""
    long_fingers = tuple(_finger(rng, bool(flag)) for flag in fingers[1:])
    return HandPose(_thumb(rng, bool(fingers[0])), long_fingers)  # type: ignore[arg-type]


def sample_hand(rng: np.random.Generator, fingers: tuple[int, ...], *, noise: float = 0.02) -> np.ndarray:
    """Random landmarks (isotropic image units) of a hand with the given fingers extended."""
    points = landmarks(sample_pose(rng, fingers))
    placed = place(
        points,
        roll=rng.uniform(-180, 180),
        yaw=rng.uniform(-55, 55),
        pitch=rng.uniform(-40, 40),
        mirror=bool(rng.random() < 0.5),
        size=rng.uniform(0.1, 0.4),
    )
    return placed + rng.normal(0.0, noise * 0.2 * 0.25, placed.shape)
