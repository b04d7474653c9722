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
    brightness_step: int | None = None
    """Percent points up (+) or down (-) from a level nobody reported: the dialect steps the light
    natively (zigbee2mqtt brightness_step, Tasmota Dimmer +/-) rather than guess where it starts."""
    color: str | None = None
    """Color name (CSS)."""
    color_rgb: tuple[int, int, int] | None = None
    color_temp_kelvin: int | None = None
    position: int | None = None
    """Percent open."""
    temperature: float | None = None
    volume: int | None = None
    """Percent."""
    search_query: str | None = None
    """What to find and play (service play_media)."""
    media_class: str | None = None
    """The kind of media searched for (track, album, artist, playlist, podcast, movie, tv_show)."""
