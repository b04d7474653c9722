"""Answers to questions about the home (HassGetState, HassClimateGetTemperature) from known states."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from assistantd.config.home import Device
from assistantd.config.settings import Config
from assistantd.devices.payloads import number_text
from assistantd.devices.state import DeviceState
from assistantd.intents import Intent

UNKNOWN = "Nobody has reported that yet."

_OPENING_CLASSES = frozenset({"door", "window", "garage_door", "opening"})


def shown_state(device: Device, state: DeviceState) -> str:
    """A state as said aloud ("locked", "open", "12.5 °C")."""
    word = state.state or ""
    if device.domain == "binary_sensor" and device.device_class in _OPENING_CLASSES:
        return {"on": "open", "off": "closed"}.get(word, word)
    if device.domain == "sensor" and device.unit:
        return f"{word} {device.unit}"
    return word


def _known(devices: Sequence[Device], states: Mapping[str, DeviceState]) -> list[tuple[Device, DeviceState]]:
    """The devices whose state has been reported, with it."""
    pairs = [(device, states.get(device.id)) for device in devices]
    return [(device, state) for device, state in pairs if state is not None and state.state is not None]


def _join(items: Sequence[str]) -> str:
    """A list in words: "a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _is_state(device: Device, state: DeviceState, asked: str) -> bool:
    """Whether a state is the asked one (raw or as said: a door sensor "on" is "open")."""
    wanted = asked.strip().casefold()
    return wanted in ((state.state or "").casefold(), shown_state(device, state).casefold())


def state_answer(intent: Intent, devices: Sequence[Device], states: Mapping[str, DeviceState]) -> str:
    """HassGetState: "The Front Door is locked.", "Yes", "No, Kitchen Light is off", "Yes, Hall Light"."""
    known = _known(devices, states)
    if not known:
        return UNKNOWN
    asked = intent.slots.state
    if asked is None:
        if len(devices) == 1:
            device, state = known[0]
            return f"The {device.name} is {shown_state(device, state)}."
        return _join([f"{device.name} is {shown_state(device, state)}" for device, state in known]) + "."
    matching = [device for device, state in known if _is_state(device, state, asked)]
    others = [(device, state) for device, state in known if not _is_state(device, state, asked)]
    if len(devices) == 1:
        if matching:
            return "Yes"
        device, state = others[0]
        return f"No, {device.name} is {shown_state(device, state)}"
    if (intent.slots.name or "").casefold() == "all":
        if not others:
            return "Yes"
        return "No, " + _join([f"{device.name} is {shown_state(device, state)}" for device, state in others])
    return f"Yes, {_join([device.name for device in matching])}" if matching else "No"


def temperature_answer(config: Config, devices: Sequence[Device], states: Mapping[str, DeviceState]) -> str:
    """HassClimateGetTemperature: "It is 21.5 °C in the Living Room"."""
    parts = []
    for device in devices:
        state = states.get(device.id)
        if state is None or state.current_temperature is None:
            continue
        area = config.area(device.area) if device.area else None
        where = f" in the {area.name}" if area is not None else ""
        value = number_text(round(state.current_temperature, 1))
        parts.append(f"{value} {device.unit or 'degrees'}{where}")
    return f"It is {_join(parts)}." if parts else UNKNOWN
