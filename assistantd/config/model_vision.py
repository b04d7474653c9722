"""Configuration of the camera, hand and face landmarks, gestures and device positions (the `vision:` section)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class VisionConfig:
    """The `vision:` section; absent means the daemon does not watch."""


@dataclass(frozen=True, slots=True)
class DeviceLocation:
    """Where a device is as seen from the camera: a direction, or a point in the image."""

    bearing_degrees: float | None = None
    """Horizontal angle from the camera's axis, positive to the camera's right."""
    elevation_degrees: float | None = None
    """Vertical angle from the camera's axis, positive up."""
    image_x: float | None = None
    """Horizontal position in the image, 0 (left) to 1 (right)."""
    image_y: float | None = None
    """Vertical position in the image, 0 (top) to 1 (bottom)."""
