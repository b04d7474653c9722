"""Exceptions in a command: "turn off all the lights except the kitchen", "everything but not the floor lamp".

The clause after "except" (or "but not", "apart from", "other than", "excluding", "but leave") names the
areas and devices to leave alone. The command is understood without it (so no recognizer ever reads
"except the kitchen" as "the kitchen"), an area left out widens a command that named no place to the
whole home, and the devices left out are taken from its targets. Said alone, right after a command
("except the kitchen"), it undoes that command where it is left out: after "turn off all the lights",
the kitchen's lights go back on (asked first).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistantd import intents
from assistantd.config.home import Device
from assistantd.config.settings import Config
from assistantd.grammar.names import ROOM_WORDS, everyday_names, said_without_room
from assistantd.text import normalize

_MARKER = re.compile(
    r"\b(?:except(?: for)?|but not(?: in)?|apart from|other than|excluding|(?:but|and) leave|leaving out"
    r"|leave out)\b"
)
_KIND = re.compile(
    r"^(?:the |my |that )?(?P<kind>lamp|light|fan|blind|blinds|curtain|curtains|telly|tv)(?: on| alone)?$"
)
"""The kind of device left out, bare ("but not the lamp"): the one of that kind where the words were heard."""
_NOTHING_LEFT = frozenset(
    "and but oh no not so ok okay please actually wait um uh er well just only all everything everywhere "
    "the a of in on at to".split()
)
"""Words that leave nothing to understand before the exception (it is then a follow-up)."""
INVERSE = {intents.TURN_ON: intents.TURN_OFF, intents.TURN_OFF: intents.TURN_ON}
"""What undoes an on/off command where an exception after it applies."""


@dataclass(frozen=True, slots=True)
class Exclusion:
    """A command's exception: what is left of the words, and what to leave alone."""

    command: str
    """The words before the exception (normalised): "turn off all the lights"."""
    areas: frozenset[str]
    """Area ids left out."""
    devices: frozenset[str]
    """Device ids left out."""
    said: str
    """The exception as said ("the kitchen"), for answers."""

    @property
    def alone(self) -> bool:
        """Whether nothing but the exception was said ("except the kitchen"): a follow-up."""
        return not set(self.command.split()) - _NOTHING_LEFT

    def leaves_out(self, device: Device) -> bool:
        """Whether a device is one to leave alone (itself, or in an area left out)."""
        return device.id in self.devices or (device.area is not None and device.area in self.areas)


def split_exclusion(config: Config, text: str, heard: str | None = None) -> Exclusion | None:
    """The exception in a command, or None when there is none (or it names no area or device the home
    has: "everything except what I said" is left to the recognizers as it is); heard: the area id the words
    were heard in, whose one device of a kind may be left out by its kind ("and leave the lamp on")."""
    words = normalize(text)
    found = _MARKER.search(words)
    if found is None:
        return None
    clause = words[found.end() :]
    areas, devices, _ = named_in(config, clause)
    if not areas and not devices and heard is not None and (kind := _KIND.match(clause.strip())) is not None:
        here = [device.id for device in config.devices if device.area == heard
                and kind["kind"].removesuffix("s") in normalize(" ".join(device.names)).split()]  # fmt: skip
        devices = set(here) if len(here) == 1 else set()
    if not areas and not devices:
        return None
    return Exclusion(words[: found.start()].strip(), frozenset(areas), frozenset(devices), clause.strip())


def named_in(config: Config, clause: str, heard: str | None = None) -> tuple[set[str], set[str], str]:
    """The areas and devices a normalised clause names, by name or alias (or, heard in an area, a name of
    its devices said without the room: "the ceiling light"), the longest names first ("the bedroom lamp"
    is the lamp, not the bedroom), and the words left over."""
    names = [(normalize(name), "device", device.id) for device in config.devices
             for name in (device.name, *device.aliases)]  # fmt: skip
    said = {name for name, _, _ in names}
    names += [(variant, "device", device.id) for device in config.devices for name in device.names
              for variant in everyday_names(name) if variant not in said]  # fmt: skip
    if heard is not None:
        names += [(said, "device", ident) for said, ident in said_without_room(config, heard).items()]
    names += [
        (normalize(name), "area", area.id) for area in config.areas for name in (area.name, *area.aliases)
    ]
    taken = {name for name, _, _ in names}
    names += [  # what people call a room ("the front room" for the living room)
        (word, "area", area.id)
        for area in config.areas
        for word in ROOM_WORDS.get(normalize(area.name), ())
        if word not in taken
    ]
    rest = f" {clause} "
    areas: set[str] = set()
    devices: set[str] = set()
    for name, kind, ident in sorted(names, key=lambda item: -len(item[0])):
        if name and f" {name} " in rest:
            rest = rest.replace(f" {name} ", " | ")
            (devices if kind == "device" else areas).add(ident)
    return areas, devices, " ".join(word for word in rest.split() if word != "|")
