"""Generated pointing scenes: a camera placed in a room, a hand pointing from one point at another, and the
landmarks MediaPipe would give of it (image and world), with noise. For tests/test_vision_room.py and
benchmarks/pointing.py."""

from __future__ import annotations

import math

import numpy as np

from assistantd.config.vision import CameraPose, PointingSettings
from assistantd.vision import kinematics
from assistantd.vision.landmarks import INDEX, HandLandmarks
from assistantd.vision.room import camera_axes

PALM_METRES = 0.095
"""Wrist to middle knuckle of an adult hand."""


def _rotation(axis: np.ndarray, radians: float) -> np.ndarray:
    axis = axis / np.linalg.norm(axis)
    k = np.array([[0, -axis[2], axis[1]], [axis[2], 0, -axis[0]], [-axis[1], axis[0], 0]])
    return np.eye(3) + math.sin(radians) * k + (1 - math.cos(radians)) * (k @ k)


def _aligning(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """A rotation taking unit vector a onto unit vector b."""
    cross, cos = np.cross(a, b), float(a @ b)
    if np.linalg.norm(cross) < 1e-9:
        return np.eye(3) if cos > 0 else _rotation(np.array([1.0, 0.0, 0.0]), math.pi)
    return _rotation(cross, math.acos(max(-1.0, min(1.0, cos))))


def _wobble(direction: np.ndarray, degrees: float, rng: np.random.Generator) -> np.ndarray:
    """The direction turned by a normal error of this many degrees (standard deviation), any way round."""
    if degrees <= 0:
        return direction
    other = np.cross(direction, rng.normal(size=3))
    return _rotation(other, math.radians(rng.normal(0.0, degrees))) @ direction


def misaimed(
    tip: tuple[float, float, float],
    target: tuple[float, float, float],
    degrees: float,
    rng: np.random.Generator,
) -> tuple[float, float, float]:
    """Where a person aiming at target from tip really points: the direction off by a normal error of this
    many degrees (standard deviation), at the target's distance."""
    start, aim = np.array(tip, dtype=float), np.array(target, dtype=float) - np.array(tip, dtype=float)
    length = float(np.linalg.norm(aim))
    point = start + _wobble(aim / length, degrees, rng) * length
    return (float(point[0]), float(point[1]), float(point[2]))


def pointing_hand(
    tip: tuple[float, float, float],
    target: tuple[float, float, float],
    pose: CameraPose,
    settings: PointingSettings,
    rng: np.random.Generator,
    *,
    aim_noise_degrees: float = 0.0,
    image_noise: float = 0.0,
    world_noise_metres: float = 0.0,
    mirrored: bool = False,
) -> HandLandmarks | None:
    """A right hand whose index fingertip is at tip, pointing at target (room metres), as the camera sees
    it; None when it is out of the picture. The palm is rolled at random about the finger."""
    hand = kinematics.landmarks(kinematics.POSES["index"]) * PALM_METRES
    along = hand[INDEX[3]] - hand[INDEX[0]]
    basis = np.stack(camera_axes(pose))  # rows: right, down, forward in the room
    wanted = np.array(target, dtype=float) - np.array(tip, dtype=float)
    wanted = basis @ _wobble(wanted / np.linalg.norm(wanted), aim_noise_degrees, rng)
    turn = _rotation(wanted, rng.uniform(0, 2 * math.pi)) @ _aligning(along / np.linalg.norm(along), wanted)
    shape = hand @ turn.T
    camera = basis @ (np.array(tip, dtype=float) - np.array([pose.x, pose.y, pose.z]))
    points = camera + shape - shape[INDEX[3]]
    if points[:, 2].min() < 0.2:
        return None
    half_h = math.tan(math.radians(settings.horizontal_fov_degrees / 2))
    half_v = math.tan(math.radians(settings.vertical_fov_degrees / 2))
    u = 0.5 + points[:, 0] / (points[:, 2] * 2 * half_h)
    v = 0.5 + points[:, 1] / (points[:, 2] * 2 * half_v)
    if u.min() < 0 or u.max() > 1 or v.min() < 0 or v.max() > 1:
        return None
    depth = (points[:, 2] - points[0, 2]) / (points[:, 2].mean() * 2 * half_h)  # MediaPipe's z: as x, wrist 0
    image = np.stack([u, v, depth], axis=1) + rng.normal(0.0, image_noise, (21, 3)) * (image_noise > 0)
    world = (
        shape - shape.mean(axis=0) + rng.normal(0.0, world_noise_metres, (21, 3)) * (world_noise_metres > 0)
    )
    if mirrored:
        image[:, 0] = 1.0 - image[:, 0]
        world[:, 0] = -world[:, 0]
    return HandLandmarks(
        tuple(tuple(float(c) for c in p) for p in image),
        "right",
        1.0,
        tuple(tuple(float(c) for c in p) for p in world),
    )


def true_distance(tip: tuple[float, float, float], pose: CameraPose) -> float:
    """How far a point is from the camera along its axis, metres."""
    forward = camera_axes(pose)[2]
    return float(forward @ (np.array(tip, dtype=float) - np.array([pose.x, pose.y, pose.z])))
