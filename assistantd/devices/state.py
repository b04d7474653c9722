"""What assistantd knows of a device's current state (from its MQTT state topics)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DeviceState:
    """The last reported state of one device; None where unknown."""

    state: str | None = None
    """Normalised: "on"/"off", "open"/"closed"/"opening"/"closing", "locked"/"unlocked",
    "playing"/"paused"/"idle", "home"/"not_home", a climate mode, or a sensor's reading."""
    brightness: int | None = None
    """Percent."""
    position: int | None = None
    """Percent open."""
    current_temperature: float | None = None
    target_temperature: float | None = None
    volume: int | None = None
    """Percent."""
    updated_ms: int = 0
    """Monotonic time of the last update."""


def known_brightness(state: DeviceState | None) -> int | None:
    """A light's brightness as last reported, percent (0 when reported off); None when nobody said."""
    if state is None:
        return None
    if (state.state or "").casefold() == "off":
        return 0
    return state.brightness
