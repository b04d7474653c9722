"""A device-level command (what to do to one device), before a dialect turns it into MQTT."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DeviceCommand:
    """One service call on one device, with its arguments in assistantd's units."""

    service: str
    """One of config.domains.SERVICES."""
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
