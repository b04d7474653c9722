"""Which service an intent asks of each device, as DeviceCommands, and whether it changes anything."""

from __future__ import annotations

from dataclasses import dataclass

from assistantd import intents
from assistantd.action import Action
from assistantd.colors import COLORS, WHITE_TEMPERATURES_KELVIN
from assistantd.config.home import Device
from assistantd.devices.command import DeviceCommand
from assistantd.devices.dialects import PLAY_MEDIA, supports
from assistantd.devices.state import DeviceState, known_brightness
from assistantd.intents import Intent

_BY_DOMAIN: dict[str, dict[str, str]] = {
    intents.TURN_ON: {
        "light": "turn_on",
        "switch": "turn_on",
        "fan": "turn_on",
        "climate": "turn_on",
        "cover": "open",
        "valve": "open",
        "lock": "lock",
        "scene": "activate",
        "script": "activate",
        "media_player": "play",
    },
    intents.TURN_OFF: {
        "light": "turn_off",
        "switch": "turn_off",
        "fan": "turn_off",
        "climate": "turn_off",
        "cover": "close",
        "valve": "close",
        "lock": "unlock",
        "media_player": "pause",
    },
    intents.TOGGLE: {
        "light": "toggle",
        "switch": "toggle",
        "fan": "toggle",
        "cover": "toggle",
        "valve": "toggle",
    },
    intents.MEDIA_PAUSE: {"media_player": "pause"},
    intents.MEDIA_UNPAUSE: {"media_player": "play"},
    intents.MEDIA_NEXT: {"media_player": "next"},
    intents.MEDIA_PREVIOUS: {"media_player": "previous"},
    intents.VACUUM_START: {"vacuum": "start"},
    intents.VACUUM_RETURN: {"vacuum": "return_to_base"},
}

@dataclass(frozen=True, slots=True)
class Step:
    """One command to one device, with the MQTT actions its dialect made of it."""

    device: Device
    command: DeviceCommand
    actions: tuple[Action, ...]


_POWER = {intents.TURN_ON: "turn_on", intents.TURN_OFF: "turn_off"}
"""Switching a media player on or off, for the players that can be."""


def device_commands(intent: Intent, device: Device, state: DeviceState | None) -> tuple[DeviceCommand, ...]:
    """The commands an intent asks of one device; empty when the intent means nothing to it."""
    slots = intent.slots
    if intent.name == intents.LIGHT_SET:
        return light_commands(intent, device, state) if device.domain == "light" else ()
    if intent.name == intents.CLIMATE_SET_TEMPERATURE:
        return climate_commands(intent, device, state)
    if intent.name == intents.SET_POSITION:
        wanted = device.domain in ("cover", "valve") and slots.position is not None
        return (DeviceCommand("set_position", position=slots.position),) if wanted else ()
    if intent.name == intents.MEDIA_SEARCH:
        wanted = device.domain == "media_player" and bool(slots.search_query)
        search = DeviceCommand(PLAY_MEDIA, search_query=slots.search_query, media_class=slots.media_class)
        return (search,) if wanted else ()
    if intent.name == intents.SET_VOLUME:
        return volume_commands(intent, device, state)
    service = _BY_DOMAIN.get(intent.name, {}).get(device.domain)
    if device.domain == "media_player" and intent.name in _POWER and supports(device, _POWER[intent.name]):
        service = _POWER[intent.name]  # "turn off the TV" switches it off where it can be, else pauses it
    if intent.name == intents.TOGGLE:
        service = _toggle_by_state(device, state) or service
    return () if service is None else (DeviceCommand(service),)


def volume_commands(
    intent: Intent, device: Device, state: DeviceState | None
) -> tuple[DeviceCommand, ...]:
    """HassSetVolume: a level, or a step from the last reported volume (none without one: a guess could
    make a "quieter" louder, and the assistant asks for a level instead)."""
    if device.domain != "media_player":
        return ()
    slots = intent.slots
    if slots.volume_level is not None:
        return (DeviceCommand("set_volume", volume=slots.volume_level),)
    level = state.volume if state is not None else None
    if slots.volume_step is None or level is None:
        return ()
    return (DeviceCommand("set_volume", volume=max(0, min(100, level + slots.volume_step))),)


def climate_commands(
    intent: Intent, device: Device, state: DeviceState | None
) -> tuple[DeviceCommand, ...]:
    """HassClimateSetTemperature: a set-point, or a step from the last reported one (none without one: the
    assistant asks for a temperature rather than guess where "warmer" starts)."""
    if device.domain != "climate":
        return ()
    slots = intent.slots
    if slots.temperature is not None:
        return (DeviceCommand("set_temperature", temperature=slots.temperature),)
    target = state.target_temperature if state is not None else None
    if slots.temperature_step is None or target is None:
        return ()
    return (DeviceCommand("set_temperature", temperature=target + slots.temperature_step),)


def light_commands(
    intent: Intent, device: Device, state: DeviceState | None = None
) -> tuple[DeviceCommand, ...]:
    """HassLightSet: brightness (or a step from the last reported one), color (a white tone becomes a
    color temperature where it can)."""
    slots = intent.slots
    commands: list[DeviceCommand] = []
    if slots.brightness is not None:
        commands.append(DeviceCommand("set_brightness", brightness=slots.brightness))
    elif slots.brightness_step is not None:
        commands.append(step_command(state, slots.brightness_step))
    if slots.color is not None:
        color = slots.color.strip().lower()
        white = WHITE_TEMPERATURES_KELVIN.get(color)
        if white is not None and (device.capabilities.color_temp or color not in COLORS):
            commands.append(DeviceCommand("set_color_temp", color_temp_kelvin=white))
        else:
            commands.append(DeviceCommand("set_color", color=color))
    if slots.color_temp_kelvin is not None:
        commands.append(DeviceCommand("set_color_temp", color_temp_kelvin=slots.color_temp_kelvin))
    return tuple(commands)


def step_command(state: DeviceState | None, step: int) -> DeviceCommand:
    """A brightness step: from the reported level when there is one, else a step the dialect makes
    natively (never a guess at the level, which could move the light the wrong way)."""
    level = known_brightness(state)
    if level is None:
        return DeviceCommand("set_brightness", brightness_step=step)
    return DeviceCommand("set_brightness", brightness=max(0, min(100, level + step)))


_OPPOSITE: dict[str, str] = {
    "on": "turn_off",
    "off": "turn_on",
    "open": "close",
    "closed": "open",
    "locked": "unlock",
    "unlocked": "lock",
}
"""The explicit service that toggles a device from its reported state."""


def _toggle_by_state(device: Device, state: DeviceState | None) -> str | None:
    """A toggle as the explicit state it leads to, where the state is known (None when it is not).

    An explicit "OFF" sent twice (an outbox redelivery after a crash) leaves the light off; a native
    TOGGLE sent twice would leave it as it was. Players pause or play; a lock needs its state.
    """
    current = (state.state or "").casefold() if state is not None else ""
    if device.domain == "media_player" and current:
        return "pause" if current == "playing" else "play"
    explicit = _OPPOSITE.get(current)
    if explicit is None or device.domain not in _TOGGLED_BY_STATE or not supports(device, explicit):
        return None
    return explicit


_TOGGLED_BY_STATE = frozenset({"light", "switch", "fan", "cover", "valve", "lock"})
