"""A device-level command (what to do to one device), before a dialect turns it into MQTT."""

from __future__ import annotations

from dataclasses import dataclass

SERVICES: tuple[str, ...] = (
    "turn_on",
    "turn_off",
    "toggle",
    "set_brightness",
    "set_color",
    "set_color_temp",
    "open",
    "close",
    "set_position",
    "lock",
    "unlock",
    "set_temperature",
    "pause",
    "play",
    "next",
    "previous",
    "set_volume",
    "activate",
)
"""Service names; a generic device's action templates are keyed by these."""


@dataclass(frozen=True, slots=True)
class DeviceCommand:
    """One service call on one device, with its arguments in assistantd's units."""

    service: str
    """One of SERVICES."""
    brightness: int | None = None
    """Percent 0-100."""
    color: str | None = None
    """Color name (CSS)."""
    color_rgb: tuple[int, int, int] | None = None
    color_temp_kelvin: int | None = None
    position: int | None = None
    """Percent open."""
    temperature: float | None = None
    volume: int | None = None
    """Percent."""
