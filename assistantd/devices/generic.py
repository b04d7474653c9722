"""Generic dialect: each service is a configured topic/payload template with safe ``{placeholder}``s.

Substitution replaces ``{name}`` for the names in TEMPLATE_FIELDS only, in one pass of a regular
expression: no str.format, no attribute or index access, no expressions, and substituted values
are never expanded again. Anything else in braces (``{x.__class__}``, ``{0}``, JSON) stays literal.
"""

from __future__ import annotations

import dataclasses
import math
import re

from assistantd.action import Action
from assistantd.colors import hex_color, kelvin_to_mired
from assistantd.config.dialects import GenericDevice
from assistantd.config.domains import TEMPLATE_FIELDS
from assistantd.config.home import Device
from assistantd.devices.command import DeviceCommand
from assistantd.devices.payloads import (
    STATE_WORDS,
    UnsupportedCommand,
    command_mired,
    command_rgb,
    command_temperature,
    decode_object,
    decode_text,
    normal_state,
    number_text,
    percent,
    scale_percent,
    unsupported,
)
from assistantd.devices.state import DeviceState

_ALLOWED_STATES: dict[str, frozenset[str]] = {
    "light": frozenset({"on", "off"}),
    "switch": frozenset({"on", "off"}),
    "fan": frozenset({"on", "off"}),
    "valve": frozenset({"on", "off", "open", "closed", "opening", "closing"}),
    "cover": frozenset({"open", "closed", "opening", "closing"}),
    "lock": frozenset({"locked", "unlocked", "locking", "unlocking", "jammed"}),
    "binary_sensor": frozenset({"on", "off"}),
}
"""States a report may set, per domain (other domains take any word or reading)."""
_PLACEHOLDER = re.compile(r"\{([A-Za-z0-9_]+)\}")
_FIELDS = frozenset(TEMPLATE_FIELDS)
_MAX_TOPIC_BYTES = 65_535


def command_actions(device: Device, block: GenericDevice, command: DeviceCommand) -> tuple[Action, ...]:
    """The device's template for the service, filled in."""
    template = block.action(command.service)
    if template is None:
        raise unsupported(device, command.service)
    values = template_values(device, command)
    topic = render(template.topic, values, device, command.service)
    if not _valid_topic(topic):
        raise UnsupportedCommand(f"The {command.service} template of {device.name} gives an invalid topic")
    payload = render(template.payload, values, device, command.service)
    return (
        Action(topic=topic, payload=payload, qos=template.qos, retain=template.retain, device_id=device.id),
    )


def topic_pattern(device: Device, template: str) -> re.Pattern[str]:
    """The topics a topic template can give for the device: its id and name filled in, any other
    placeholder standing for one topic level."""
    fixed = {"device_id": device.id, "device_name": device.name}
    parts, end = [], 0
    for match in _PLACEHOLDER.finditer(template):
        parts.append(re.escape(template[end : match.start()]))
        value = fixed.get(match.group(1))
        parts.append(re.escape(value) if value is not None else "[^/]*")
        end = match.end()
    parts.append(re.escape(template[end:]))
    return re.compile("".join(parts))


def render(template: str, values: dict[str, str], device: Device, service: str) -> str:
    """A template with every known ``{field}`` replaced; unknown braces stay as written."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in _FIELDS:
            return match.group(0)
        value = values.get(name)
        if value is None:
            raise UnsupportedCommand(f"The {service} template of {device.name} needs a {name} value")
        return value

    return _PLACEHOLDER.sub(replace, template)


def template_values(device: Device, command: DeviceCommand) -> dict[str, str]:
    """The text of every TEMPLATE_FIELDS value the command provides."""
    values = {"device_id": device.id, "device_name": device.name}
    state = STATE_WORDS.get(command.service)
    if state is not None:
        values["state"] = state
    if command.brightness is None and command.brightness_step is not None:
        command = dataclasses.replace(command, brightness=_unknown_level_step(device, command.brightness_step))
    if command.brightness is not None:
        level = percent(command.brightness)
        values["brightness"] = str(level)
        values["brightness_255"] = str(scale_percent(level, 255))
        values["brightness_254"] = str(scale_percent(level, 254))
    if command.color is not None or command.color_rgb is not None:
        values.update(_color_values(device, command))
    if command.color_temp_kelvin is not None:
        mired = command_mired(device, command)
        kelvin = command.color_temp_kelvin
        values["color_temp_mired"] = str(mired)
        values["color_temp_kelvin"] = str(kelvin if kelvin_to_mired(kelvin) == mired else round(1e6 / mired))
    if command.position is not None:
        values["position"] = str(percent(command.position))
    if command.temperature is not None:
        values["temperature"] = number_text(command_temperature(device, command))
    if command.volume is not None:
        values["volume"] = str(percent(command.volume))
    return values


def _color_values(device: Device, command: DeviceCommand) -> dict[str, str]:
    """color_name, color_hex and color_r/g/b."""
    red, green, blue = command_rgb(device, command)
    color_hex = hex_color((red, green, blue))
    return {
        "color_name": command.color or color_hex,
        "color_hex": color_hex,
        "color_r": str(red),
        "color_g": str(green),
        "color_b": str(blue),
    }


def _valid_topic(topic: str) -> bool:
    """Whether a rendered topic may be published to (no wildcards, no NUL, not empty)."""
    if not topic or "+" in topic or "#" in topic or "\x00" in topic:
        return False
    return len(topic.encode("utf-8")) <= _MAX_TOPIC_BYTES


def state_topics(block: GenericDevice) -> tuple[str, ...]:
    """The device's state topic, if it has one."""
    return (block.state_topic,) if block.state_topic else ()


def parse_state(
    device: Device, block: GenericDevice, topic: str, payload: bytes, previous: DeviceState, now_ms: int
) -> DeviceState | None:
    """The state after a report: the payload itself, or one key of a JSON object."""
    if not block.state_topic or topic != block.state_topic:
        return None
    raw: object
    data: dict[str, object] | None = None
    if block.state_value_key is None:
        raw = decode_text(payload)
    else:
        data = decode_object(payload)
        raw = None if data is None else data.get(block.state_value_key)
    state = normal_state(raw)
    allowed = _ALLOWED_STATES.get(device.domain)
    if state is None or (allowed is not None and state not in allowed):
        return None
    if device.domain == "valve" and state in ("on", "off"):
        state = "open" if state == "on" else "closed"
    changes: dict[str, object] = {"state": state}
    temperature = _temperature(device, state)
    if temperature is not None:
        changes["current_temperature"] = temperature
    volume = _volume(device, data)
    if volume is not None:
        changes["volume"] = volume
    setpoint = _setpoint(device, data)
    if setpoint is not None:
        changes["target_temperature"] = setpoint
    return dataclasses.replace(previous, updated_ms=now_ms, **changes)  # type: ignore[arg-type]


def _volume(device: Device, data: dict[str, object] | None) -> int | None:
    """A media player's volume, percent, where its JSON state has a "volume" beside the state key."""
    value = data.get("volume") if data is not None and device.domain == "media_player" else None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return int(value) if 0 <= value <= 100 else None


_SETPOINT_KEYS = ("target_temperature", "setpoint", "temperature")


def _setpoint(device: Device, data: dict[str, object] | None) -> float | None:
    """A thermostat's set-point, where its JSON state has one beside the state key ("target_temperature",
    "setpoint" or "temperature")."""
    if data is None or device.domain != "climate":
        return None
    for key in _SETPOINT_KEYS:
        value = data.get(key)
        if not isinstance(value, bool) and isinstance(value, int | float) and math.isfinite(value):
            return float(value)
    return None


def _temperature(device: Device, state: str) -> float | None:
    """A temperature sensor's reading as a number."""
    if device.domain != "sensor" or (device.device_class or "temperature") != "temperature":
        return None
    try:
        value = float(state)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _unknown_level_step(device: Device, step: int) -> int:
    """A step from a level nobody reported, for a template that needs a level: brighter is full
    brightness (never darker than it was); dimmer cannot be done without moving the wrong way."""
    if step > 0:
        return 100
    raise UnsupportedCommand(
        f"I don't know how bright the {device.name} is now; say a level, like 30 percent"
    )
