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

TEMPLATE_FIELDS: tuple[str, ...] = (
    "device_id",
    "device_name",
    "state",
    "brightness",
    "brightness_255",
    "brightness_254",
    "color_name",
    "color_hex",
    "color_r",
    "color_g",
    "color_b",
    "color_temp_kelvin",
    "color_temp_mired",
    "position",
    "temperature",
    "volume",
)
"""Placeholders a generic device's topic and payload templates may use, as ``{name}``.

Substitution is plain text replacement of these names only: no expressions, no attribute
access, no code from YAML. "state" is ON/OFF-style for the service ("ON", "OFF", "TOGGLE",
"OPEN", "CLOSE", "LOCK", "UNLOCK", "PAUSE", "PLAY", "NEXT", "PREVIOUS")."""
