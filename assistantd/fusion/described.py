"""A device described rather than named, as new users do: "the big light in the lounge", "the lamp next to the
bed", "the tall lamp in the lounge", "the fan above the bed in the master bedroom".

The description is a singular kind noun (lamp, light, fan, ...) with words around it that say which one
("big", "next to the bed", "on the desk"), and perhaps the room ("in the lounge"). The devices of that kind
(in that room, when one is said) are scored by how many of the describing words their names and aliases
hold, a word counting also where it begins a name's word ("bed" in "Bedroom Lamp"), and by whether the kind
noun is in the name (the only "lamp" of a room among its lights). When one device scores best, the
description is replaced by its name, for the grammar to read again; a guess from a description is asked
about ("Did you mean ...?"), never carried out at once. A kind noun said bare ("the light in the kitchen")
describes nothing: it is the grammar's to read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from assistantd.config.home import Device
from assistantd.config.settings import Config
from assistantd.fusion.clauses import SAYS_WHEN, the_command
from assistantd.grammar.names import ROOM_WORDS, everyday_names
from assistantd.intents import Intent
from assistantd.text import normalize

HEADS: dict[str, frozenset[str]] = {
    "lamp": frozenset({"light"}),
    "light": frozenset({"light", "switch"}),
    "bulb": frozenset({"light"}),
    "fan": frozenset({"fan"}),
    "blind": frozenset({"cover"}),
    "curtain": frozenset({"cover"}),
    "shade": frozenset({"cover"}),
    "heater": frozenset({"climate", "switch"}),
    "door": frozenset({"lock", "cover"}),
    "doors": frozenset({"lock", "cover"}),
    "valve": frozenset({"valve"}),
    "robot": frozenset({"vacuum"}),
    "hoover": frozenset({"vacuum"}),
    "machine": frozenset({"switch", "vacuum"}),
    "telly": frozenset({"media_player"}),
    "tv": frozenset({"media_player"}),
    "switch": frozenset({"switch"}),
    "socket": frozenset({"switch"}),
    "plug": frozenset({"switch"}),
}
"""Singular kind nouns a description is built on, and the domains of the devices they may be."""
_PLURAL_HEADS = {
    "lights": "light", "lamps": "lamp", "blinds": "blind", "curtains": "curtain", "shades": "shade"
}  # fmt: skip
"""Plural kind nouns that describe one device whose name says them ("the lights under the cupboards": the
Counter Lights), never one whose name is singular."""
HEADS.update({plural: HEADS[singular] for plural, singular in _PLURAL_HEADS.items()})
_DETERMINERS = frozenset("the that this my our your".split())
_PLACING = frozenset(
    "next by beside near above over under underneath behind on along beneath below against at for that which"
    " where".split()
)
_STARTS = _PLACING | {"right", "just", "directly", "up", "in"}
"""Words a description may start with after the noun: a place ("the light right above my head")."""
_RELATIVE = frozenset("that which where".split())
_NOT_DESCRIBING = frozenset(
    "give get make turn switch put set need want more less some any no all every enough bit of lock unlock"
    " open close shut start stop".split()
)
"""Words before the noun that ask for it rather than say which one it is ("give more light in the
kitchen")."""
_LOOKS = frozenset(
    "tall small little big low high old new round long standing corner other left right".split()
)
"""Words before the noun that say how a device looks or stands, not what kind of thing it is ("the porch
light" is a light of a porch; "the tall lamp" one of the home's lamps)."""
"""Words that start a description after the noun ("the lamp next to the bed")."""
_ENDS = frozenset("on off up down please will would could can for now and then is are was were to".split())
"""Words that end a description (the command goes on: "the lamp next to the bed, on please")."""
_EMPTY = frozenset(
    "the a an my our your of to in on at by one little that which where is are it its they them from into"
    " onto up just directly".split()
)
_MEANS = {
    "big": "ceiling",
    "main": "ceiling",
    "overhead": "ceiling",
    "top": "ceiling",
    "tall": "floor",
    "standing": "floor",
    "standard": "floor",
    "head": "ceiling",
    "hangs": "ceiling",
    "cleans": "rover",
    "hoovers": "rover",
    "coffee": "coffee",
    "steam": "extractor",
    "slide": "sliding",
    "water": "main",
    "kids": "play",
    "children": "play",
    "cupboards": "counter",
    "cabinets": "cabinets",
}
"""Describing words for what names say otherwise: "the big light" is the ceiling light."""
_POSITIONS = frozenset("corner middle centre center window back front side end".split())
"""Where in a room a device stands ("the tall lamp in the corner"): no room of its own."""
MIN_PREFIX = 3
"""A describing word this long counts where it begins a word of a name ("bed" of "bedroom")."""


def described(config: Config, text: str, heard_in: str | None = None) -> str | None:
    """The words with the one description in them replaced by the name of the device it fits best (of those
    that fit alike, the one in heard_in, the area id the words were heard in); None when there is no
    description, or it fits no device or several alike."""
    words = normalize(text).split()
    heads = [index for index, word in enumerate(words) if word in HEADS and not (
        word == "switch" and words[index - 1 : index] != ["the"])]  # fmt: skip  # "switch off the lamp by ..."
    if len(heads) != 1:
        return None
    head = heads[0]
    start = head
    while (
        start > 0
        and words[start - 1] not in _DETERMINERS | _NOT_DESCRIBING
        and len(words[start - 1]) > 1
        and head - start < 3
    ):
        start -= 1
    before = words[start:head]
    start -= 1 if start > 0 and words[start - 1] in _DETERMINERS else 0
    end, after = head + 1, []
    if end < len(words) and words[end] in _STARTS and _placing(words, end):
        while end < len(words) and _placing(words, end) and not _room_at(config, words, end):
            after.append(words[end])
            end += 1
    area_id, end = _room_after(config, words, end)
    if area_id is not None and end < len(words) and words[end] in _RELATIVE:  # "in the kitchen that makes"
        while end < len(words) and _placing(words, end):
            after.append(words[end])
            end += 1
    if area_id is None and words[end : end + 2] == ["in", "here"]:  # "the big light in here"
        area_id, end = heard_in, end + 2
    here = next((at for at in range(end, len(words) - 1) if words[at : at + 2] == ["in", "here"]), None)
    if area_id is None and here is not None:  # "the big light off in here": the room heard in, said later
        area_id, words = heard_in, [*words[:here], *words[here + 2 :]]
    area_id = area_id or _room_said(config, words, before, end)
    describing = [word for word in (*before, *after) if word not in _EMPTY]
    if not describing or any(word.isdigit() for word in describing):
        return None  # "the lamp in 5 minutes" says when, not which
    kinds = [word for word in before if word not in _EMPTY | _MEANS.keys() | _LOOKS]  # "the porch light"
    placed = bool(after) and after[-1] in _POSITIONS  # "the lamp in the corner": where in the room
    strange = bool(kinds) or "in" in after and not placed  # "the light in the conservatory": no room here
    device = _best(config, words[head], describing, area_id, heard_in, strange=strange)
    if device is None:
        return None
    later = _without_room(config, words[end:], device)
    return " ".join([*words[:start], "the", normalize(device.name), *later])


def _without_room(config: Config, words: list[str], device: Device) -> list[str]:
    """The words after a description without the device's room said later ("... on in the kitchen"): the
    name says it."""
    for at in range(len(words)):
        area_id, after = _room_after(config, words, at)
        if area_id is not None:
            return [*words[:at], *words[after:]] if area_id == device.area else words
    return words


def described_clause(
    config: Config,
    clauses: Sequence[str],
    read: Callable[[str], Intent],
    names: frozenset[str],
    area: str | None,
) -> Intent | None:
    """The command of the one clause that describes a device, among remarks ("switch on the light over the
    counter, I can't see what I'm chopping"), read with the device's name (read: the grammar's reading of
    words); None where there is none, or a clause says when or on what condition."""
    if any(SAYS_WHEN.match(normalize(clause)) for clause in clauses):
        return None
    readings = [read(clause) for clause in clauses]
    for index, clause in enumerate(clauses):
        said = described(config, clause, area)
        if said is not None:
            found = the_command(clauses, [*readings[:index], read(said), *readings[index + 1 :]], names)
            if found is not None:
                return found
    return None


def _room_said(config: Config, words: list[str], before: list[str], end: int) -> str | None:
    """The area id of a room said before the noun ("the kitchen main light") or later in the command ("the big
    light on in the kitchen"), or None."""
    for area in config.areas:
        for name in (area.name, *area.aliases):
            if normalize(name) in before:
                return area.id
    rooms = (_room_after(config, words, index)[0] for index in range(end, len(words)))
    return next((found for found in rooms if found is not None), None)


def _placing(words: list[str], index: int) -> bool:
    """Whether words[index] goes on describing where the device is: not a word the command goes on with,
    unless it is "on" before a thing ("on the desk", not "on please")."""
    if words[index] in ("for", "at"):  # "the light for the kids' play area", not "on for an hour", "at 60"
        return index + 1 < len(words) and words[index + 1] in ("the", "my", "our")
    if words[index] == "in":  # "the light in the middle of the ceiling", not "in here" (the room heard in)
        return index + 1 < len(words) and words[index + 1] in ("the", "my", "our", "front")
    if words[index] == "to":  # "next to the bed", not "... to start cleaning"
        return index > 0 and words[index - 1] in ("next", "close")
    if words[index] == "up":  # "the fan up on the ceiling", not "the blinds up please"
        return index + 1 < len(words) and words[index + 1] in ("on", "in", "above", "there", "by", "at")
    if words[index] != "on":
        return words[index] not in _ENDS
    return index + 1 < len(words) and words[index + 1] in (*_DETERMINERS, "a", "top")


def _room_at(config: Config, words: list[str], index: int) -> bool:
    """Whether a room is named from words[index] on ("in the lounge", "in the master bedroom")."""
    return words[index] == "in" and _room_after(config, words, index)[0] is not None


def _room_after(config: Config, words: list[str], index: int) -> tuple[str | None, int]:
    """(area id, the index after it) of "in [the] [master|main] ROOM" at words[index], or (None, index)."""
    if index >= len(words) or words[index] != "in":
        return None, index
    at = index + 1 + (index + 1 < len(words) and words[index + 1] == "the")
    sized = at + (at < len(words) and words[at] in ("master", "main", "big", "little", "front", "back"))
    for start in dict.fromkeys((at, sized)):  # "the front room" is a room's name, "the front bedroom" a room
        rest = " ".join(words[start:])
        for area in config.areas:
            for name in (area.name, *area.aliases, *ROOM_WORDS.get(normalize(area.name), ())):
                said = normalize(name)
                if rest == said or rest.startswith(f"{said} "):
                    return area.id, start + len(said.split())
    return None, index


def _best(
    config: Config,
    noun: str,
    describing: list[str],
    area_id: str | None,
    heard_in: str | None,
    *,
    strange: bool = False,
) -> Device | None:
    """The one device of the noun's kinds (in the area, when one is said) the describing words fit best; of
    several alike, the one in the room the words were heard in ("switch the big light on")."""
    scored: dict[tuple[int, int, bool], list[Device]] = {}
    plural = noun in _PLURAL_HEADS  # "the lights under the cupboards": a device whose name says "lights"
    kind = [device for device in config.devices
            if device.domain in HEADS[noun] and (not plural or noun in _named(device))]  # fmt: skip
    describing = [_MEANS.get(word, word) for word in describing if word not in _PLACING]
    if area_id is None and not any(_fits(word, name) for device in kind for word in describing
                                   for name in _named(device)):  # fmt: skip
        area_id = heard_in  # nothing said fits a name: "the big light" is the one of the room heard in
        if area_id is None or strange:
            return None  # "the porch light": a light of no room of the home
    for device in kind:
        if area_id is not None and device.area != area_id:
            continue
        named, room = _named(device), _room_words(config, device)
        fits = sum(any(_fits(word, name) for name in named - room) for word in describing)
        if plural and not fits:
            continue  # "the kitchen lights" are all of them, not the Counter Lights
        score = 2 * fits + (noun in named)  # a describing word that fits outweighs the noun in the name
        in_room = sum(any(_fits(word, name) for name in room) for word in describing)  # "the lamp by my bed"
        scored.setdefault((score + in_room, score, device.area == heard_in), []).append(device)
    best = max(scored, default=(0, 0, False))
    return scored[best][0] if best[0] > 0 and len(scored[best]) == 1 else None


def _named(device: Device) -> set[str]:
    """The words of a device's names and aliases, and their everyday words ("countertop": "worktop")."""
    said = (spoken for name in device.names for spoken in (name, *everyday_names(name)))
    return {word for name in said for word in normalize(name).split()}


def _room_words(config: Config, device: Device) -> set[str]:
    """The words of the names of the device's room."""
    area = config.area(device.area) if device.area else None
    return {word for name in ((area.name, *area.aliases) if area else ()) for word in normalize(name).split()}


def _fits(word: str, name: str) -> bool:
    return (
        word == name
        or word.rstrip("s") == name.rstrip("s")
        or (len(word) >= MIN_PREFIX and name.startswith(word))
    )
