"""The device domains and what each can do: the service names, each domain's services and capabilities, and
the placeholders of generic templates (used to check the config and by the dialects)."""

from __future__ import annotations

DOMAINS: tuple[str, ...] = (
    "light",
    "switch",
    "fan",
    "cover",
    "valve",
    "lock",
    "climate",
    "media_player",
    "sensor",
    "binary_sensor",
    "scene",
    "script",
    "person",
    "vacuum",
)
"""Device domains, named as Home Assistant names them."""

ACTUATED_DOMAINS: frozenset[str] = frozenset(
    {"light", "switch", "fan", "cover", "valve", "lock", "climate", "media_player", "scene", "script",
     "vacuum"}
)
"""Domains whose devices accept commands (the others only report state)."""

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
    "vacuum": ("start", "return_to_base", "stop"),
}
"""Domain -> the services (SERVICES) that make sense for it."""

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
    "start",
    "return_to_base",
    "stop",
)
"""Service names; a generic device's action templates are keyed by these."""

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
"OPEN", "CLOSE", "LOCK", "UNLOCK", "PAUSE", "PLAY", "NEXT", "PREVIOUS", "START", "RETURN_TO_BASE", "STOP")."""
