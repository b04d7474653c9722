"""The pointing ray: from the index finger, through the image plane, to the devices placed in it. Pure.

Devices are placed in the camera's image plane, extended beyond its borders: a device given by
image coordinates sits there; one given by bearing and elevation is projected through the camera's
field of view (a pinhole: x = 0.5 + tan(bearing) / (2 tan(hfov / 2))), so any direction within 90
degrees of the camera's axis has a place. The ray starts at the fingertip and runs along the index
finger (knuckle to tip); a device scores by its angle off the ray, 1 on it, 0.5 at half the
configured maximum, nothing beyond the maximum.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from assistantd.config.home import Device
from assistantd.config.vision import DeviceLocation, PointingSettings
from assistantd.vision.landmarks import INDEX

_HALF_LIFE = 0.5
"""Score 0.5 at this share of the maximum angle."""


@dataclass(frozen=True, slots=True)
class Ray:
    """A pointing ray in image-normalised coordinates, with its direction as angles."""

    origin: tuple[float, float]
    """Fingertip, x and y in 0-1."""
    bearing_degrees: float
    """Direction within the image: 0 up, 90 to the camera's right, -90 left, 180 down."""
    elevation_degrees: float = 0.0
    """Tilt out of the image plane, positive towards the camera (0 when depth is unknown)."""


def image_point(location: DeviceLocation, settings: PointingSettings) -> tuple[float, float] | None:
    """Where a device lies in the (extended) image plane, 0-1 inside the frame; None when unplaced."""
    if location.image_x is not None and location.image_y is not None:
        return location.image_x, location.image_y
    if location.bearing_degrees is None:
        return None
    half_h = math.tan(math.radians(settings.horizontal_fov_degrees / 2))
    half_v = math.tan(math.radians(settings.vertical_fov_degrees / 2))
    x = 0.5 + math.tan(math.radians(location.bearing_degrees)) / (2 * half_h)
    y = 0.5 - math.tan(math.radians(location.elevation_degrees or 0.0)) / (2 * half_v)
    return x, y


def ray_from_hand(
    points: tuple[tuple[float, float, float], ...], aspect: float, *, mirrored: bool = False
) -> Ray:
    """The ray along the index finger (knuckle to tip) of 21 image-normalised landmarks."""
    knuckle, tip = points[INDEX[0]], points[INDEX[3]]
    dx, dy, dz = (tip[0] - knuckle[0]) * aspect, tip[1] - knuckle[1], (tip[2] - knuckle[2]) * aspect
    if mirrored:
        dx = -dx
    bearing = math.degrees(math.atan2(dx, -dy))
    elevation = math.degrees(math.atan2(-dz, math.hypot(dx, dy)))
    origin = (1.0 - tip[0], tip[1]) if mirrored else (tip[0], tip[1])
    return Ray(origin, bearing, elevation)


def candidates(
    ray: Ray, devices: Iterable[Device], settings: PointingSettings, aspect: float
) -> tuple[tuple[str, float], ...]:
    """(device id, score) of the placed devices near the ray, best first."""
    direction = math.radians(ray.bearing_degrees)
    ux, uy = math.sin(direction), -math.cos(direction)
    found = []
    for device in devices:
        point = None if device.location is None else image_point(device.location, settings)
        if point is None:
            continue
        vx, vy = (point[0] - ray.origin[0]) * aspect, point[1] - ray.origin[1]
        distance = math.hypot(vx, vy)
        if distance < 1e-6:
            found.append((device.id, 1.0))
            continue
        off = math.degrees(math.acos(max(-1.0, min(1.0, (ux * vx + uy * vy) / distance))))
        score = angle_score(off, settings)
        if score is not None:
            found.append((device.id, score))
    return tuple(sorted(found, key=lambda item: (-item[1], item[0])))


def angle_score(off_degrees: float, settings: PointingSettings) -> float | None:
    """A device's score by its angle off the ray: 1 on it, 0.5 at half the maximum, None beyond it."""
    if off_degrees > settings.max_angle_degrees:
        return None
    return round(0.5 ** ((off_degrees / (settings.max_angle_degrees * _HALF_LIFE)) ** 2), 3)
