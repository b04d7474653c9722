"""Sentences for what a plan did ("Turned on 3 lights in the Kitchen.") or asks ("Unlock the Front Door?")."""

from __future__ import annotations

from collections.abc import Sequence

from assistantd.config.home import Device
from assistantd.devices.command import DeviceCommand
from assistantd.devices.payloads import number_text
from assistantd.rules.services import Step

CONFIRM_SUFFIX = "Say yes to confirm."

_LIGHT_SET = frozenset({"set_brightness", "set_color", "set_color_temp"})
_PHRASES: dict[str, tuple[str, str]] = {
    "turn_on": ("Turn on {s}", "Turned on {s}"),
    "turn_off": ("Turn off {s}", "Turned off {s}"),
    "toggle": ("Toggle {s}", "Toggled {s}"),
    "open": ("Open {s}", "Opened {s}"),
    "close": ("Close {s}", "Closed {s}"),
    "lock": ("Lock {s}", "Locked {s}"),
    "unlock": ("Unlock {s}", "Unlocked {s}"),
    "activate": ("Activate {s}", "Activated {s}"),
    "play": ("Resume {s}", "Resumed {s}"),
    "pause": ("Pause {s}", "Paused {s}"),
    "next": ("Skip to the next track on {s}", "Skipped to the next track on {s}"),
    "previous": ("Go back a track on {s}", "Went back a track on {s}"),
    "set_volume": ("Set the volume of {s} to {v}", "Set the volume of {s} to {v}"),
    "light_set": ("Set {s} to {v}", "Set {s} to {v}"),
    "set_position": ("Set {s} to {v}", "Set {s} to {v}"),
    "set_temperature": ("Set {s} to {v}", "Set {s} to {v}"),
    "start": ("Start {s}", "Started {s}"),
    "return_to_base": ("Send {s} back to its base", "Sent {s} back to its base"),
    "stop": ("Stop {s}", "Stopped {s}"),
    "play_media": ("Play {v} on {s}", "Playing {v} on {s}"),
}
"""Service -> (imperative, past tense), with {s} the subject and {v} the value."""


def the(device: Device) -> str:
    """A device as the object of a sentence: "the Kitchen Light", but "Movie Time" for a scene."""
    return device.name if device.domain in ("scene", "script") else f"the {device.name}"


def subject(devices: Sequence[Device], place: str) -> str:
    """One device by name, several by count and kind ("3 lights in the Kitchen")."""
    if len(devices) == 1:
        return the(devices[0])
    domains = {device.domain for device in devices}
    noun = kinds_word((devices[0].domain,)) if len(domains) == 1 else "devices"
    return f"{len(devices)} {noun} {place}".rstrip()


def value_words(device: Device, command: DeviceCommand) -> str:
    """A command's value as words ("50% brightness", "red", "21.5 degrees")."""
    service = command.service
    if service == "set_brightness" and command.brightness is None and command.brightness_step is not None:
        return f"{abs(command.brightness_step)} points {'brighter' if command.brightness_step > 0 else 'dimmer'}"
    if service == "set_brightness":
        return f"{command.brightness}% brightness"
    if service == "set_color":
        return command.color or "that color"
    if service == "set_color_temp":
        return f"{command.color_temp_kelvin} K"
    if service == "set_position":
        return f"{command.position}%"
    if service == "set_temperature" and command.temperature is not None:
        return f"{number_text(command.temperature)} {device.unit or 'degrees'}"
    if service == "set_volume":
        return f"{command.volume}%"
    if service == "play_media":
        return command.search_query or ""
    return ""


def describe(steps: Sequence[Step], place: str = "", *, imperative: bool = False) -> str:
    """What the steps do, as one clause list without final punctuation."""
    clauses = [_clause(group, place, imperative) for group in _groups(steps)]
    first, *rest = clauses or ["Nothing to do"]
    return " and ".join([first, *(clause[:1].lower() + clause[1:] for clause in rest)])


def done_sentence(steps: Sequence[Step], place: str = "") -> str:
    """The response after carrying out steps ("Turned on the Kitchen Light.")."""
    return f"{describe(steps, place)}." if steps else "Done."


def confirm_prompt(steps: Sequence[Step], place: str = "") -> str:
    """The question before carrying out high-risk steps ("Unlock the Front Door? Say yes to confirm.")."""
    return f"{describe(steps, place, imperative=True)}? {CONFIRM_SUFFIX}"


def publish_prompt(devices: Sequence[Device]) -> str:
    """The question before raw messages that would actuate high-risk devices ("Send the rule's message
    to the Front Door? Say yes to confirm.")."""
    return f"Send the rule's message to {' and '.join(the(d) for d in devices)}? {CONFIRM_SUFFIX}"


def _groups(steps: Sequence[Step]) -> list[tuple[str, list[Step]]]:
    """Steps grouped by service (the light settings together), in first-seen order."""
    groups: dict[str, list[Step]] = {}
    for step in steps:
        key = "light_set" if step.command.service in _LIGHT_SET else step.command.service
        groups.setdefault(key, []).append(step)
    return list(groups.items())


def _clause(group: tuple[str, list[Step]], place: str, imperative: bool) -> str:
    """One clause for a group of steps of the same service."""
    key, steps = group
    devices = list(dict.fromkeys(step.device for step in steps))
    values = list(dict.fromkeys(value_words(step.device, step.command) for step in steps))
    pattern = _PHRASES.get(key, ("Change {s}", "Changed {s}"))[0 if imperative else 1]
    return pattern.format(s=subject(devices, place), v=" and ".join(value for value in values if value))


_SINGULAR: dict[str, str] = {
    "climate": "thermostat",
    "media_player": "media player",
    "binary_sensor": "sensor",
}
_PLURAL: dict[str, str] = {
    "switch": "switches",
    "climate": "thermostats",
    "media_player": "media players",
    "binary_sensor": "sensors",
    "person": "people",
}



def kind_word(domain: str) -> str:
    """A domain as a noun ("light", "thermostat", "media player")."""
    return _SINGULAR.get(domain, domain.replace("_", " "))


def kinds_word(domains: tuple[str, ...], device_class: str | None = None) -> str:
    """Devices of some domains (and class) as a plural noun ("lights", "garage doors")."""
    if device_class:
        noun = device_class.replace("_", " ")
        if domains and domains[0] in ("sensor", "binary_sensor"):
            return f"{noun} sensors"
        return f"{noun[:-1]}ies" if noun.endswith("y") and noun[-2:-1] not in "aeiou" else f"{noun}s"
    if len(domains) == 1:
        return _PLURAL.get(domains[0], f"{kind_word(domains[0])}s")
    if len(domains) == 2:
        return f"{kinds_word(domains[:1])} or {kinds_word(domains[1:])}"
    return "devices"
