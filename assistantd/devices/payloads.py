"""Helpers the MQTT dialects share: safe payload decoding, unit scaling and value checks."""

from __future__ import annotations

import json
import math

from assistantd.colors import kelvin_to_mired, rgb
from assistantd.config.home import Device
from assistantd.devices.command import DeviceCommand
from assistantd.errors import AssistantdError

MAX_PAYLOAD_BYTES = 65_536
"""State payloads larger than this are ignored (no device reports that much)."""

MAX_STATE_CHARS = 64
"""Longest text kept as a device state."""

STATE_WORDS: dict[str, str] = {
    "turn_on": "ON",
    "turn_off": "OFF",
    "toggle": "TOGGLE",
    "set_brightness": "ON",
    "set_color": "ON",
    "set_color_temp": "ON",
    "open": "OPEN",
    "close": "CLOSE",
    "lock": "LOCK",
    "unlock": "UNLOCK",
    "pause": "PAUSE",
    "play": "PLAY",
    "next": "NEXT",
    "previous": "PREVIOUS",
    "activate": "ON",
    "start": "START",
    "return_to_base": "RETURN_TO_BASE",
    "stop": "STOP",
}
"""The ON/OFF-style word for each service that has one."""

_ABILITIES: dict[str, str] = {
    "turn_on": "be turned on",
    "turn_off": "be turned off",
    "toggle": "be toggled",
    "set_brightness": "be dimmed",
    "set_color": "change color",
    "set_color_temp": "change its white temperature",
    "open": "be opened",
    "close": "be closed",
    "set_position": "be set to a position",
    "lock": "be locked",
    "unlock": "be unlocked",
    "set_temperature": "be set to a temperature",
    "pause": "be paused",
    "play": "play",
    "next": "skip to the next track",
    "previous": "go back a track",
    "set_volume": "change its volume",
    "activate": "be activated",
    "start": "start cleaning",
    "return_to_base": "go back to its base",
    "stop": "stop",
    "play_media": "search for something to play",
}

_NORMAL_STATES: dict[str, str] = {
    "on": "on",
    "off": "off",
    "true": "on",
    "false": "off",
    "open": "open",
    "opened": "open",
    "close": "closed",
    "closed": "closed",
    "opening": "opening",
    "closing": "closing",
    "lock": "locked",
    "locked": "locked",
    "unlock": "unlocked",
    "unlocked": "unlocked",
    "locking": "locking",
    "unlocking": "unlocking",
    "jammed": "jammed",
    "not_fully_locked": "jammed",
    "play": "playing",
    "playing": "playing",
    "pause": "paused",
    "paused": "paused",
    "stop": "idle",
    "stopped": "idle",
    "idle": "idle",
}


class UnsupportedCommand(AssistantdError):
    """A device cannot carry out a command (its dialect, domain or capabilities lack it)."""

    def __init__(self, message: str, *, missing_ability: bool = False) -> None:
        super().__init__(message)
        self.missing_ability = missing_ability
        """True when the device lacks the service itself, False when a value was the problem."""


def ability(service: str) -> str:
    """What a service asks of a device, as words after "can't" ("change color")."""
    return _ABILITIES.get(service, "do that")


def unsupported(device: Device, service: str) -> UnsupportedCommand:
    """The error for a device that cannot do a service."""
    return UnsupportedCommand(f"{device.name} can't {ability(service)}", missing_ability=True)


def dumps(body: dict[str, object]) -> str:
    """Compact JSON text for a command payload."""
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False)


def decode_text(payload: bytes) -> str | None:
    """The payload as stripped UTF-8 text, or None when too large or not text."""
    if len(payload) > MAX_PAYLOAD_BYTES:
        return None
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text.strip()


def decode_object(payload: bytes) -> dict[str, object] | None:
    """The payload as a JSON object, or None when it is anything else."""
    text = decode_text(payload)
    if not text or not text.startswith("{"):
        return None
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def number(value: object) -> float | None:
    """A finite JSON number (not a boolean), else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        result = float(value)
    except OverflowError:
        return None
    return result if math.isfinite(result) else None


def number_in(value: object, low: float, high: float) -> float | None:
    """A finite number within [low, high], else None."""
    result = number(value)
    return result if result is not None and low <= result <= high else None


def number_text(value: float) -> str:
    """A number as people write it: 21 rather than 21.0."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def normal_state(raw: object) -> str | None:
    """A reported state word in DeviceState's vocabulary (ON -> "on", LOCK -> "locked", ...)."""
    if isinstance(raw, bool):
        return "on" if raw else "off"
    if isinstance(raw, int | float):
        value = number(raw)
        return None if value is None else number_text(value)
    if not isinstance(raw, str):
        return None
    word = raw.strip().lower()
    if not word or len(word) > MAX_STATE_CHARS or not word.isprintable():
        return None
    return _NORMAL_STATES.get(word, word)


def percent(value: float) -> int:
    """A percentage rounded and clamped to 0-100."""
    return max(0, min(100, round(value)))


def scale_percent(value: float, top: int) -> int:
    """A percentage scaled onto 0-top (254 for zigbee, 255 for 8-bit devices), halves rounded up."""
    return math.floor(percent(value) * top / 100 + 0.5)


def json_number(value: float) -> int | float:
    """A number for a JSON payload: 21 rather than 21.0."""
    return int(value) if float(value).is_integer() else value


def command_brightness(device: Device, command: DeviceCommand) -> int:
    """The command's brightness in percent, clamped to 0-100."""
    if command.brightness is None:
        raise UnsupportedCommand(f"{device.name} needs a brightness")
    return percent(command.brightness)


def command_rgb(device: Device, command: DeviceCommand) -> tuple[int, int, int]:
    """The command's color as RGB; unknown names are unsupported."""
    if command.color_rgb is not None:
        return command.color_rgb
    value = rgb(command.color) if command.color else None
    if value is None:
        raise UnsupportedCommand(f"I don't know the color {command.color or 'you asked for'}")
    return value


def command_mired(device: Device, command: DeviceCommand, low: int = 1, high: int = 1000) -> int:
    """The command's white temperature in mired, clamped to the device's (and dialect's) range."""
    if command.color_temp_kelvin is None or command.color_temp_kelvin <= 0:
        raise UnsupportedCommand(f"{device.name} needs a color temperature")
    caps = device.capabilities
    mired = kelvin_to_mired(command.color_temp_kelvin)
    return max(caps.color_temp_min_mired, low, min(caps.color_temp_max_mired, high, mired))


def command_temperature(device: Device, command: DeviceCommand) -> float:
    """The command's target temperature, rounded to the device's step; outside its range is refused."""
    target = command.temperature
    if target is None or not math.isfinite(target):
        raise UnsupportedCommand(f"{device.name} needs a temperature")
    caps = device.capabilities
    low = -math.inf if caps.temperature_min is None else caps.temperature_min
    high = math.inf if caps.temperature_max is None else caps.temperature_max
    if not low <= target <= high:
        raise UnsupportedCommand(f"{device.name} can only be set {_range_words(low, high)}")
    step = caps.temperature_step if caps.temperature_step > 0 else 0.5
    return max(low, min(high, round(round(target / step) * step, 2)))


def command_position(device: Device, command: DeviceCommand) -> int:
    """The command's position in percent (0 closed - 100 open), clamped."""
    if command.position is None:
        raise UnsupportedCommand(f"{device.name} needs a position")
    return percent(command.position)


def _range_words(low: float, high: float) -> str:
    """A temperature range in words ("between 5 and 30 degrees", "to at most 30 degrees")."""
    if math.isinf(low):
        return f"to at most {number_text(high)} degrees"
    if math.isinf(high):
        return f"to at least {number_text(low)} degrees"
    return f"between {number_text(low)} and {number_text(high)} degrees"
