"""zigbee2mqtt dialect: JSON commands on <base>/<friendly_name>/set, state on <base>/<friendly_name>.

Payloads follow the exposes zigbee2mqtt documents: ``state`` ON/OFF/TOGGLE (lights, switches,
fans, valves), ``brightness`` 0-254, ``color`` {"hex": ...}, ``color_temp`` in mired and
``transition`` seconds for lights; ``state`` OPEN/CLOSE and ``position`` for covers; ``state``
LOCK/UNLOCK for locks; ``current_heating_setpoint`` for thermostats. Color and white commands
also send ``"state": "ON"`` so that "make it red" lights a light that was off.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from assistantd.action import Action
from assistantd.colors import hex_color
from assistantd.config.dialects import Zigbee2MqttDevice
from assistantd.config.home import Device
from assistantd.devices.command import DeviceCommand
from assistantd.devices.payloads import (
    command_brightness,
    command_mired,
    command_position,
    command_rgb,
    command_temperature,
    decode_object,
    dumps,
    json_number,
    normal_state,
    number_in,
    scale_percent,
    unsupported,
)
from assistantd.devices.state import DeviceState

_ON_OFF: dict[str, str] = {"turn_on": "ON", "turn_off": "OFF", "toggle": "TOGGLE"}
_COVER: dict[str, str] = {"open": "OPEN", "close": "CLOSE"}
_LOCK: dict[str, str] = {"lock": "LOCK", "unlock": "UNLOCK"}
_VALVE: dict[str, str] = {"open": "ON", "close": "OFF", "toggle": "TOGGLE"}
_CONTACT_CLASSES = frozenset({"door", "window", "garage_door", "opening"})
_OCCUPANCY_CLASSES = frozenset({"motion", "occupancy", "presence"})

Body = dict[str, object]
Changes = dict[str, object]


def command_topic(block: Zigbee2MqttDevice) -> str:
    """Where a device's commands go."""
    return f"{block.base_topic}/{block.friendly_name}/set"


def state_topic(block: Zigbee2MqttDevice) -> str:
    """Where a device reports its state."""
    return f"{block.base_topic}/{block.friendly_name}"


def command_actions(device: Device, block: Zigbee2MqttDevice, command: DeviceCommand) -> tuple[Action, ...]:
    """The one JSON publish that carries out a command."""
    build = _BUILDERS.get(device.domain)
    if build is None:
        raise unsupported(device, command.service)
    body = build(device, command)
    return (Action(topic=command_topic(block), payload=dumps(body), device_id=device.id),)


def _from_table(table: dict[str, str], device: Device, command: DeviceCommand) -> Body:
    """{"state": WORD} for a service found in a table of state words."""
    word = table.get(command.service)
    if word is None:
        raise unsupported(device, command.service)
    return {"state": word}


def _switch_body(device: Device, command: DeviceCommand) -> Body:
    """Switches and fans: on, off, toggle."""
    return _from_table(_ON_OFF, device, command)


def _valve_body(device: Device, command: DeviceCommand) -> Body:
    """Valves (zigbee water valves switch): open is ON, close is OFF."""
    return _from_table(_VALVE, device, command)


def _lock_body(device: Device, command: DeviceCommand) -> Body:
    """Locks: LOCK, UNLOCK."""
    return _from_table(_LOCK, device, command)


def _cover_body(device: Device, command: DeviceCommand) -> Body:
    """Covers: OPEN, CLOSE, or a position where the cover supports one."""
    if command.service == "set_position" and device.capabilities.position:
        return {"position": command_position(device, command)}
    return _from_table(_COVER, device, command)


def _climate_body(device: Device, command: DeviceCommand) -> Body:
    """Thermostats: the heating setpoint."""
    if command.service != "set_temperature":
        raise unsupported(device, command.service)
    return {"current_heating_setpoint": json_number(command_temperature(device, command))}


def _light_body(device: Device, command: DeviceCommand) -> Body:
    """Lights: on/off/toggle, brightness, color and white temperature, with the default fade."""
    caps = device.capabilities
    service = command.service
    body: Body
    if service in _ON_OFF:
        body = {"state": _ON_OFF[service]}
    elif service == "set_brightness" and caps.brightness and command.brightness_step is not None:
        body = {"brightness_step": round(command.brightness_step * 254 / 100)}  # zigbee2mqtt's 0-254 scale
    elif service == "set_brightness" and caps.brightness:
        level = scale_percent(command_brightness(device, command), 254)
        body = {"state": "OFF"} if level == 0 else {"state": "ON", "brightness": level}
    elif service == "set_color" and caps.color:
        body = {"state": "ON", "color": {"hex": hex_color(command_rgb(device, command))}}
    elif service == "set_color_temp" and caps.color_temp:
        body = {"state": "ON", "color_temp": command_mired(device, command)}
    else:
        raise unsupported(device, service)
    if caps.transition_seconds is not None:
        body["transition"] = json_number(caps.transition_seconds)
    return body


_BUILDERS: dict[str, Callable[[Device, DeviceCommand], Body]] = {
    "light": _light_body,
    "switch": _switch_body,
    "fan": _switch_body,
    "valve": _valve_body,
    "cover": _cover_body,
    "lock": _lock_body,
    "climate": _climate_body,
}


def state_topics(block: Zigbee2MqttDevice) -> tuple[str, ...]:
    """The topics to subscribe to for a device's state."""
    return (state_topic(block),)


def parse_state(
    device: Device, block: Zigbee2MqttDevice, topic: str, payload: bytes, previous: DeviceState, now_ms: int
) -> DeviceState | None:
    """The state after a report, or None when the message says nothing about the device."""
    if topic != state_topic(block):
        return None
    data = decode_object(payload)
    if data is None:
        return None
    changes = _READERS.get(device.domain, _read_on_off)(device, data)
    if not changes:
        return None
    return dataclasses.replace(previous, updated_ms=now_ms, **changes)  # type: ignore[arg-type]


def _read_on_off(device: Device, data: dict[str, object]) -> Changes:
    """state ON/OFF (lights, switches, fans), and a light's brightness as percent."""
    changes: Changes = {}
    state = normal_state(data.get("state"))
    if state in ("on", "off"):
        changes["state"] = state
    brightness = number_in(data.get("brightness"), 0, 254)
    if brightness is not None and device.domain == "light":
        changes["brightness"] = round(brightness * 100 / 254)
    return changes


def _read_valve(device: Device, data: dict[str, object]) -> Changes:
    """A valve's ON/OFF as open/closed."""
    state = normal_state(data.get("state"))
    return {"state": {"on": "open", "off": "closed"}[state]} if state in ("on", "off") else {}


def _read_cover(device: Device, data: dict[str, object]) -> Changes:
    """A cover's OPEN/CLOSE and position (0 closed - 100 open)."""
    changes: Changes = {}
    position = number_in(data.get("position"), 0, 100)
    if position is not None:
        changes["position"] = round(position)
        changes["state"] = "open" if position > 0 else "closed"
    state = normal_state(data.get("state"))
    if state in ("open", "closed", "opening", "closing"):
        changes["state"] = state
    return changes


def _read_lock(device: Device, data: dict[str, object]) -> Changes:
    """A lock's lock_state (locked/unlocked/not_fully_locked), else its LOCK/UNLOCK state."""
    for key in ("lock_state", "state"):
        state = normal_state(data.get(key))
        if state in ("locked", "unlocked", "jammed"):
            return {"state": state}
    return {}


def _read_climate(device: Device, data: dict[str, object]) -> Changes:
    """A thermostat's mode, measured temperature and setpoint."""
    changes: Changes = {}
    mode = normal_state(data.get("system_mode"))
    if mode is not None:
        changes["state"] = mode
    current = number_in(data.get("local_temperature"), -100, 200)
    if current is not None:
        changes["current_temperature"] = current
    target = number_in(data.get("current_heating_setpoint"), -100, 200)
    if target is not None:
        changes["target_temperature"] = target
    return changes


def _read_sensor(device: Device, data: dict[str, object]) -> Changes:
    """A sensor's reading, under its device class ("temperature" when none is given)."""
    key = device.device_class or "temperature"
    value = data.get(key)
    reading = normal_state(value)
    if reading is None or isinstance(value, bool):
        return {}
    changes: Changes = {"state": reading}
    temperature = number_in(value, -100, 200)
    if key == "temperature" and temperature is not None:
        changes["current_temperature"] = temperature
    return changes


def _read_binary_sensor(device: Device, data: dict[str, object]) -> Changes:
    """contact (false means open, reported "on" as Home Assistant's door class), occupancy."""
    contact = data.get("contact")
    occupancy = data.get("occupancy")
    wants_contact = device.device_class in _CONTACT_CLASSES
    wants_occupancy = device.device_class in _OCCUPANCY_CLASSES
    if isinstance(contact, bool) and not wants_occupancy:
        return {"state": "off" if contact else "on"}
    if isinstance(occupancy, bool) and not wants_contact:
        return {"state": "on" if occupancy else "off"}
    return {}


_READERS: dict[str, Callable[[Device, dict[str, object]], Changes]] = {
    "light": _read_on_off,
    "switch": _read_on_off,
    "fan": _read_on_off,
    "valve": _read_valve,
    "cover": _read_cover,
    "lock": _read_lock,
    "climate": _read_climate,
    "sensor": _read_sensor,
    "binary_sensor": _read_binary_sensor,
}
