"""What a command acts on, as the rules take it: the chosen devices (or why there are none), and which
device domains an intent concerns."""

from __future__ import annotations

from dataclasses import dataclass

from assistantd import intents
from assistantd.config.domains import ACTUATED_DOMAINS, DOMAINS
from assistantd.config.home import Device
from assistantd.intents import Intent

ALL = "all"
"""Home Assistant's quantifier in the name slot: every device that fits, no name filter."""

_FIXED_DOMAINS: dict[str, tuple[str, ...]] = {
    intents.LIGHT_SET: ("light",),
    intents.CLIMATE_SET_TEMPERATURE: ("climate",),
    intents.CLIMATE_GET_TEMPERATURE: ("climate",),
    intents.SET_POSITION: ("cover", "valve"),
    intents.MEDIA_PAUSE: ("media_player",),
    intents.MEDIA_UNPAUSE: ("media_player",),
    intents.MEDIA_NEXT: ("media_player",),
    intents.MEDIA_PREVIOUS: ("media_player",),
    intents.SET_VOLUME: ("media_player",),
    intents.MEDIA_SEARCH: ("media_player",),
    intents.VACUUM_START: ("vacuum",),
    intents.VACUUM_RETURN: ("vacuum",),
}
_ON_OFF_INTENTS = frozenset({intents.TURN_ON, intents.TURN_OFF, intents.TOGGLE})
_EVERYTHING_SWITCHABLE: tuple[str, ...] = ("light", "switch", "fan")
"""What "turn off everything" means: never locks, covers or valves (turning a lock off unlocks it)."""
_ACTUATED: tuple[str, ...] = tuple(domain for domain in DOMAINS if domain in ACTUATED_DOMAINS)


@dataclass(frozen=True, slots=True)
class Targets:
    """The devices a command is about (chosen by the words, the pointing, the dialogue or the place), or
    why there are none."""

    devices: tuple[Device, ...]
    problem: str | None = None
    """Why nothing was found, in plain words ("There are no lights in the Garage")."""
    place: str = ""
    """Where, in words: "in the Kitchen", "on the First Floor", "" for a named device or the home."""
    area_id: str | None = None
    """The area the command was aimed at (named or implied), if any."""

    @property
    def ids(self) -> tuple[str, ...]:
        """The devices' ids, in order."""
        return tuple(device.id for device in self.devices)


def intent_domains(intent: Intent) -> tuple[str, ...]:
    """The device domains an intent can act on or ask about."""
    slots = intent.slots
    if intent.name in _FIXED_DOMAINS:
        fixed = _FIXED_DOMAINS[intent.name]
        return (slots.domain,) if slots.domain in fixed else fixed
    if intent.name == intents.GET_STATE:
        return (slots.domain,) if slots.domain else DOMAINS
    if intent.name not in _ON_OFF_INTENTS:
        return ()
    if slots.domain:
        return (slots.domain,)
    if slots.name is None:
        return ("light",)
    return _EVERYTHING_SWITCHABLE if slots.name.casefold() == ALL else _ACTUATED
