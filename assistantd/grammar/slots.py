"""From a template match to Home Assistant's slots: devices, kinds, states, measures and the heard area."""

from __future__ import annotations

import re
from collections.abc import Mapping

from assistantd.colors import COLORS
from assistantd.config.home import Device
from assistantd.grammar.kinds import ANY_KIND, TYPED_STATE_DOMAINS, Kind, noun_kinds, state_meanings
from assistantd.grammar.lists import SlotValue
from assistantd.grammar.measures import SENSOR_MEASURES
from assistantd.grammar.names import NAMED_IN
from assistantd.grammar.sentences.groups import SentenceGroup

STATE_MEANINGS = state_meanings()
NOUN_KINDS = noun_kinds()
_BINARY = "binary_sensor"
_TARGETS = ("area", "floor", "name")

SlotDict = dict[str, SlotValue]
_NOT_ITEMS = frozenset("is are was were has have had will would should needs need got gets".split())
"""How the words after a list's name start when they say something of the list rather than add to it."""
_STANDS_FOR = frozenset("it them that this those these one ones some more".split())
"""Items that stand for something said elsewhere ("we've run out of coffee filters, put them on the list")."""
_SOME = ("some ", "a bit of ", "a little ")
"""Said before what to play ("play some queen"), not part of the search."""
_WHILE = re.compile(r" (?:while|whilst|as|so|because|cause) (?:i|we|im|i am|were|we are) ")
"""Where a remark begins after a title ("play Serial while I fold the washing")."""


def resolve(
    group: SentenceGroup, values: Mapping[str, SlotValue], devices: tuple[Device, ...], heard_area: str | None
) -> SlotDict | None:
    """The slots of a match, or None when its words do not fit together (a state the device cannot have, a
    name said without its room in another room)."""
    item = values.get("item")
    if isinstance(item, str) and (item.split(" ", 1)[0] in _NOT_ITEMS or item in _STANDS_FOR):
        return None  # "the shopping list is on the fridge" says where it is, adds nothing; "put them on"
    room = values.get(NAMED_IN)
    if room is not None:
        if values.get("area", heard_area) not in (room, None):
            return None  # (heard nowhere, the one device of the name stands: "the worktop light")
        values = {key: value for key, value in values.items() if key != "area"}  # it completes the name
    if group.resolver == "state":
        slots = _state(values, devices)
    elif group.resolver == "measure":
        slots = _measure(values, devices)
    elif group.resolver == "search":
        slots = _search(values)
    else:
        slots = _plain(group, values, devices)
    if slots is None:
        return None
    from_context = False
    if group.context_area and not any(key in slots for key in _TARGETS) and heard_area:
        slots["area"] = heard_area
        from_context = True
    if group.all_name and "name" not in slots and not from_context:
        slots["name"] = "all"
    return slots


_MEDIA_WORDS = frozenset(
    "a an the my our some any more this that it something anything music song songs track tracks tune tunes "
    "media audio video videos movie movies film show shows tv telly television radio speaker speakers player "
    "stereo podcast podcasts playlist album episode "
    "again next last previous one please now back on off here there".split()
)
"""Words that say nothing about what to find ("play the next song", "play something")."""


_NOT_TITLES = frozenset(
    {"with", "along", "around", "it", "dead", "fair", "game", "games", "a game", "that again", "this again"}
)
"""How "play ..." starts when it means no title: "play with the dog", "play it cool", "play a game", "play
that again now, I've got my cocoa" (what was playing)."""


def _search(values: Mapping[str, SlotValue]) -> SlotDict | None:
    """A search for a title: not one made only of media words, nor a way of saying "play" that means no
    media."""
    words = str(values.get("search_query", "")).split()
    if set(words) <= _MEDIA_WORDS or words[0] in _NOT_TITLES or " ".join(words[:2]) in _NOT_TITLES:
        return None
    slots = _public(values)
    query = _WHILE.split(str(slots["search_query"]), maxsplit=1)[0]  # "serial while i fold the washing"
    slots["search_query"] = next((query[len(some) :] for some in _SOME if query.startswith(some)), query)
    return slots


def _public(values: Mapping[str, SlotValue]) -> SlotDict:
    """The values that are Home Assistant slots (not resolver hints)."""
    return {key: value for key, value in values.items() if not key.startswith("_")}


def _plain(group: SentenceGroup, values: Mapping[str, SlotValue], devices: tuple[Device, ...]) -> SlotDict:
    """Slots as matched, with the named device's domain when the group names it."""
    slots = _public(values)
    if group.name_domain and devices:
        domains = {device.domain for device in devices}
        if len(domains) == 1:
            slots["domain"] = domains.pop()
    return slots


def _state(values: Mapping[str, SlotValue], devices: tuple[Device, ...]) -> SlotDict | None:
    """A state question about a named device, a kind of device, or something sensors detect."""
    slots = _public(values)
    substance = values.get("_substance")
    if isinstance(substance, str):
        return _detected(slots, substance, devices)
    meanings = STATE_MEANINGS.get(str(values.get("_state", "")), ())
    noun = values.get("_noun")
    kinds = NOUN_KINDS.get(str(noun)) if noun is not None else None
    if devices:
        return _named_state(slots, meanings, kinds, devices)
    return _kind_state(slots, meanings, kinds)


def _detected(slots: SlotDict, device_class: str, devices: tuple[Device, ...]) -> SlotDict | None:
    """Whether a binary sensor of the class detects something (on)."""
    slots.update(domain=_BINARY, device_class=device_class, state="on")
    if not devices:
        return slots
    if not any(device.domain == _BINARY and device.device_class == device_class for device in devices):
        return None
    return slots


def _fits(device: Device, domain: str, device_class: str | None) -> bool:
    """Whether a device is of a domain (and class, when one is given)."""
    return device.domain == domain and (device_class is None or device.device_class == device_class)


def _named_state(
    slots: SlotDict,
    meanings: tuple[tuple[str, str | None, str], ...],
    kinds: tuple[Kind, ...] | None,
    devices: tuple[Device, ...],
) -> SlotDict | None:
    """The first meaning of the state word that one of the named devices can have."""
    for domain, device_class, value in meanings:
        for device in devices:
            if not _fits(device, domain, device_class):
                continue
            if kinds and not any(_fits(device, kind_domain, kind_class) for kind_domain, kind_class in kinds):
                continue
            slots["state"] = value
            if domain in TYPED_STATE_DOMAINS:
                slots["domain"] = domain
            if domain == _BINARY and device.device_class:
                slots["device_class"] = device.device_class
            return slots
    return None


def _kind_state(
    slots: SlotDict, meanings: tuple[tuple[str, str | None, str], ...], kinds: tuple[Kind, ...] | None
) -> SlotDict | None:
    """The first meaning of the state word that fits the noun's kinds."""
    for domain, device_class, value in meanings:
        kind = _kind_for(domain, device_class, kinds)
        if kind is None:
            continue
        slots.update(domain=kind[0], state=value)
        if kind[1] is not None:
            slots["device_class"] = kind[1]
        return slots
    return None


def _kind_for(domain: str, device_class: str | None, kinds: tuple[Kind, ...] | None) -> Kind | None:
    """The kind a state meaning and a noun agree on, or None."""
    if kinds is None or kinds == ANY_KIND:
        return None if domain == "person" else (domain, device_class)
    for kind_domain, kind_class in kinds:
        if kind_domain == domain and (
            device_class is None or kind_class is None or kind_class == device_class
        ):
            return (domain, kind_class or device_class)
    return None


def _measure(values: Mapping[str, SlotValue], devices: tuple[Device, ...]) -> SlotDict | None:
    """A sensor's value, when the named sensor measures what was asked."""
    classes = SENSOR_MEASURES.get(str(values.get("_measure", "")), ())
    if not devices and classes:
        slots = _public(values)
        slots.update(domain="sensor", device_class=classes[0])
        return slots
    for device_class in classes:
        for device in devices:
            if device.domain == "sensor" and device.device_class == device_class:
                slots = _public(values)
                slots.update(domain="sensor", device_class=device_class)
                return slots
    return None



Said = Mapping[str, tuple[tuple[int, int], str | None]]
"""Slot -> (where its words are in the sentence, the words; None where not said) of one match."""
_LIGHT_WORDS = frozenset("light lights lamp lamps bulb bulbs strip strips".split())
_LEVELS = ("brightness", "position", "volume_level")


def _between(said: Said, first: str, then: str) -> int | None:
    """How many characters lie between the words of slot first and those of slot then (None: not both)."""
    if _said(said, first) is None or _said(said, then) is None:
        return None
    return said[then][0][0] - said[first][0][1]


def _next_to(said: Said, first: str, then: str) -> bool:
    """Whether the words of slot then follow those of slot first with nothing between them."""
    return (between := _between(said, first, then)) is not None and 0 <= between <= 1


def one_of(said: Said) -> bool:
    """Whether a level is the word "one" right after a name: which one ("the cabinets one"), not how much."""
    return any(_said(said, level) == "one" and _next_to(said, "name", level) for level in _LEVELS)


def _said(said: Said, slot: str) -> str | None:
    return said.get(slot, ((0, 0), None))[1]


def kind_before_colour(slots: dict[str, SlotValue], devices: tuple[Device, ...], said: Said) -> None:
    """Read "light" right after the name of a light that has no such word in it as that kind of thing, not as
    part of a colour ("make the play corner light blue": blue), and as part of one after a name that has
    ("make the bedroom lamp light blue": light blue)."""
    colour = slots.get("color")
    if not (isinstance(colour, str) and len(devices) == 1):
        return
    kinds = {word for name in devices[0].names for word in name.lower().split()} & _LIGHT_WORDS
    if kinds and f"light {colour}" in COLORS and _between(said, "name", "color") == len(" light "):
        slots["color"] = f"light {colour}"  # "make the bedroom lamp light blue": light blue
    if not colour.startswith("light "):
        return
    plain = colour.removeprefix("light ")
    if devices[0].domain == "light" and not kinds and plain in COLORS and _next_to(said, "name", "color"):
        slots["color"] = plain
