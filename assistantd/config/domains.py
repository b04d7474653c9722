"""What each device domain can do: its services and capabilities (used to check the config)."""

from __future__ import annotations

from assistantd.config.model import DOMAINS

_ON_OFF = ("turn_on", "turn_off", "toggle")

DOMAIN_SERVICES: dict[str, tuple[str, ...]] = {
    "light": (*_ON_OFF, "set_brightness", "set_color", "set_color_temp"),
    "switch": _ON_OFF,
    "fan": _ON_OFF,
    "cover": ("open", "close", "toggle", "set_position"),
    "valve": ("open", "close", "toggle", "set_position"),
    "lock": ("lock", "unlock"),
    "climate": ("turn_on", "turn_off", "set_temperature"),
    "media_player": (*_ON_OFF, "pause", "play", "next", "previous", "set_volume"),
    "scene": ("activate", "turn_on"),
    "script": ("activate", "turn_on", "turn_off"),
    "sensor": (),
    "binary_sensor": (),
    "person": (),
}
"""Domain -> the services (rules.command.SERVICES) that make sense for it."""

DOMAIN_CAPABILITIES: dict[str, tuple[str, ...]] = {
    **{domain: () for domain in DOMAINS},
    "light": ("brightness", "color", "color_temp", "transition_seconds"),
    "cover": ("position",),
    "valve": ("position",),
    "climate": ("temperature",),
    "media_player": ("volume",),
}
"""Domain -> the capabilities a device of it may declare."""

SERVICE_CAPABILITY: dict[str, str] = {
    "set_brightness": "brightness",
    "set_color": "color",
    "set_color_temp": "color_temp",
    "set_position": "position",
    "set_volume": "volume",
}
"""Services that need a capability (for devices other than generic ones)."""

UNIT_DOMAINS: tuple[str, ...] = ("sensor", "climate")
"""Domains whose devices may name a unit."""
