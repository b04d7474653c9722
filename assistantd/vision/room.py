"""Pointing in the room: the hand placed in 3D from its landmarks, its ray turned into room coordinates by
the camera's pose, and the devices placed by x, y and z scored by their angle off it. Pure.

Where the hand is comes from its shape. MediaPipe's world landmarks give the hand's real shape in metres
on the camera's axes, the image landmarks where each of its 21 points falls in the picture. Through the
pinhole of the configured field of view, a point at (X, Y, Z) from the camera falls at
u = 0.5 + X / (2 Z tan(hfov / 2)) (likewise v), so with the hand's centre at (Xc, Yc, Zc) and each point
at a known offset from it, every point gives two equations that are linear in the centre: it is their
least-squares solution, perspective included (a palm turned away from the camera, a hand at the edge of
the picture), refined by a few Gauss-Newton steps on the distances in the image itself (the linear form
weighs the landmarks' jitter into its coefficients and places the hand too close). The ray starts at the fingertip and runs along the index finger (knuckle to tip) of the world
landmarks, so it points the same way wherever the person stands: a lamp and the TV behind it on one line
of sight from the camera are told apart by where the hand is, which the image plane alone cannot do.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from assistantd.config.home import Device
from assistantd.config.vision import CameraPose, PointingSettings
from assistantd.vision.landmarks import INDEX, HandLandmarks
from assistantd.vision.pointing import angle_score

MIN_SPREAD_METRES = 0.03
"""A hand whose points spread less than this across the image plane (seen end-on) cannot be placed."""
MIN_DISTANCE_METRES = 0.1
"""A hand placed closer to the camera than this is a misreading."""
TIE_DEGREES = 8.0
"""Devices closer together than this, seen from the pointing hand, are one guess apart: people aim
within a few degrees (3-6 degrees on the generated scenes of benchmarks/pointing.py)."""
REFINE_STEPS = 4
"""Gauss-Newton steps that fit the hand's place to where its points fall in the image."""


@dataclass(frozen=True, slots=True)
class RoomRay:
    """A pointing ray in room coordinates (metres, z up)."""

    origin: tuple[float, float, float]
    """The fingertip."""
    direction: tuple[float, float, float]
    """A unit vector along the index finger."""
    distance_m: float
    """How far the hand is from the camera, along its axis."""


def camera_axes(pose: CameraPose) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The camera's right, down and forward directions in room coordinates (no roll)."""
    yaw, pitch = math.radians(pose.yaw), math.radians(pose.pitch)
    forward = np.array([math.cos(pitch) * math.cos(yaw), math.cos(pitch) * math.sin(yaw), math.sin(pitch)])
    right = np.array([math.sin(yaw), -math.cos(yaw), 0.0])
    return right, np.cross(forward, right), forward


def hand_position(image: np.ndarray, world: np.ndarray, settings: PointingSettings) -> np.ndarray | None:
    """Where the world landmarks' origin is, in camera coordinates (metres: x right, y down, z ahead);
    None when the hand cannot be placed."""
    spread = world[:, :2].max(axis=0) - world[:, :2].min(axis=0)
    if float(np.hypot(*spread)) < MIN_SPREAD_METRES:
        return None
    scale = np.array(
        [2 * _half_tan(settings.horizontal_fov_degrees), 2 * _half_tan(settings.vertical_fov_degrees)]
    )
    seen = (image[:, :2] - 0.5) * scale  # X / Z and Y / Z of each point
    ones, zeros = np.ones(len(seen)), np.zeros(len(seen))
    rows = np.concatenate(
        [np.stack([-ones, zeros, seen[:, 0]], axis=1), np.stack([zeros, -ones, seen[:, 1]], axis=1)]
    )
    targets = np.concatenate([world[:, 0] - seen[:, 0] * world[:, 2], world[:, 1] - seen[:, 1] * world[:, 2]])
    center = np.linalg.lstsq(rows, targets, rcond=None)[0]
    for _ in range(
        REFINE_STEPS
    ):  # the linear solution leans short when the landmarks jitter: refine in the image
        depth = center[2] + world[:, 2]
        if depth.min() < MIN_DISTANCE_METRES:
            return None
        placed = (center[:2] + world[:, :2]) / depth[:, None]
        residual = ((seen - placed) / scale).T.reshape(-1)
        jacobian = np.concatenate([
            np.stack([1 / depth, zeros, -placed[:, 0] / depth], axis=1) / scale[0],
            np.stack([zeros, 1 / depth, -placed[:, 1] / depth], axis=1) / scale[1],
        ])  # fmt: skip
        center = center + np.linalg.lstsq(jacobian, residual, rcond=None)[0]
    return center if center[2] >= MIN_DISTANCE_METRES else None


def room_ray(
    hand: HandLandmarks, pose: CameraPose, settings: PointingSettings, *, mirrored: bool = False
) -> RoomRay | None:
    """The ray of a pointing hand in the room; None without world landmarks or a readable palm."""
    seen = camera_ray(hand, settings, mirrored=mirrored)
    if seen is None:
        return None
    tip_camera, along, distance = seen
    basis = np.stack(camera_axes(pose))  # rows: camera axes in the room
    origin = np.array([pose.x, pose.y, pose.z]) + tip_camera @ basis
    return RoomRay(_triple(origin), _triple(along @ basis), round(distance, 3))


def camera_ray(
    hand: HandLandmarks, settings: PointingSettings, *, mirrored: bool = False
) -> tuple[np.ndarray, np.ndarray, float] | None:
    """The fingertip and the unit direction of the index finger in camera coordinates (metres: x right,
    y down, z ahead), and the hand's distance along the camera's axis; None without world landmarks or a
    readable palm."""
    if len(hand.world) != 21 or len(hand.points) != 21:
        return None
    image, world = np.array(hand.points, dtype=float), np.array(hand.world, dtype=float)
    if mirrored:  # back to the camera's own view
        image[:, 0] = 1.0 - image[:, 0]
        world[:, 0] = -world[:, 0]
    center = hand_position(image, world, settings)
    along = world[INDEX[3]] - world[INDEX[0]]
    if center is None or float(np.linalg.norm(along)) < 1e-6:
        return None
    return center + world[INDEX[3]], along / np.linalg.norm(along), float(center[2])


def mean_ray(rays: Sequence[RoomRay]) -> RoomRay:
    """The average of the rays of one held pointing (frames of the same gesture): the landmarks' jitter
    averages out, the person's aim does not."""
    origin = np.mean([ray.origin for ray in rays], axis=0)
    direction = np.sum([ray.direction for ray in rays], axis=0)
    length = float(np.linalg.norm(direction))
    if length < 1e-9:
        return rays[-1]
    distance = float(np.mean([ray.distance_m for ray in rays]))
    return RoomRay(_triple(origin), _triple(direction / length), round(distance, 3))


def room_candidates(
    ray: RoomRay, devices: Iterable[Device], settings: PointingSettings
) -> tuple[tuple[str, float], ...]:
    """(device id, score) of the devices placed in the room near the ray, best first. A runner-up that lies
    within TIE_DEGREES of the best, seen from the hand, scores as the best does: a person's aim cannot
    tell them apart, so the fusion asks (unless the words choose)."""
    origin, direction = np.array(ray.origin), np.array(ray.direction)
    found: list[tuple[str, float, np.ndarray]] = []
    for device in devices:
        place = None if device.location is None else device.location.in_room
        if place is None:
            continue
        towards = np.array(place) - origin
        length = float(np.linalg.norm(towards))
        if length < 1e-6:
            found.append((device.id, 1.0, direction))
            continue
        off = math.degrees(math.acos(max(-1.0, min(1.0, float(towards @ direction) / length))))
        score = angle_score(off, settings)
        if score is not None:
            found.append((device.id, score, towards / length))
    found.sort(key=lambda item: (-item[1], item[0]))
    if not found:
        return ()
    best = found[0]
    return tuple(
        (device_id, best[1] if _apart(best[2], seen) < TIE_DEGREES else score)
        for device_id, score, seen in found
    )


def _apart(first: np.ndarray, second: np.ndarray) -> float:
    """The angle between two directions, degrees."""
    return math.degrees(math.acos(max(-1.0, min(1.0, float(first @ second)))))


def _half_tan(fov_degrees: float) -> float:
    return math.tan(math.radians(fov_degrees / 2))


def _triple(vector: np.ndarray) -> tuple[float, float, float]:
    return (round(float(vector[0]), 4), round(float(vector[1]), 4), round(float(vector[2]), 4))
