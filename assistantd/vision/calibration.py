"""The camera's yaw and pitch from a person pointing at known places (devices with x, y and z). Pure.

Where a camera is fixed is easy to measure with a tape; which way it looks is not. With the camera's
position known, every pointing hand seen gives its fingertip and its finger's direction in the camera's
own coordinates (vision.room.camera_ray); the pose sought is the one that turns each of those rays onto
the place the person pointed at. The angles are searched over the whole sphere on a coarse grid, then on
finer ones around the best, minimising the mean squared angle between each ray and its target: no
starting guess, nothing to diverge, the same answer every time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assistantd.config.vision import CameraPose, PointingSettings
from assistantd.vision.landmarks import HandLandmarks
from assistantd.vision.room import camera_ray

COARSE_STEP_DEGREES = 2.0
"""The first search's grid over yaw and pitch."""
FINE_STEPS_DEGREES = (0.4, 0.08)
"""Each finer search covers the previous step around the best, in these steps."""
MIN_TARGETS = 2
"""Places pointed at that a calibration needs: one can be matched by two poses."""
PER_TARGET = 24
"""Rays kept of each place (evenly through the frames): more only costs memory in the search."""


@dataclass(frozen=True, slots=True)
class Sighting:
    """A pointing hand seen while the person pointed at a known place."""

    hand: HandLandmarks
    target: tuple[float, float, float]
    """The place pointed at, room metres (z up)."""


@dataclass(frozen=True, slots=True)
class Calibration:
    """The pose found, and how far off each place the rays point with it."""

    pose: CameraPose
    errors_degrees: dict[tuple[float, float, float], float]
    """For each place pointed at, the mean angle between its rays and the way to it."""
    used: int
    """Rays the pose was fitted to (sightings whose hand could be placed, at most PER_TARGET a place)."""


class CalibrationError(ValueError):
    """Too little was seen to calibrate."""


def calibrate(
    sightings: Sequence[Sighting],
    position: tuple[float, float, float],
    settings: PointingSettings,
    *,
    mirrored: bool = False,
) -> Calibration:
    """The yaw and pitch (degrees) that best turn the rays seen onto their targets, from a camera at
    position; CalibrationError with fewer than MIN_TARGETS places whose pointing hands could be placed."""
    seen_at: dict[tuple[float, float, float], list[tuple[np.ndarray, np.ndarray]]] = {}
    for sighting in sightings:
        seen = camera_ray(sighting.hand, settings, mirrored=mirrored)
        if seen is not None:
            seen_at.setdefault(sighting.target, []).append(seen[:2])
    tips, alongs, targets = [], [], []
    for place, seen in seen_at.items():
        for index in np.linspace(0, len(seen) - 1, min(len(seen), PER_TARGET)).round().astype(int):
            tips.append(seen[index][0])
            alongs.append(seen[index][1])
            targets.append(place)
    places = sorted(seen_at)
    if len(places) < MIN_TARGETS:
        raise CalibrationError(f"pointing seen at {len(places)} place(s); at least {MIN_TARGETS} are needed")
    rays = (np.array(tips), np.array(alongs), np.array(targets, dtype=float) - np.array(position))
    yaw, pitch = _search(
        rays, np.arange(-180.0, 180.0, COARSE_STEP_DEGREES), np.arange(-88.0, 88.1, COARSE_STEP_DEGREES)
    )
    step = COARSE_STEP_DEGREES
    for fine in FINE_STEPS_DEGREES:
        near = np.arange(-step, step + fine / 2, fine)
        yaw, pitch = _search(rays, yaw + near, np.clip(pitch + near, -90.0, 90.0))
        step = fine
    yaw = (yaw + 180.0) % 360.0 - 180.0
    off = _angles(rays, np.array([yaw]), np.array([pitch]))[0]
    errors = {
        place: round(float(np.mean([a for a, t in zip(off, targets, strict=True) if t == place])), 2)
        for place in places
    }
    pose = CameraPose(position[0], position[1], position[2], round(yaw, 1), round(pitch, 1))
    return Calibration(pose, errors, len(targets))


def _search(
    rays: tuple[np.ndarray, np.ndarray, np.ndarray], yaws: np.ndarray, pitches: np.ndarray
) -> tuple[float, float]:
    """The grid point (yaw, pitch) with the least mean squared angle."""
    grid_yaw, grid_pitch = (a.reshape(-1) for a in np.meshgrid(yaws, pitches, indexing="ij"))
    cost = np.mean(_angles(rays, grid_yaw, grid_pitch) ** 2, axis=1)
    best = int(np.argmin(cost))
    return float(grid_yaw[best]), float(grid_pitch[best])


def _angles(
    rays: tuple[np.ndarray, np.ndarray, np.ndarray], yaws: np.ndarray, pitches: np.ndarray
) -> np.ndarray:
    """Degrees between each ray and its target, for each candidate pose: shape (poses, rays)."""
    tips, alongs, targets = rays  # targets relative to the camera, in the room
    y, p = np.radians(yaws), np.radians(pitches)
    forward = np.stack([np.cos(p) * np.cos(y), np.cos(p) * np.sin(y), np.sin(p)], axis=1)
    right = np.stack([np.sin(y), -np.cos(y), np.zeros_like(y)], axis=1)
    down = np.cross(forward, right)
    basis = np.stack([right, down, forward], axis=1)  # (poses, 3 camera axes, 3 room)
    origins = np.einsum("rc,pcw->prw", tips, basis)
    directions = np.einsum("rc,pcw->prw", alongs, basis)
    towards = targets[None, :, :] - origins
    cos = np.sum(towards * directions, axis=2) / np.maximum(np.linalg.norm(towards, axis=2), 1e-9)
    return np.degrees(np.arccos(np.clip(cos, -1.0, 1.0)))
