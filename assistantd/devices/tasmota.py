"""Tasmota dialect: plain-text commands on <cmnd>/<topic>/<Command>, state on stat/ and tele/ topics.

Commands as Tasmota documents them: ``POWER``/``POWER<n>`` ON, OFF, TOGGLE; ``Dimmer`` 0-100;
``Color`` "r,g,b"; ``CT`` 153-500 mired; ``ShutterOpen``, ``ShutterClose``, ``ShutterToggle``
and ``ShutterPosition`` for shutters. For a cover, ``power_index`` names the shutter number
(``ShutterOpen2``); for anything else it names the relay. Telemetry uses the ``tele`` prefix.
"""

from __future__ import annotations

import dataclasses

from assistantd.action import Action
from assistantd.config.dialects import TasmotaDevice
from assistantd.config.home import Device
from assistantd.devices.command import DeviceCommand
from assistantd.devices.payloads import (
    command_brightness,
    command_mired,
    command_position,
    command_rgb,
    decode_object,
    decode_text,
    normal_state,
    number_in,
    unsupported,
)
from assistantd.devices.state import DeviceState

TELE_PREFIX = "tele"
"""Tasmota's default telemetry prefix (%prefix% 3)."""

_POWER_DOMAINS = frozenset({"light", "switch", "fan", "valve"})
_POWER_WORDS: dict[str, str] = {
    "turn_on": "ON",
    "turn_off": "OFF",
    "toggle": "TOGGLE",
    "open": "ON",
    "close": "OFF",
}
_SHUTTER_COMMANDS: dict[str, str] = {
    "open": "ShutterOpen",
    "close": "ShutterClose",
    "toggle": "ShutterToggle",
}
_CT_MIN_MIRED = 153
_CT_MAX_MIRED = 500

Changes = dict[str, object]


def _suffix(block: TasmotaDevice) -> str:
    """The relay or shutter number appended to a command ("" for the first/only one)."""
    return "" if block.power_index is None else str(block.power_index)


def _action(device: Device, block: TasmotaDevice, command: str, payload: str) -> tuple[Action, ...]:
    """One publish on <cmnd>/<topic>/<command>."""
    topic = f"{block.full_topic_prefix_cmnd}/{block.topic}/{command}"
    return (Action(topic=topic, payload=payload, device_id=device.id),)


def command_actions(device: Device, block: TasmotaDevice, command: DeviceCommand) -> tuple[Action, ...]:
    """The publish that carries out a command."""
    service = command.service
    if device.domain == "cover":
        return _shutter_actions(device, block, command)
    if device.domain not in _POWER_DOMAINS:
        raise unsupported(device, service)
    on_off = service in ("turn_on", "turn_off", "toggle")
    if on_off or (device.domain == "valve" and service in ("open", "close")):
        return _action(device, block, f"POWER{_suffix(block)}", _POWER_WORDS[service])
    if device.domain == "light":
        return _light_actions(device, block, command)
    raise unsupported(device, service)


def _light_actions(device: Device, block: TasmotaDevice, command: DeviceCommand) -> tuple[Action, ...]:
    """Dimmer, Color and CT (each also turns the light on, Tasmota's default)."""
    caps = device.capabilities
    service = command.service
    if service == "set_brightness" and caps.brightness and command.brightness_step is not None:
        return _action(device, block, "Dimmer", "+" if command.brightness_step > 0 else "-")  # its DimmerStep
    if service == "set_brightness" and caps.brightness:
        return _action(device, block, "Dimmer", str(command_brightness(device, command)))
    if service == "set_color" and caps.color:
        red, green, blue = command_rgb(device, command)
        return _action(device, block, "Color", f"{red},{green},{blue}")
    if service == "set_color_temp" and caps.color_temp:
        mired = command_mired(device, command, _CT_MIN_MIRED, _CT_MAX_MIRED)
        return _action(device, block, "CT", str(mired))
    raise unsupported(device, service)


def _shutter_actions(device: Device, block: TasmotaDevice, command: DeviceCommand) -> tuple[Action, ...]:
    """ShutterOpen/Close/Toggle (no payload) and ShutterPosition n."""
    suffix = _suffix(block)
    if command.service == "set_position" and device.capabilities.position:
        position = command_position(device, command)
        return _action(device, block, f"ShutterPosition{suffix}", str(position))
    name = _SHUTTER_COMMANDS.get(command.service)
    if name is None:
        raise unsupported(device, command.service)
    return _action(device, block, f"{name}{suffix}", "")


def _power_key(block: TasmotaDevice) -> str:
    """The POWER key (and stat topic leaf) for the device's relay."""
    return f"POWER{_suffix(block)}"


def state_topics(device: Device, block: TasmotaDevice) -> tuple[str, ...]:
    """The topics to subscribe to for a device's state."""
    stat = f"{block.full_topic_prefix_stat}/{block.topic}"
    tele = f"{TELE_PREFIX}/{block.topic}"
    topics = [f"{stat}/RESULT", f"{tele}/STATE", f"{tele}/SENSOR"]
    if device.domain in _POWER_DOMAINS:
        topics.insert(1, f"{stat}/{_power_key(block)}")
    return tuple(topics)


def parse_state(
    device: Device, block: TasmotaDevice, topic: str, payload: bytes, previous: DeviceState, now_ms: int
) -> DeviceState | None:
    """The state after a report, or None when the message says nothing about the device."""
    topics = state_topics(device, block)
    if topic not in topics:
        return None
    if device.domain in _POWER_DOMAINS and topic == topics[1]:
        changes = _power_changes(device, decode_text(payload))
    else:
        data = decode_object(payload)
        changes = {} if data is None else _json_changes(device, block, data)
    if not changes:
        return None
    return dataclasses.replace(previous, updated_ms=now_ms, **changes)  # type: ignore[arg-type]


def _power_changes(device: Device, raw: object) -> Changes:
    """ON/OFF as on/off (open/closed for a valve)."""
    state = normal_state(raw)
    if state not in ("on", "off"):
        return {}
    if device.domain == "valve":
        state = "open" if state == "on" else "closed"
    return {"state": state}


def _json_changes(device: Device, block: TasmotaDevice, data: dict[str, object]) -> Changes:
    """What a RESULT, STATE or SENSOR object says about the device."""
    if device.domain in _POWER_DOMAINS:
        changes = _power_changes(device, _power_value(block, data))
        dimmer = number_in(data.get("Dimmer"), 0, 100)
        if dimmer is not None and device.domain == "light":
            changes["brightness"] = round(dimmer)
        return changes
    if device.domain == "cover":
        return _shutter_changes(block, data)
    if device.domain == "sensor":
        return _sensor_changes(device, data)
    return {}


def _power_value(block: TasmotaDevice, data: dict[str, object]) -> object:
    """The relay's POWER value; a single-relay device reports POWER for relay 1."""
    key = _power_key(block)
    if key in data:
        return data[key]
    return data.get("POWER") if block.power_index == 1 else None


def _shutter_changes(block: TasmotaDevice, data: dict[str, object]) -> Changes:
    """Shutter<n> {"Position": p, "Direction": d}: position and open/closed/opening/closing."""
    shutter = data.get(f"Shutter{block.power_index or 1}")
    if not isinstance(shutter, dict):
        return {}
    position = number_in(shutter.get("Position"), 0, 100)
    if position is None:
        return {}
    direction = number_in(shutter.get("Direction"), -1, 1)
    if direction:
        state = "opening" if direction > 0 else "closing"
    else:
        state = "open" if position > 0 else "closed"
    return {"position": round(position), "state": state}


def _sensor_changes(device: Device, data: dict[str, object]) -> Changes:
    """A reading named after the device class ("Temperature"), at the top or one level down."""
    key = (device.device_class or "temperature").replace("_", " ").title().replace(" ", "")
    value = data.get(key)
    if value is None:
        nested = [item.get(key) for item in data.values() if isinstance(item, dict)]
        value = next((item for item in nested if item is not None), None)
    reading = number_in(value, -1e9, 1e9)
    if reading is None:
        return {}
    changes: Changes = {"state": normal_state(reading)}
    if key == "Temperature":
        changes["current_temperature"] = reading
    return changes
